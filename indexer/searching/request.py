"""One search's arguments, checked once for every engine: the search prologue.

``SearchRequest.of(q, filters=…, sort=…, …)`` checks the sort, the paging and
the dates (a ValueError names what is wrong), reads the facet selections and
says where the page starts; each engine then gives it the installation's
secret (``signed``: the cursor is checked and read, a ``cursor.CursorRefused``
when this installation did not sign it for this search), runs it and fills the
shape ``new_result`` gives.  A new sort order is one entry in
``SORTS`` here, then a branch in each engine's ordering
(``engines/embedded/scoring/ordering`` and ``results/search``;
``engines/sphinx/searching.order``).
"""
from dataclasses import dataclass, field

from indexer.searching import cursor as cursors
from indexer.searching import querysyntax
from indexer.searching.daterange import is_iso_prefix
from indexer.searching.facets import selections

MAX_DEPTH = 10000       # page * per_page: deeper pages cost more than they are worth
SORTS = ("relevance", "date", "date_asc")    # date: newest first; date_asc: oldest first


@dataclass
class SearchRequest:
    """A checked search: ``chosen`` facet values, the ``search_key`` cursors carry,
    the ``cursor`` given and, once ``signed``, ``resume_at`` (offset, last id)."""

    q: str
    chosen: dict
    sort: str
    page: int
    per_page: int
    date_from: object
    date_to: object
    snippets: bool = True
    explain: bool = False
    search_key: str = ""
    cursor: str = None
    resume_at: tuple = None
    secret: bytes = field(default=None, repr=False)

    @classmethod
    def of(cls, q="", *, filters=None, sort="relevance", page=1, per_page=10, snippets=True,
           date_from=None, date_to=None, cursor=None, explain=False):
        """The request, checked; a ValueError for what cannot be answered."""
        check_paging(sort, page if cursor is None else 1, per_page)
        chosen = selections(filters)
        search_key = cursors.fingerprint(q, chosen, sort, date_from, date_to)
        check_dates(date_from, date_to)
        return cls(q, chosen, sort, page, per_page, date_from, date_to, snippets, explain,
                   search_key, cursor)

    def signed(self, secret):
        """This request under the installation's ``secret`` (bytes, None when it
        cannot be read): its cursor read (``CursorRefused``), its next one signable."""
        self.secret = secret
        if self.cursor is not None:
            self.resume_at = cursors.decode(self.cursor, self.search_key, secret)
        return self

    @property
    def start(self):
        """Where the page starts: after the cursor's hit, else by page number."""
        return self.resume_at[0] if self.resume_at else (self.page - 1) * self.per_page

    @property
    def count(self):
        """How many hits the page shows at most (none past the cursors' depth)."""
        if self.resume_at is not None and self.per_page:
            return cursors.page_size(self.start, self.per_page)
        return self.per_page

    def next_cursor(self, end, total, hits):
        """The cursor after a page ending at ``end`` (None on the last page, at the
        cursors' depth, or without a secret to sign it)."""
        if self.per_page and hits:
            return cursors.next_cursor(end, total, hits[-1]["id"], self.search_key, self.secret)
        return None


def whole_set_choices(filters, sort, date_from, date_to):
    """The checks of a request for a whole result set (exports, concordances, feeds):
    the sort and the dates (a ValueError), and the facet values ``chosen``."""
    check_sort(sort)
    chosen = selections(filters)
    check_dates(date_from, date_to)
    return chosen


def new_result(q, total, page=None, per_page=None):
    """The result dict's keys, in order, before an engine fills hits and facets."""
    return {"total": total, "total_exact": None, "page": page, "per_page": per_page,
            "took_ms": None, "query": q, "hits": [], "next_cursor": None}


def check_dates(date_from, date_to):
    """A ValueError unless each date given is ISO (YYYY-MM-DD, or a prefix)."""
    for name, value in (("from", date_from), ("to", date_to)):
        if value is not None and not is_iso_prefix(value):
            raise ValueError(f"{name} date must be ISO (YYYY-MM-DD), not {value!r}")


def asks_for_kind(q):
    """Does the query name a kind (``kind:banner``)?  Then no default kinds apply."""
    return any(token[0] == "field" and token[1] == "kind"
               for token in querysyntax.lex(querysyntax.clean_query(q)))


def check_sort(sort):
    """A ValueError unless ``sort`` is one of ``SORTS``."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}, not {sort!r}")


def check_paging(sort, page, per_page):
    """A ValueError unless ``sort``, ``page`` and ``per_page`` can be answered."""
    check_sort(sort)
    if not isinstance(page, int) or page < 1:
        raise ValueError(f"page must be a whole number >= 1, not {page!r}")
    if not isinstance(per_page, int) or per_page < 0:
        raise ValueError(f"per_page must be a whole number >= 0, not {per_page!r}")
    if per_page and page * per_page > MAX_DEPTH:
        raise ValueError(f"page * per_page must be at most {MAX_DEPTH}")
