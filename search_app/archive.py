"""The archive as the web layer sees it: one engine per request, results shaped once.

The engine (``BAOKU_ENGINE``: an index folder, or a cluster's URL) is opened
on each request; the embedded one opens the live generation (cached per
generation by the library) and lends itself a searcher from the library's
pool: a commit by ``baoku index`` is visible on the next request without a
restart, and no searcher is shared between threads.  Nothing here knows which
engine answers.  Both the HTML pages and the JSON API render the dicts
returned here.
"""
from flask import current_app, g, url_for

from indexer import searching
from indexer.engines import open_engine
from indexer.reading.districts import DISTRICTS
from indexer.reading.records import MAX_ID_LENGTH
from indexer.reading.titles import SOURCE_TYPE_LABELS, title_from_source
from indexer.searching import citation
from indexer.searching.cursor import MAX_CURSOR_DEPTH, CursorRefused
from indexer.searching.export import about_headers

from .errors import BadParameter


def get_engine():
    """The engine for this request (opened on first use)."""
    if "baoku_engine" not in g:
        g.baoku_engine = open_engine(current_app.config["BAOKU_ENGINE"])
    return g.baoku_engine


def forget_engine(exc=None):
    """Teardown: drop this request's handle (the library owns and caches the index)."""
    g.pop("baoku_engine", None)


def article_url(article_id, **args):
    """The absolute permalink of an article page."""
    return url_for("pages.article", article_id=article_id, _external=True, **args)


def with_all_districts(facet):
    """Every district, zero counts included, in the library's order then the canonical one."""
    seen = {item["value"] for item in facet}
    missing = [{"value": name, "count": 0, "selected": False}
               for name in DISTRICTS if name not in seen]
    return list(facet) + missing


CURSOR_REFUSALS_ZH = {
    "forged": "不是本站给出的翻页标记（可能被改动过，或来自其他站点），请从第一页重新检索",
    "other_search": "属于另一次检索（检索词、筛选、排序或日期不同），请从第一页重新检索",
    "too_deep": f"翻页标记最多到第 {MAX_CURSOR_DEPTH} 条，请用日期或筛选缩小范围",
    "unavailable": "本站暂时无法验证翻页标记（请管理员查看日志），请用页码翻页",
}


def run_search(params):
    """Search with checked ``params``; hits gain ``url``, districts list all 17 (those
    with hits first), ``notes`` says why a date in the query can match nothing."""
    try:
        result = get_engine().search(
            params["q"], filters=params["filters"], sort=params["sort"],
            page=params["page"], per_page=params["per_page"], date_from=params.get("date_from"),
            date_to=params.get("date_to"), cursor=params.get("cursor"),
            explain=params.get("explain", False))
    except CursorRefused as refused:    # made up, altered, another installation's or search's
        raise BadParameter("cursor", CURSOR_REFUSALS_ZH[refused.reason]) from None
    for hit in result["hits"]:
        hit["url"] = article_url(hit["id"])
    facets = result["facets"]
    facets["district"] = with_all_districts(facets.get("district", []))
    return result


def run_kwic(params, limit=None):
    """The concordance for checked ``params``; each line gains its article's ``url``."""
    found = get_engine().concordance(
        params["q"], filters=params["filters"], sort=params["sort"],
        width=params["width"], order=params["order"],
        limit=searching.MAX_LINES if limit is None else limit,
        date_from=params.get("date_from"), date_to=params.get("date_to"))
    for line in found["lines"]:
        line["url"] = article_url(line["id"])
    return found


def export_lines(params, on_about=None):
    """The export's lines for checked ``params``, up to the configured cap;
    ``on_about(about)`` hears what it is of before the first line."""
    return get_engine().export_lines(
        params["q"], filters=params["filters"], sort=params["sort"],
        fmt=params["format"], cap=current_app.config["BAOKU_EXPORT_CAP"], link=article_url,
        date_from=params.get("date_from"), date_to=params.get("date_to"), on_about=on_about)


def export_headers(params):
    """What an export is of (its query, filters, dates and the index version), as
    response headers: a CSV's first row is its header, so it is said here."""
    version = get_engine().version()
    return about_headers({"query": params["q"], "filters": params["filters"],
                          "sort": params["sort"], "from": params.get("date_from"),
                          "to": params.get("date_to"), "index": version["version"],
                          "index_updated": version["updated"]})


def newest(params, limit):
    """The newest ``limit`` matches (hits with ``url``) and the index's version."""
    result = run_search(dict(params, sort="date", page=1, per_page=limit, cursor=None))
    return result, get_engine().version()


