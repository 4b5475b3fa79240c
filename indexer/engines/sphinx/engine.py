"""``SphinxEngine``: the ``Engine`` interface over a sharded Sphinx (or Manticore) cluster.

``sphinx://HOST:PORT`` names the coordinator's SphinxQL listener; the shards
and the live index set are read from the cluster's state row on each call.
"""
import os
from urllib.parse import urlsplit

import analyzers
from indexer.engines.base import Engine
from indexer.engines.sphinx import browsing, client, searching, state, writing
from indexer.engines.sphinx.session import Session
from indexer.errors import EngineUnavailable, IndexMissing
from indexer.pagestore import PageStore
from indexer.searching import issues


class SphinxEngine(Engine):
    """A Sphinx cluster made by ``baoku cluster init`` (``processes.init``)."""

    scheme = "sphinx"

    def __init__(self, location):
        super().__init__(location)
        parts = urlsplit(location)
        try:
            self.address = (parts.hostname or "127.0.0.1", parts.port or 9306)
        except ValueError:
            raise EngineUnavailable(f"{location!r} is not sphinx://HOST:PORT") from None

    def page_store(self):
        """The cluster's page store: ``BAOKU_PAGES``, else the ``pages/`` folder its
        state row names (made by ``baoku cluster init``); none for an older cluster."""
        if not hasattr(self, "_pages"):
            folder = os.environ.get("BAOKU_PAGES") or state.read(*self.address).get("pages")
            self._pages = PageStore(folder or None)
        return self._pages

    def _session(self):
        return Session(*self.address)

    def index_records(self, records, *, rebuild=False, progress=None, memory=None):
        # ``memory`` is not needed: rows stream to the shards in fixed batches
        counts = self._paged(lambda paged: writing.index_records(
            self.address, paged, rebuild=rebuild, progress=progress), records, rebuild)
        if counts["indexed"] or rebuild:
            state.signed(*self.address, analyzers.analysis_signature())
        return counts

    def delete_ids(self, ids):
        return self._unpaged(lambda ids: writing.delete_ids(self.address, ids), ids)

    def run_search(self, request, started):
        return searching.search(self._session(), request, started)

    def get_article(self, article_id, *, q=""):
        return browsing.get_article(self._session(), article_id, q)

    def related(self, article_id, *, limit=5):
        return browsing.related(self._session(), article_id, limit)

    def suggest(self, prefix, *, limit=8):
        return browsing.suggest(self._session(), prefix, limit)

    def stats(self):
        session = self._session()
        shards = []
        for shard in session.shards:
            try:
                rows = client.run(shard["host"], shard["sql"],
                                  f"SHOW INDEX docs_{session.live} STATUS")[0]
                info = dict(rows)
                shards.append({"name": shard["name"], "answers": True,
                               "documents": int(info.get("indexed_documents", 0)),
                               "size_bytes": int(info.get("disk_bytes", 0))
                               + int(info.get("ram_bytes", 0))})
            except EngineUnavailable:
                shards.append({"name": shard["name"], "answers": False})
        return {"documents": session.documents, "terms": None,
                "size_bytes": sum(s.get("size_bytes", 0) for s in shards),
                "generation": f"set-{session.live}", "shards": shards,
                "signature": session.state.get("signature", {})}

    def document_count(self):
        """IndexMissing while nothing was ever written (``baoku serve`` then indexes
        its seeds, as it does for an index folder that is not there yet)."""
        session = self._session()
        if not session.state["commit"]:
            raise IndexMissing(f"the cluster at {self.location} holds no archive yet; run "
                               f"`baoku index --engine {self.location} PATHS...`")
        return session.documents

    def health(self):
        session = self._session()
        found = session.run(f"SELECT id FROM {session.index} LIMIT 0; SHOW META")
        meta = client.meta_of(found[1])
        missing = session.missing(meta.get("warning", ""))
        answer = {"status": "ok", "documents": int(meta.get("total_found", 0))}
        if missing:
            answer.update(status="partial", missing_shards=missing)
        return answer

    def version(self):
        found = self._session().state
        generation = f"set-{found['live']}"
        return {"generation": generation, "commit": found["commit"],
                "version": f"{generation}/{found['commit']}", "updated": found["updated"]}

    def calendar(self, year=None, month=None, paper=None):
        return issues.calendar(browsing.issue_table(self._session()), year, month, paper)

    def issue(self, date, paper=None):
        return issues.issue(browsing.issue_table(self._session()), date, paper)

    def neighbours(self, article_id):
        return issues.neighbours(browsing.issue_table(self._session()), article_id)

    def summary(self):
        return issues.summary(browsing.issue_table(self._session()))

    def run_concordance(self, q, **options):
        return browsing.concordance(self._session(), q, **options)

    def export_lines(self, q="", **options):
        return browsing.export_lines(self._session(), self.version(), q, **options)
