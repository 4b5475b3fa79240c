"""Building new index segments fast, on every core.

``SegmentBuilder`` is a Whoosh ``SegmentWriter`` (through
``whooshinternals.BufferedSegmentWriter``) whose postings go to a
``PostingBuffer`` (``postings.py``) instead of Whoosh's sorting pool, the
analyzers' tokens read straight into it.  Stored fields, lengths, columns and
the files are Whoosh's; ``tests/test_segments.py``
compares every posting, stored field, column and length with an index that
Whoosh's own writer built from the same documents.

``indexer.engines.embedded.building.building`` runs one builder per core.
"""
from collections import Counter

from whoosh import formats

import analyzers
from whoosh.system import pack_uint

from indexer.engines.embedded.arrays import postingfiles
from indexer.engines.embedded.building.postings import PostingBuffer, write_postings
from indexer.engines.embedded.whooshinternals.writers import BufferedSegmentWriter


class SegmentBuilder(BufferedSegmentWriter):
    """Writes one new segment, its postings gathered in a ``PostingBuffer``."""

    def __init__(self, ix, run_postings=None):
        super().__init__(ix)
        self.postings = PostingBuffer(run_postings, getattr(ix.storage, "folder", None))
        self.record_postings(postingfiles.Recorder.of(self))

    def add_document(self, **fields):
        super().add_document(**fields)
        self.postings.document_done()

    def index_field(self, name, field, value, docnum):
        btexts, weights, values, length = field_postings(field, value)
        self.postings.add(name, docnum, btexts, weights, values)
        return length

    def write_postings(self, fieldwriter, lengths):
        write_postings(fieldwriter, self.postings, lengths, self.schema)

    def cancel(self):
        self.postings.close()
        super().cancel()


def field_postings(field, value):
    """``(btexts, weights, values, length)`` of one field value: the terms
    ``field.index(value)`` gives, read faster for positions and frequencies."""
    fmt = field.format
    kind = type(fmt)
    if isinstance(value, str) and kind in (formats.Positions, formats.Frequency):
        positions = kind is formats.Positions
        found = _token_positions(field.analyzer, value, positions)
        if found is not None:
            fb = fmt.field_boost
            btexts = [text.encode("utf-8") for text in found]
            if positions:
                freqs = [len(poses) for poses in found.values()]
                values = [_encode_positions(fmt, poses) for poses in found.values()]
            else:
                freqs = list(found.values())
                values = [_UINT[n] if n < 256 else pack_uint(n) for n in freqs]
            return btexts, [n * fb for n in freqs], values, sum(freqs)
    items = list(field.index(value))
    return ([b for b, _, _, _ in items], [w for _, _, w, _ in items],
            [v for _, _, _, v in items], sum(freq for _, freq, _, _ in items))


def _token_positions(analyzer, value, positions):
    """``{text: [pos...]}`` (``{text: count}`` without positions) of the
    unstopped tokens; None when a token has a boost (then Whoosh's own
    ``word_values`` weighs it)."""
    terms = analyzers.index_terms(analyzer, value)
    if terms is not None:
        texts, poses = terms
        if not positions:
            return Counter(texts)
        found = {}
        get = found.get
        for text, pos in zip(texts, poses):
            have = get(text)
            if have is None:
                found[text] = [pos]
            else:
                have.append(pos)
        return found
    found = {}
    for t in analyzer(value, positions=positions, boosts=True, mode="index"):
        if t.stopped:
            continue
        if t.boost != 1.0:
            return None
        text = t.text
        if positions:
            poses = found.get(text)
            if poses is None:
                found[text] = [t.pos]
            else:
                poses.append(t.pos)
        else:
            found[text] = found.get(text, 0) + 1
    return found


_UINT = [pack_uint(n) for n in range(256)]
_ONE_POSITION = {}


def _encode_positions(fmt, poses):
    """``fmt.encode(poses)``, memoised for the common single position."""
    if len(poses) > 1:
        return fmt.encode(poses)
    pos = poses[0]
    encoded = _ONE_POSITION.get(pos)
    if encoded is None:
        encoded = fmt.encode(poses)
        if pos < 100_000:
            _ONE_POSITION[pos] = encoded
    return encoded
