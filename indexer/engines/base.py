"""The one interface for storing and searching articles (``Engine``).

The web app, the API, the CLI and the embed talk to an ``Engine`` only; which
one runs is configuration (``open_engine`` in this package).  Every method
returns the plain, JSON-ready dicts described in API.md, the same shapes
whatever the engine, and raises ``indexer.errors.BaokuError`` subclasses for
what a caller should report (an index that is missing, damaged, locked, or an
engine that cannot be reached).  A ``ValueError`` means a bad argument (a
date, a sort order, a cursor of another search).

A search result always has ``partial`` (False when every part of the archive
answered) and ``missing_shards`` (the parts that did not: an empty list on the
embedded index, the shards that were down on a distributed engine), and
``notes`` (``indexer.searching.querynotes``).

``search`` and ``concordance`` are written here once: the prologue
(``SearchRequest.of`` checks the arguments), the engine's own ``run_search``
or ``run_concordance``, then the notes.  An engine implements the abstract
methods; ``check``, ``recover`` and ``optimize`` are for an engine that has
them (the embedded index).
"""
import abc
import time

from analyzers.segmenter import segmenter
from indexer.errors import EngineUnavailable
from indexer.pagestore import PageStore, page_folder
from indexer.searching import budget
from indexer.searching.querynotes import result_notes
from indexer.searching.request import SearchRequest

DEFAULT_MEMORY = 1536 * 2**20   # bytes the whole process tree of an indexing run may use
MIN_MEMORY = 512 * 2**20        # below this an embedded index's segments get too small


class Engine(abc.ABC):
    """Articles stored and searched somewhere; ``location`` says where."""

    scheme = None       # the URL scheme that names this engine ("" for a folder)

    def __init__(self, location):
        self.location = location

    def __repr__(self):
        return f"{type(self).__name__}({self.location!r})"

    # --- the page store (printed pages' images) ----------------------------------
    def page_store(self):
        """The ``PageStore`` of this engine's printed pages (``indexer.pagestore``)."""
        return PageStore(page_folder(self.location))

    def _paged(self, write, records, rebuild):
        """Run ``write(records)`` with each printed page's image stored on the way;
        after a rebuild the store keeps exactly the new archive's pages."""
        store = self.page_store()
        store.drop_stale()      # the generation a rebuild replaced is gone by now
        counts = write(store.storing(records))
        if rebuild or counts.get("rebuilt"):
            store.keep_only_seen()
        return counts

    def _unpaged(self, delete, ids):
        """Run ``delete(ids)``; the deleted articles' pages lose their reference
        (and go when no article is left on them)."""
        ids = list(ids)
        refs = []
        if self.page_store().folder:
            for article_id in ids:
                found = self.get_article(article_id)
                if found and found.get("page_key"):
                    refs.append((found["page_key"], article_id))
        deleted = delete(ids)
        self.page_store().forget(refs)
        return deleted

    # --- writing ----------------------------------------------------------------
    @abc.abstractmethod
    def index_records(self, records, *, rebuild=False, progress=None, memory=None):
        """Add or replace ``records`` (an iterable of record dicts, read once,
        lazily) by id.

        ``rebuild``: the archive becomes exactly ``records``, swapped in
        atomically (searches see the old or the new archive, never a mix).
        ``progress(done, total)``; ``total`` may be None when not known yet.
        ``memory``: bytes the writing may use (None: the engine's default).
        Returns counts: indexed, added, replaced, documents, rebuilt, seconds.
        """

    @abc.abstractmethod
    def delete_ids(self, ids):
        """Delete the articles with these ids; returns how many existed."""

    # --- searching --------------------------------------------------------------
    def search(self, q="", *, filters=None, sort="relevance", page=1, per_page=10,
               snippets=True, date_from=None, date_to=None, cursor=None, explain=False):
        """The one result dict: total, hits, facets, next_cursor, partial, notes …"""
        started = time.perf_counter()
        request = SearchRequest.of(q, filters=filters, sort=sort, page=page, per_page=per_page,
                                   snippets=snippets, date_from=date_from, date_to=date_to,
                                   cursor=cursor, explain=explain)
        segmenter()     # loaded once per process (seconds): not a cost of this search
        with budget.within(budget.SEARCH_SECONDS):
            result = self.run_search(request, started)
        result["notes"] = result_notes(q, result)
        return result

    @abc.abstractmethod
    def run_search(self, request, started):
        """The result dict of a checked ``request`` (``SearchRequest``), without notes;
        ``took_ms`` counts from ``started`` (``time.perf_counter()``)."""

    @abc.abstractmethod
    def get_article(self, article_id, *, q=""):
        """One article with highlighted HTML fields, or None for an unknown id."""

    @abc.abstractmethod
    def related(self, article_id, *, limit=5):
        """Hits of articles like this one."""

    @abc.abstractmethod
    def suggest(self, prefix, *, limit=8):
        """Completions for a typed prefix (headlines, names, streets)."""

    @abc.abstractmethod
    def stats(self):
        """What the archive holds: documents, fields, facet values …"""

    @abc.abstractmethod
    def document_count(self):
        """How many articles the archive holds."""

    @abc.abstractmethod
    def health(self):
        """``{status: ok, documents}`` when the archive answers, else why not."""

    @abc.abstractmethod
    def version(self):
        """Which state of the archive answers, and when it was made."""

    # --- browsing by issue ------------------------------------------------------
    @abc.abstractmethod
    def calendar(self, year=None, month=None, paper=None):
        """Issues by year, month and day (of one title when ``paper`` is given)."""

    @abc.abstractmethod
    def issue(self, date, paper=None):
        """One day's issue: its titles, their pages and articles (one title's when given)."""

    @abc.abstractmethod
    def neighbours(self, article_id):
        """The articles before and after this one in its issue."""

    @abc.abstractmethod
    def summary(self):
        """Papers, dates, articles and issues of the archive, and each title's holdings."""

    # --- whole result sets ------------------------------------------------------
    def concordance(self, q, **options):
        """Every occurrence of ``q`` in context (KWIC), with ``query`` and ``notes``;
        options as ``search``'s filters/sort/dates, plus width, order, limit."""
        segmenter()
        with budget.within(budget.WHOLE_SET_SECONDS):
            found = self.run_concordance(q, **options)
        found.update(query=q, notes=result_notes(q, found))
        return found

    @abc.abstractmethod
    def run_concordance(self, q, **options):
        """``concordance`` without ``query`` and ``notes``."""

    @abc.abstractmethod
    def export_lines(self, q="", **options):
        """The whole result set as CSV or JSON Lines (an iterator of lines)."""

    # --- mending (an engine that has them) -------------------------------------------
    def check(self):
        """Verify the stored archive end to end: a report of each part (``baoku check``)."""
        raise EngineUnavailable(f"{self.location} has no check; see its engine's own tools")

    def require_sound(self, report):
        """Raise the library error that ``check``'s report shows, if any."""

    def recover(self):
        """Go back to the newest good state of the archive (``baoku recover``)."""
        raise EngineUnavailable(f"{self.location} has no recover; see its engine's own tools")

    def optimize(self):
        """Merge the stored archive's parts into a few (``baoku optimize``)."""
        raise EngineUnavailable(f"{self.location} has no optimize; see its engine's own tools")
