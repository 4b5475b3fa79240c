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
up to ``CACHED_BYTES``.
"""
import threading

import numpy as np

MIN_SCANNED_CHARS = 100_000
CACHED_BYTES = 192 * 2**20
_kept = {}          # (segment id, string) -> (scanned, found) bitsets, most recent last
_held = [0]
_lock = threading.Lock()


def known(segment, string, size):
    """``(scanned, found)``: boolean arrays over a segment's ``size`` documents."""
    with _lock:
        packed = _kept.pop((segment, string), None)
        if packed is not None:
            _kept[(segment, string)] = packed
    if packed is None:
        return np.zeros(size, bool), np.zeros(size, bool)
    return tuple(np.unpackbits(bits, count=size).view(bool) for bits in packed)


def keep(segment, string, scanned, found):
    """Remember a segment's ``scanned`` and ``found`` documents for ``string``."""
    packed = (np.packbits(scanned), np.packbits(found))
    size = packed[0].nbytes + packed[1].nbytes
    with _lock:
        old = _kept.pop((segment, string), None)
        _held[0] += size - (old[0].nbytes + old[1].nbytes if old is not None else 0)
        _kept[(segment, string)] = packed
        while _held[0] > CACHED_BYTES and len(_kept) > 1:
            first = _kept.pop(next(iter(_kept)))
            _held[0] -= first[0].nbytes + first[1].nbytes


def kept():
    """How many (segment, string) scans are kept."""
    with _lock:
        return len(_kept)


def clear():
    """Forget every scan (tests; a process that wants its memory back)."""
    with _lock:
        _kept.clear()
        _held[0] = 0
