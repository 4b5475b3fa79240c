"""Searching the index: the one result shape the CLI and the web render.

Example::

    >>> ix = open_index("instance/index")                      # doctest: +SKIP
    >>> search(ix, '"职工创新工作室"', filters={"year": ["2025"]})  # doctest: +SKIP
    {'total': 3, 'page': 1, 'per_page': 10, 'took_ms': 4.1, 'query': ..., 'hits': [...],
     'facets': {'district': [...], 'union': [...], 'year': [...], 'reporter': [...]}}
"""
import contextlib
import logging
import os
import threading
import time

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh import query as wq
from whoosh import sorting

from indexer import facets, generations, highlight, schema, scoring
from indexer.errors import IndexMismatch, IndexMissing
from indexer.query import parse
from indexer.searchers import SearcherPool
from indexer.writing import mismatch_message

MAX_DEPTH = 10000       # page * per_page: deeper pages cost more than they are worth
SORTS = ("relevance", "date")
_indexes = {}
_indexes_lock = threading.Lock()
_term_counts = {}      # (generation folder, commit) -> distinct terms
log = logging.getLogger(__name__)


def open_index(index_dir):
    """The live index at ``index_dir`` (cached per generation).

    Raises IndexMissing when there is none, IndexMismatch when it was built
    with a different analysis.
    """
    generation = generations.live_generation(index_dir)
    if generation is None:
        raise IndexMissing(f"no index at {index_dir}; run `baoku index PATHS...` first "
                           f"(or pass --index / set BAOKU_INDEX)")
    with _indexes_lock:
        ix = _indexes.get(generation)
    if ix is None:
        ix = _open_generation(index_dir, generation)
    return ix


def _open_generation(index_dir, generation):
    found, expected = generations.read_signature(generation), schema.signature()
    if found != expected:
        raise IndexMismatch(mismatch_message(found, expected))
    try:
        # No mmap: Whoosh-Reloaded copies each mapped sub-file into memory per
        # searcher; plain files are read on demand (searchers.py closes them).
        ix = FileStorage(generation, supports_mmap=False).open_index()
    except (whoosh_index.IndexError, AttributeError, ImportError) as error:
        raise IndexMismatch(f"the index at {index_dir} cannot be read ({error}); "
                            f"run `baoku index --rebuild PATHS...`") from error
    ix.baoku_index_dir = index_dir
    with _indexes_lock:
        ix = _indexes.setdefault(generation, ix)
        replaced = [g for g in _indexes
                    if g != generation and os.path.dirname(g) == os.path.dirname(generation)]
        replaced = [_indexes.pop(g) for g in replaced]
    for old in replaced:        # their searchers hold deleted files open
        _pool(old).close()
    return ix


def live(ix):
    """``ix``, or the index that replaced it when a rebuild swapped generations."""
    index_dir = getattr(ix, "baoku_index_dir", None)
    if index_dir and generations.live_generation(index_dir) != ix.storage.folder:
        return open_index(index_dir)
    return ix


def _pool(ix):
    with _indexes_lock:
        if getattr(ix, "baoku_pool", None) is None:
            ix.baoku_pool = SearcherPool(ix)
        return ix.baoku_pool


@contextlib.contextmanager
def checkout(ix):
    """A searcher for the live version of ``ix``, this thread's alone for the block.

    Searchers come from a small pool per generation and go back to it, so a
    server thread neither shares one nor keeps its own copy.
    """
    for _ in range(5):
        ix = live(ix)
        pool = _pool(ix)
        try:
            searcher = pool.take()
            break
        except (OSError, whoosh_index.EmptyIndexError):
            if live(ix) is ix:
                raise           # otherwise swapped out and deleted as we opened it
    else:
        raise IndexMissing("the index kept changing while it was being opened; try again")
    try:
        yield searcher
    finally:
        pool.give_back(searcher)


def search(ix, q="", *, filters=None, sort="relevance", page=1, per_page=10, snippets=True):
    """Search ``ix``; see API.md for the result shape.  ``per_page=0``: every hit."""
    started = time.perf_counter()
    _check_paging(sort, page, per_page)
    chosen = facets.selections(filters)
    with checkout(ix) as searcher:
        result = _search(searcher, q, chosen, sort, page, per_page, snippets)
    result["took_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return result


def _search(searcher, q, chosen, sort, page, per_page, snippets):
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
        "facets": facets.count(table, base, filter_sets, chosen),
    }
    return result


def document_count(ix):
    """How many documents the live index holds (cheap: for health checks)."""
    with checkout(ix) as searcher:
        return searcher.doc_count()


def index_stats(index_dir):
    """Documents, distinct terms, bytes on disk and the analysis signature."""
    ix = open_index(index_dir)
    generation = ix.storage.folder
    with checkout(ix) as searcher:
        reader = searcher.reader()
        # counting terms walks every term (2.6 s on the 24k archive): once per commit
        version = (generation, reader.generation())
        terms = _term_counts.get(version)
        if terms is None:
            terms = sum(1 for _ in reader.all_terms())
            _term_counts.clear()
            _term_counts[version] = terms
        documents = searcher.doc_count()
    size = sum(os.path.getsize(os.path.join(generation, name)) for name in os.listdir(generation))
    return {"documents": documents, "terms": terms, "size_bytes": size,
            "generation": os.path.basename(generation),
            "signature": generations.read_signature(generation)}


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


def hit_dict(searcher, docnum, score, parsed):
    """One hit of the result (snippet '' when ``parsed`` is None)."""
    record = schema.stored_record(searcher.stored_fields(docnum))
    return {
        "id": record["id"], "kind": record.get("kind"),
        "headline": record.get("headline") or "", "kicker": record.get("kicker") or "",
        "subtitle": record.get("subtitle") or "",
        "snippet": highlight.snippet(record.get("body") or record.get("headline"), parsed)
        if parsed else "",
        "date": record.get("date"),
        "year": (record.get("date") or "")[:4] or None,
        "districts": record.get("districts") or [], "unions": record.get("unions") or [],
        "union_levels": record.get("union_levels") or {},
        "reporters": record.get("reporters") or [],
        "correspondents": record.get("correspondents") or [],
        "photographers": record.get("photographers") or [],
        "source": record.get("source"),
        "score": round(float(score), 4) if isinstance(score, (int, float)) else None,
    }


from indexer.articles import get_article, related, suggest  # noqa: E402,F401 (public API)
