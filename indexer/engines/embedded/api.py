"""The embedded engine's library interface (what ``EmbeddedEngine`` calls)::

    open_index(index_dir)        the live index (once per generation)
    search(ix, q, filters=...)   the one result dict: total, hits, facets
    get_article / related        one article with highlights; articles like it
    suggest(ix, prefix)          completions for a typed prefix
    index_stats / document_count what the index holds
    calendar / issue / neighbours / summary   the archive by issue
    concordance(ix, q)           every occurrence in context (KWIC)
    export_lines(ix, q)          the whole result set as CSV or JSON Lines
    index_version(ix)            which commit answered, and when it was made
    health(index_dir)            can the live index answer? (cached per state)

Each entry point is ``opening.guarded``: a damaged file met while reading is
an IndexDamaged.
"""
from indexer.engines.embedded.opening import health as _health
from indexer.engines.embedded.opening import opening
from indexer.engines.embedded.opening.opening import checkout, guarded, open_index
from indexer.engines.embedded.opening.versions import index_version
from indexer.engines.embedded.results import articles, export, issues, kwic, suggestions
from indexer.engines.embedded.results import search as results

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
export_lines = export.export_lines

__all__ = ["open_index", "search", "get_article", "related", "suggest", "index_stats",
           "document_count", "health", "checkout", "calendar", "issue", "neighbours", "summary",
           "concordance", "export_lines", "index_version"]
