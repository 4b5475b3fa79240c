"""Sorted runs of a segment's postings, so a segment may outgrow the memory.

A builder (``segments.SegmentBuilder``) gathers postings in a
``postings.PostingBuffer``; when the buffer holds ``run_postings`` of them it
sorts them by term (field name, then term bytes: the order the segment's
files take) into a ``Run`` and writes the run's arrays to an unlinked
temporary file beside the index, so nothing is left behind if the process
dies.  Writing the segment then walks the terms in order, a chunk at a time,
and reads each chunk's postings from every run with one read an array
(``read``): what a builder holds grows with its runs' term lists, not with
its segment, and a rebuild's segments need no merge until the archive is
many of them.  (The reads are ``pread``s, not a memory map: mapped pages
would count in the process's resident memory, which the bound is on.)
"""
import os
import tempfile

import numpy as np

_ARRAYS = (("docnums", np.uint32), ("weights", np.float32), ("offsets", np.int64))
SORT_CHUNK = 2**18      # values put in order at a time


class Run:
    """Postings sorted by term, docnums ascending within a term: the run's
    terms (``term_ids``, in order) and where each one's postings start
    (``term_starts``), then per posting its docnum, weight, and value
    (``blob[offsets[i]:offsets[i + 1]]``): in memory, or in ``file``."""

    def __init__(self, term_ids, term_starts, arrays, blob, file=None):
        self.term_ids, self.term_starts = term_ids, term_starts
        self.arrays, self.blob, self.file = arrays, blob, file     # file: (file, {name: offset})

    @classmethod
    def sorted_from(cls, term_ids, docnums, weights, values, term_order, folder=None):
        """The run of parallel arrays (``values``: bytes, or None for none);
        ``term_order(ids)`` sorts distinct term ids into the segment's order.
        With ``folder`` the run goes to a temporary file there, and only its
        term list stays in memory.  The values are sorted ``SORT_CHUNK`` at a
        time, so that sorting costs a few arrays, not a list of every value."""
        distinct = np.unique(term_ids)
        ordered = term_order(distinct)
        place = np.zeros(int(distinct[-1]) + 1 if len(distinct) else 0, dtype=np.int64)
        place[ordered] = np.arange(len(ordered))
        keys = place[term_ids]
        order = np.argsort(keys, kind="stable")     # stable: docnums stay ascending
        term_starts = np.zeros(len(ordered) + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys, minlength=len(ordered)), out=term_starts[1:])
        del keys
        arrays = {"docnums": docnums[order], "weights": weights[order],
                  "offsets": np.zeros(len(order) + 1, dtype=np.int64)}
        file = None if folder is None else tempfile.TemporaryFile(dir=folder,
                                                                   prefix="baoku-run-")
        try:
            parts, at = [], 0
            for lo in range(0, len(order), SORT_CHUNK):
                part = [values[i] or b"" for i in order[lo:lo + SORT_CHUNK].tolist()]
                ends = np.cumsum(np.fromiter(map(len, part), dtype=np.int64, count=len(part)))
                arrays["offsets"][lo + 1:lo + 1 + len(part)] = ends + at
                joined = b"".join(part)
                at += len(joined)
                if file is None:
                    parts.append(joined)
                else:
                    file.write(joined)
            if file is None:
                return cls(ordered, term_starts, arrays, b"".join(parts))
            where = {"blob": 0}
            for name, _ in _ARRAYS:
                where[name] = file.tell()
                arrays[name].tofile(file)
            file.flush()
        except BaseException:
            if file is not None:
                file.close()
            raise
        return cls(ordered, term_starts, None, None, file=(file, where))

    def __len__(self):
        return int(self.term_starts[-1])

    def read(self, first, end):
        """``(term ids, postings per term, docnums, weights, values)`` of the
        run's terms ``first:end`` (places in ``term_ids``)."""
        lo, hi = int(self.term_starts[first]), int(self.term_starts[end])
        counts = np.diff(self.term_starts[first:end + 1])
        if self.file is None:
            docnums = self.arrays["docnums"][lo:hi]
            weights = self.arrays["weights"][lo:hi]
            offsets = self.arrays["offsets"][lo:hi + 1]
            blob, base = self.blob, 0
        else:
            docnums, weights, offsets = (self._pread(name, dtype, lo, hi + (name == "offsets"))
                                         for name, dtype in _ARRAYS)
            base = int(offsets[0])
            blob = self._pread_bytes(self.file[1]["blob"] + base, int(offsets[-1]) - base)
        starts = (offsets[:-1] - base).tolist()
        values = [blob[a:b] for a, b in zip(starts, (offsets[1:] - base).tolist())]
        return self.term_ids[first:end], counts, docnums, weights, values

    def _pread(self, name, dtype, lo, hi):
        size = np.dtype(dtype).itemsize
        raw = self._pread_bytes(self.file[1][name] + lo * size, (hi - lo) * size)
        return np.frombuffer(raw, dtype=dtype)

    def _pread_bytes(self, offset, size):
        fd, parts = self.file[0].fileno(), []
        while size > 0:
            part = os.pread(fd, size, offset)
            if not part:
                raise EOFError("a spilled run of postings ends early")
            parts.append(part)
            offset += len(part)
            size -= len(part)
        return b"".join(parts) if len(parts) != 1 else parts[0]

    def close(self):
        if self.file is not None:
            self.file[0].close()
            self.file = None
