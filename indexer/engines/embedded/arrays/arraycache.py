"""A least-recently-used cache of numpy arrays, bounded by the elements it holds.

Postings (``postingarrays``) and the evidence of terms (``relevance``) are
functions of an index version and a term: the same common words and names come
back query after query, and reading or scoring them again costs a pass over
their postings.  Each entry is a tuple of read-only arrays of one length.
"""
import threading


class ArrayCache:
    """``get(key)`` / ``put(key, arrays)``, at most ``limit`` elements (the first
    array's length counts) or ``max_entries`` entries, the oldest dropped first."""

    def __init__(self, limit, max_entries=200_000):
        self.limit, self.max_entries = limit, max_entries
        self._entries, self._held = {}, 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._entries.pop(key, None)
            if found is not None:
                self._entries[key] = found      # most recent last
        return found

    def put(self, key, arrays):
        for array in arrays:
            array.flags.writeable = False
        with self._lock:
            old = self._entries.pop(key, None)      # made meanwhile by another thread
            self._held += len(arrays[0]) - (len(old[0]) if old is not None else 0)
            self._entries[key] = arrays
            while ((self._held > self.limit or len(self._entries) > self.max_entries)
                   and len(self._entries) > 1):
                self._held -= len(self._entries.pop(next(iter(self._entries)))[0])
        return arrays
