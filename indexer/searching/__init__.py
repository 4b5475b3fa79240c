"""Searching the index: query syntax and compilation, scoring, facets, highlighting.

The public interface, used by the CLI and the web app::

    open_index(index_dir)        the live index (cached per generation)
    search(ix, q, filters=...)   the one result dict: total, hits, facets
    get_article / related        one article with highlights; articles like it
    suggest(ix, prefix)          completions for a typed prefix
    index_stats / document_count what the index holds
    calendar / issue / neighbours / summary   the archive by issue (``issues``)
    concordance(ix, q)           every occurrence in context (KWIC)
    export_lines(ix, q)          the whole result set as CSV or JSON Lines
    gbt7714 / ris / bibtex       citations of one article record
    query_notes / looser_queries what to tell a reader about a query
    index_version(ix)            which commit answered, and when it was made

Inside: ``querysyntax`` (the user's syntax) -> ``query`` (Whoosh queries,
``charquery`` for substring scans) -> ``scoring`` (BM25F over numpy arrays) ->
``results`` (paging, facets from ``facets``, hits from ``hits`` with snippets
from ``highlight``).  ``opening`` and ``searchers`` lend searchers of the live
generation.
"""
from indexer.searching.articles import get_article, related
from indexer.searching.citation import bibtex, gbt7714, ris
from indexer.searching.export import EXPORT_CAP, EXPORT_COLUMNS, EXPORT_FORMATS, export_lines
from indexer.searching.facets import FACET_NAMES, FACETS
from indexer.searching.hits import HIT_FIELDS
from indexer.searching.issues import calendar, issue, neighbours, summary
from indexer.searching.kwic import (KWIC_ORDERS, KWIC_WIDTH, MAX_LINES, MAX_WIDTH, concordance,
                                    concordance_csv)
from indexer.searching.opening import checkout, document_count, index_stats, open_index
from indexer.searching.querynotes import looser_queries, query_notes
from indexer.searching.results import MAX_DEPTH, SORTS, search
from indexer.searching.suggestions import SUGGESTION_KINDS, suggest
from indexer.searching.versions import index_version

__all__ = ["open_index", "search", "get_article", "related", "suggest", "index_stats",
           "document_count", "checkout", "calendar", "issue", "neighbours", "summary",
           "FACETS", "FACET_NAMES", "SORTS", "MAX_DEPTH", "HIT_FIELDS",
           "concordance", "concordance_csv", "KWIC_ORDERS", "KWIC_WIDTH", "MAX_LINES", "MAX_WIDTH",
           "export_lines", "EXPORT_CAP", "EXPORT_COLUMNS", "EXPORT_FORMATS",
           "gbt7714", "ris", "bibtex", "query_notes", "looser_queries", "index_version",
           "SUGGESTION_KINDS"]
