"""A segment's long posting lists as memory-mapped files: a first-asked term
costs a slice, not a decode.

Whoosh keeps a term's postings as pickled, zlib-compressed blocks (with the
positions of ``chars2``'s bigrams), so reading a term the first time cost a
Python decode of every block, ~4 µs a posting: the cost grew with the
archive, and a million-item archive's first-asked terms read tens of millions.
For the fields queries read (``FIELDS``), each segment has, beside its
per-document files (``segmentfiles``)::

    MAIN_<segid>.cols.post.<field>.terms.blob/.off.npy  the terms (UTF-8, sorted)
    MAIN_<segid>.cols.post.<field>.starts.npy           where each term's postings start (n + 1)
    MAIN_<segid>.cols.post.<field>.ids.npy              docnums (int32), ascending per term
    MAIN_<segid>.cols.post.<field>.weights.npy          term frequencies (float32)

holding every term whose list is not in the term table itself (``INLINE_LIMIT``
or more postings; a shorter list is read from its term info, which costs
little).  A term is found by bisecting the terms in place; its postings are
slices of the maps, shared by every worker through the page cache.  The files
are written with the segment (``Recorder``: the segment writer hands each list
on as it writes it, nothing decoded again; a merge takes its sources' lists
from their files) and published once the segment's own files are whole.  A
segment without them (an index written before them) is read from Whoosh's
blocks as before, until ``baoku recover`` decodes it once (``build``, about
1 ms a news item) or a merge rewrites it.  Deleted documents' postings are
kept, as Whoosh keeps them.
"""
import array
import os
import threading

import numpy as np

from indexer.engines.embedded.arrays.npyfiles import load, save, save_raw
from indexer.engines.embedded.arrays.segmentfiles import Strings, file_name
from indexer.engines.embedded.whooshinternals import INLINE_LIMIT, read_postings

FIELDS = ("chars2", "headline", "kicker", "subtitle", "body")
PARTS = ("terms.blob", "terms.off", "starts", "ids", "weights")
STAGED = "staged-"      # a new segment's files until its writer has finished
RECENT = 1024           # look-ups kept per segment and field (~0.3 kB each)
_UNKNOWN = object()


def item(field):
    return f"post.{field}"


def fields_of(leaf):
    """The fields of ``FIELDS`` the segment's schema indexes."""
    return [f for f in FIELDS if f in leaf.schema and leaf.schema[f].indexed]


class PostingFiles:
    """One field's long posting lists in one segment (memory-mapped arrays)."""

    def __init__(self, arrays):
        self.terms = Strings(arrays["terms.blob"], arrays["terms.off"])
        self.starts, self.ids, self.weights = arrays["starts"], arrays["ids"], arrays["weights"]
        self._recent = {}

    def get(self, text):
        """(docnums, weights) read-only arrays of ``text`` (str or UTF-8 bytes), or
        None when its list is not here (short: in the term table; or no such term).

        The last ``RECENT`` answers are kept (slices, or None): one query asks
        a term's frequency, then its postings, then the documents holding it
        as a word, and each would be a bisect of ~20 steps."""
        found = self._recent.get(text, _UNKNOWN)
        if found is _UNKNOWN:
            if len(self._recent) >= RECENT:
                self._recent = {}
            found = self._recent[text] = self._find(text)
        return found

    def _find(self, text):
        key = text.encode("utf-8") if isinstance(text, str) else text
        i = self.terms.bisect_left(key)
        if i == len(self.terms) or self.terms.raw(i) != key:
            return None
        lo, hi = int(self.starts[i]), int(self.starts[i + 1])
        return self.ids[lo:hi], self.weights[lo:hi]


class Recorder:
    """Writes a new segment's posting files as its writer writes the postings
    (``whooshinternals.BulkFieldWriter`` calls ``start_field``, ``add`` for each
    list it does not inline, in term order, and ``finish_field``): nothing is
    decoded again, and one term's postings are in memory at a time.  A merge
    hands each source's lists on from the source's own files (``source``)."""

    def __init__(self, folder, segment):
        self.folder, self.segment = folder, segment
        self._field, self._seen = None, set()

    @classmethod
    def of(cls, writer):
        """The recorder of a segment writer's new segment, in its index folder."""
        return cls(getattr(writer.storage, "folder", None), writer.newsegment.segment_id())

    def start_field(self, field):
        self._field = None
        if self.folder is None or field not in FIELDS:
            return
        self._field = field
        self._seen.add(field)
        self._temps = {part: os.path.join(
            self.folder, f"{STAGED}{file_name(self.segment, item(field), part)}."
                         f"{os.getpid()}.{threading.get_ident()}.raw")
            for part in ("terms.blob", "ids", "weights")}
        self._files = {part: open(path, "wb") for part, path in self._temps.items()}
        self._starts, self._lengths = array.array("q", [0]), array.array("q", [0])

    @property
    def recording(self):
        """Whether the field being written is one of ``FIELDS``."""
        return self._field is not None

    def add(self, btext, ids, weights):
        if self._field is None:
            return
        ids = np.asarray(ids, np.int32)
        self._files["terms.blob"].write(btext)
        self._lengths.append(len(btext))
        self._files["ids"].write(ids.tobytes())
        self._files["weights"].write(np.asarray(weights, np.float32).tobytes())
        self._starts.append(self._starts[-1] + len(ids))

    def finish_field(self):
        """Write the field's files under staged names: Whoosh assembles every
        file named ``<segment>.*`` into the compound segment file when the
        writer finishes, so they take their names after it (``publish``)."""
        if self._field is None:
            return
        field, self._field = self._field, None
        for f in self._files.values():
            f.close()
        _write(self.folder, lambda part: STAGED + file_name(self.segment, item(field), part),
               self._temps, self._starts, self._lengths)

    def publish(self, every_field=True):
        """Give the staged files their names (once the segment's files are written);
        with ``every_field``, a field with no terms in the segment (no kickers in
        it) gets empty files."""
        if self.folder is None:
            return
        for field in set(FIELDS) - self._seen if every_field else ():
            self.start_field(field)
            self.finish_field()
        for field in self._seen:
            for part in PARTS:
                name = file_name(self.segment, item(field), part)
                try:
                    os.replace(os.path.join(self.folder, STAGED + name),
                               os.path.join(self.folder, name))
                except FileNotFoundError:
                    pass

    def cancel(self):
        """Remove what a writer that failed or was cancelled left."""
        if self.folder is None:
            return
        if self._field is not None:
            for f in self._files.values():
                f.close()
            _remove(self._temps.values())
            self._field = None
        for field in self._seen:
            for part in PARTS:
                name = file_name(self.segment, item(field), part)
                _remove(os.path.join(self.folder, n) for n in (name, STAGED + name))


