"""A rate-limit store every gunicorn worker shares: counters in one SQLite file.

Flask-Limiter's ``memory://`` store keeps counters per process, so with two
workers a ``20/minute`` limit let 38 of 60 requests through.  ``sqlite:///PATH``
(registered with the ``limits`` package by defining this class) keeps fixed-window
counters in a file: each request is one short write transaction (WAL, a busy
timeout), so the limit holds across the workers of one server.  Several hosts
need a network store instead (``redis://…``).
"""
import atexit
import os
import sqlite3
import tempfile
import threading
import time

from limits.storage import Storage

SCHEMA = "CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, count INTEGER, expires REAL)"


def shared_store_uri():
    """A new SQLite store for this server's process tree (removed when the process
    that made it ends): made before gunicorn forks, so every worker opens it."""
    handle, path = tempfile.mkstemp(prefix="baoku-ratelimit-", suffix=".sqlite")
    os.close(handle)
    owner = os.getpid()

    def remove():
        if os.getpid() == owner:
            for suffix in ("", "-wal", "-shm"):
                try:
                    os.unlink(path + suffix)
                except OSError:
                    pass
    atexit.register(remove)
    return f"sqlite://{path}"


class SQLiteStorage(Storage):
    """Fixed-window counters in a SQLite file (``sqlite:///path/to/file``)."""

    STORAGE_SCHEME = ["sqlite"]

    def __init__(self, uri=None, wrap_exceptions=False, **options):
        self.path = (uri or "").split("://", 1)[-1]
        if not self.path:
            raise ValueError("a sqlite rate-limit store needs a file: sqlite:///path/to/file")
        self._local = threading.local()
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _db(self):
        """This thread's connection (a forked worker opens its own)."""
        if getattr(self._local, "pid", None) != os.getpid():
            db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(SCHEMA)
            self._local.db, self._local.pid = db, os.getpid()
        return self._local.db

    def incr(self, key, expiry, amount=1):
        db, now = self._db(), time.time()
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute("SELECT count, expires FROM counters WHERE key = ?", (key,)).fetchone()
            if row is None or row[1] <= now:
                count, expires = amount, now + expiry
            else:
                count, expires = row[0] + amount, row[1]
            db.execute("INSERT OR REPLACE INTO counters VALUES (?, ?, ?)", (key, count, expires))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return count

    def get(self, key):
        row = self._db().execute("SELECT count, expires FROM counters WHERE key = ?",
                                 (key,)).fetchone()
        return row[0] if row and row[1] > time.time() else 0

    def get_expiry(self, key):
        row = self._db().execute("SELECT expires FROM counters WHERE key = ?", (key,)).fetchone()
        return row[0] if row else time.time()

    def check(self):
        try:
            self._db().execute("SELECT 1")
            return True
        except sqlite3.Error:
            return False

    def reset(self):
        return self._db().execute("DELETE FROM counters").rowcount

    def clear(self, key):
        self._db().execute("DELETE FROM counters WHERE key = ?", (key,))
