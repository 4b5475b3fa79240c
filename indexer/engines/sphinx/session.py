"""One call's view of the cluster: the coordinator, the live set, and caches per version.

The state row is read once per call, so every statement of a search goes to
the same index set (a rebuild's flip is seen by the next call, never half
way through one).  What depends only on the archive's version (document
count, word frequencies, facet value names, the issue table, suggestions)
is cached per (coordinator, live set, commit); a cache that grows with the
queries asked (keywords) or with the dictionary (value names) is ``Bounded``
(``BOUNDS``), so memory stays bounded while an archive stays unchanged.
"""
import threading

from indexer.engines.sphinx import client, state

_caches = {}
_lock = threading.Lock()
KEEP_VERSIONS = 4
# name: most entries one archive version keeps (the others hold one entry, or the
# dictionary's own size); the oldest are dropped first.  Keywords grow with the
# queries asked, not with the archive: unbounded, any stream of new words grew them.
BOUNDS = {"keywords": 50000, "values": 200000}


class Bounded:
    """A dict of at most ``bound`` entries, the oldest dropped first (thread-safe)."""

    def __init__(self, bound):
        self.bound, self._items, self._lock = bound, {}, threading.Lock()

    def get(self, key, default=None):
        return self._items.get(key, default)

    def __contains__(self, key):
        return key in self._items

    def __len__(self):
        return len(self._items)

    def put(self, key, value):
        with self._lock:
            self._items.pop(key, None)
            while len(self._items) >= self.bound:
                self._items.pop(next(iter(self._items)))
            self._items[key] = value


class Session:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.state = state.read(host, port)
        self.live = self.state["live"]
        self.index = f"dist_{self.live}"
        self.shards = self.state["shards"]
        self.version = (host, port, self.live, self.state["commit"])

    @property
    def secret(self):
        """The cluster's secret, which signs cursors (``state.secret``)."""
        return state.secret(self.host, self.port, self.state)

    def run(self, sql, args=None):
        return client.run(self.host, self.port, sql, args)

    def cache(self, name):
        """A dict kept for this archive version."""
        with _lock:
            if self.version not in _caches:
                while len(_caches) >= KEEP_VERSIONS:
                    _caches.pop(next(iter(_caches)))
                _caches[self.version] = {}
            kept = _caches[self.version]
            if name not in kept:
                kept[name] = Bounded(BOUNDS[name]) if name in BOUNDS else {}
            return kept[name]

    def missing(self, warning):
        """The shards a warning says did not answer."""
        agents = set(client.failed_agents(warning))
        return [s["name"] for s in self.shards if f"{s['host']}:{s['api']}" in agents]

    @property
    def documents(self):
        cache = self.cache("documents")
        if "n" not in cache:
            found = self.run(f"SELECT id FROM {self.index} LIMIT 0; SHOW META")
            meta = client.meta_of(found[1])
            if self.missing(meta.get("warning", "")):
                return int(meta.get("total_found", 0))     # not cached: a shard is back later
            cache["n"] = int(meta.get("total_found", 0))
        return cache["n"]

    def keyword_documents(self, keywords):
        """{keyword: documents containing it} over the word fields (from SHOW META)."""
        cache = self.cache("keywords")
        wanted = [k for k in dict.fromkeys(keywords) if k not in cache]
        if wanted:
            match = "@(wh,wk,ws,wb) (%s)" % " | ".join(wanted)
            found = self.run(f"SELECT id FROM {self.index} WHERE MATCH({client.literal(match)}) "
                             f"LIMIT 0 OPTION ranker=none, {client.time_limit()}; SHOW META")
            meta = client.meta_of(found[1])
            counted = {meta[f"keyword[{i}]"]: int(meta.get(f"docs[{i}]", 0))
                       for i in range(len(wanted)) if f"keyword[{i}]" in meta}
            for k in wanted:
                cache.put(k, counted.get(k, 0))
            return {k: counted.get(k, 0) if k in wanted else cache.get(k, 0) for k in keywords}
        return {k: cache.get(k, 0) for k in keywords}

    def facet_sizes(self):
        """{facet: how many values it has} (from the dictionary)."""
        cache = self.cache("facet sizes")
        if not cache:
            cache.update(self.run(f"SELECT v_facet, COUNT(*) AS n FROM values_{self.live} "
                                  f"GROUP BY v_facet LIMIT 100")[0])
            cache.setdefault("", 0)
        return cache

    def value_names(self, ids):
        """{value id: (facet, value, level)} from the coordinator's dictionary."""
        cache = self.cache("values")
        found = {i: cache.get(i) for i in ids}
        found = {i: named for i, named in found.items() if named is not None}
        wanted = [i for i in ids if i not in found]
        for at in range(0, len(wanted), 5000):
            chunk = wanted[at:at + 5000]
            rows = self.run(f"SELECT id, v_facet, v_value, v_level FROM values_{self.live} WHERE id IN "
                            f"({','.join(map(str, chunk))}) LIMIT {len(chunk)} "
                            f"OPTION max_matches={len(chunk)}")[0]
            for i, f, v, lv in rows:
                cache.put(i, (f, v, lv))
                found[i] = (f, v, lv)
        return found
