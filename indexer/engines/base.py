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
embedded index, the shards that were down on a distributed engine).
"""
import abc


class Engine(abc.ABC):
    """Articles stored and searched somewhere; ``location`` says where."""

    scheme = None       # the URL scheme that names this engine ("" for a folder)

    def __init__(self, location):
        self.location = location

    def __repr__(self):
        return f"{type(self).__name__}({self.location!r})"

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
    @abc.abstractmethod
    def search(self, q="", *, filters=None, sort="relevance", page=1, per_page=10,
               snippets=True, date_from=None, date_to=None, cursor=None, explain=False):
        """The one result dict: total, hits, facets, next_cursor, partial …"""

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

    def warm(self):
        """Load ahead what the first searches would (before a server's workers fork)."""

    @abc.abstractmethod
    def version(self):
        """Which state of the archive answers, and when it was made."""

    # --- browsing by issue ------------------------------------------------------
    @abc.abstractmethod
    def calendar(self, year=None, month=None):
        """Issues by year, month and day."""

    @abc.abstractmethod
    def issue(self, date):
        """One day's issue: its pages and articles."""

    @abc.abstractmethod
    def neighbours(self, article_id):
        """The articles before and after this one in its issue."""

    @abc.abstractmethod
    def summary(self):
        """Papers, dates, articles and issues of the archive."""

    # --- whole result sets ------------------------------------------------------
    @abc.abstractmethod
    def concordance(self, q, **options):
        """Every occurrence of ``q`` in context (KWIC); options as ``search``'s
        filters/sort/dates, plus width, order, limit."""

    @abc.abstractmethod
    def export_lines(self, q="", **options):
        """The whole result set as CSV or JSON Lines (an iterator of lines)."""
