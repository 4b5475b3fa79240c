"""What scanning texts for an exact string has found, kept per segment.

Scanning documents' texts (``charquery.containing``) is the one cost of a
query that grows with its candidates in Python: a string of common bigrams
(a paper's boilerplate, a word after a comma) has a candidate in most
documents.  Segments never change, so what a scan found in one stays true
until the segment is merged away: like Lucene's per-segment query cache, the
answer is kept — which of the segment's documents were scanned, and which
of those hold the string — and the next query for the string scans only the
candidates not scanned before.  Deletions are not part of it (the caller's
candidates leave deleted documents out), so a commit that deletes keeps it
valid, and one that merges makes new segments, with ids never seen.

Only scans of at least ``MIN_SCANNED_CHARS`` characters of text are kept
(~50 µs of scanning), as two bitsets of the segment's size, the most recent
up to the generation's bound (``opening.generation.BOUNDS``).
"""
import threading

import numpy as np

MIN_SCANNED_CHARS = 100_000


class ScanCache:
    """The scans kept for one generation: (segment id, string) -> (scanned, found)
    bitsets, the most recent up to ``limit`` bytes."""

    def __init__(self, limit):
        self.limit = limit
        self._kept = {}         # most recent last
        self._held = 0
        self._lock = threading.Lock()

    def known(self, segment, string, size):
        """``(scanned, found)``: boolean arrays over a segment's ``size`` documents."""
        with self._lock:
            packed = self._kept.pop((segment, string), None)
            if packed is not None:
                self._kept[(segment, string)] = packed
        if packed is None:
            return np.zeros(size, bool), np.zeros(size, bool)
        return tuple(np.unpackbits(bits, count=size).view(bool) for bits in packed)

    def keep(self, segment, string, scanned, found):
        """Remember a segment's ``scanned`` and ``found`` documents for ``string``."""
        packed = (np.packbits(scanned), np.packbits(found))
        size = packed[0].nbytes + packed[1].nbytes
        with self._lock:
            old = self._kept.pop((segment, string), None)
            self._held += size - (old[0].nbytes + old[1].nbytes if old is not None else 0)
            self._kept[(segment, string)] = packed
            while self._held > self.limit and len(self._kept) > 1:
                first = self._kept.pop(next(iter(self._kept)))
                self._held -= first[0].nbytes + first[1].nbytes

    def kept(self):
        """How many (segment, string) scans are kept."""
        with self._lock:
            return len(self._kept)

    def clear(self):
        """Forget every scan (tests; a process that wants its memory back)."""
        with self._lock:
            self._kept.clear()
            self._held = 0
