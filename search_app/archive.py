"""The index as the web layer sees it: looked up once per request, results shaped once.

``open_index`` is asked on each request (it is cached per generation by the
library), and every library call takes its own searcher from the library's
pool and gives it back: a commit by ``baoku index`` is visible on the next
request without a restart, and no searcher is shared between threads.  Both
the HTML pages and the JSON API render the dicts returned here.
"""
from flask import current_app, g, url_for

from indexer import searching
from indexer.reading.districts import DISTRICTS
from indexer.reading.records import MAX_ID_LENGTH


def get_index():
    """The index for this request (opened on first use)."""
    if "baoku_index" not in g:
        g.baoku_index = searching.open_index(current_app.config["BAOKU_INDEX"])
    return g.baoku_index


def forget_index(exc=None):
    """Teardown: drop this request's handle (the library owns and caches the index)."""
    g.pop("baoku_index", None)


def article_url(article_id, **args):
    """The absolute permalink of an article page."""
    return url_for("pages.article", article_id=article_id, _external=True, **args)


def with_all_districts(facet):
    """Every district, zero counts included, in the library's order then the canonical one."""
    seen = {item["value"] for item in facet}
    missing = [{"value": name, "count": 0, "selected": False}
               for name in DISTRICTS if name not in seen]
    return list(facet) + missing


def run_search(params):
    """Search with checked ``params``; hits gain ``url``, districts list all 17."""
    result = searching.search(
        get_index(), params["q"], filters=params["filters"], sort=params["sort"],
        page=params["page"], per_page=params["per_page"],
        explain=params.get("explain", False))
    for hit in result["hits"]:
        hit["url"] = article_url(hit["id"])
    facets = result["facets"]
    facets["district"] = with_all_districts(facets.get("district", []))
    return result


def find_article(article_id, q=""):
    """The article with HTML fields for display, or None when the id is unknown."""
    if not article_id or len(article_id) > MAX_ID_LENGTH:
        return None
    article = searching.get_article(get_index(), article_id, q=q)
    if article is None:
        return None
    source_url = article.get("url") or ""
    # Only web addresses become links: a record may carry anything in ``url``.
    article["source_url"] = source_url if source_url.startswith(("http://", "https://")) else None
    article["url"] = article_url(article_id)
    return article


def related_articles(article_id, limit=5):
    """Articles like this one (more_like_this), each with its ``url``."""
    hits = searching.related(get_index(), article_id, limit=limit)
    for hit in hits:
        hit["url"] = article_url(hit["id"])
    return hits


def suggestions(prefix, limit):
    """Completions for a typed prefix; nothing for an empty prefix."""
    if not prefix:
        return []
    return searching.suggest(get_index(), prefix, limit=limit)


def document_count():
    """How many documents the index holds (for /healthz)."""
    return searching.document_count(get_index())
