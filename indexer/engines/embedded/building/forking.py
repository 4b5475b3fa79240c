"""Work in forked processes that die with their parent, and what their failure becomes.

The segment builders (``building``) and the merges of a commit (``merging``)
run in forked children: each child writes segment files and sends back the
segments (or the traceback of its failure) through a pipe; the parent
commits nothing unless every child succeeded.
"""
import ctypes
import multiprocessing
import os
import signal
import traceback
from multiprocessing.connection import wait

from indexer.errors import IndexBuildFailed

_PR_SET_PDEATHSIG = 1


def start(target, args):
    """Fork a child running ``target(*args, pipe)``; return (process, reading end)."""
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    worker = context.Process(target=_child, args=(target, args, writer, os.getpid()),
                             daemon=True)
    worker.start()
    writer.close()      # so that the reader sees EOF when the worker dies
    return worker, reader


def _child(target, args, pipe, parent):
    die_with(parent)
    try:
        result = target(*args, pipe)
    except BaseException as error:  # noqa: BLE001 - the parent raises it as IndexBuildFailed
        pipe.send(("error", (traceback.format_exc(), getattr(error, "errno", None))))
    else:
        pipe.send(("result", result))
    finally:
        pipe.close()
        os._exit(0)


def receive(reader, worker):
    """The next (kind, payload) from a child; its death or failure raises IndexBuildFailed."""
    try:
        kind, payload = reader.recv()
    except EOFError:
        worker.join()
        raise IndexBuildFailed(f"an index builder process died (exit code {worker.exitcode}); "
                               "nothing was committed") from None
    if kind == "error":
        trace, number = payload
        failed = IndexBuildFailed("an index builder process failed; nothing was committed:"
                                  f"\n{trace}")
        failed.errno = number       # ENOSPC: the disk filled in the builder
        raise failed
    return kind, payload


def stop(workers, readers):
    """Kill what still runs and close the pipes (after success or failure)."""
    for worker in workers:
        if worker.is_alive():
            worker.kill()
        worker.join()
    for reader in readers:
        reader.close()


def run(jobs, procs):
    """The results of ``jobs`` (``(target, args)``; ``target(*args, pipe)``
    returns a picklable result), each in a forked child, ``procs`` at a time."""
    jobs, results, pending, workers = list(jobs), {}, {}, []
    try:
        while len(results) < len(jobs):
            while jobs[len(workers):] and len(pending) < procs:
                worker, reader = start(*jobs[len(workers)])
                pending[reader] = (len(workers), worker)
                workers.append(worker)
            for reader in wait(list(pending)):
                i, worker = pending[reader]
                kind, payload = receive(reader, worker)
                if kind == "result":
                    results[i] = payload
                    del pending[reader]
                    reader.close()
                    worker.join()
    finally:
        stop(workers, pending)
    return [results[i] for i in range(len(jobs))]


def die_with(parent):
    """Die when the parent does (Linux): an orphaned builder would go on
    writing segment files that no commit will ever list."""
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:      # the parent died before prctl took effect
        os._exit(1)
