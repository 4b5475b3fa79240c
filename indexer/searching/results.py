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

from indexer.searching import cursor as cursors
from indexer.searching import daterange, facets, querysyntax, scoring
from indexer.searching.explaining import explanation
from indexer.searching.hits import hit_dict
from indexer.searching.opening import checkout
from indexer.searching.query import parse
from indexer.storing import faults
from indexer.storing.schema import stored_record

MAX_DEPTH = 10000       # page * per_page: deeper pages cost more than they are worth
SORTS = ("relevance", "date", "date_asc")    # date: newest first; date_asc: oldest first
log = logging.getLogger(__name__)


def search(ix, q="", *, filters=None, sort="relevance", page=1, per_page=10, snippets=True,
           date_from=None, date_to=None, cursor=None, explain=False):
    """Search ``ix``; the README's "Web and JSON API" gives the result shape.
    ``per_page=0``: every hit.

    ``date_from``/``date_to``: ISO dates (or prefixes), inclusive, either may be
    None.  ``cursor``: a result's ``next_cursor``, to continue after it (then
    ``page`` is not used, and there is no depth limit).  ``explain``: each hit
    gains ``explain``, its score in pieces (``explaining``).
    """
    started = time.perf_counter()
    _check_paging(sort, page if cursor is None else 1, per_page)
    chosen = facets.selections(filters)
    search_key = cursors.fingerprint(q, chosen, sort, date_from, date_to)
    resume_at = cursors.decode(cursor, search_key) if cursor is not None else None
    dates = _dates(date_from, date_to)
    with checkout(ix) as searcher:
        result = _search(searcher, q, chosen, sort, dates, snippets)
        result.update(page=page, per_page=per_page)
        _page(searcher, result, (page - 1) * per_page, per_page, resume_at, search_key, explain)
    result["took_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return result


def _dates(date_from, date_to):
    for name, value in (("from", date_from), ("to", date_to)):
        if value is not None and not daterange.is_iso_prefix(value):
            raise ValueError(f"{name} date must be ISO (YYYY-MM-DD), not {value!r}")
    return daterange.DateRange(date_from, date_to) if date_from or date_to else None


def _allowed(searcher, q, chosen, sort, dates):
    """``(parsed, allowed matches in order, every match's docnums, filter sets)``."""
    parsed = parse(q, searcher.reader())
    matches = _matches(searcher, parsed, "relevance" if sort == "date_asc" else sort)
    if sort == "date_asc":
        matches = daterange.oldest_first(searcher.reader(), matches)
    base = {docnum for docnum, _ in matches}
    filter_sets = _filter_sets(searcher, q, chosen, dates, base)
    if filter_sets:
        allowed = base.intersection(*filter_sets.values())
        matches = [m for m in matches if m[0] in allowed]
    return parsed, matches, base, filter_sets


def _search(searcher, q, chosen, sort, dates, snippets):
    """Every allowed match (``matches``), the total and the facets, from one searcher."""
    parsed, matches, base, filter_sets = _allowed(searcher, q, chosen, sort, dates)
    table = facets.facet_table(searcher)
    result = {"total": len(matches), "page": None, "per_page": None, "took_ms": None,
              "query": q, "hits": [], "next_cursor": None,
              "matches": matches, "parsed": parsed, "snippets": snippets}
    result["facets"], result["facets_truncated"] = facets.count(table, base, filter_sets, chosen)
    return result


def _filter_sets(searcher, q, chosen, dates, base):
    """{name: docnums} of each selected facet, the default kinds and the date range."""
    filter_sets = {name: set(searcher.docs_for_query(facets.filter_query(name, values)))
                   for name, values in chosen.items()}
    if "kind" not in chosen and not _asks_for_kind(q):
        filter_sets["kind"] = base.difference(searcher.docs_for_query(
            facets.filter_query("kind", facets.FACETS["kind"].hidden)))
    if dates is not None:       # not a facet: every facet is counted within the dates
        filter_sets["dates"] = set(dates.matching_docs(searcher.reader()))
    return filter_sets


def _page(searcher, result, start, per_page, resume_at, search_key, explain):
    """Fill ``result``'s hits (from ``start``, or after a cursor's last hit), their
    explanations when asked for, and its ``next_cursor``; drop the working fields."""
    matches, parsed = result.pop("matches"), result.pop("parsed")
    snippets = result.pop("snippets")
    if resume_at is not None:
        start = cursors.resume(matches, resume_at[0],
                               searcher.document_number(id=resume_at[1]))
    hits = matches[start:start + per_page] if per_page else matches
    result["hits"] = [hit_dict(searcher, docnum, score, parsed if snippets else None)
                      for docnum, score in hits]
    if explain:
        pieces = scoring.explain(searcher, parsed.query, [docnum for docnum, _ in hits])
        for hit, (docnum, _) in zip(result["hits"], hits):
            record = stored_record(searcher.stored_fields(docnum))
            hit["explain"] = explanation(record, pieces[docnum] if pieces else None)
    end = start + len(hits)
    if per_page and hits and end < len(matches):
        result["next_cursor"] = cursors.encode(end, result["hits"][-1]["id"], search_key)


def _asks_for_kind(q):
    """Does the query name a kind (``kind:banner``)?  Then no default kinds apply."""
    return any(token[0] == "field" and token[1] == "kind"
               for token in querysyntax.lex(querysyntax.clean_query(q)))


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
        except Exception as error:  # noqa: BLE001 - a query Whoosh cannot run degrades
            if faults.from_the_files(error):
                raise                   # a damaged index is not a query problem
            log.warning("query %r failed; searching it as plain text", parsed.query,
                        exc_info=True)
            plain = parse(" ".join(parsed.phrases), parsed.reader).query
            parsed.query = plain if attempt == 0 and parsed.phrases else wq.NullQuery
    return []


def ranked(searcher, q, filters=None, sort="relevance", *, date_from=None, date_to=None):
    """``(parsed, [(docnum, score)])``: every match of ``q`` within ``filters`` and the
    dates, in result order, without hits or facets (for exports, feeds and concordances)."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}, not {sort!r}")
    chosen = facets.selections(filters)
    parsed, matches, _, _ = _allowed(searcher, q, chosen, sort, _dates(date_from, date_to))
    return parsed, matches
