"""The OpenAPI 3.1 description of /api, built from the same limits the API enforces.

Facets, sort orders, union levels, the id limit and the hit's fields come from
the library's own definitions, so the description cannot drift from the API.
"""
from indexer.reading.records import MAX_ID_LENGTH, UNION_LEVELS
from indexer.searching import (EXPORT_COLUMNS, EXPORT_FORMATS, FACETS, HIT_FIELDS, KWIC_ORDERS,
                               KWIC_WIDTH, MAX_WIDTH, SORTS, SUGGESTION_KINDS)

from indexer.searching.budget import MAX_STRING_CHARS, MAX_TERMS, QUERY_PATTERN, SEARCH_SECONDS
from indexer.searching.cursor import MAX_CURSOR_DEPTH, MAX_CURSOR_LENGTH

from .openapi_explanation import explanation_schema
from .openapi_issues import ISSUE_PATHS, ISSUE_SCHEMAS
from .openapi_pages import ARTICLE_PAGE_PROPERTIES, PAGE_KEY, PAGE_PATHS, PAGE_SCHEMAS
from .openapi_research import FUZZY_PROPERTY, TRENDS_SCHEMAS, research_parameters, trends_paths
from .parameters import described
from .params import KWIC_FORMATS, MAX_FACET_VALUE

STRINGS = {"type": "array", "items": {"type": "string"}}
NULLABLE_STRING = {"type": ["string", "null"]}


def _facet_value(extra=None):
    props = {"value": {"type": "string"}, "count": {"type": "integer", "minimum": 0},
             "selected": {"type": "boolean"}}
    props.update(extra or {})
    return {"type": "array", "items": {"type": "object", "required": ["value", "count", "selected"],
                                       "properties": props}}


