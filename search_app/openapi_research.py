"""The OpenAPI description of the research tools: /api/trends (a term over time) and
the search parameters for OCR-tolerant matching, issues and proximity."""
from indexer.searching import FACETS
from indexer.searching.querysyntax import MAX_DISTANCE
from indexer.searching.trends import MAX_TERMS, PERIODS

from .parameters import described

_STR, _INT = {"type": "string"}, {"type": "integer", "minimum": 0}


def _obj(required, **props):
    return {"type": "object", "required": list(required), "properties": props}


def _list(schema):
    return {"type": "array", "items": schema}


def _query(name, schema, description, many=False):
    found = {"name": name, "in": "query", "required": False, "description": description,
             "schema": _list(schema) if many else schema}
    return dict(found, style="form", explode=True) if many else found


TRENDS_SCHEMAS = {"Trends": _obj(
    ("by", "terms", "periods", "series"), by={"type": "string", "enum": list(PERIODS)},
    terms=_list(_STR),
    periods=_list(_obj(("period", "articles"), period=_STR, articles=_INT)),
    series=_list(_obj(("q", "total", "points"), q=_STR, total=_INT, partial={"type": "boolean"},
                      points=_list(_obj(("period", "count", "share"), period=_STR, count=_INT,
                                        share={"type": "number", "minimum": 0,
                                               "maximum": 1})))))}


def trends_paths(max_q, most_values):
    params = [
        _query("q", {"type": "string", "maxLength": max_q},
               f"1 to {MAX_TERMS} queries (repeat q), each in the search syntax", many=True),
        _query("by", {"type": "string", "enum": list(PERIODS), "default": PERIODS[0]},
               "one point per month or per year"),
        *(_query(name, {"type": "string", "maxLength": 100},
                 f"{name} (OR within a facet, AND across facets); the period facet "
                 "narrows the periods shown", many=True) for name in FACETS),
        described("from", {}), described("to", {}),
        _query("format", {"type": "string", "enum": ["json", "csv"], "default": "json"},
               "csv: a row per period; cells a spreadsheet would run as formulas start with '"),
    ]
    ok = {"description": "per period: articles published, and per query the matching "
                         "count and its share (count / articles)",
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Trends"}},
                      "text/csv": {"schema": {"type": "string"}}}}
    err = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {"/api/trends": {"get": {
        "summary": "Share of articles per period matching each query",
        "operationId": "trends", "parameters": params,
        "responses": {"200": ok, "400": dict(err, description="bad parameter"),
                      "503": dict(err, description="index not available")}}}}


def _search_query(name, schema, description):
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}


def research_parameters(max_q):
    """The search parameters of the research tools (fuzzy, issue, edition, near_*)."""
    return [
        _search_query("fuzzy", {"type": "integer", "enum": [0, 1], "default": 0},
               "1: OCR-tolerant, every word and quoted string of q also matches with one "
               "character replaced by a visually confusable one (a sourced 形近字 table) or, "
               "from 4 characters, one character missing or extra inside it; the same as "
               "writing word~ or \"…\"~. Hits then say what differed (fuzzy)"),
        _search_query("issue", {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
               "only that day's issue (adds issue:DATE to q; the same as date:DATE)"),
        _search_query("edition", {"type": "integer", "minimum": 1, "maximum": 9999999},
               "only that printed page (版次) of the paper (adds edition:N to q); `page` is "
               "the results page"),
        _search_query("near_a", {"type": "string", "maxLength": max_q},
               "advanced form: a string that must be near near_b (adds \"a b\"~n to q)"),
        _search_query("near_b", {"type": "string", "maxLength": max_q}, "advanced form: see near_a"),
        _search_query("near_n", {"type": "integer", "minimum": 0, "maximum": MAX_DISTANCE,
                          "default": 10},
               "advanced form: most characters between near_a and near_b"),
    ]


# A hit's OCR-tolerant matches (indexer.searching.fuzzy).
FUZZY_PROPERTY = {"type": "array", "description": "OCR-tolerant strings found misread: "
                  "what was asked (q), the text found, and what differs ('己→已', '少“会”', "
                  "'多一字')", "items": {"type": "object", "properties": {
                      "q": {"type": "string"}, "found": {"type": "string"},
                      "differs": {"type": "string"}}}}
