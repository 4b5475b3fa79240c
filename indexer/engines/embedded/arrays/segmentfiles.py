"""Per-document data of one segment as memory-mapped files beside it.

Each segment's dates, field lengths, distinct characters, normalised texts
(what an exact-string scan reads), facet values and headlines are ``.npy``
files in the generation folder, named by the segment::

    MAIN_<segid>.cols.dates.npy            each document's date (S10)
    MAIN_<segid>.cols.len.<field>.npy      each document's length in a field
    MAIN_<segid>.cols.texts.blob.npy       UTF-8 bytes, end to end, and
    MAIN_<segid>.cols.texts.off.npy        where each document's start (n + 1)
    MAIN_<segid>.cols.facet.<name>.*.npy   the segment's values, (starts, ids) pairs

They are written when ``lifecycle.writing`` commits (``write_missing``: every
segment of the new table of contents that lacks them, merged ones included)
and opened with ``np.load(mmap_mode="r")``: opening an index reads none of
them, a query reads the pages it touches, and every worker shares them
through the page cache.  Whoosh's own clean-up removes them with their
segment (its pattern for a segment's files, ``MAIN_<segid>.<anything>``,
matches them).  An index written before them gets each file the first time
a query needs it, built from the segment as before and saved (kept in memory
when the folder cannot be written).  ``check`` validates them.
"""
import array
import functools
import mmap
import os
import re
import shutil
import threading
from itertools import repeat

import numpy as np

PREFIX = ".cols."
WHOLE_SEGMENT = ("dates", "uchars", "texts", "headline")


def file_name(segment_id, item, part=""):
    return f"{segment_id}{PREFIX}{item}{'.' + part if part else ''}.npy"


def label(segment_id, item):
    """How messages name an item's files: ``MAIN_<segid>.cols.texts.*``."""
    return f"{segment_id}{PREFIX}{item}.*"


def save(folder, name, array):
    """Write ``array`` as ``name`` atomically (a temporary name, then a rename)."""
    return _replaced(folder, name, lambda f: np.save(f, np.ascontiguousarray(array),
                                                     allow_pickle=False))


def save_raw(folder, name, raw, dtype):
    """The bytes of the file ``raw`` as the array file ``name`` of ``dtype``,
    copied a piece at a time (never read whole: a segment's texts are GBs)."""
    size = os.path.getsize(raw) // np.dtype(dtype).itemsize

    def write(f):
        np.lib.format.write_array_header_1_0(f, {"descr": np.dtype(dtype).str,
                                                 "fortran_order": False, "shape": (size,)})
        with open(raw, "rb") as data:
            shutil.copyfileobj(data, f, 1 << 20)
    return _replaced(folder, name, write)


def _replaced(folder, name, write):
    """``write(file)`` to a temporary name, then renamed ``name``; False (and no
    file left) when the folder cannot be written."""
    path = os.path.join(folder, name)
    temp = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"    # one per writer
    try:
        with open(temp, "wb") as f:
            write(f)
        os.replace(temp, path)
    except OSError:
        try:
            os.remove(temp)
        except OSError:
            pass
        return False
    return True


def save_strings(folder, blob_name, off_name, strings):
    """Write ``strings`` as a blob and its offsets (``Strings``' files), one string
    at a time: the blob goes to a temporary file as it grows, so a segment's
    texts are never held in memory at once."""
    raw = f"{os.path.join(folder, blob_name)}.{os.getpid()}.{threading.get_ident()}.raw"
    lengths = array.array("q", [0])
    try:
        with open(raw, "wb") as f:
            for string in strings:
                encoded = string.encode("utf-8")
                f.write(encoded)
                lengths.append(len(encoded))
        written = save_raw(folder, blob_name, raw, np.uint8)
    except OSError:
        written = False
    finally:
        try:
            os.remove(raw)
        except OSError:
            pass
    return written and save(folder, off_name, np.cumsum(np.frombuffer(lengths, np.int64)))


# np.load parses a file's header with ast.literal_eval, which CPython 3.11 does not make
# safe across threads (a search thread met "SystemError: AST constructor recursion depth
# mismatch" while others opened files): headers it reads are read one at a time.
_LOADING = threading.Lock()
_MAGIC = b"\x93NUMPY\x01\x00"
# the header ``save`` writes for a one-dimensional array (numpy's format 1.0)
_HEADER = re.compile(rb"\{'descr': '([<>|][a-zA-Z]\d+)', 'fortran_order': False, "
                     rb"'shape': \((\d+),\), \} *\n")


