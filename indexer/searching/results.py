"""Searching the index: the one result shape the CLI and the web render.

Example::

    >>> ix = open_index("instance/index")                      # doctest: +SKIP
    >>> search(ix, '"职工创新工作室"', filters={"year": ["2025"]})  # doctest: +SKIP
    {'total': 3, 'page': 1, 'per_page': 10, 'took_ms': 4.1, 'query': ..., 'hits': [...],
     'facets': {'district': [...], 'union': [...], 'year': [...], 'reporter': [...]},
     'facets_truncated': []}
"""
import logging
import os
import time

import numpy as np
from whoosh import query as wq
from whoosh import sorting

from indexer.searching import cursor as cursors
from indexer.searching import daterange, facets, ordering, querysyntax, scoring
from indexer.searching.doccolumns import doc_columns
from indexer.searching.explaining import explanation
from indexer.searching.hits import hit_dict
from indexer.searching.opening import checkout
from indexer.searching.query import parse
from indexer.storing import faults
from indexer.storing.secret import installation_secret
from indexer.storing.schema import stored_record

MAX_DEPTH = 10000       # page * per_page: deeper pages cost more than they are worth
SORTS = ("relevance", "date", "date_asc")    # date: newest first; date_asc: oldest first
SETTLE_ROUNDS = 4       # selections of a page by upper-bound scores before settling all
log = logging.getLogger(__name__)