def _schemas():
    hit_props = {
        "id": {"type": "string", "maxLength": MAX_ID_LENGTH}, "kind": {"type": "string"},
        "headline": {"type": "string"}, "kicker": {"type": "string"},
        "subtitle": {"type": "string"},
        "snippet": {"type": "string", "description": "HTML-escaped text; matches in <mark>"},
        "url": {"type": "string", "description": "the article's page on this service"},
        "date": NULLABLE_STRING, "year": NULLABLE_STRING,
        "districts": STRINGS, "unions": STRINGS,
        "union_levels": {"type": "object", "additionalProperties": {"type": "string"}},
        "reporters": STRINGS, "correspondents": STRINGS, "photographers": STRINGS,
        "source": {"type": "string"}, "score": {"type": ["number", "null"]},
        "paper": {"type": "string"}, "page": {"type": ["integer", "null"], "minimum": 1},
        "page_name": {"type": "string"},
        "issue_label": {"type": "string",
                        "description": "where it was printed: 劳动午报 2025年10月31日 第3版 · 工会新闻"},
        "explain": {"$ref": "#/components/schemas/Explanation"},
        "page_key": PAGE_KEY,
        "fuzzy": FUZZY_PROPERTY,
    }
    missing = set(HIT_FIELDS) - set(hit_props) - {"explain"}
    assert not missing, f"hit fields without a schema: {missing}"
    hit_required = ["id", "headline", "kicker", "subtitle", "snippet", "url", "date",
                    "districts", "unions", "reporters", "source", "score", "issue_label"]
    # null: a selected union the index does not know (?union=...) has no level.
    levels = {"level": {"type": ["string", "null"],
                        "enum": [*UNION_LEVELS, None]}}
    return {
        "Hit": {"type": "object", "required": hit_required, "properties": hit_props},
        "Explanation": explanation_schema(),
        "SearchResult": {
            "type": "object",
            "required": ["total", "total_exact", "page", "per_page", "took_ms", "hits", "facets",
                         "facets_truncated", "next_cursor", "partial", "missing_shards"],
            "properties": {
                "total": {"type": "integer", "minimum": 0,
                          "description": "every result: documents containing the typed "
                                         "strings, their words or most of their characters"},
                "total_exact": {
                    "type": ["integer", "null"], "minimum": 0,
                    "description": "how many of the results contain the whole typed strings: "
                                   "the same query with every unquoted term (not an excluded "
                                   "one) read as if quoted, within the same filters; for "
                                   "'A B' documents containing both A and B, for 'A OR B' "
                                   "those containing A or B.  Equals total when every string "
                                   "is quoted; null with no string to count (no query, "
                                   "only fields such as reporter:)"},
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1},
                "took_ms": {"type": "number", "minimum": 0},
                "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                "facets": {"type": "object", "required": list(FACETS),
                           "properties": {name: _facet_value(levels if name == "union" else None)
                                          for name in FACETS}},
                "next_cursor": {"type": ["string", "null"], "maxLength": MAX_CURSOR_LENGTH,
                                "description": "pass as cursor= (with the same search) for the "
                                               "next hits; null at the end, or at the "
                                               f"{MAX_CURSOR_DEPTH}th hit"},
                "facets_truncated": {
                    "type": "array", "items": {"type": "string", "enum": list(FACETS)},
                    "description": "facets whose value lists were cut to the most frequent"},
                "notes": {"$ref": "#/components/schemas/Notes"},
                "partial": {"type": "boolean",
                            "description": "true when part of the archive did not answer (a "
                                           "shard of a cluster was down): hits, total and "
                                           "facets cover the rest"},
                "missing_shards": {"type": "array", "items": {"type": "string"},
                                   "description": "the shards that did not answer"},
            },
        },
        "Article": {
            "type": "object",
            "required": ["id", "headline", "body", "headline_html", "paragraphs_html",
                         "url", "districts", "unions", "reporters", "source", "related",
                         "citation"],
            "properties": {
                **{k: hit_props[k] for k in ("id", "kind", "headline", "kicker", "subtitle",
                                             "districts", "unions", "union_levels", "reporters",
                                             "correspondents", "photographers", "source", "date",
                                             "paper", "page", "page_name", "issue_label")},
                "neighbours": {"$ref": "#/components/schemas/Neighbours"},
                "dates_iso": {"type": "array", "items": NULLABLE_STRING,
                              "description": "dates (parallel list) in ISO form, null if unknown"},
                "dateline": {"type": "string"}, "body": {"type": "string"}, "dates": STRINGS,
                "headline_html": {"type": "string"}, "body_html": {"type": "string"},
                "paragraphs_html": STRINGS,
                "url": {"type": "string", "description": "the article's page on this service"},
                "source_url": NULLABLE_STRING,
                "citation": {"type": "string", "description": "GB/T 7714-2015 (newspaper)"},
                **ARTICLE_PAGE_PROPERTIES,
                "related": {"type": "array", "items": {"type": "object", "required": ["id", "url"],
                                                       "properties": hit_props}},
            },
        },
        **ISSUE_SCHEMAS,
        **PAGE_SCHEMAS,
        **TRENDS_SCHEMAS,
        "Suggestions": {"type": "object", "required": ["q", "suggestions"], "properties": {
            "q": {"type": "string"},
            "suggestions": {"type": "array", "items": {
                "type": "object", "required": ["text", "kind", "url"], "properties": {
                    "text": {"type": "string"},
                    "kind": {"type": "string", "enum": ["query", *SUGGESTION_KINDS],
                             "description": "query: the typed text itself (always first)"},
                    "count": {"type": "integer", "minimum": 1,
                              "description": "articles a search for the name shows (names "
                                             "with none are never suggested)"},
                    "facet": {"type": "string", "enum": list(FACETS)},
                    "id": {"type": "string", "description": "the article (kind headline)"},
                    "url": {"type": "string", "description": "the page choosing it opens"}}}}}},
        "Notes": {"type": "array", "description": "why a date in the query can match nothing, "
                                                  "why empty quotes find nothing, "
                                                  "or which shards did not answer (partial)",
                  "items": {"type": "object", "required": ["code", "value", "message"],
                            "properties": {"code": {"type": "string",
                                                    "enum": ["bad_date", "reversed_range",
                                                             "empty_quotes", "partial"]},
                                           "value": {"type": "string"},
                                           "message": {"type": "string"}}}},
        "Concordance": {
            "type": "object",
            "required": ["total", "documents", "width", "order", "truncated", "lines"],
            "properties": {
                "total": {"type": "integer", "minimum": 0,
                          "description": "occurrences in the matching documents"},
                "documents": {"type": "integer", "minimum": 0},
                "width": {"type": "integer", "minimum": 1, "maximum": MAX_WIDTH},
                "order": {"type": "string", "enum": list(KWIC_ORDERS)},
                "truncated": {"type": "boolean"},
                "query": {"type": "string"}, "notes": {"$ref": "#/components/schemas/Notes"},
                "lines": {"type": "array", "items": {
                    "type": "object",
                    "required": ["id", "headline", "date", "left", "match", "right", "url"],
                    "properties": {"id": hit_props["id"], "headline": {"type": "string"},
                                   "date": NULLABLE_STRING, "left": {"type": "string"},
                                   "match": {"type": "string", "minLength": 1},
                                   "right": {"type": "string"}, "url": hit_props["url"]}}},
            },
        },
        "Error": {"type": "object", "required": ["error", "status"],
                  "properties": {"error": {"type": "string"},
                                 "status": {"type": "integer", "minimum": 400, "maximum": 599}}},
    }


