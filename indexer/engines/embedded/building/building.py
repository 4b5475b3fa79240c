"""Building new segments from a stream of documents, on every core, in bounded memory.

``build_segments`` reads the documents lazily and deals them out in pieces of
``PIECE`` documents, in turn, to ``procs`` forked ``SegmentBuilder``
processes (a thread in the parent reads and sends; the builders write).  A
builder holds ``Limits.run_postings`` postings at most, spilling them as a
sorted run to a temporary file when it fills (``runs.py``), and cuts a
segment at ``Limits.segment_postings``; ``Limits.for_memory`` derives both
from the memory the whole run may use, so the memory stays bounded and the
segments large (a rebuild of a few hundred thousand articles needs no
merge).  The pieces are dealt in a fixed order, so the same input always
gives the same segments.  The caller adds the segments to the index in one
commit (``writing.py``), so a failed or killed run commits nothing.

The same id twice keeps the last: each builder returns, per segment, a 64-bit
hash of every document's id and its place in the input (16 bytes a document,
never the records), and ``drop_superseded`` deletes the earlier copies in the
new segments before they are committed (ids whose hashes collide are compared
as stored).
"""
import fcntl
import hashlib
import itertools
import multiprocessing
import threading
from multiprocessing.connection import wait
from typing import NamedTuple

import numpy as np
from whoosh.reading import SegmentReader

from indexer.engines.embedded.lifecycle import faults
from indexer.engines.embedded.building import forking
from indexer.engines.embedded.building.segments import SegmentBuilder

PROGRESS_EVERY = 100           # documents between progress reports from a builder
BYTES_PER_POSTING = 260        # a posting a builder holds, at its peak (buffer, sorting it into
                               # a run), with room for the pages it shares with the parent,
                               # which summed RSS counts twice
BYTES_PER_SEGMENT_POSTING = 12  # what each posting of its segment costs a builder beyond the
                               # ones it holds: its share of the term table and of the arrays
                               # that write the segment
BYTES_PER_TERM = 320           # a term of the segment: its table entry (~175 bytes) and its
                               # place in the arrays that put the terms in order to write them
PROCESS_BYTES = 260 * 2**20    # the parent: interpreter, dictionaries, the pieces in flight
PIECE = 200                    # documents sent to a builder at a time
PIPE_BYTES = 2**20             # a builder's incoming pipe (Linux): a piece waits in it


