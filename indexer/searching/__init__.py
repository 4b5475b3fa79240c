"""What a search means, for every engine: Baoku's engine-neutral language.

Nothing here imports an engine (or Whoosh); both engines
(``indexer.engines.embedded``, ``indexer.engines.sphinx``), the web app and
the CLI read it.  Where a change goes:

* the query syntax: ``querysyntax`` (text -> a small tree), its terms as the
  index holds them ``terms`` (words, n-grams, field names), dates ``daterange``,
  what counts as evidence of relevance ``evidence``;
* a new sort order or limit: ``request`` (``SORTS``, ``MAX_DEPTH``, and the one
  search prologue, ``SearchRequest.of``, that checks a search's arguments);
* a new facet: one entry in ``facets.FACETS`` (and its field in ``fields``);
* what a record's fields are: ``fields`` (``document``, ``TEXT_FIELDS``, boosts);
* result shapes: ``request.new_result``, ``hits`` (a hit), ``highlight``
  (snippets, article HTML), ``explaining`` (why a hit matched), ``kwic``
  (concordance lines), ``export`` (CSV / JSON Lines), ``citation`` (GB/T 7714,
  RIS, BibTeX), ``issues`` (calendar, issue, neighbours over an ``IssueTable``),
  ``browsing`` (related articles, suggestion kinds), ``cursor`` (paging tokens);
* a note to a reader about a query or a result: ``querynotes`` (attached once,
  by ``indexer.engines.base.Engine``, so the page, the API and the CLI agree).
"""
from indexer.searching.browsing import SUGGESTION_KINDS
from indexer.searching.citation import bibtex, gbt7714, ris
from indexer.searching.explaining import SIGNALS
from indexer.searching.export import EXPORT_CAP, EXPORT_COLUMNS, EXPORT_FORMATS, about_headers
from indexer.searching.facets import FACET_NAMES, FACETS
from indexer.searching.hits import HIT_FIELDS
from indexer.searching.kwic import (KWIC_ORDERS, KWIC_WIDTH, MAX_LINES, MAX_WIDTH,
                                    concordance_about, concordance_csv)
from indexer.searching.querynotes import looser_queries, query_notes
from indexer.searching.request import MAX_DEPTH, SORTS

__all__ = ["FACETS", "FACET_NAMES", "SORTS", "MAX_DEPTH", "HIT_FIELDS",
           "concordance_csv", "concordance_about", "about_headers", "KWIC_ORDERS", "KWIC_WIDTH", "MAX_LINES", "MAX_WIDTH",
           "EXPORT_CAP", "EXPORT_COLUMNS", "EXPORT_FORMATS",
           "gbt7714", "ris", "bibtex", "query_notes", "looser_queries",
           "SUGGESTION_KINDS", "SIGNALS"]