def _query(name, schema, description, repeat=0):
    param = {"name": name, "in": "query", "required": False,
             "description": description, "schema": schema}
    if repeat:
        param.update(schema={"type": "array", "items": schema, "maxItems": repeat},
                     style="form", explode=True)
    return param


def _search_parameters(config, paging=True):
    max_q = config["BAOKU_MAX_QUERY_LENGTH"]
    value = {"type": "string", "maxLength": MAX_FACET_VALUE}
    most = config["BAOKU_MAX_FILTER_VALUES"]
    return [
        _query("q", {"type": "string", "maxLength": max_q, "pattern": f"^{QUERY_PATTERN}$"},
               "words to find; empty browses everything. Syntax: words (AND), OR, -word, "
               "NOT, ( ), \"exact string\", field:value, date:2025-01..2025-06, and "
               "proximity: `a NEAR/n b` or `\"a b\"~n` (both strings with at most n "
               "characters between the end of one and the start of the other, either "
               f"order, counted in the text as indexed). At most {MAX_TERMS} pieces between "
               f"spaces, each of at most {MAX_STRING_CHARS} characters (more: 400); a "
               f"search runs at most {SEARCH_SECONDS:g} s (more: 503)"),
        *research_parameters(max_q),
        *(_query(name, {"type": "string", "pattern": f"^{facet.pattern}$"} if facet.pattern
                 else value, f"{name} (OR within a facet, AND across facets)", repeat=most)
          for name, facet in FACETS.items()),
        _query("sort", {"type": "string", "enum": list(SORTS), "default": SORTS[0]},
               "order of hits"),
        described("from", config), described("to", config),
    ] + ([
        described("cursor", config), described("page", config), described("per_page", config),
        _query("explain", {"type": "integer", "enum": [0, 1], "default": 0},
               "1: each hit gains `explain`, why it matched: the matched strings, the "
               "fields they were found in and each signal's share of the score (the "
               "signals' scores add up to the hit's score)"),
    ] if paging else [])


def _json(ref, description):
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def _errors(*codes):
    text = {400: "bad parameter", 404: "unknown id", 503: "index not available",
            414: "request line or query string too long (the server's own answer included)",
            429: "rate limited (when BAOKU_RATELIMIT is set)"}
    return {str(code): _json("Error", text[code]) for code in (*codes, 414, 429)}


