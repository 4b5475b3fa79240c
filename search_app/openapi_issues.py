"""The OpenAPI description of browsing by issue: /api/issues, /api/issues/{date}, /api/stats,
and by title: /api/titles, /api/titles/{paper}, /api/titles/{paper}/{date}."""
from indexer.reading.records import KINDS
from indexer.reading.titles import SOURCE_TYPES

from .openapi_pages import BOXES
from .parameters import described

_STR, _INT = {"type": "string"}, {"type": "integer", "minimum": 0}


def _obj(required, **props):
    return {"type": "object", "required": list(required), "properties": props}


def _list(schema):
    return {"type": "array", "items": schema}


_ARTICLE = _obj(("id", "headline", "kind", "seq"), id=_STR, headline=_STR,
                kind={"type": "string", "enum": list(KINDS)}, seq=_INT, first_line=_STR,
                regions=dict(BOXES, description="its region(s) on the page's image"))
_PAGE = _obj(("page", "page_name", "articles"), page={"type": ["integer", "null"]},
             page_name=_STR, source=_STR, label=_STR, articles=_list(_ARTICLE),
             image={"$ref": "#/components/schemas/PageImage"})
_NULLABLE_DATE = {"type": ["string", "null"]}
_SOURCE_TYPE = {"type": "string", "enum": [*SOURCE_TYPES, ""]}
_TITLE = _obj(("paper", "source_type", "first_date", "last_date", "issues", "items", "articles"),
              paper=_STR, source_type=_SOURCE_TYPE, first_date=_NULLABLE_DATE,
              last_date=_NULLABLE_DATE, issues=_INT, items=_INT, articles=_INT)

ISSUE_SCHEMAS = {
    "Issue": _obj(("date", "papers", "prev", "next"), date=_STR, printed=_STR,
                  paper={"type": ["string", "null"]},
                  papers=_list(_obj(("paper", "pages", "prev", "next"), paper=_STR,
                                    source_type=_SOURCE_TYPE, pages=_list(_PAGE),
                                    prev=_NULLABLE_DATE, next=_NULLABLE_DATE)),
                  prev=_NULLABLE_DATE, next=_NULLABLE_DATE),
    "Calendar": _obj(("years", "months", "dates"), paper={"type": ["string", "null"]},
                     year=_NULLABLE_DATE, month=_NULLABLE_DATE,
                     years=_list(_obj(("year", "issues", "articles"), year=_STR, issues=_INT,
                                      articles=_INT)),
                     months=_list(_obj(("month", "issues", "articles"), month=_STR,
                                       issues=_INT, articles=_INT)),
                     dates=_list(_obj(("date", "papers", "pages", "articles"), date=_STR,
                                      printed=_STR, papers=_list(_STR), pages=_INT,
                                      articles=_INT))),
    "Neighbours": _obj(("previous", "next"), **{
        side: {"oneOf": [{"type": "null"},
                         _obj(("id", "headline"), id=_STR, headline=_STR, kind=_STR)]}
        for side in ("previous", "next")}),
    "Title": _TITLE,
    "Titles": _list(_TITLE),
    "Stats": _obj(("papers", "titles", "first_date", "last_date", "articles", "issues",
                   "documents"),
                  papers=_list(_obj(("paper", "documents"), paper=_STR, documents=_INT)),
                  titles=_list(_TITLE),
                  first_date=_NULLABLE_DATE, last_date=_NULLABLE_DATE, articles=_INT,
                  issues=_INT, documents=_INT),
}


def _json(ref, description):
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


_ERRORS = {"400": _json("Error", "bad parameter"), "404": _json("Error", "no such issue"),
           "503": _json("Error", "index not available")}

_PAPER = {"name": "paper", "in": "path", "required": True, "description": "a title (报刊/节目名)",
          "schema": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": "^[^/]+$"}}

ISSUE_PATHS = {
    "/api/issues": {"get": {
        "summary": "The dates with an issue, with counts", "operationId": "listIssues",
        "parameters": [described("year", {}), described("month", {})],
        "responses": {"200": _json("Calendar", "years, months and days"),
                      **{k: v for k, v in _ERRORS.items() if k != "404"}}}},
    "/api/issues/{date}": {"get": {
        "summary": "One day's paper page by page", "operationId": "getIssue",
        "parameters": [{"name": "date", "in": "path", "required": True,
                        "schema": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}}],
        "responses": {"200": _json("Issue", "pages, articles in printed order, prev/next"),
                      **{k: v for k, v in _ERRORS.items() if k != "400"}}}},
    "/api/stats": {"get": {
        "summary": "What the archive holds", "operationId": "stats",
        "responses": {"200": _json("Stats", "papers, date range, articles and issues"),
                      "503": _ERRORS["503"]}}},
    "/api/titles": {"get": {
        "summary": "Each title's holdings: type, dates covered, issues, items",
        "operationId": "listTitles",
        "responses": {"200": _json("Titles", "titles, newspapers first"),
                      "503": _ERRORS["503"]}}},
    "/api/titles/{paper}": {"get": {
        "summary": "One title's calendar", "operationId": "titleCalendar",
        "parameters": [_PAPER, described("year", {}), described("month", {})],
        "responses": {"200": _json("Calendar", "that title's years, months and days"),
                      **_ERRORS}}},
    "/api/titles/{paper}/{date}": {"get": {
        "summary": "One title's issue of one day", "operationId": "getTitleIssue",
        "parameters": [_PAPER, {"name": "date", "in": "path", "required": True, "schema": {
            "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}}],
        "responses": {"200": _json("Issue", "that title's pages, its own prev/next"),
                      **{k: v for k, v in _ERRORS.items() if k != "400"}}}},
}