def load(folder, name):
    """The array in ``name``, memory-mapped (None when the file is missing).

    A one-dimensional array's header is read here (a search opens a few
    hundred files at first, and ``np.load`` took 0.15 ms each, a third of it
    in ``ast``), and the array is a plain read-only view of the file's map, not
    an ``np.memmap``, whose every slice runs Python (80k slices in 200 searches
    at 964k items); any other file is ``np.load``'s, with its checks and errors."""
    path = os.path.join(folder, name)
    try:
        with open(path, "rb") as f:
            head = f.read(10)
            size = int.from_bytes(head[8:], "little") if head[:8] == _MAGIC else 0
            header = _HEADER.fullmatch(f.read(size)) if size else None
            end = f.seek(0, os.SEEK_END)
            if header is not None:
                dtype, count = np.dtype(header[1].decode("ascii")), int(header[2])
                if not dtype.hasobject and end == 10 + size + count * dtype.itemsize:
                    if not count:
                        return np.zeros(0, dtype)       # nothing to map
                    mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
                    return np.frombuffer(mapped, dtype, count, 10 + size)
        with _LOADING:
            if end <= 128:        # header only: an empty array
                return np.load(path, allow_pickle=False)
            return np.load(path, mmap_mode="r", allow_pickle=False)
    except FileNotFoundError:
        return None


def searchable(blob):
    """``(data, base)``: the blob's bytes searchable in place (``data.find(needle,
    start, end)`` in C, nothing copied) from byte ``base`` on: a read-only map
    of its file for a memory-mapped blob, its bytes otherwise."""
    mapped = mapped_file(blob)
    if mapped is not None:
        start = np.frombuffer(mapped, np.uint8, 1).ctypes.data
        return mapped, blob.ctypes.data - start
    if isinstance(blob, np.memmap) and blob.filename:
        with open(blob.filename, "rb") as f:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ), blob.offset
    return np.asarray(blob).tobytes(), 0


def mapped_file(array):
    """The file map ``load`` viewed ``array`` in (``array`` itself, not a slice or
    copy of it), or None."""
    base = getattr(array, "base", None)
    source = getattr(base, "obj", None) if isinstance(base, memoryview) else None
    return source if isinstance(source, mmap.mmap) else None


class Strings:
    """A sequence of strings kept as one UTF-8 blob and its offsets (memory-mapped).

    ``data``/``base``: the blob's bytes as ``searchable`` gives them (made here
    when not given); every read slices or searches them in C."""

    def __init__(self, blob, offsets, data=None, base=0):
        if data is None:
            data, base = searchable(blob)
        self.offsets, self._data, self._base = offsets, data, base

    @classmethod
    def pack(cls, strings):
        """``(blob, offsets)`` arrays holding ``strings``."""
        encoded = [s.encode("utf-8") for s in strings]
        offsets = np.zeros(len(encoded) + 1, np.int64)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])
        return np.frombuffer(b"".join(encoded), np.uint8), offsets

    def __len__(self):
        return len(self.offsets) - 1

    @functools.cached_property
    def _starts(self):
        """The offsets read as Python ints (a memoryview): a numpy scalar read
        costs more than the slice it bounds."""
        return memoryview(np.ascontiguousarray(self.offsets, np.int64)).cast("B").cast("q")

    def raw(self, i):
        """String ``i``'s UTF-8 bytes (a slice of the blob)."""
        starts, base = self._starts, self._base
        return self._data[base + starts[i]:base + starts[i + 1]]

    def raws(self):
        """The strings' UTF-8 bytes as a sequence (for ``bisect`` over sorted strings)."""
        return _Raws(self)

    def __getitem__(self, i):
        return self.raw(i).decode("utf-8")

    def __iter__(self):
        base = self._base
        whole = self._data[base:base + int(self.offsets[-1])] if len(self.offsets) else b""
        starts = self.offsets.tolist()
        for a, b in zip(starts, starts[1:]):
            yield whole[a:b].decode("utf-8")

    def containing(self, docs, needle):
        """Which of ``docs`` hold ``needle``: only their bytes are read (UTF-8 is
        self-synchronising, so a byte match is a character match), each searched
        in place, one C call a document (``map`` over ``find``, no Python frame)."""
        return self._finds(np.asarray(docs, np.int64), needle) if len(docs) else np.zeros(0, bool)

    def holding(self, char):
        """The documents whose string holds ``char`` (every document searched)."""
        return np.flatnonzero(self._finds(np.arange(len(self), dtype=np.int64), char))

    def _finds(self, docs, needle):
        base = self._base
        starts = (self.offsets[docs] + base).tolist()
        ends = (self.offsets[docs + 1] + base).tolist()
        found = map(self._data.find, repeat(needle.encode("utf-8"), len(starts)), starts, ends)
        return np.fromiter(found, np.int64, len(starts)) >= 0