def search(ix, q="", *, filters=None, sort="relevance", page=1, per_page=10, snippets=True,
           date_from=None, date_to=None, cursor=None, explain=False):
    """Search ``ix``; the README's "Web and JSON API" gives the result shape.
    ``per_page=0``: every hit.

    ``date_from``/``date_to``: ISO dates (or prefixes), inclusive, either may be
    None.  ``cursor``: a result's ``next_cursor``, to continue after it (then
    ``page`` is not used; cursors reach ``cursor.MAX_CURSOR_DEPTH`` hits, and one
    this index did not sign is a ``cursor.CursorRefused``).  ``explain``: each hit
    gains ``explain``, its score in pieces (``explaining``).
    """
    started = time.perf_counter()
    check_paging(sort, page if cursor is None else 1, per_page)
    chosen = facets.selections(filters)
    search_key = cursors.fingerprint(q, chosen, sort, date_from, date_to)
    signing = (search_key, installation_secret(_index_dir(ix)))
    resume_at = cursors.decode(cursor, *signing) if cursor is not None else None
    dates = _dates(date_from, date_to)
    with checkout(ix) as searcher:
        result, work = _search(searcher, q, chosen, sort, dates, snippets)
        result.update(page=page, per_page=per_page)
        _page(searcher, result, (page - 1) * per_page, per_page, resume_at, signing, explain,
              work)
    result["took_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return result


def _index_dir(ix):
    """The index folder ``ix`` was opened from (its secret lives there)."""
    return getattr(ix, "baoku_index_dir", None) or os.path.dirname(ix.storage.folder)


def check_dates(date_from, date_to):
    """A ValueError unless each date given is ISO (YYYY-MM-DD, or a prefix)."""
    for name, value in (("from", date_from), ("to", date_to)):
        if value is not None and not daterange.is_iso_prefix(value):
            raise ValueError(f"{name} date must be ISO (YYYY-MM-DD), not {value!r}")


def _dates(date_from, date_to):
    check_dates(date_from, date_to)
    return daterange.DateRange(date_from, date_to) if date_from or date_to else None


class Found:
    """A query's matches as arrays: ``mask`` (live matches over docnums), every
    document's ``scores`` (from ``ranking``, a ``scoring.Ranking``, when scoring
    scored it), ``shown`` (do hits show them), ``order`` (the sort the keys
    follow) and ``position`` (Whoosh's order, when Whoosh scored it)."""

    def __init__(self, mask, scores, order, shown, position=None, ranking=None):
        self.mask, self._scores, self.order = mask, scores, order
        self.shown, self.position, self.ranking = shown, position, ranking

    @property
    def scores(self):
        return self._scores if self.ranking is None else self.ranking.scores

    def keys(self, searcher, docs):
        position = None if self.position is None else self.position[docs]
        return ordering.keys(doc_columns(searcher.reader()), docs, self.scores[docs],
                             self.order, position)

    def first(self, searcher, docs, k=None):
        """The first ``k`` of ``docs`` (all when None) in order, with exact scores.

        Scores not yet settled are upper bounds: settle the first k by them and
        select again, until the first k are settled (a few rounds, then all)."""
        for _ in range(SETTLE_ROUNDS if k is not None and k < len(docs) else 0):
            top = ordering.first(docs, self.keys(searcher, docs), k)
            if self.ranking is None or not self.ranking.unsettled(top).any():
                return top
            self.ranking.settle(top)
        self.settle(docs)
        return ordering.first(docs, self.keys(searcher, docs), k)

    def settle(self, docs):
        if self.ranking is not None:
            self.ranking.settle(docs)

    def score(self, docnum):
        return float(self.scores[docnum]) if self.shown else None


def _allowed(searcher, q, chosen, sort, dates):
    """``(parsed, matches (Found), allowed docnums (ascending), filter masks)``."""
    parsed = parse(q, searcher.reader())
    found = _matches(searcher, parsed, sort)
    filters = _filters(searcher, q, chosen, dates)
    allowed = found.mask.copy()
    for mask in filters.values():
        allowed &= mask
    return parsed, found, np.flatnonzero(allowed), filters


def _search(searcher, q, chosen, sort, dates, snippets):
    """The total and the facets, and what ``_page`` needs, from one searcher."""
    parsed, found, docs, filters = _allowed(searcher, q, chosen, sort, dates)
    table = facets.facet_table(searcher)
    result = {"total": len(docs), "page": None, "per_page": None, "took_ms": None,
              "query": q, "hits": [], "next_cursor": None}
    result["facets"], result["facets_truncated"] = facets.count(table, found.mask, filters,
                                                                chosen)
    return result, (parsed, found, docs, snippets)


def _filters(searcher, q, chosen, dates):
    """{name: mask} of each selected facet, the default kinds and the date range."""
    filters = {name: scoring.mask(searcher, facets.filter_query(name, values))
               for name, values in chosen.items()}
    if "kind" not in chosen and not asks_for_kind(q):
        filters["kind"] = facets.shown_kinds(searcher)
    if dates is not None:       # not a facet: every facet is counted within the dates
        filters["dates"] = dates.doc_mask(searcher.reader())
    return filters


def _page(searcher, result, start, per_page, resume_at, signing, explain, work):
    """Fill ``result``'s hits (from ``start``, or after a cursor's last hit, never
    past ``MAX_CURSOR_DEPTH``), their explanations when asked for, and its
    ``next_cursor`` (``signing``: the search's fingerprint and the secret)."""
    parsed, found, docs, snippets = work
    if resume_at is not None and per_page:
        found.settle(docs)
        keys = found.keys(searcher, docs)
        last = searcher.document_number(id=resume_at[1])
        located = None if last is None else ordering.after(docs, keys, last)
        if located is not None:
            start, later = located
            docs = ordering.first(docs[later], [key[later] for key in keys],
                                  cursors.page_size(start, per_page))
        else:           # the last hit is gone: from its offset
            start = min(resume_at[0], len(docs))
            docs = ordering.first(docs, keys, start + cursors.page_size(start, per_page))[start:]
    else:
        docs = found.first(searcher, docs, start + per_page if per_page else None)
        docs = docs[start:] if per_page else docs
    hits = docs.tolist()
    result["hits"] = [hit_dict(searcher, docnum, found.score(docnum),
                               parsed if snippets else None) for docnum in hits]
    if explain:
        pieces = scoring.explain(searcher, parsed.query, hits)
        for hit, docnum in zip(result["hits"], hits):
            record = stored_record(searcher.stored_fields(docnum))
            hit["explain"] = explanation(record, pieces[docnum] if pieces else None)
    end = start + len(hits)
    if per_page and hits:
        result["next_cursor"] = cursors.next_cursor(end, result["total"],
                                                    result["hits"][-1]["id"], *signing)


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


def _matches(searcher, parsed, sort):
    """Every match (``Found``), for ``sort`` (plain text on failure).

    One scoring pass over all matches gives the ranking, the total and the
    facet base at once: cheaper than listing the matches and then asking
    Whoosh for a top-k, which evaluates phrase positions twice.
    """
    by_date = sort == "date" or isinstance(parsed.query, wq.Every)
    order = "date_asc" if sort == "date_asc" else "date" if by_date else "relevance"
    n = searcher.reader().doc_count_all()
    for attempt in range(3):
        try:
            ranking = scoring.match(searcher, parsed.query)
            if ranking is not None:
                return Found(ranking.mask, None, order, shown=not by_date, ranking=ranking)
            return _whooshs(searcher, parsed.query, by_date, order, n)
        except Exception as error:  # noqa: BLE001 - a query Whoosh cannot run degrades
            if faults.from_the_files(error):
                raise                   # a damaged index is not a query problem
            log.warning("query %r failed; searching it as plain text", parsed.query,
                        exc_info=True)
            plain = parse(" ".join(parsed.phrases), parsed.reader).query
            parsed.query = plain if attempt == 0 and parsed.phrases else wq.NullQuery
    return Found(np.zeros(n, bool), np.zeros(n), order, shown=not by_date)


def _whooshs(searcher, query, by_date, order, n):
    """The matches of a query shape ``scoring`` does not know, as Whoosh ranks them."""
    sortedby = (sorting.MultiFacet([sorting.FieldFacet("date", reverse=True),
                                    sorting.ScoreFacet()]) if by_date else None)
    results = searcher.search(query, limit=None, sortedby=sortedby, terms=False)
    docs = np.fromiter((hit.docnum for hit in results), np.int64)
    mask, scores, position = np.zeros(n, bool), np.zeros(n), np.zeros(n, np.int64)
    mask[docs] = True
    position[docs] = np.arange(len(docs))
    if not by_date:
        scores[docs] = [hit.score for hit in results]
    return Found(mask, scores, order, shown=not by_date, position=position)


def ranked(searcher, q, filters=None, sort="relevance", *, date_from=None, date_to=None):
    """``(parsed, [(docnum, score)])``: every match of ``q`` within ``filters`` and the
    dates, in result order, without hits or facets (for exports, feeds and concordances)."""
    check_sort(sort)
    chosen = facets.selections(filters)
    parsed, found, docs, _ = _allowed(searcher, q, chosen, sort, _dates(date_from, date_to))
    docs = found.first(searcher, docs).tolist()
    return parsed, [(docnum, found.score(docnum)) for docnum in docs]