def openapi_spec(config, server_url="/"):
    """The description as a dict, for ``/api/openapi.json`` and the tests."""
    search = {"summary": "Search articles", "operationId": "search",
              "parameters": _search_parameters(config),
              "responses": {"200": _json("SearchResult", "hits and facets"), **_errors(400, 503)}}
    article = {"summary": "One article", "operationId": "getArticle",
               "parameters": [{"name": "id", "in": "path", "required": True,
                               "schema": {"type": "string", "minLength": 1,
                                          "maxLength": MAX_ID_LENGTH}},
                              _query("q", {"type": "string"}, "words to highlight")],
               "responses": {"200": _json("Article", "the article"), **_errors(404, 503)}}
    suggest = {"summary": "Completions for a typed prefix", "operationId": "suggest",
               "parameters": [_query("q", {"type": "string",
                                           "maxLength": config["BAOKU_MAX_QUERY_LENGTH"]},
                                     "what has been typed"),
                              _query("limit", {"type": "integer", "minimum": 1, "maximum": 20,
                                               "default": 8}, "how many")],
               "responses": {"200": _json("Suggestions", "completions"), **_errors(400, 503)}}
    kwic = {"summary": "Concordance (KWIC) of a search", "operationId": "kwic",
            "parameters": _search_parameters(config, paging=False) + [
                _query("width", {"type": "integer", "minimum": 1, "maximum": MAX_WIDTH,
                                 "default": KWIC_WIDTH}, "characters on each side"),
                _query("order", {"type": "string", "enum": list(KWIC_ORDERS),
                                 "default": KWIC_ORDERS[0]},
                       "result order, or sorted by the left or right context"),
                _query("format", {"type": "string", "enum": list(KWIC_FORMATS),
                                  "default": KWIC_FORMATS[0]}, "JSON, or CSV to download")],
            "responses": {"200": {"description": "occurrences in context", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Concordance"}},
                "text/csv": {"schema": {
                    "type": "string", "description": "the header row, then a line an "
                    "occurrence; what it is of in the X-Baoku-Export-* headers"}}}},
                **_errors(400, 503)}}
    text = {"description": f"CSV: the header row, then up to {config['BAOKU_EXPORT_CAP']} rows "
                           f"({', '.join(EXPORT_COLUMNS)}), what it is of in the "
                           "X-Baoku-Export-* headers; JSON Lines: that in a first object, then "
                           "a row an object; a partial CSV ends with a note line",
            "content": {"text/csv": {"schema": {"type": "string"}},
                        "application/x-ndjson": {"schema": {"type": "string"}}}}
    export = {"summary": "The whole result set as CSV (UTF-8 with BOM) or JSON Lines",
              "operationId": "export",
              "parameters": _search_parameters(config, paging=False) + [
                  _query("format", {"type": "string", "enum": list(EXPORT_FORMATS),
                                    "default": EXPORT_FORMATS[0]}, "file format")],
              "responses": {"200": text, **_errors(400, 503)}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Baoku (报库) search API", "version": "1.0.0",
                 "description": "Full-text search over a Chinese newspaper archive."},
        "servers": [{"url": server_url.rstrip("/") or "/"}],
        "paths": {"/api/search": {"get": search},
                  "/api/articles/{id}": {"get": article},
                  "/api/suggest": {"get": suggest},
                  "/api/kwic": {"get": kwic},
                  "/api/export": {"get": export},
                  **_with_common_errors(ISSUE_PATHS),
                  **_with_common_errors(PAGE_PATHS),
                  **_with_common_errors(trends_paths(config["BAOKU_MAX_QUERY_LENGTH"],
                                                    config["BAOKU_MAX_FILTER_VALUES"]))},
        "components": {"schemas": _schemas()},
    }


def _with_common_errors(paths):
    """A copy of ``paths`` whose every operation also lists the errors any request
    can get (414, 429)."""
    return {path: {method: dict(op, responses={**op["responses"], **_errors()})
                   for method, op in methods.items()} for path, methods in paths.items()}
