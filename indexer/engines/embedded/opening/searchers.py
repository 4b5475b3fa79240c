"""A small pool of Whoosh searchers per index generation.

Whoosh searchers must not be used by two threads at once, and each one holds
open files.  The index is opened without mmap (Whoosh-Reloaded copies every
mapped sub-file into memory per searcher: ~350 MB each on the 24k archive), so
searchers read their files on demand and must be closed explicitly.

A thread takes a searcher for one call (``pool.take()`` … ``pool.give_back(s)``);
idle searchers are reused while the index has not changed.  Whoosh's own check
(``up_to_date``) lists the folder and matches every name: 2.6 ms a search at 964k
items (1,900 files).  Every commit writes a new table of contents into the folder,
so while the folder's modification time is one already seen with that commit,
nothing was committed since (as Git trusts a file's stat, a time is trusted
only once it is ``SETTLED`` seconds old when seen: a commit within the clock's
tick of the last change could leave it as it was; a network file system that
caches attributes would delay a commit by its cache time: keep the index on a
local disk).  A commit makes idle searchers stale: they are closed and a
fresh one opened (not ``searcher.refresh()``, which keeps old segment readers
and their old deletions, so replaced documents would show up twice).  A pool whose
generation a rebuild replaced is closed, as is every pool at interpreter exit.

After ``fork`` (gunicorn workers are forked after a warm-up search) the child
drops the idle searchers it inherited: their open files share one file offset
with the parent's, so reading them from two processes returns garbage.
"""
import atexit
import contextlib
import os
import threading
import time

MAX_IDLE = 8     # idle searchers kept per generation (one per server thread is enough)
SETTLED = 2      # seconds after which a folder's modification time is trusted
_pools = set()   # open pools (held here so that none is collected with open files)


class SearcherPool:
    """Searchers for one Whoosh index (one generation folder)."""

    def __init__(self, ix, opened=None):
        self.ix = ix
        self.opened = opened        # told each new searcher's reader
        self._idle = []
        self._lock = threading.Lock()
        self.closed = False
        self._seen = None           # (folder's modification time, commit) known current
        _pools.add(self)

    def take(self):
        """A searcher for the latest commit, the caller's alone until ``give_back``."""
        with self._lock:
            searcher = self._idle.pop() if self._idle else None
        if searcher is not None and not self._current(searcher):
            searcher.close()
            self._close_idle()          # older than the one just found stale
            searcher = None
        if searcher is None:
            # a failed opening (a damaged segment) closes what it opened
            with getattr(self.ix.storage, "closing_on_failure", contextlib.nullcontext)():
                searcher = self.ix.searcher()
            if self.opened is not None:
                self.opened(searcher.reader())
        return searcher

    def _current(self, searcher):
        """Whether ``searcher`` reads the latest commit: Whoosh's check, unless the
        folder is as it was when that commit was last found the latest."""
        folder = getattr(self.ix.storage, "folder", None)
        try:
            changed = os.stat(folder).st_mtime_ns if folder is not None else None
        except OSError:
            changed = None
        commit = searcher.reader().generation()
        if changed is not None and self._seen == (changed, commit):
            return True
        if not searcher.up_to_date():
            return False
        if changed is not None and time.time_ns() - changed >= SETTLED * 10**9:
            self._seen = (changed, commit)
        return True

    def give_back(self, searcher):
        with self._lock:
            if not self.closed and len(self._idle) < MAX_IDLE:
                self._idle.append(searcher)
                return
        searcher.close()

    def _close_idle(self):
        with self._lock:
            idle, self._idle = self._idle, []
        for searcher in idle:
            searcher.close()

    def close(self):
        """Close idle searchers now; those in use close when given back."""
        with self._lock:
            self.closed = True
        _pools.discard(self)
        self._close_idle()


def _forget_inherited():
    """In a forked child: close the inherited copies of idle searchers' files."""
    for pool in list(_pools):
        pool._lock = threading.Lock()        # may have been held by a parent thread
        pool._close_idle()


os.register_at_fork(after_in_child=_forget_inherited)


@atexit.register
def close_all():
    """Close every pool's searchers (at exit: no unclosed-file warnings)."""
    for pool in list(_pools):
        pool.close()
