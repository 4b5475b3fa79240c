"""The HTML pages: search with facets, and one article.  Server-rendered, no JS needed."""
from flask import Blueprint, abort, current_app, render_template, request

from . import archive
from indexer.searching import FACETS

from .links import FIELD_LABELS, SIGNAL_LABELS, SORT_LABELS, SearchLinks, unions_by_level
from .params import search_params

bp = Blueprint("pages", __name__)


@bp.get("/")
def search():
    """Results, facets, chips and pagination for the query string's state."""
    config = current_app.config
    params = search_params(request.args, config)
    result = archive.run_search(dict(params, explain=True))     # each hit's 为什么匹配
    links = SearchLinks(params, config["BAOKU_PAGE_SIZE"])
    return render_template(
        "search.html", params=params, result=result, links=links, facets=FACETS.values(),
        sort_labels=SORT_LABELS, signal_labels=SIGNAL_LABELS, field_labels=FIELD_LABELS,
        unions=unions_by_level(result["facets"]["union"]),
        pagination=links.pages(result["total"], config["BAOKU_MAX_PAGE"]))


@bp.get("/articles/<path:article_id>")
def article(article_id):
    """Full text with ``q`` highlighted, metadata as facet links, related articles."""
    q = request.args.get("q", "").strip()[: current_app.config["BAOKU_MAX_QUERY_LENGTH"]]
    found = archive.find_article(article_id, q=q)
    if found is None:
        abort(404, description="没有这篇文章，它可能已被删除，或链接有误。")
    return render_template("article.html", article=found, q=q,
                           related=archive.related_articles(article_id))
