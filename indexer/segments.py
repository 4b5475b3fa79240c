"""Building new index segments fast, on every core.

``SegmentBuilder`` is a Whoosh ``SegmentWriter`` whose postings go to a
``PostingBuffer`` (``postings.py``) instead of Whoosh's sorting pool, and
whose ``add_document`` reads the analyzers' tokens straight into it.  Stored
fields, lengths, columns and the files are Whoosh's; ``tests/test_segments.py``
compares every posting, stored field, column and length with an index that
Whoosh's own writer built from the same documents.

``build_segments`` forks one builder per core over contiguous slices of the
documents; each writes finished segments into the index directory and the
caller adds them all to the index in one commit (``writing.py``).
"""
import ctypes
import multiprocessing
import os
import signal
import traceback
from multiprocessing.connection import wait

import numpy as np
from whoosh import formats
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from indexer.codec import codec
from indexer.errors import IndexBuildFailed
from indexer.postings import BulkFieldWriter, PostingBuffer, write_postings

SEGMENT_POSTINGS = 10_000_000  # a new segment beyond this: a builder peaks near 1 GB
PROGRESS_EVERY = 100           # documents between progress reports from a builder


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
        write_postings(self.fieldwriter, self.postings.grouped(self._field_lengths()),
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


def build_segments(ix, docs, *, procs=1, progress=None):
    """Index ``docs`` (``add_document`` keyword dicts, or callables returning
    one) into new segments of ``ix`` and return them, uncommitted.

    With ``procs`` > 1 the list is cut into that many contiguous slices, each
    built in a forked process.  ``progress(done)`` gets the number of
    documents built so far.  The caller holds the index's write lock.
    """
    if procs <= 1 or len(docs) < 2 * procs:
        return _build_slice(ix, docs, progress)
    size = -(-len(docs) // procs)
    return _build_in_processes(ix, [docs[i:i + size] for i in range(0, len(docs), size)],
                               progress)


def _build_slice(ix, docs, progress):
    segments, builder = [], SegmentBuilder(ix)
    try:
        for done, doc in enumerate(docs, 1):
            builder.add_document(**(doc() if callable(doc) else doc))
            if len(builder.postings) >= SEGMENT_POSTINGS:
                segments.append(builder.finish())
                builder = SegmentBuilder(ix)
            if progress and (done % PROGRESS_EVERY == 0 or done == len(docs)):
                progress(done)
        if builder.docnum:
            segments.append(builder.finish())
        else:
            builder.cancel()
    except BaseException:
        if not builder.is_closed:
            builder.cancel()
        raise
    return segments


def _build_in_processes(ix, slices, progress):
    context = multiprocessing.get_context("fork")
    pending, workers = {}, []
    for i, part in enumerate(slices):
        reader, writer = context.Pipe(duplex=False)
        worker = context.Process(target=_worker, args=(ix, part, writer, os.getpid()),
                                 daemon=True)
        worker.start()
        writer.close()      # so that the reader sees EOF when the worker dies
        pending[reader] = i
        workers.append(worker)
    results, done = {}, [0] * len(slices)
    try:
        while pending:
            for reader in wait(list(pending)):
                i = pending[reader]
                try:
                    kind, payload = reader.recv()
                except EOFError:
                    workers[i].join()
                    raise IndexBuildFailed(
                        f"an index builder process died (exit code {workers[i].exitcode}); "
                        "nothing was committed") from None
                if kind == "progress":
                    done[i] = payload
                    if progress:
                        progress(sum(done))
                elif kind == "error":
                    raise IndexBuildFailed("an index builder process failed; nothing was "
                                           f"committed:\n{payload}")
                else:
                    results[i] = payload
                    del pending[reader]
                    reader.close()
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.kill()
            worker.join()
        for reader in pending:
            reader.close()
    return [segment for i in range(len(slices)) for segment in results[i]]


def _worker(ix, docs, pipe, parent):
    _die_with(parent)
    try:
        segments = _build_slice(ix, docs, lambda n: pipe.send(("progress", n)))
    except BaseException:
        pipe.send(("error", traceback.format_exc()))
    else:
        pipe.send(("segments", segments))
    finally:
        pipe.close()
        os._exit(0)


def _die_with(parent):
    """Die when the parent does (Linux): an orphaned builder would go on
    writing segment files that no commit will ever list."""
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:      # the parent died before prctl took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1
