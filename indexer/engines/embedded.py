"""The embedded engine: a Whoosh index in a folder (Baoku's default).

Each call opens the live generation (cached per generation by
``indexer.searching.open_index``), so a commit by another process is seen on
the next call, and lends itself a searcher from the library's pool.
"""
from indexer import searching
from indexer.engines.base import Engine
from indexer.storing import writing


class EmbeddedEngine(Engine):
    """The Whoosh index in folder ``location``."""

    scheme = ""

    def _ix(self):
        return searching.open_index(self.location)

    def index_records(self, records, *, rebuild=False, progress=None, memory=None):
        return writing.index_records(self.location, records, rebuild=rebuild, progress=progress,
                                     memory=memory)

    def delete_ids(self, ids):
        return writing.delete_ids(self.location, ids)

    def search(self, q="", **options):
        result = searching.search(self._ix(), q, **options)
        result.update(partial=False, missing_shards=[])
        return result

    def get_article(self, article_id, *, q=""):
        return searching.get_article(self._ix(), article_id, q=q)

    def related(self, article_id, *, limit=5):
        return searching.related(self._ix(), article_id, limit=limit)

    def suggest(self, prefix, *, limit=8):
        return searching.suggest(self._ix(), prefix, limit=limit)

    def stats(self):
        return searching.index_stats(self.location)

    def document_count(self):
        return searching.document_count(self._ix())

    def health(self):
        return searching.health(self.location)

    def warm(self):
        searching.warm(self._ix())

    def version(self):
        return searching.index_version(self._ix())

    def calendar(self, year=None, month=None):
        return searching.calendar(self._ix(), year, month)

    def issue(self, date):
        return searching.issue(self._ix(), date)

    def neighbours(self, article_id):
        return searching.neighbours(self._ix(), article_id)

    def summary(self):
        return searching.summary(self._ix())

    def concordance(self, q, **options):
        return searching.concordance(self._ix(), q, **options)

    def export_lines(self, q="", **options):
        return searching.export_lines(self._ix(), q, **options)
