"""The HTML pages: search with facets, and one article.  Server-rendered, no JS needed."""
from flask import Blueprint, abort, current_app, render_template, request

from . import archive
from indexer.searching import FACETS

from .histogram import month_bars
from .links import KIND_LABELS, SORT_LABELS, SearchLinks, unions_by_level
from .params import search_params

bp = Blueprint("pages", __name__)


@bp.get("/")
def search():
    """Results, facets, chips and pagination for the query string's state."""
    config = current_app.config
    params = search_params(request.args, config, cap_page=False)
    asked_page, max_page = params["page"], config["BAOKU_MAX_PAGE"]
    params["page"] = min(asked_page, max_page)
    result = archive.run_search(params)
    links = SearchLinks(params, config["BAOKU_PAGE_SIZE"])
    pagination = links.pages(result["total"], max_page)
    # Past the last numbered page: offer narrowing by date, not an error.
    beyond = result["total"] > pagination["last"] * params["per_page"] and \
        asked_page >= pagination["last"]
    if asked_page > max_page:
        result["hits"] = []
    return render_template(
        "search.html", params=params, result=result, links=links, facets=FACETS.values(),
        sort_labels=SORT_LABELS, kind_labels=KIND_LABELS, beyond=beyond,
        months=month_bars(result["facets"]["month"], params["filters"].get("year", []),
                          links.toggle),
        summary=archive.summary() if not params["q"] and not params["filters"] else None,
        unions=unions_by_level(result["facets"]["union"]), pagination=pagination)


@bp.get("/articles/<path:article_id>")
def article(article_id):
    """Full text with ``q`` highlighted, metadata as facet links, related articles."""
    q = request.args.get("q", "").strip()[: current_app.config["BAOKU_MAX_QUERY_LENGTH"]]
    found = archive.find_article(article_id, q=q)
    if found is None:
        abort(404, description="没有这篇文章，它可能已被删除，或链接有误。")
    return render_template("article.html", article=found, q=q,
                           related=archive.related_articles(article_id))
