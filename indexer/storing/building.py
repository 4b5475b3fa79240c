"""Building new segments from a stream of documents, on every core, in bounded memory.

``build_segments`` reads the documents lazily, a chunk at a time, and forks
one ``SegmentBuilder`` process per chunk (at most ``procs`` at once, the
next chunk read while they build): a builder writes finished segments into
the index directory, sends them back and exits, so its memory goes back to
the system.  A builder cuts a segment when its postings reach
``Limits.segment_postings``, which ``Limits.for_memory`` derives from the
memory the whole run may use.  The caller adds the segments to the index in
one commit (``writing.py``), so a failed or killed run commits nothing.

The same id twice keeps the last: each builder returns, per segment, a 64-bit
hash of every document's id and its place in the input (16 bytes a document,
never the records), and ``drop_superseded`` deletes the earlier copies in the
new segments before they are committed (ids whose hashes collide are compared
as stored).
"""
import hashlib
import itertools
from multiprocessing.connection import wait
from typing import NamedTuple

import numpy as np
from whoosh.reading import SegmentReader

from indexer.storing import faults, forking
from indexer.storing.segments import SegmentBuilder

PROGRESS_EVERY = 100           # documents between progress reports from a builder
BYTES_PER_POSTING = 260        # a builder's peak a posting (buffer, sorting, writing), with room for
                               # the pages it shares with the parent, which summed RSS counts twice
PROCESS_BYTES = 260 * 2**20    # the parent: interpreter, dictionaries, a chunk or two
POSTINGS_PER_DOC = 600         # the first guess (the news archive's), then measured
FIRST_CHUNK = 1000             # documents; chunks double from here, so that a small
                               # input still keeps every core busy


class Limits(NamedTuple):
    """How big a builder's segment and a chunk of documents may get."""

    segment_postings: int = 10_000_000
    procs: int = 1

    @classmethod
    def for_memory(cls, memory, procs):
        """Limits that keep a parent and ``procs`` builders within ``memory`` bytes."""
        share = (memory - PROCESS_BYTES) / max(1, procs)
        return cls(max(50_000, int(share // BYTES_PER_POSTING)), procs)


class Built(NamedTuple):
    """A finished, uncommitted segment; ``keys[i]``, ``order[i]``: document i's id
    hash and its place in the input."""

    segment: object
    keys: np.ndarray
    order: np.ndarray


def id_key(doc_id):
    """A 64-bit hash of an id (the same in every process)."""
    digest = hashlib.blake2b(str(doc_id).encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(digest.digest(), "little", signed=True)


def build_segments(ix, docs, *, limits=Limits(), progress=None):
    """Index ``docs`` (an iterable of ``add_document`` keyword dicts, or of
    callables returning one) into new segments of ``ix``; return them as
    ``Built``, uncommitted, earlier copies of a repeated id deleted.

    ``progress(done)`` gets the number of documents built so far.  The caller
    holds the index's write lock.
    """
    docs = iter(docs)
    if limits.procs <= 1:
        built = _build_chunk(ix, docs, 0, limits, progress and (lambda done, _: progress(done)))
    else:
        built = _build_in_processes(ix, docs, limits, progress)
    drop_superseded(ix, built)
    return [b.segment for b in built]


def _build_chunk(ix, docs, first, limits, progress):
    """Build ``docs`` (document ``first`` of the input onwards) in this process."""
    built, builder, keys = [], SegmentBuilder(ix), []
    done = 0
    try:
        for done, doc in enumerate(docs, 1):
            fields = doc() if callable(doc) else doc
            keys.append(id_key(fields.get("id")))
            builder.add_document(**fields)
            if len(builder.postings) >= limits.segment_postings:
                built.append(_finish(builder, keys, first + done))
                builder, keys = SegmentBuilder(ix), []
            if progress and done % PROGRESS_EVERY == 0:
                progress(done, len(builder.postings))
        if builder.docnum:
            built.append(_finish(builder, keys, first + done))
        else:
            builder.cancel()
        if progress:
            progress(done, 0)
    except BaseException:
        faults.abandon(builder)     # cancelling may hit the same full disk
        raise
    return built


def _finish(builder, keys, end):
    order = np.arange(end - len(keys), end, dtype=np.int64)
    return Built(builder.finish(), np.array(keys, dtype=np.int64), order)


def _build_in_processes(ix, docs, limits, progress):
    per_doc = [POSTINGS_PER_DOC * 1000, 1000]        # postings, documents seen
    pending, workers, results, done = {}, {}, {}, {}
    read, waiting, exhausted = 0, None, False

    def next_chunk():
        full = int(limits.segment_postings * 0.9 * per_doc[1] / per_doc[0])
        return list(itertools.islice(docs, max(FIRST_CHUNK, min(full, read))))

    try:
        while True:
            if waiting is None and not exhausted:
                waiting = next_chunk()       # read while the builders build
                exhausted = not waiting
            if waiting and len(pending) < limits.procs:
                worker, reader = forking.start(_worker, (ix, waiting, read, limits))
                pending[reader], workers[read], done[read] = read, worker, 0
                read += len(waiting)
                waiting = None
                continue
            if not pending:
                break
            for reader in wait(list(pending)):
                first = pending[reader]
                kind, payload = forking.receive(reader, workers[first])
                if kind == "progress":
                    done[first], postings = payload
                    if postings:
                        per_doc[:] = [per_doc[0] + postings, per_doc[1] + PROGRESS_EVERY]
                    if progress:
                        progress(sum(done.values()))
                else:
                    results[first] = payload
                    del pending[reader]
                    reader.close()
                    workers.pop(first).join()
    finally:
        forking.stop(workers.values(), pending)
    return [b for first in sorted(results) for b in results[first]]


def _worker(ix, docs, first, limits, pipe):
    # The postings a builder holds, per PROGRESS_EVERY documents: the parent's
    # measure of how many documents fill a segment.
    last = [0]

    def report(done, postings):
        grown, last[0] = max(0, postings - last[0]), postings
        pipe.send(("progress", (done, grown if done % PROGRESS_EVERY == 0 else 0)))
    return _build_chunk(ix, docs, first, limits, report)


def drop_superseded(ix, built):
    """Delete, in the new segments, every document whose id comes again later
    in the input.  Returns how many were deleted."""
    if not built:
        return 0
    keys = np.concatenate([b.keys for b in built])
    order = np.concatenate([b.order for b in built])
    where = np.concatenate([np.full(len(b.keys), i, dtype=np.int32)
                            for i, b in enumerate(built)])
    docnums = np.concatenate([np.arange(len(b.keys), dtype=np.int64) for b in built])
    by_key = np.lexsort((order, keys))
    sorted_keys = keys[by_key]
    repeated = np.flatnonzero(sorted_keys[1:] == sorted_keys[:-1])
    if not len(repeated):
        return 0
    candidates = np.unique(np.r_[repeated, repeated + 1])
    readers = {}
    latest = {}          # id -> (order, segment, docnum) of its last copy so far
    deleted = 0
    try:
        for at in by_key[candidates].tolist():   # by key, then by place in the input
            i, docnum = int(where[at]), int(docnums[at])
            reader = readers.get(i)
            if reader is None:
                reader = readers[i] = SegmentReader(ix.storage, ix.schema, built[i].segment)
            doc_id = reader.stored_fields(docnum).get("id")
            previous = latest.get(doc_id)
            if previous is not None:
                built[previous[0]].segment.delete_document(previous[1])
                deleted += 1
            latest[doc_id] = (i, docnum)
    finally:
        for reader in readers.values():
            reader.close()
    return deleted
