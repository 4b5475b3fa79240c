"""A table of values kept until it is full, then emptied: the simplest bounded cache.

For values that are cheap to count but costly to make (a segment's dates or
field lengths, a term's document frequency): when a new value would make more
than ``limit`` entries, every entry goes (a limit of 0 keeps the newest only).
"""
import threading


class Table:
    """``get(key)`` / ``put(key, value)``; at most ``limit`` + 1 entries."""

    def __init__(self, limit):
        self.limit = limit
        self._entries = {}
        self.lock = threading.Lock()

    def get(self, key, default=None):
        with self.lock:
            return self._entries.get(key, default)

    def put(self, key, value):
        with self.lock:
            if len(self._entries) > self.limit:
                self._entries.clear()
            self._entries[key] = value
        return value

    def replace(self, key, value):
        """Keep ``key`` alone (one value a generation: the newest state's)."""
        with self.lock:
            self._entries.clear()
            self._entries[key] = value
        return value

    def retain(self, keys):
        """Drop the entries whose key is not in ``keys`` (call holding ``lock``)."""
        for old in [k for k in self._entries if k not in keys]:
            del self._entries[old]

    def keys(self):
        """The keys held (call holding ``lock``)."""
        return list(self._entries)

    def peek(self, key):
        """``get`` for a caller holding ``lock``."""
        return self._entries.get(key)

    def store(self, key, value):
        """Set a value, for a caller holding ``lock`` (no limit applies)."""
        self._entries[key] = value

    def __len__(self):
        return len(self._entries)
