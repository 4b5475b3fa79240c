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
    health(index_dir)            can the live index answer? (cached per state)
    warm(ix)                     build ahead what the first queries would

Inside: ``querysyntax`` (the user's syntax) -> ``query`` (Whoosh queries,
``charquery`` for substring scans, ``relevance`` for an unquoted term's
words, bigrams and exact string) -> ``scoring`` (BM25F over numpy arrays of
``postingarrays``) -> ``results`` (paging, facets from ``facets``, hits from
``hits`` with snippets from ``highlight``, ``explaining`` for why they
matched).  ``opening`` and ``searchers`` lend searchers of the live
generation; ``health`` is what ``/healthz`` asks.  Each entry point here is
``opening.guarded``: a damaged file met while reading is an IndexDamaged.
"""
from indexer.searching import (articles, citation, health as _health, issues, kwic, opening,
                               results, suggestions, warming)
from indexer.searching.explaining import SIGNALS
from indexer.searching.export import EXPORT_CAP, EXPORT_COLUMNS, EXPORT_FORMATS, export_lines
from indexer.searching.facets import FACET_NAMES, FACETS
from indexer.searching.hits import HIT_FIELDS
from indexer.searching.kwic import KWIC_ORDERS, KWIC_WIDTH, MAX_LINES, MAX_WIDTH, concordance_csv
from indexer.searching.opening import checkout, guarded, open_index
from indexer.searching.querynotes import looser_queries, query_notes
from indexer.searching.results import MAX_DEPTH, SORTS
from indexer.searching.suggestions import SUGGESTION_KINDS
from indexer.searching.versions import index_version

search = guarded(results.search)
get_article = guarded(articles.get_article)
related = guarded(articles.related)
suggest = guarded(suggestions.suggest)
index_stats = guarded(opening.index_stats)
document_count = guarded(opening.document_count)
health = guarded(_health.health)
calendar = guarded(issues.calendar)
issue = guarded(issues.issue)
neighbours = guarded(issues.neighbours)
summary = guarded(issues.summary)
concordance = guarded(kwic.concordance)
warm = guarded(warming.warm)
gbt7714, ris, bibtex = citation.gbt7714, citation.ris, citation.bibtex

__all__ = ["open_index", "search", "get_article", "related", "suggest", "index_stats",
           "document_count", "health", "checkout", "calendar", "issue", "neighbours", "summary",
           "FACETS", "FACET_NAMES", "SORTS", "MAX_DEPTH", "HIT_FIELDS",
           "concordance", "concordance_csv", "KWIC_ORDERS", "KWIC_WIDTH", "MAX_LINES", "MAX_WIDTH",
           "export_lines", "EXPORT_CAP", "EXPORT_COLUMNS", "EXPORT_FORMATS",
           "gbt7714", "ris", "bibtex", "query_notes", "looser_queries", "index_version",
           "SUGGESTION_KINDS", "SIGNALS", "warm"]