class SourceLists:
    """A merge's sources' posting files, each opened once: a list copied from a
    source is handed on from its files, so the merged segment's are written
    without a decode (None where a source has none: its blocks are decoded)."""

    def __init__(self, folder):
        self.folder, self._files = folder, {}

    def get(self, segment, field, btext, base):
        """(ids + ``base``, weights) of ``btext`` in the source ``segment``, or None."""
        if self.folder is None or field not in FIELDS:
            return None
        if (segment, field) not in self._files:
            self._files[segment, field] = source(self.folder, segment, field)
        files = self._files[segment, field]
        found = files and files.get(btext)
        return None if found is None else (found[0] + base, found[1])


def source(folder, segment, field):
    """A segment's ``PostingFiles`` of ``field`` (for a merge), or None."""
    found = {part: load(folder, file_name(segment, item(field), part)) for part in PARTS}
    return None if any(a is None for a in found.values()) else PostingFiles(found)


def build(leaf, field, folder, segment):
    """Decode the field's long lists from the segment and write its files (a
    segment written before them; streamed, one term's postings at a time)."""
    recorder, previous = Recorder(folder, segment), b""
    recorder.start_field(field)
    try:
        for key in _long_terms(leaf, field):
            if key <= previous:
                raise ValueError(f"terms out of order: {previous!r}, {key!r}")
            previous = key
            recorder.add(key, *read_postings(leaf.postings(field, key)))
        recorder.finish_field()
    except BaseException:
        recorder.cancel()
        raise
    recorder.publish(every_field=False)


def _write(folder, name, temps, starts, lengths):
    """The field's files (``name(part)``) from the recorded raw files (removed after)."""
    try:
        if not (save_raw(folder, name("terms.blob"), temps["terms.blob"], np.uint8)
                and save(folder, name("terms.off"), np.cumsum(np.frombuffer(lengths, np.int64)))
                and save(folder, name("starts"), np.frombuffer(starts, np.int64))
                and save_raw(folder, name("ids"), temps["ids"], np.int32)
                and save_raw(folder, name("weights"), temps["weights"], np.float32)):
            raise OSError(f"cannot write {name('*')}")
    finally:
        _remove(temps.values())


def _remove(paths):
    for path in paths:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


def _long_terms(leaf, field):
    """The field's terms (UTF-8 bytes, in order) whose lists are not inlined."""
    for key, info in leaf.iter_field(field):
        if info.doc_frequency() >= INLINE_LIMIT:
            yield key


def check(arrays, size, name, full, damaged):
    """Raise ``damaged`` (an exception class) unless the arrays can be right for a
    segment of ``size`` documents (with ``full``, every list's ids too)."""
    starts, ids, weights = arrays["starts"], arrays["ids"], arrays["weights"]
    terms = len(arrays["terms.off"]) - 1
    if (starts.shape != (terms + 1,) or ids.shape != weights.shape or ids.ndim != 1
            or ids.dtype != np.int32 or int(starts[0]) != 0 or int(starts[-1]) != len(ids)):
        raise damaged(f"{name}: {terms} terms and {len(ids)} postings disagree")
    if not full:
        return
    starts = np.asarray(starts)
    if (np.diff(starts) < INLINE_LIMIT).any():
        raise damaged(f"{name}: a list shorter than its term table would hold")
    for lo in range(0, len(ids), 1 << 24):     # a piece at a time: GBs at a million items
        piece = np.asarray(ids[lo:lo + (1 << 24) + 1])
        if len(piece) and (piece.min() < 0 or piece.max() >= size):
            raise damaged(f"{name}: document numbers past the segment's {size}")
        rising = np.diff(piece) > 0
        first = starts[(starts > lo) & (starts < lo + len(piece))] - lo - 1
        rising[first] = True           # a term's first posting follows another term's last
        if not rising.all():
            raise damaged(f"{name}: a term's document numbers out of order")
    if not np.isfinite(np.asarray(weights)).all():
        raise damaged(f"{name}: weights that are not numbers")