class _Raws:
    """``Strings.raws``: ``len`` and ``[i]`` of its bytes."""

    def __init__(self, strings):
        self._strings = strings

    def __len__(self):
        return len(self._strings)

    def __getitem__(self, i):
        return self._strings.raw(i)


class FacetValues:
    """One facet's values in one segment: ``names`` (sorted), and for each document
    its value ids (``ids[starts[d]:starts[d + 1]]``); ``levels``: parallel to
    ``names`` (the union facet's level, '' when none)."""

    def __init__(self, names, starts, ids, levels):
        self.names, self.starts, self.ids, self.levels = names, starts, ids, levels

    @classmethod
    def build(cls, per_document, levels_of=None):
        names = sorted({v for values in per_document for v in values})
        index = {name: i for i, name in enumerate(names)}
        starts = np.zeros(len(per_document) + 1, np.int64)
        np.cumsum([len(v) for v in per_document], out=starts[1:])
        ids = np.fromiter((index[v] for values in per_document for v in values), np.int32,
                          int(starts[-1]))
        levels = [(levels_of or {}).get(name, "") for name in names]
        return cls(names, starts, ids, levels)


class DamagedFile(ValueError):
    """A segment's file whose shape or contents cannot be right."""


def check_shapes(item, arrays, size, name):
    """Raise DamagedFile unless ``arrays`` (an item's parts) fit ``size`` documents."""
    def need(ok, what):
        if not ok:
            raise DamagedFile(f"{name}: {what}")
    if "off" in arrays:
        need(arrays["off"].shape == (size + 1,), f"{len(arrays['off'])} offsets, {size} documents")
        need(arrays["blob"].ndim == 1 and arrays["blob"].dtype == np.uint8, "not a byte string")
        need(arrays["off"][0] == 0 and arrays["off"][-1] == len(arrays["blob"]),
             "offsets past the end")
    elif "starts" in arrays:
        need(arrays["starts"].shape == (size + 1,), f"{len(arrays['starts'])} starts, {size} documents")
        need(len(arrays["levels.off"]) == len(arrays["names.off"]), "levels and names disagree")
    else:
        need(arrays[""].shape == (size,), f"{len(arrays[''])} values, {size} documents")


def check_contents(item, arrays, name):
    """Raise DamagedFile unless every offset and string of ``arrays`` is sound."""
    pairs = ([("blob", "off")] if "off" in arrays
             else [("names.blob", "names.off"), ("levels.blob", "levels.off")] if "starts" in arrays
             else [])
    for blob, off in pairs:
        offsets = np.asarray(arrays[off])
        if len(offsets) and (offsets[0] != 0 or offsets[-1] != len(arrays[blob])
                             or (np.diff(offsets) < 0).any()):
            raise DamagedFile(f"{name}: offsets out of order or past the end")
        try:
            list(Strings(arrays[blob], offsets))
        except UnicodeDecodeError as error:
            raise DamagedFile(f"{name}: not UTF-8 ({error.reason})") from error
    if "starts" in arrays:
        starts, ids = np.asarray(arrays["starts"]), np.asarray(arrays["ids"])
        if (starts[0] != 0 or starts[-1] != len(ids) or (np.diff(starts) < 0).any()
                or (len(ids) and (ids.min() < 0 or ids.max() >= len(arrays["names.off"]) - 1))):
            raise DamagedFile(f"{name}: value ids out of order or past the names")
    elif "" in arrays and arrays[""].dtype.kind == "f" and not np.isfinite(arrays[""]).all():
        raise DamagedFile(f"{name}: lengths that are not numbers")


def segment_id_of(name):
    """The segment a sidecar file belongs to, or None for any other file."""
    return name.split(PREFIX, 1)[0] if PREFIX in name and name.endswith(".npy") else None
