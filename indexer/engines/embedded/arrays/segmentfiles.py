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
and mapped by ``npyfiles.load``: opening an index reads none of
them, a query reads the pages it touches, and every worker shares them
through the page cache.  Whoosh's own clean-up removes them with their
segment (its pattern for a segment's files, ``MAIN_<segid>.<anything>``,
matches them).  An index written before them gets each file the first time
a query needs it, built from the segment as before and saved (kept in memory
when the folder cannot be written).  ``check`` validates them.
"""
import functools
from itertools import repeat

import numpy as np
import stringzilla

from indexer.engines.embedded.arrays.npyfiles import searchable

PREFIX = ".cols."
WHOLE_SEGMENT = ("dates", "uchars", "texts", "headline")
WHOLE_LIMIT = 2**31 - 1     # the longest numpy byte string (its size is an int)
SAMPLED = 64                # ``Strings._finds``: documents searched before choosing a way
EARLY = 256                 # bytes read a document below which numpy's loop is the faster
FROM_END = 2                # ``Strings._finds``: searched from the back when that reads this many times less


def file_name(segment_id, item, part=""):
    return f"{segment_id}{PREFIX}{item}{'.' + part if part else ''}.npy"


def label(segment_id, item):
    """How messages name an item's files: ``MAIN_<segid>.cols.texts.*``."""
    return f"{segment_id}{PREFIX}{item}.*"


class Strings:
    """A sequence of strings kept as one UTF-8 blob and its offsets (memory-mapped).

    ``data``/``base``: the blob's bytes as ``searchable`` gives them (made here
    when not given); every read slices or searches them in C."""

    def __init__(self, blob, offsets, data=None, base=0):
        if data is None:
            data, base = searchable(blob)
        self.offsets, self._data, self._base = offsets, data, base
        self._blob = blob

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

    def bisect_left(self, key):
        """Where ``key`` (UTF-8 bytes) goes among the strings, sorted by their
        bytes (``bisect.bisect_left``'s answer): each step one slice of the
        blob, no call (a posting file's term is looked up per segment and
        field for every term of a search, ~18 steps over 200k terms)."""
        starts, data, base = self._starts, self._data, self._base
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if data[base + starts[mid]:base + starts[mid + 1]] < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

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
        in place, in C (``_finds``)."""
        return self._finds(np.asarray(docs, np.int64), needle) if len(docs) else np.zeros(0, bool)

    def holding(self, char):
        """The documents whose string holds ``char`` (every document searched)."""
        return np.flatnonzero(self._finds(np.arange(len(self), dtype=np.int64), char))

    @functools.cached_property
    def _searched(self):
        """The bytes as a StringZilla string (a view of the map, nothing copied)."""
        return stringzilla.Str(memoryview(self._data))

    @functools.cached_property
    def _whole(self):
        """The blob as a numpy byte string of one element (a view, nothing
        copied), searched between each document's offsets in one C loop.
        None when empty or past ``WHOLE_LIMIT``."""
        blob = np.ascontiguousarray(self._blob)
        return blob.view(f"S{len(blob)}") if 0 < len(blob) <= WHOLE_LIMIT else None

    def _finds(self, docs, needle):
        """Two ways, each the faster for some needles.  StringZilla's ``find``
        reads ~9 GB/s with SIMD instructions where ``np.strings.find`` reads
        ~2, but costs ~0.1 µs more a document.  A string most candidates lack
        (``势，推``: 580 of the 7,520 documents holding its bigrams at 10x) is
        read to each text's end, and reading is its whole cost; one found a few
        dozen bytes in (``央视网消息``, ``。``) is all calls.  So the first
        ``SAMPLED`` documents are searched with StringZilla, and the rest too
        when those were read ``EARLY`` bytes or more on average (where a
        match was, or the whole text); numpy's one loop otherwise.

        A string that lies near the end of the texts holding it (``时间：`` of a
        programme's closing line: 19 MB read from the front at 10x, 0.5 MB
        from the back) is searched for the rest from each text's end, when the
        sample says that reads less than half as much: a text holds it or not
        whichever end its search starts from."""
        encoded, base = needle.encode("utf-8"), self._base
        # the needle as a Str: each call then skips reading a buffer (~0.1 µs)
        wanted, searched = stringzilla.Str(encoded), self._searched
        starts, ends = self.offsets[docs], self.offsets[docs + 1]
        first = min(len(docs), SAMPLED)
        at = np.fromiter(map(searched.find, repeat(wanted, first), (starts[:first] + base).tolist(),
                             (ends[:first] + base).tolist()), np.int64, first)
        if first == len(docs):
            return at >= 0
        found, lengths = at >= 0, ends[:first] - starts[:first]
        # bytes read from the front, and (at most: a later match is nearer) from the back
        forward = np.where(found, at - base - starts[:first] + len(encoded), lengths).sum()
        backward = np.where(found, ends[:first] + base - at, lengths).sum()
        from_end = backward * FROM_END < forward
        read = (backward if from_end else forward) / first
        rest = slice(first, None)
        # a numpy byte string ends before its trailing NUL bytes, which only a
        # needle holding NUL could match
        if read < EARLY and self._whole is not None and b"\0" not in encoded:
            way = np.strings.rfind if from_end else np.strings.find
            later = way(self._whole, encoded, starts[rest], ends[rest])
        else:
            search = searched.rfind if from_end else searched.find
            later = np.fromiter(map(search, repeat(wanted, len(docs) - first),
                                    (starts[rest] + base).tolist(), (ends[rest] + base).tolist()),
                                np.int64, len(docs) - first)
        return np.concatenate([found, later >= 0])


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
