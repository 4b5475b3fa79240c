"""Per-document arrays of one index version: which slots are alive, and dates.

Built once per version (its segments and their deletions, ``VersionCache``)
and shared by every query: a query's matches, filters and orders are boolean
masks and sort keys over these, never Python sets of document numbers.
"""
import threading

import numpy as np

from indexer.engines.embedded.arrays.versioncache import VersionCache

_dates = {}         # segment id -> its dates (segments never change)
_lock = threading.Lock()


def segment_dates(leaf):
    """Each document's ``date`` as bytes (b'' when none), one segment (cached)."""
    key = leaf.segment().segment_id()
    with _lock:
        found = _dates.get(key)
    if found is None:
        values = (list(leaf.column_reader("date", translate=False))
                  if leaf.has_column("date") else [])
        found = np.array([bytes(v) for v in values] or [b""] * leaf.doc_count_all(), dtype="S10")
        with _lock:
            if len(_dates) > 4096:
                _dates.clear()
            _dates[key] = found
    return found


class DocColumns:
    """``alive`` (not deleted), ``dates`` (``YYYY-MM-DD`` bytes, b'' when none),
    ``undated`` and ``date_rank`` (the dates' rank as bytes, b'' lowest: the
    order of Whoosh's date column), each indexed by docnum."""

    def __init__(self, reader):
        leaves = reader.leaf_readers()
        self.alive = np.ones(reader.doc_count_all(), bool)
        for leaf, offset in leaves:
            if leaf.has_deletions():
                dead = np.fromiter(leaf.deleted_docs_set, dtype=np.int64)
                self.alive[dead + offset] = False
        self.dates = (np.concatenate([segment_dates(leaf) for leaf, _ in leaves])
                      if leaves else np.zeros(0, "S10"))
        self.undated = self.dates == b""
        self.date_rank = np.unique(self.dates, return_inverse=True)[1].reshape(-1)


_columns = VersionCache(DocColumns, keep=9)


def doc_columns(reader):
    """The columns of ``reader``'s index version (built once, shared)."""
    return _columns.of_reader(reader)
