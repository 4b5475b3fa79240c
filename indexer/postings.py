"""A segment's postings, gathered in memory and written a term at a time.

Whoosh's writer pushes every posting through a sorting pool and then
through several Python calls that each look its field length up in a
column: ~8 µs a posting.  ``PostingBuffer`` keeps a segment's postings in
flat arrays (term id, docnum, weight, value) and sorts them once with numpy;
``write_postings`` then writes each term's list with one call, computing
the per-term statistics (total weight, lengths, ids) for all terms at once.
The files are Whoosh's W3 format, written with Whoosh's own term info and
block code.
"""
import functools
import pickle
import struct
import zlib
from array import array

import numpy as np
from whoosh.codec import whoosh3
from whoosh.filedb import filetables
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte

CHUNK_TERMS = 50_000      # terms whose postings are turned into Python lists at a time
PICKLE_PROTOCOL = 5       # Whoosh writes 2; its readers' loads() take any


class PostingBuffer:
    """The postings of one segment, in the order documents are added."""

    def __init__(self):
        self.fields = {}            # fieldname -> {btext: term id}
        self.term_ids = array("I")
        self.docnums = array("I")
        self.weights = array("f")
        self.values = []
        self.term_count = 0

    def __len__(self):
        return len(self.docnums)

    def add(self, fieldname, docnum, btexts, weights, values):
        """Add one document's postings for a field (parallel lists, one
        entry per distinct term)."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        tids = list(map(terms.get, btexts))
        if None in tids:
            for i in [i for i, tid in enumerate(tids) if tid is None]:
                tids[i] = terms[btexts[i]] = self.term_count
                self.term_count += 1
        self.term_ids.extend(tids)
        self.weights.extend(weights)
        self.values.extend(values)
        self.docnums.extend(array("I", [docnum]) * len(tids))


class SortedPostings:
    """A buffer's postings sorted by (field, term), docnums ascending within a
    term: flat arrays, each term's span, and each posting's field length."""

    def __init__(self, buffer, field_lengths):
        rank = np.empty(buffer.term_count, dtype=np.int32)
        self.fields = []                   # (fieldname, [btext...], first term rank)
        next_rank = 0
        for fieldname in sorted(buffer.fields):
            terms = buffer.fields[fieldname]
            if not terms:
                continue
            texts = sorted(terms)
            rank[[terms[t] for t in texts]] = np.arange(next_rank, next_rank + len(texts))
            self.fields.append((fieldname, texts, next_rank))
            next_rank += len(texts)
        ranks = rank[np.frombuffer(buffer.term_ids, dtype=np.uint32)]
        order = np.argsort(ranks, kind="stable")    # stable: docnums stay ascending
        self.order = order
        self.docnums = np.frombuffer(buffer.docnums, dtype=np.uint32)[order]
        self.weights = np.frombuffer(buffer.weights, dtype=np.float32)[order]
        self.values = buffer.values
        sorted_ranks = ranks[order]
        self.starts = np.flatnonzero(np.r_[True, sorted_ranks[1:] != sorted_ranks[:-1]])
        self.ends = np.r_[self.starts[1:], len(order)]
        self.lengths = np.zeros(len(order), dtype=np.int32)
        for fieldname, texts, first in self.fields:
            lengths = field_lengths.get(fieldname)
            if lengths is not None:
                a, b = self.starts[first], self.ends[first + len(texts) - 1]
                self.lengths[a:b] = lengths[self.docnums[a:b]]


def write_postings(fieldwriter, sorted_postings, schema):
    """Write every term of ``sorted_postings`` through a ``BulkFieldWriter``."""
    s = sorted_postings
    if not len(s.order):
        return
    lengths_or_big = np.where(s.lengths > 0, s.lengths, _NO_LENGTH)
    stats = TermStats(
        weight=np.add.reduceat(s.weights.astype(np.float64), s.starts).tolist(),
        maxweight=np.maximum.reduceat(s.weights, s.starts).tolist(),
        minlength=np.minimum.reduceat(lengths_or_big, s.starts).tolist(),
        maxlength=np.maximum.reduceat(s.lengths, s.starts).tolist(),
        minid=s.docnums[s.starts].tolist(), maxid=s.docnums[s.ends - 1].tolist())
    for fieldname, texts, first in s.fields:
        fieldwriter.start_field(fieldname, schema[fieldname])
        for lo in range(0, len(texts), CHUNK_TERMS):
            hi = min(lo + CHUNK_TERMS, len(texts))
            a, b = s.starts[first + lo], s.ends[first + hi - 1]
            ids = s.docnums[a:b].tolist()
            weights = s.weights[a:b].tolist()
            lengths = s.lengths[a:b].tolist()
            values = [s.values[i] for i in s.order[a:b].tolist()]
            spans = (s.starts[first + lo:first + hi] - a).tolist()
            ends = (s.ends[first + lo:first + hi] - a).tolist()
            for k, i, j in zip(range(lo, hi), spans, ends):
                fieldwriter.add_term(texts[k], ids[i:j], weights[i:j], values[i:j],
                                     lengths[i:j], stats, first + k)
        fieldwriter.finish_field()


_NO_LENGTH = np.iinfo(np.int32).max
_TERMINFO = whoosh3.W3TermInfo._struct


class TermStats:
    """Per-term totals (lists indexed by term rank) for the inlined terms."""

    def __init__(self, **columns):
        self.__dict__.update(columns)

    def inlined_terminfo(self, r, ids, weights, values):
        """The term table value ``W3TermInfo.to_bytes`` gives for an inlined
        list, pickled with protocol 5 (Whoosh's protocol 2 spells
        every bytes value as a latin-1 string: slower and larger)."""
        minlength = self.minlength[r]
        return _TERMINFO.pack(
            1, self.weight[r], len(ids),
            0 if minlength == _NO_LENGTH else _length_byte(minlength),
            _length_byte(self.maxlength[r]), self.maxweight[r], self.minid[r],
            self.maxid[r]) + pickle.dumps((tuple(ids), tuple(weights), tuple(values)),
                                          PICKLE_PROTOCOL)


@functools.cache
def _length_byte(length):
    return length_to_byte(length)


class BulkPostingsWriter(whoosh3.W3PostingsWriter):
    """Whoosh's W3 posting writer with ``add_postings``: a whole list at
    once, making the same blocks as ``add_posting`` called per posting."""

    def add_postings(self, ids, weights, values, lengths):
        limit = self._blocklimit
        for start in range(0, len(ids), limit):
            if len(self._ids) >= limit:
                self._write_block()
            end = start + limit
            block_weights = weights[start:end]
            self._ids.extend(ids[start:end])
            self._weights.extend(block_weights)
            self._values.extend(v for v in values[start:end] if v)
            self._maxweight = max(self._maxweight, max(block_weights))
            block_lengths = [n for n in lengths[start:end] if n]
            if block_lengths:
                shortest = min(block_lengths)
                if self._minlength is None or shortest < self._minlength:
                    self._minlength = shortest
                self._maxlength = max(self._maxlength, max(block_lengths))

    def _write_block(self, last=False):
        """``W3PostingsWriter._write_block`` with the data pickled with the
        protocol 5 (the reader's ``loads`` takes any)."""
        if not self._blockcount:
            self._postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = (self._mini_ids(), self._mini_weights(), self._mini_values())
        databytes = pickle.dumps(data, PICKLE_PROTOCOL)
        comp = self._compression
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        infobytes = pickle.dumps((len(ids), ids[-1], self._maxweight, comp,
                                  length_to_byte(self._minlength),
                                  length_to_byte(self._maxlength)), PICKLE_PROTOCOL)
        blocklength = len(infobytes) + len(databytes)
        self._postfile.write_int(-blocklength if last else blocklength)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class BulkFieldWriter(whoosh3.W3FieldWriter):
    """Whoosh's W3 field writer, taking a term's whole posting list at once.

    Short lists (fewer than the codec's inline limit) go into the term table
    as ``W3PostingsWriter.finish_postings`` would put them, a batch at a time.
    """

    def __init__(self, codec, storage, segment):
        super().__init__(codec, storage, segment)
        self._tindex.__class__ = BatchHashWriter     # same file, batched adds
        self._inlined = []

    def start_field(self, fieldname, fieldobj):
        super().start_field(fieldname, fieldobj)
        codec = self._codec
        self._postwriter = BulkPostingsWriter(self._postfile, codec._blocklimit,
                                              compression=codec._compression,
                                              inlinelimit=codec._inlinelimit)
        self._keyprefix = pack_ushort(self._fieldid)

    def add_term(self, btext, ids, weights, values, lengths, stats, rank):
        if len(ids) < self._codec._inlinelimit:
            values = [v for v in values if v]       # as add_posting keeps them
            self._inlined.append((self._keyprefix + btext,
                                  stats.inlined_terminfo(rank, ids, weights, values)))
            if len(self._inlined) >= 1000:
                self._flush_inlined()
            return
        self._flush_inlined()
        self.start_term(btext)
        self._postwriter.add_postings(ids, weights, values, lengths)
        self.finish_term()

    def _flush_inlined(self):
        if self._inlined:
            self._tindex.add_batch(self._inlined)
            self._inlined = []

    def finish_field(self):
        self._flush_inlined()
        super().finish_field()


class BatchHashWriter(filetables.OrderedHashWriter):
    """Whoosh's ordered hash file, with ``add_batch``: what ``add`` does for
    each pair, with one write for the batch."""

    def add_batch(self, items):
        dbfile, buckets, hashfn, index = self.dbfile, self.buckets, self.hashfn, self.index
        pos, lastkey, chunks = dbfile.tell(), self.lastkey, []
        for key, value in items:
            if key <= lastkey:
                raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
            index.append(pos)
            chunk = _LENGTHS.pack(len(key), len(value)) + key + value
            chunks.append(chunk)
            h = hashfn(key)
            buckets[h & 255].append((h, pos))
            pos += len(chunk)
            lastkey = key
        dbfile.write(b"".join(chunks))
        self.lastkey = lastkey


_LENGTHS = struct.Struct("!ii")      # filetables' key/value length prefix