def find_article(article_id, q=""):
    """The article with HTML fields for display, or None when the id is unknown."""
    if not article_id or len(article_id) > MAX_ID_LENGTH:
        return None
    article = get_engine().get_article(article_id, q=q)
    if article is None:
        return None
    # a record read before types existed: its type guessed from its own url, not the permalink
    article["source_type"] = citation.source_type(article)
    source_url = article.get("url") or ""
    # Only web addresses become links: a record may carry anything in ``url``.
    article["source_url"] = source_url if source_url.startswith(("http://", "https://")) else None
    article["url"] = article_url(article_id)
    article["neighbours"] = get_engine().neighbours(article_id)
    article["citation"] = searching.gbt7714(article, url=citation_url(article))
    article["source_type_label"] = SOURCE_TYPE_LABELS.get(citation.source_type(article), "")
    # a page's source is its file (shown apart); a JSON Lines item's may be a credit
    article["source_is_file"] = bool(article.get("source")) and not title_from_source(
        article["source"])
    return article


def citation_url(article):
    """The address a citation gives: a web item's or programme's own page, else the permalink."""
    if citation.source_type(article) in ("web", "broadcast") and article.get("source_url"):
        return article["source_url"]
    return article["url"]


def related_articles(article_id, limit=5):
    """Articles like this one (more_like_this), each with its ``url``."""
    hits = get_engine().related(article_id, limit=limit)
    for hit in hits:
        hit["url"] = article_url(hit["id"])
    return hits


def suggestions(prefix, limit):
    """Completions for a typed prefix, each with the ``url`` choosing it opens: the
    typed text first (a search for it), then names with articles (each with
    ``count``; a name its facet's search, a street a search for it), then
    headlines (their articles); ``limit`` in all."""
    if not prefix or not prefix.strip():
        return []
    typed = {"text": prefix.strip(), "kind": "query",
             "url": url_for("pages.search", q=prefix.strip())}
    found = get_engine().suggest(prefix, limit=limit - 1) if limit > 1 else []
    for item in found:
        if "id" in item:
            item["url"] = url_for("pages.article", article_id=item["id"])
        elif "facet" in item:
            item["url"] = url_for("pages.search", **{item["facet"]: item["text"]})
        else:
            item["url"] = url_for("pages.search", q=item["text"])
    return [typed, *found]


def summary():
    """What the archive holds (papers, dates, articles, issues)."""
    return get_engine().summary()


def health():
    """``{status: ok, documents}`` when the archive answers (for /healthz)."""
    return get_engine().health()


def _top(facet):
    return [item["value"] for item in facet if item["count"]]


def help_examples():
    """``{syntax: [(query, what it finds)]}`` built from what this index holds, so
    every example on the help page finds something (an example needing a facet
    value the index lacks is left out)."""
    everything = run_search({"q": "", "filters": {}, "sort": "date", "page": 1, "per_page": 1})
    facets = everything["facets"]
    districts, unions = _top(facets["district"]), _top(facets["union"])
    reporters, years = _top(facets["reporter"]), sorted(_top(facets["year"]))
    newest = next((hit["date"] for hit in everything["hits"] if hit.get("date")), None)
    examples = []
    if unions:
        word = unions[0]
        examples += [(word, f"含有“{word}”的文章，完全一致的排在最前，其后是含有其中各个词的"),
                     (f'"{word}"', "只要完全含有这个字符串的文章")]
    if len(reporters) > 1:
        examples.append((f"{reporters[0]} OR {reporters[1]}", "含有两者之一"))
    if unions and districts:
        examples.append((f"{districts[0]} NEAR/20 工会",
                         f"“{districts[0]}”与“工会”相距不超过 20 个字（顺序不限）"))
    if unions and districts:
        examples += [(f"{unions[0]} -{districts[0]}", f"含有“{unions[0]}”但不含“{districts[0]}”"),
                     (f"NOT {districts[0]}", f"不含“{districts[0]}”的全部文章")]
    for field, values, what in (("reporter", reporters, "记者"), ("district", districts, "区域"),
                                ("union", unions, "工会（简称也可，如“市总工会”）")):
        if values:
            examples.append((f"{field}:{values[0]}", f"{what}为“{values[0]}”的文章"))
    if newest:
        year, month = newest[:4], newest[:7]
        examples += [(f"date:{year}", f"{year} 年的文章"), (f"date:{month}", f"{month} 的文章")]
        if len(years) > 1:
            examples.append((f"date:{years[0]}..{years[-1]}", "某一段时间（含首尾）"))
    return examples


def issue(date, paper=None):
    """One day's issue: its titles' pages and articles (one title's when given)."""
    return get_engine().issue(date, paper)


def calendar(year=None, month=None, paper=None):
    """Issues by year, month and day (of one title when ``paper`` is given)."""
    return get_engine().calendar(year, month, paper)
