"""A least-recently-used cache of numpy arrays, bounded by the elements it holds.

Postings (``postingarrays``) and the evidence of terms (``relevance``) are
functions of an index version and a term: the same common words and names come
back query after query, and reading or scoring them again costs a pass over
their postings.  Each entry is a tuple of read-only arrays of one length.
"""
import threading


class ArrayCache:
    """``get(key)`` / ``put(key, arrays)``, at most ``limit`` elements (the first
    array's length counts, or the ``size`` given) or ``max_entries`` entries, the
    oldest dropped first."""

    def __init__(self, limit, max_entries=200_000):
        self.limit, self.max_entries = limit, max_entries
        self._entries, self._sizes, self._held = {}, {}, 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._entries.pop(key, None)
            if found is not None:
                self._entries[key] = found      # most recent last
        return found

    def put(self, key, arrays, size=None):
        """Keep ``arrays``; ``size``: what they count against the limit when the
        first array's length does not say (an entry that holds others' arrays)."""
        for array in arrays:
            array.flags.writeable = False
        with self._lock:
            if self._entries.pop(key, None) is not None:    # made meanwhile by another thread
                self._held -= self._sizes.pop(key)
            self._sizes[key] = len(arrays[0]) if size is None else size
            self._held += self._sizes[key]
            self._entries[key] = arrays
            while ((self._held > self.limit or len(self._entries) > self.max_entries)
                   and len(self._entries) > 1):
                oldest = next(iter(self._entries))
                del self._entries[oldest]
                self._held -= self._sizes.pop(oldest)
        return arrays

    def clear(self):
        """Forget every entry (a benchmark's or a test's term asked as if for the first time)."""
        with self._lock:
            self._entries, self._sizes, self._held = {}, {}, 0
