"""Whoosh's segment writer and W3 posting writers, taking whole posting lists.

Part of ``whooshinternals``: the W3 codec's writers, their attributes and the
term info struct are Whoosh-Reloaded 2.7.5's private internals (the package
checks the version on import).
"""
import functools
import pickle
import zlib

import numpy as np
from whoosh.codec import whoosh3
from whoosh.filedb import filetables
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from indexer.engines.embedded.whooshinternals import (PICKLE_PROTOCOL, RECORD, TERMINFO, codec,
                                                      joining, read_blocks)



class BufferedSegmentWriter(SegmentWriter):
    """A ``SegmentWriter`` whose subclass gathers the postings (``index_field``
    returns a field's length) and writes them (``write_postings``); the rest is
    Whoosh's.  ``finish()`` returns the segment, not yet in the TOC.  No term
    vectors, no separate spelling fields."""

    def __init__(self, ix):
        super().__init__(ix, _lk=False, codec=codec())
        unsupported = [name for name, field in self.schema.items()
                       if field.vector or field.separate_spelling()]
        if unsupported:
            raise ValueError(f"{type(self).__name__} cannot write fields {unsupported}")
        self._indexed = set()
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
                    length = self.index_field(name, field, value, docnum)
                    self._indexed.add(name)
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
        self.write_postings(self.fieldwriter, self._field_lengths())
        self.fieldwriter.close()

    def _field_lengths(self):
        """Each scorable field's per-document length as Whoosh stores it."""
        reader = self.per_document_reader()
        try:
            return {name: np.array([reader.doc_field_length(d, name) or 0
                                    for d in range(self.docnum)], dtype=np.int32)
                    for name in self._indexed if self.schema[name].scorable}
        finally:
            reader.close()

    def record_postings(self, recorder):
        """Hand each list that is not inlined to ``recorder`` as it is written
        (``arrays.postingfiles.Recorder``: the segment's posting files)."""
        self.fieldwriter.recorder = recorder

    def cancel(self):
        super().cancel()
        if self.fieldwriter.recorder is not None:
            self.fieldwriter.recorder.cancel()

    def finish(self):
        """Write the segment's files and return the segment."""
        segment = self._finalize_segment()
        # Not _finish(): the temporary directory is shared with the index's
        # own writer, which removes it when it commits.
        self.is_closed = True
        if self.fieldwriter.recorder is not None:
            self.fieldwriter.recorder.publish()
        return segment


NO_LENGTH = np.iinfo(np.int32).max      # a term's minimum length when it has none


class TermStats:
    """Per-term totals (lists indexed by term rank) for the inlined terms."""

    def __init__(self, **columns):
        self.__dict__.update(columns)

    def inlined_terminfo(self, r, ids, weights, values):
        """The term table value ``W3TermInfo.to_bytes`` gives for an inlined
        list, pickled with protocol 5 (Whoosh's protocol 2 spells
        every bytes value as a latin-1 string: slower and larger)."""
        minlength = self.minlength[r]
        return TERMINFO.pack(
            1, self.weight[r], len(ids),
            0 if minlength == NO_LENGTH else _length_byte(minlength),
            _length_byte(self.maxlength[r]), self.maxweight[r], self.minid[r],
            self.maxid[r]) + pickle.dumps((tuple(ids), tuple(weights), tuple(values)),
                                          PICKLE_PROTOCOL)


_length_byte = functools.cache(length_to_byte)


