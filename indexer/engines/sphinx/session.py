"""One call's view of the cluster: the coordinator, the live set, and caches per version.

The state row is read once per call, so every statement of a search goes to
the same index set (a rebuild's flip is seen by the next call, never half
way through one).  What depends only on the archive's version (document
count, word frequencies, facet value names, the issue table, suggestions)
is cached per (coordinator, live set, commit).
"""
import threading

from indexer.engines.sphinx import client, state

_caches = {}
_lock = threading.Lock()
KEEP_VERSIONS = 4


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
            return _caches[self.version].setdefault(name, {})

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
            for i in range(len(wanted)):
                if f"keyword[{i}]" in meta:
                    cache[meta[f"keyword[{i}]"]] = int(meta.get(f"docs[{i}]", 0))
            for k in wanted:
                cache.setdefault(k, 0)
        return {k: cache[k] for k in keywords}

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
        wanted = [i for i in ids if i not in cache]
        for at in range(0, len(wanted), 5000):
            chunk = wanted[at:at + 5000]
            rows = self.run(f"SELECT id, v_facet, v_value, v_level FROM values_{self.live} WHERE id IN "
                            f"({','.join(map(str, chunk))}) LIMIT {len(chunk)} "
                            f"OPTION max_matches={len(chunk)}")[0]
            cache.update({i: (f, v, lv) for i, f, v, lv in rows})
        return {i: cache[i] for i in ids if i in cache}
