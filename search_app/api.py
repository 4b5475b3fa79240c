"""The JSON API under /api: search, concordance, export, articles, suggestions and its
own OpenAPI description."""
from flask import Blueprint, abort, current_app, jsonify, request, stream_with_context

from indexer.searching import about_headers, concordance_about, concordance_csv

from . import archive
from .pagelayout import page_image
from .openapi import openapi_spec
from .params import export_params, kwic_params, search_params, suggest_params

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    """Ranked hits with highlighted snippets and facet counts."""
    params = search_params(request.args, current_app.config)
    result = archive.run_search(params)
    return partial_header(jsonify(result), result.get("partial"))


@bp.get("/kwic")
def kwic():
    """Every occurrence of the matched strings with ``width`` characters each side."""
    params = kwic_params(request.args, current_app.config)
    found = archive.run_kwic(params)
    if params["format"] == "json":
        return partial_header(jsonify(found), found.get("partial"))
    response = current_app.response_class(concordance_csv(found), content_type=EXPORT_TYPES["csv"])
    response.headers["Content-Disposition"] = "attachment; filename=baoku-kwic.csv"
    response.headers.update(about_headers(concordance_about(found)))  # the header row comes first
    return partial_header(response, found.get("partial"))


PARTIAL_HEADER = "X-Baoku-Partial"     # 1: part of a distributed archive did not answer


def partial_header(response, partial):
    """Say in the headers, too, that an answer lacks the matches of shards that are down."""
    if partial:
        response.headers[PARTIAL_HEADER] = "1"
    return response


EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


@bp.get("/export")
def export():
    """The whole result set (up to BAOKU_EXPORT_CAP rows) as CSV or JSON Lines, streamed."""
    params = export_params(request.args, current_app.config)
    seen = []
    lines = archive.export_lines(params, on_about=seen.append)
    first = next(lines)     # the index is opened (and any error raised) before streaming
    body = stream_with_context(_chain(first, lines))
    response = current_app.response_class(body, content_type=EXPORT_TYPES[params["format"]])
    response.headers["Content-Disposition"] = (
        f"attachment; filename=baoku-export.{params['format']}")
    response.headers.update(archive.export_headers(params))
    return partial_header(response, seen and seen[0].get("partial"))


def _chain(first, rest):
    yield first
    yield from rest


@bp.get("/articles/<path:article_id>")
def article(article_id):
    """One article: its record, highlighted HTML for ``q``, and related articles."""
    q = request.args.get("q", "")[: current_app.config["BAOKU_MAX_QUERY_LENGTH"]]
    found = archive.find_article(article_id, q=q)
    if found is None:
        abort(404, description=f"没有 id 为“{article_id}”的文章")
    found["related"] = archive.related_articles(article_id)
    found["page_image"] = page_image(found.get("page_key"))
    return jsonify(found)


@bp.get("/suggest")
def suggest():
    """Completions (headlines, union and district names) for what has been typed."""
    prefix, limit = suggest_params(request.args, current_app.config)
    return jsonify({"q": prefix, "suggestions": archive.suggestions(prefix, limit)})


@bp.get("/openapi.json")
def openapi():
    """This API's OpenAPI 3.1 description."""
    return jsonify(openapi_spec(current_app.config, request.url_root))
