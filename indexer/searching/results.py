"""Searching the index: the one result shape the CLI and the web render.

Example::

    >>> ix = open_index("instance/index")                      # doctest: +SKIP
    >>> search(ix, '"职工创新工作室"', filters={"year": ["2025"]})  # doctest: +SKIP
    {'total': 3, 'page': 1, 'per_page': 10, 'took_ms': 4.1, 'query': ..., 'hits': [...],
     'facets': {'district': [...], 'union': [...], 'year': [...], 'reporter': [...]},
     'facets_truncated': []}
"""
import logging
import time

from whoosh import query as wq
from whoosh import sorting

from indexer.searching import facets, scoring
from indexer.searching.explaining import explanation
from indexer.searching.hits import hit_dict
from indexer.searching.opening import checkout
from indexer.searching.query import parse
from indexer.storing.schema import stored_record

MAX_DEPTH = 10000       # page * per_page: deeper pages cost more than they are worth
SORTS = ("relevance", "date")
log = logging.getLogger(__name__)


def search(ix, q="", *, filters=None, sort="relevance", page=1, per_page=10, snippets=True,
           explain=False):
    """Search ``ix``; see API.md for the result shape.  ``per_page=0``: every hit.

    ``explain``: each hit gains ``explain``, its score in pieces (``explaining``).
    """
    started = time.perf_counter()
    _check_paging(sort, page, per_page)
    chosen = facets.selections(filters)
    with checkout(ix) as searcher:
        result = _search(searcher, q, chosen, sort, page, per_page, snippets, explain)
    result["took_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return result


def _search(searcher, q, chosen, sort, page, per_page, snippets, explain):
    """The result dict (without took_ms) from one searcher."""
    parsed = parse(q, searcher.reader())
    matches = _matches(searcher, parsed, sort)
    base = {docnum for docnum, _ in matches}
    filter_sets = {name: set(searcher.docs_for_query(facets.filter_query(name, values)))
                   for name, values in chosen.items()}
    allowed = base.intersection(*filter_sets.values()) if filter_sets else base
    hits = _page(matches, allowed if filter_sets else None, page, per_page)
    table = facets.facet_table(searcher)
    result = {
        "total": len(allowed), "page": page, "per_page": per_page, "took_ms": None,
        "query": q,
        "hits": [hit_dict(searcher, docnum, score, parsed if snippets else None)
                 for docnum, score in hits],
    }
    if explain:
        pieces = scoring.explain(searcher, parsed.query, [docnum for docnum, _ in hits])
        for hit, (docnum, _) in zip(result["hits"], hits):
            record = stored_record(searcher.stored_fields(docnum))
            hit["explain"] = explanation(record, pieces[docnum] if pieces else None)
    result["facets"], result["facets_truncated"] = facets.count(table, base, filter_sets, chosen)
    return result


def _check_paging(sort, page, per_page):
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}, not {sort!r}")
    if not isinstance(page, int) or page < 1:
        raise ValueError(f"page must be a whole number >= 1, not {page!r}")
    if not isinstance(per_page, int) or per_page < 0:
        raise ValueError(f"per_page must be a whole number >= 0, not {per_page!r}")
    if per_page and page * per_page > MAX_DEPTH:
        raise ValueError(f"page * per_page must be at most {MAX_DEPTH}")


def _matches(searcher, parsed, sort):
    """Every match as [(docnum, score)], in result order (plain text on failure).

    One scoring pass over all matches gives the ranking, the total and the
    facet base at once: cheaper than listing the matches and then asking
    Whoosh for a top-k, which evaluates phrase positions twice.
    """
    by_date = sort == "date" or isinstance(parsed.query, wq.Every)
    sortedby = (sorting.MultiFacet([sorting.FieldFacet("date", reverse=True),
                                    sorting.ScoreFacet()]) if by_date else None)
    for attempt in range(3):
        try:
            fast = scoring.score_all(searcher, parsed.query, by_date=by_date)
            if fast is not None:    # by date, Whoosh gave sort keys, not scores: None
                return list(zip(fast[0].tolist(),
                                [None] * len(fast[0]) if by_date else fast[1].tolist()))
            results = searcher.search(parsed.query, limit=None, sortedby=sortedby, terms=False)
            return [(hit.docnum, hit.score) for hit in results]
        except Exception:  # noqa: BLE001 - a query Whoosh cannot run degrades, never raises
            log.warning("query %r failed; searching it as plain text", parsed.query,
                        exc_info=True)
            plain = parse(" ".join(parsed.phrases), parsed.reader).query
            parsed.query = plain if attempt == 0 and parsed.phrases else wq.NullQuery
    return []


def _page(matches, allowed, page, per_page):
    """The requested page of ``matches`` restricted to ``allowed`` (None: all)."""
    if allowed is not None:
        matches = [m for m in matches if m[0] in allowed]
    if not per_page:
        return matches
    return matches[(page - 1) * per_page:page * per_page]