class BulkPostingsWriter(whoosh3.W3PostingsWriter):
    """Whoosh's W3 posting writer; ``add_postings`` makes the blocks
    ``add_posting`` would, a whole list at once."""

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
        """``W3PostingsWriter._write_block``, pickled with protocol 5."""
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

    recorder = None     # told of each list that is not inlined (``record_postings``)

    def __init__(self, codec, storage, segment):
        super().__init__(codec, storage, segment)
        self._tindex.__class__ = BatchHashWriter     # same file, batched adds
        self._inlined = []

    def start_field(self, fieldname, fieldobj):
        super().start_field(fieldname, fieldobj)
        if self.recorder is not None:
            self.recorder.start_field(fieldname)
        codec = self._codec
        self._postwriter = BulkPostingsWriter(self._postfile, codec._blocklimit,
                                              compression=codec._compression,
                                              inlinelimit=codec._inlinelimit)
        self._keyprefix = pack_ushort(self._fieldid)

    def add_term(self, btext, ids, weights, values, lengths, stats, rank):
        if len(ids) < self._codec._inlinelimit:
            values = [v for v in values if v]       # as add_posting keeps them
            self.add_inlined(btext, stats.inlined_terminfo(rank, ids, weights, values))
            return
        self._flush_inlined()
        self.start_term(btext)
        self._postwriter.add_postings(ids, weights, values, lengths)
        self.finish_term()
        if self.recorder is not None:
            self.recorder.add(btext, ids, weights)

    def add_parts(self, btext, parts, doc_lengths, arrays=()):
        """Write a term's posting list joined from ``parts`` (in document
        order), each either ``(ids, weights, values, lengths)`` lists or
        ``(raw, base, info)``: a list on disk (the bytes of its extent, the
        ids to add, its ``W3TermInfo``), as ``joining.JoinedPostings`` joins
        them.  ``doc_lengths``: the field's lengths (numpy) or None.  The
        caller inlines a short list itself (``add_term``).  ``arrays``: for
        the recorder, each part's ``(ids, weights)`` where the caller has them
        (a part on disk without them is decoded)."""
        self._flush_inlined()
        codec = self._codec
        joined = joining.JoinedPostings(self._postfile, self._format.fixed_value_size(),
                                        doc_lengths, codec._blocklimit, codec._compression)
        terminfo = whoosh3.W3TermInfo()
        for part in parts:
            if len(part) == 3:
                raw, base, info = part
                joined.add_blocks(raw, base)
                joining.add_term_stats(terminfo, info, base)
            else:
                ids, weights, values, lengths = part
                joined.add_postings(ids, weights, values)
                joining.add_list_stats(terminfo, ids, weights, lengths)
        terminfo.set_extent(*joined.finish())
        self._tindex.add(self._keyprefix + btext, terminfo.to_bytes())
        if self.recorder is not None and self.recorder.recording:
            self.recorder.add(btext, *_joined_arrays(parts, arrays))

    def add_inlined(self, btext, terminfo):
        """Add a term whose postings its term info (bytes) holds."""
        self._inlined.append((self._keyprefix + btext, terminfo))
        if len(self._inlined) >= 1000:
            self._flush_inlined()

    def _flush_inlined(self):
        if self._inlined:
            self._tindex.add_batch(self._inlined)
            self._inlined = []

    def finish_field(self):
        self._flush_inlined()
        super().finish_field()
        if self.recorder is not None:
            self.recorder.finish_field()


def _joined_arrays(parts, arrays):
    """(ids, weights) of ``add_parts``' joined list: each part's from ``arrays``
    where given, else its lists, else its blocks on disk decoded (ids + base)."""
    ids, weights = [], []
    for k, part in enumerate(parts):
        given = arrays[k] if k < len(arrays) else None
        if given is not None:
            part_ids, part_weights = given
        elif len(part) == 3:
            raw, base, _ = part
            part_ids, part_weights = read_blocks(raw)
            part_ids = part_ids + base
        else:
            part_ids, part_weights = part[0], part[1]
        ids.append(np.asarray(part_ids, np.int64))
        weights.append(np.asarray(part_weights, np.float32))
    return np.concatenate(ids), np.concatenate(weights)


class BatchHashWriter(filetables.OrderedHashWriter):
    """Whoosh's ordered hash file; ``add_batch`` is ``add`` per pair, one write."""

    def add_batch(self, items):
        dbfile, buckets, hashfn, index = self.dbfile, self.buckets, self.hashfn, self.index
        pos, lastkey, chunks = dbfile.tell(), self.lastkey, []
        for key, value in items:
            if key <= lastkey:
                raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
            index.append(pos)
            chunk = RECORD.pack(len(key), len(value)) + key + value
            chunks.append(chunk)
            h = hashfn(key)
            buckets[h & 255].append((h, pos))
            pos += len(chunk)
            lastkey = key
        dbfile.write(b"".join(chunks))
        self.lastkey = lastkey


