"""Tables built once per index version (its segments and their deletions) and shared,
and what a reader keeps for as long as it is open (``kept_on``)."""
import threading

_MISSING = object()


def version_key(reader):
    """What identifies ``reader``'s live documents: its segments and their deletions."""
    return tuple((leaf.segment().segment_id(), leaf.segment().deleted_count())
                 for leaf, _ in reader.leaf_readers())


class VersionCache:
    """``get(searcher)`` (or ``of_reader(reader)``): ``build(reader)`` for that index
    version, built once and shared by every thread; at most ``keep`` versions are kept."""

    def __init__(self, build, keep=8):
        self._build, self._keep = build, keep
        self._tables, self._lock = {}, threading.Lock()

    def get(self, searcher):
        return self.of_reader(searcher.reader())

    def of_reader(self, reader):
        key = version_key(reader)
        with self._lock:
            table = self._tables.get(key)
        if table is None:
            table = self._build(reader)
            with self._lock:
                self._tables[key] = table
                while len(self._tables) > self._keep:     # the oldest goes
                    del self._tables[next(iter(self._tables))]
        return table


def kept_on(reader, key, make):
    """``make()``, kept on ``reader`` (a Whoosh reader, whose segments never change)
    under ``key`` for as long as the reader is open: what a search asks for each
    term, field and segment, where a cache's key would cost more than the answer."""
    kept = reader.__dict__.setdefault("_baoku_kept", {})
    found = kept.get(key, _MISSING)
    if found is _MISSING:
        found = kept[key] = make()
    return found
