"""Tables built once per index version (its segments and their deletions) and shared."""
import threading


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
