"""Building new index segments fast, on every core.

``SegmentBuilder`` is a Whoosh ``SegmentWriter`` whose postings go to a
``PostingBuffer`` (``postings.py``) instead of Whoosh's sorting pool, and
whose ``add_document`` reads the analyzers' tokens straight into it.  Stored
fields, lengths, columns and the files are Whoosh's; ``tests/test_segments.py``
compares every posting, stored field, column and length with an index that
Whoosh's own writer built from the same documents.

``indexer.building`` runs one builder per core.
"""
import numpy as np
from whoosh import formats
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from indexer.codec import codec
from indexer.postings import BulkFieldWriter, PostingBuffer, SortedPostings, write_postings


class SegmentBuilder(SegmentWriter):
    """Writes one new segment; ``finish()`` returns it, not yet in the TOC.

    The caller holds the index's write lock.  Fields with term vectors or a
    separate spelling field are not supported (Baoku's schema has none).
    """

    def __init__(self, ix):
        super().__init__(ix, _lk=False, codec=codec())
        unsupported = [name for name, field in self.schema.items()
                       if field.vector or field.separate_spelling()]
        if unsupported:
            raise ValueError(f"SegmentBuilder cannot write fields {unsupported}")
        self.postings = PostingBuffer()
        # Replace the field writer Whoosh opened (its files are recreated empty).
        self.fieldwriter.close()
        self.fieldwriter = BulkFieldWriter(self.codec, self.storage, self.newsegment)

    def add_document(self, **fields):
        """As ``SegmentWriter.add_document``, for documents without boosts."""
        self._check_state()
        schema, perdoc, docnum = self.schema, self.perdocwriter, self.docnum
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    btexts, weights, values, length = field_postings(field, value)
                    self.postings.add(name, docnum, btexts, weights, values)
                    if not field.scorable:
                        length = 0
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type,
                                            field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        self.perdocwriter.close()
        write_postings(self.fieldwriter, SortedPostings(self.postings, self._field_lengths()),
                       self.schema)
        self.fieldwriter.close()

    def _field_lengths(self):
        """Each scorable field's per-document length as Whoosh stores it
        (quantised to a byte, 0 for none), read back once per field."""
        reader = self.per_document_reader()
        try:
            return {name: np.array([reader.doc_field_length(d, name) or 0
                                    for d in range(self.docnum)], dtype=np.int32)
                    for name in self.postings.fields if self.schema[name].scorable}
        finally:
            reader.close()

    def finish(self):
        """Write the segment's files and return the segment."""
        segment = self._finalize_segment()
        # Not _finish(): the temporary directory is shared with the index's
        # own writer, which removes it when it commits.
        self.is_closed = True
        return segment


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