class Limits(NamedTuple):
    """How big a builder's segment may get (postings, and distinct terms:
    None, any number), and how many postings a builder holds in memory
    before it spills them as a sorted run (None: never)."""

    segment_postings: int = 10_000_000
    procs: int = 1
    run_postings: object = None
    segment_terms: object = None

    @classmethod
    def for_memory(cls, memory, procs):
        """Limits that keep a parent and ``procs`` builders within ``memory``
        bytes: half a builder's share for the postings it holds, half for its
        segment's term table."""
        share = (memory - PROCESS_BYTES) / max(1, procs) / 2
        run = max(50_000, int(share // BYTES_PER_POSTING))
        return cls(max(run, int(share // BYTES_PER_SEGMENT_POSTING)), procs, run,
                   max(10_000, int(share // BYTES_PER_TERM)))

    def full(self, postings):
        """Whether a segment with ``postings`` (a ``PostingBuffer``) is to be cut."""
        return postings.total >= self.segment_postings or (
            self.segment_terms is not None and postings.term_count >= self.segment_terms)


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
        builder = Builder(ix, limits, progress)
        builder.build(enumerate(docs))
        built = builder.finish()
    else:
        built = _build_in_processes(ix, docs, limits, progress)
    drop_superseded(ix, built)
    return [b.segment for b in built]


class Builder:
    """Builds documents (with their places in the input) into segments of
    at most ``limits.segment_postings`` postings, in this process."""

    def __init__(self, ix, limits, progress=None):
        """``progress(done)`` hears how many documents are built, now and then."""
        self.ix, self.limits, self.progress = ix, limits, progress
        self.built, self.done = [], 0
        # Opened at a segment's first document: cancelling an empty one would
        # remove the temporary folder every builder shares.
        self.segment, self.keys, self.places = None, [], []

    def build(self, placed_docs):
        """Build ``(place, doc)`` pairs; more may follow (``finish`` ends)."""
        try:
            for place, doc in placed_docs:
                fields = doc() if callable(doc) else doc
                if self.segment is None:
                    self.segment = SegmentBuilder(self.ix, self.limits.run_postings)
                self.keys.append(id_key(fields.get("id")))
                self.places.append(place)
                self.segment.add_document(**fields)
                if self.limits.full(self.segment.postings):
                    self._cut()
                self.done += 1
                if self.progress and self.done % PROGRESS_EVERY == 0:
                    self.progress(self.done)
        except BaseException:
            self._abandon()
            raise

    def finish(self):
        """The segments built (the last one cut here)."""
        try:
            if self.segment is not None:
                self._cut()
        except BaseException:
            self._abandon()
            raise
        if self.progress:
            self.progress(self.done)
        return self.built

    def _cut(self):
        self.built.append(Built(self.segment.finish(), np.array(self.keys, dtype=np.int64),
                                np.array(self.places, dtype=np.int64)))
        self.segment, self.keys, self.places = None, [], []

    def _abandon(self):
        if self.segment is not None:
            faults.abandon(self.segment)    # cancelling may hit the same full disk


def _build_in_processes(ix, docs, limits, progress):
    context = multiprocessing.get_context("fork")
    feeds, workers, pending, done, results, failed = [], [], {}, {}, {}, []
    feeder = None
    try:
        for k in range(limits.procs):
            inbox, feed = context.Pipe(duplex=False)
            _widen(feed)
            worker, reader = forking.start(_worker, (ix, inbox, feeds + [feed], limits))
            inbox.close()
            feeds.append(feed)
            workers.append(worker)
            pending[reader], done[k] = k, 0
        feeder = threading.Thread(target=_feed, args=(docs, feeds, failed), daemon=True)
        feeder.start()
        while pending:
            for reader in wait(list(pending)):
                k = pending[reader]
                try:
                    kind, payload = forking.receive(reader, workers[k])
                except BaseException:
                    if failed:      # reading the input failed: the builders saw its end
                        raise failed[0] from None
                    raise
                if kind == "progress":
                    done[k] = payload
                    if progress:
                        progress(sum(done.values()))
                else:
                    results[k] = payload
                    del pending[reader]
                    reader.close()
                    workers[k].join()
        feeder.join()
        if failed:
            raise failed[0]
    finally:
        forking.stop(workers, pending)
        for feed in feeds:
            feed.close()
        if feeder is not None:
            feeder.join(timeout=10)
    return sorted((b for built in results.values() for b in built), key=lambda b: b.order[0])


def _widen(connection):
    """Let a builder's incoming pipe hold a piece or more (Linux; elsewhere as it is)."""
    try:
        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (OSError, AttributeError):
        pass


def _feed(docs, feeds, failed):
    """Deal ``docs`` out in pieces to the builders in turn, then tell each the end."""
    try:
        place = 0
        for feed in itertools.cycle(feeds):
            piece = list(itertools.islice(docs, PIECE))
            if not piece:
                break
            feed.send((place, piece))
            place += len(piece)
        for feed in feeds:
            feed.send(None)
    except BaseException as error:      # noqa: BLE001 - raised again by the main thread
        failed.append(error)
        for feed in feeds:              # the builders then fail on the input's end
            feed.close()


def _worker(ix, inbox, parent_ends, limits, pipe):
    for end in parent_ends:         # so that the parent's closing them ends the input here
        end.close()

    builder = Builder(ix, limits, lambda done: pipe.send(("progress", done)))
    while True:
        piece = inbox.recv()
        if piece is None:
            return builder.finish()
        place, docs = piece
        builder.build(zip(itertools.count(place), docs))


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
