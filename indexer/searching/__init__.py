"""Searching the index: query syntax and compilation, scoring, facets, highlighting.

The public interface, used by the CLI and the web app::

    open_index(index_dir)        the live index (cached per generation)
    search(ix, q, filters=...)   the one result dict: total, hits, facets
    get_article / related        one article with highlights; articles like it
    suggest(ix, prefix)          completions for a typed prefix
    index_stats / document_count what the index holds
    health(index_dir)            can the live index answer? (cached per state)

Inside: ``querysyntax`` (the user's syntax) -> ``query`` (Whoosh queries,
``charquery`` for substring scans) -> ``scoring`` (BM25F over numpy arrays) ->
``results`` (paging, facets from ``facets``, hits from ``hits`` with snippets
from ``highlight``).  ``opening`` and ``searchers`` lend searchers of the live
generation; ``health`` is what ``/healthz`` asks.  Each entry point here is
``opening.guarded``: a damaged file met while reading is an IndexDamaged.
"""
from indexer.searching import articles, health as _health, opening, results, suggestions
from indexer.searching.facets import FACET_NAMES, FACETS
from indexer.searching.hits import HIT_FIELDS
from indexer.searching.opening import checkout, guarded, open_index
from indexer.searching.results import MAX_DEPTH, SORTS

search = guarded(results.search)
get_article = guarded(articles.get_article)
related = guarded(articles.related)
suggest = guarded(suggestions.suggest)
index_stats = guarded(opening.index_stats)
document_count = guarded(opening.document_count)
health = guarded(_health.health)

__all__ = ["open_index", "search", "get_article", "related", "suggest", "index_stats",
           "document_count", "health", "checkout", "FACETS", "FACET_NAMES", "SORTS", "MAX_DEPTH", "HIT_FIELDS"]
