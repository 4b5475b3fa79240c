"""Building new segments on every core: one forked ``SegmentBuilder`` each.

``build_segments`` cuts the documents into contiguous slices, one per
process; each builder writes finished segments into the index directory and
sends them back, and the caller adds them all to the index in one commit
(``writing.py``), so a failed or killed run commits nothing.
"""
import ctypes
import multiprocessing
import os
import signal
import traceback
from multiprocessing.connection import wait

from indexer.errors import IndexBuildFailed
from indexer.storing import faults
from indexer.storing.segments import SegmentBuilder

SEGMENT_POSTINGS = 10_000_000  # a new segment beyond this: a builder peaks near 1 GB
PROGRESS_EVERY = 100           # documents between progress reports from a builder


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
        faults.abandon(builder)     # cancelling may hit the same full disk
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
                    trace, number = payload
                    failed = IndexBuildFailed("an index builder process failed; nothing "
                                              f"was committed:\n{trace}")
                    failed.errno = number       # ENOSPC: the disk filled in the builder
                    raise failed
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
    except BaseException as error:
        pipe.send(("error", (traceback.format_exc(), getattr(error, "errno", None))))
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
