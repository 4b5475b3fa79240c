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

from indexer.errors import SearchTimeout
from indexer.engines.embedded.arrays.doccolumns import doc_columns
from indexer.engines.embedded.compiling.dates import DateRange
from indexer.engines.embedded.compiling.query import parse
from indexer.engines.embedded.compiling.relevance import RankedTerm
from indexer.engines.embedded.lifecycle import faults
from indexer.engines.embedded.lifecycle.secret import installation_secret
from indexer.engines.embedded.opening.opening import checkout, generation_of_index
from indexer.engines.embedded.results import facetcounts
from indexer.engines.embedded.results.hits import hit_of, record_of
from indexer.engines.embedded.scoring import ordering, scoring
from indexer.searching import cursor as cursors
from indexer.searching.exactcount import counts_exact, total_exact
from indexer.searching.explaining import explanation
from indexer.searching.request import (SearchRequest, asks_for_kind, new_result,
                                      whole_set_choices)

SETTLE_ROUNDS = 4       # selections of a page by upper-bound scores before settling all
log = logging.getLogger(__name__)


def search(ix, q="", **options):
    """Search ``ix``; the README's "Web and JSON API" gives the result shape.
    ``per_page=0``: every hit.  Options as ``SearchRequest.of``'s.

    ``date_from``/``date_to``: ISO dates (or prefixes), inclusive, either may be
    None.  ``cursor``: a result's ``next_cursor``, to continue after it (then
    ``page`` is not used; cursors reach ``cursor.MAX_CURSOR_DEPTH`` hits, and one
    this index did not sign is a ``cursor.CursorRefused``).  ``explain``: each hit
    gains ``explain``, its score in pieces (``explaining``).
    """
    started = time.perf_counter()
    return run(ix, SearchRequest.of(q, **options), started)


def run(ix, request, started):
    """The result dict of a checked ``request``, signed with the index's secret."""
    request.signed(installation_secret(_index_dir(ix)))
    dates = _dates(request.date_from, request.date_to)
    with checkout(ix) as searcher:
        result, work = _search(searcher, request.q, request.chosen, request.sort, dates,
                               request.snippets)
        result.update(page=request.page, per_page=request.per_page)
        _page(searcher, result, request, work)
    result["took_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return result


def _index_dir(ix):
    """The index folder ``ix`` was opened from (its secret lives there)."""
    return generation_of_index(ix).index_dir or os.path.dirname(ix.storage.folder)


def _dates(date_from, date_to):
    return DateRange(date_from, date_to) if date_from or date_to else None


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


def _allowed(searcher, q, chosen, sort, dates, lazy=None):
    """``(parsed, matches (Found), allowed docnums (ascending), filter masks,
    the allowed mask)``; ``lazy`` as ``scoring.Ranking``'s."""
    parsed = parse(q, searcher.reader())
    found = _matches(searcher, parsed, sort, lazy)
    filters = _filters(searcher, q, chosen, dates)
    allowed = found.mask.copy()
    for mask in filters.values():
        allowed &= mask
    return parsed, found, np.flatnonzero(allowed), filters, allowed


def _search(searcher, q, chosen, sort, dates, snippets):
    """The total and the facets, and what ``_page`` needs, from one searcher."""
    # a search that counts its exact strings (every candidate scanned) scans
    # them first: the ranking is then exact, no page to settle
    parsed, found, docs, filters, allowed = _allowed(searcher, q, chosen, sort, dates,
                                                     lazy=not counts_exact(q))
    table = facetcounts.facet_table(searcher)
    result = new_result(q, len(docs))
    result["total_exact"] = total_exact(q, len(docs), lambda text: int(
        scoring.mask(searcher, parse(text, searcher.reader()).query)[docs].sum()))
    result["facets"], result["facets_truncated"] = facetcounts.count(
        table, found.mask, filters, chosen, filtered=(allowed, docs))
    return result, (parsed, found, docs, snippets)


def _filters(searcher, q, chosen, dates):
    """{name: mask} of each selected facet, the default kinds and the date range."""
    filters = {name: scoring.mask(searcher, facetcounts.filter_query(name, values))
               for name, values in chosen.items()}
    if "kind" not in chosen and not asks_for_kind(q):
        filters["kind"] = facetcounts.shown_kinds(searcher)
    if dates is not None:       # not a facet: every facet is counted within the dates
        filters["dates"] = dates.doc_mask(searcher.reader())
    return filters


def _page(searcher, result, request, work):
    """Fill ``result``'s hits (from ``start``, or after a cursor's last hit, never
    past ``MAX_CURSOR_DEPTH``), their explanations when asked for, and its
    ``next_cursor`` (signed with the request's secret)."""
    parsed, found, docs, snippets = work
    start, per_page = (request.page - 1) * request.per_page, request.per_page
    resume_at = request.resume_at
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
    result["hits"] = [hit_of(searcher, docnum, found.score(docnum),
                             parsed if snippets else None) for docnum in hits]
    if request.explain:
        pieces = scoring.explain(searcher, parsed.query, hits)
        for hit, docnum in zip(result["hits"], hits):
            hit["explain"] = explanation(record_of(searcher, docnum),
                                         pieces[docnum] if pieces else None, request.q,
                                         evidence_words(parsed.query))
    result["next_cursor"] = request.next_cursor(start + len(hits), result["total"],
                                                result["hits"])


def evidence_words(query):
    """The words the unquoted terms of ``query`` are ranked by (none excluded)."""
    if isinstance(query, RankedTerm):
        return list(query.words)
    if isinstance(query, wq.Not):
        return []
    return [w for child in query.children() for w in evidence_words(child)]


def _matches(searcher, parsed, sort, lazy=None):
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
            ranking = scoring.match(searcher, parsed.query, lazy)
            if ranking is not None:
                return Found(ranking.mask, None, order, shown=not by_date, ranking=ranking)
            return _whooshs(searcher, parsed.query, by_date, order, n)
        except SearchTimeout:
            raise                       # out of time: no second try
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
    chosen = whole_set_choices(filters, sort, date_from, date_to)
    parsed, found, docs, _, _ = _allowed(searcher, q, chosen, sort, _dates(date_from, date_to))
    docs = found.first(searcher, docs).tolist()
    return parsed, [(docnum, found.score(docnum)) for docnum in docs]
