"""Searching the index: query syntax and compilation, scoring, facets, highlighting.

The public interface, used by the CLI and the web app::

    open_index(index_dir)        the live index (cached per generation)
    search(ix, q, filters=...)   the one result dict: total, hits, facets
    get_article / related        one article with highlights; articles like it
    suggest(ix, prefix)          completions for a typed prefix
    index_stats / document_count what the index holds

Inside: ``querysyntax`` (the user's syntax) -> ``query`` (Whoosh queries,
``charquery`` for substring scans, ``relevance`` for an unquoted term's
words, bigrams and exact string) -> ``scoring`` (BM25F over numpy arrays of
``postingarrays``) -> ``results`` (paging, facets from ``facets``, hits from
``hits`` with snippets from ``highlight``, ``explaining`` for why they
matched).  ``opening`` and ``searchers`` lend searchers of the live generation.
"""
from indexer.searching.articles import get_article, related
from indexer.searching.explaining import SIGNALS
from indexer.searching.facets import FACET_NAMES, FACETS
from indexer.searching.hits import HIT_FIELDS
from indexer.searching.opening import checkout, document_count, index_stats, open_index
from indexer.searching.results import MAX_DEPTH, SORTS, search
from indexer.searching.suggestions import suggest

__all__ = ["open_index", "search", "get_article", "related", "suggest", "index_stats",
           "document_count", "checkout", "FACETS", "FACET_NAMES", "SORTS", "MAX_DEPTH",
           "HIT_FIELDS", "SIGNALS"]
