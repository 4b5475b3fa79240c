"""The HTML pages: search with facets (or a concordance), one article, help.
Server-rendered, no JS needed."""
import time

from flask import Blueprint, abort, current_app, render_template, request

from . import archive
from indexer.searching import FACETS, KWIC_ORDERS, bibtex, ris
from indexer.searching.exactcount import exact_reading

from .errors import BadParameter
from .histogram import month_bars, year_links
from .pagelayout import clippings, page_image
from .links import (FIELD_LABELS, KIND_LABELS, LEVEL_LABELS, SIGNAL_LABELS, SORT_LABELS,
                    SOURCE_TYPE_LABELS, SearchLinks, unions_by_level)
from .params import kwic_params, page_view, search_params

bp = Blueprint("pages", __name__)
ORDER_LABELS = dict(zip(KWIC_ORDERS, ("结果顺序", "按左侧排列", "按右侧排列"), strict=True))


@bp.get("/")
def search():
    """Results (or, with ``view=kwic``, a concordance), facets, chips and pagination."""
    started = time.perf_counter()
    config = current_app.config
    view = page_view(request.args)
    params = dict(kwic_params(request.args, config, cap_page=False), view=view, explain=True)
    asked_page, max_page = params["page"], config["BAOKU_MAX_PAGE"]
    params["page"] = min(asked_page, max_page)
    result = archive.run_search(params)         # explained: each hit's 为什么匹配
    links = SearchLinks(params, config["BAOKU_PAGE_SIZE"])
    pagination = links.pages(result["total"], max_page)
    # Past the last page: show the last one and say why (with too many results for
    # the numbered pages, offer narrowing by date), never an error.
    beyond = asked_page > pagination["last"] or (
        asked_page == pagination["last"] and result["total"] > asked_page * params["per_page"])
    if asked_page > pagination["last"]:
        params["page"] = pagination["last"]
        result = archive.run_search(params)
        pagination = links.pages(result["total"], max_page)
    kwic = archive.run_kwic(params, limit=config["BAOKU_KWIC_LINES"]) if view == "kwic" else None
    return render_template(
        "search.html", params=params, result=result, links=links, facets=FACETS.values(),
        sort_labels=SORT_LABELS, kind_labels=KIND_LABELS, beyond=beyond, kwic=kwic,
        order_labels=ORDER_LABELS, signal_labels=SIGNAL_LABELS, field_labels=FIELD_LABELS,
        months=month_bars(result["facets"]["month"], params["filters"].get("year", []),
                          links.toggle),
        month_years=year_links(result["facets"]["year"], params["filters"].get("year", []),
                               links.toggle),
        summary=archive.summary() if not params["q"] and not params["filters"] else None,
        unions=unions_by_level(result["facets"]["union"]), pagination=pagination,
        source_type_labels=SOURCE_TYPE_LABELS, level_labels=LEVEL_LABELS,
        exact_q=exact_reading(params["q"])[1],
        page_ms=(time.perf_counter() - started) * 1000)


def _search_state():
    """The search an article was opened from (its query string), or a bare one."""
    config = current_app.config
    try:
        return search_params(request.args, config)
    except BadParameter:
        q = request.args.get("q", "").strip()[: config["BAOKU_MAX_QUERY_LENGTH"]]
        return {"q": q, "filters": {}, "sort": "relevance", "page": 1,
                "per_page": config["BAOKU_PAGE_SIZE"]}


def _article_or_404(article_id, q=""):
    found = archive.find_article(article_id, q=q)
    if found is None:
        abort(404, description="没有这篇文章，它可能已被删除，或链接有误。可以在上面的搜索框重新检索。")
    return found


@bp.get("/articles/<path:article_id>")
def article(article_id):
    """Full text with ``q`` highlighted, metadata as facet links, a citation, related
    articles, and a way back to the very results page it was opened from."""
    params = _search_state()
    found = _article_or_404(article_id, params["q"])
    image = page_image(found.get("page_key"))
    return render_template("article.html", article=found, q=params["q"], params=params,
                           image=image, clips=clippings(found, image) if image else [],
                           links=SearchLinks(params, current_app.config["BAOKU_PAGE_SIZE"]),
                           related=archive.related_articles(article_id))


@bp.get("/articles/<path:article_id>/cite.<any(ris, bib):fmt>")
def cite(article_id, fmt):
    """The article's citation as a RIS or BibTeX file, with its permalink."""
    found = _article_or_404(article_id)
    url = archive.citation_url(found)
    text = ris(found, url) if fmt == "ris" else bibtex(found, url)
    mimetype = "application/x-research-info-systems" if fmt == "ris" else "application/x-bibtex"
    response = current_app.response_class(text, mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename=baoku-citation.{fmt}"
    return response


@bp.get("/help")
def help_page():
    """How to search, in Chinese; every example is a link that runs it."""
    return render_template("help.html", q="", examples=archive.help_examples())
