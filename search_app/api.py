"""The JSON API under /api: search, articles, suggestions and its own OpenAPI description."""
from flask import Blueprint, abort, current_app, jsonify, request

from . import archive
from .openapi import openapi_spec
from .params import search_params, suggest_params

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    """Ranked hits with highlighted snippets and facet counts."""
    params = search_params(request.args, current_app.config)
    return jsonify(archive.run_search(params))


@bp.get("/articles/<path:article_id>")
def article(article_id):
    """One article: its record, highlighted HTML for ``q``, and related articles."""
    q = request.args.get("q", "")[: current_app.config["BAOKU_MAX_QUERY_LENGTH"]]
    found = archive.find_article(article_id, q=q)
    if found is None:
        abort(404, description=f"no article with id '{article_id}'")
    found["related"] = archive.related_articles(article_id)
    return jsonify(found)


@bp.get("/suggest")
def suggest():
    """Completions (headlines, union and district names) for what has been typed."""
    prefix, limit = suggest_params(request.args, current_app.config)
    return jsonify({"q": prefix, "suggestions": archive.suggestions(prefix, limit)})


@bp.get("/openapi.json")
def openapi():
    """This API's OpenAPI 3.1 description."""
    return jsonify(openapi_spec(current_app.config, request.host_url))
