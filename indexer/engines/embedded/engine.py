"""``EmbeddedEngine``: the ``Engine`` interface over a Whoosh index in a folder.

Each call opens the live generation (once per generation: ``api.open_index``),
so a commit by another process is seen on the next call, and lends itself a
searcher from the library's pool.
"""
from indexer.engines.base import Engine
from indexer.engines.embedded import api
from indexer.engines.embedded.lifecycle import checking, recovery, writing
from indexer.engines.embedded.results import search as results


class EmbeddedEngine(Engine):
    """The Whoosh index in folder ``location``."""

    scheme = ""

    def _ix(self):
        return api.open_index(self.location)

    def index_records(self, records, *, rebuild=False, progress=None, memory=None):
        return self._paged(lambda paged: writing.index_records(
            self.location, paged, rebuild=rebuild, progress=progress, memory=memory),
            records, rebuild)

    def delete_ids(self, ids):
        return self._unpaged(lambda ids: writing.delete_ids(self.location, ids), ids)

    def run_search(self, request, started):
        result = api.guarded(results.run)(self._ix(), request, started)
        result.update(partial=False, missing_shards=[])
        return result

    def get_article(self, article_id, *, q=""):
        return api.get_article(self._ix(), article_id, q=q)

    def related(self, article_id, *, limit=5):
        return api.related(self._ix(), article_id, limit=limit)

    def suggest(self, prefix, *, limit=8):
        return api.suggest(self._ix(), prefix, limit=limit)

    def stats(self):
        return api.index_stats(self.location)

    def document_count(self):
        return api.document_count(self._ix())

    def health(self):
        return api.health(self.location)

    def version(self):
        return api.index_version(self._ix())

    def calendar(self, year=None, month=None, paper=None):
        return api.calendar(self._ix(), year, month, paper)

    def issue(self, date, paper=None):
        return api.issue(self._ix(), date, paper)

    def neighbours(self, article_id):
        return api.neighbours(self._ix(), article_id)

    def summary(self):
        return api.summary(self._ix())

    def run_concordance(self, q, **options):
        return api.concordance(self._ix(), q, **options)

    def export_lines(self, q="", **options):
        return api.export_lines(self._ix(), q, **options)

    def check(self):
        report = checking.check_index(self.location)
        report["page_store"] = self.page_store().check()
        return report

    def require_sound(self, report):
        checking.require_sound(report)

    def recover(self):
        result = recovery.recover(self.location)
        store = self.page_store()
        store.unstale()
        result["pages_removed"] = store.repair()
        return result

    def optimize(self):
        return writing.optimize(self.location)
