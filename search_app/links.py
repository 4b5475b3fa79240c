"""URLs of the search page: every state lives in the query string, so links can be shared.

Facet links toggle one value in the current selection (several values of one
facet are OR-ed, facets are AND-ed); chips remove one; pagination and sorting
keep everything else.
"""
import math

from flask import url_for

from indexer.reading import titles
from indexer.reading.records import KINDS, UNION_LEVEL_LABELS
from indexer.searching import FACETS, SIGNALS, SORTS, looser_queries

from .params import VIEWS

LEVEL_LABELS = UNION_LEVEL_LABELS
SOURCE_TYPE_LABELS = titles.SOURCE_TYPE_LABELS
SORT_LABELS = dict(zip(SORTS, ("相关度", "最新在前", "最早在前"), strict=True))
KIND_LABELS = dict(zip(KINDS, ("文章", "图片", "栏头", "广告", "零散文字"), strict=True))
DATE_PARAMS = (("date_from", "from", "起"), ("date_to", "to", "止"))
SIGNAL_LABELS = dict(zip(SIGNALS, ("完整字符串", "词", "相连两字", "姓名、地区或工会",
                                   "其他条件", "排除", "全部"),
                         strict=True))
FIELD_LABELS = {"headline": "标题", "kicker": "引题", "subtitle": "副题", "body": "正文"}


class SearchLinks:
    """Builds the page's links from the checked search parameters."""

    def __init__(self, params, default_per_page):
        self.params = params
        self.default_per_page = default_per_page

    def args(self, *, filters=None, sort=None, page=1, q=None, view=None, dates=None):
        """The query-string arguments of a search (defaults left out)."""
        filters = self.params["filters"] if filters is None else filters
        sort = sort or self.params["sort"]
        q = self.params["q"] if q is None else q
        args = {name: list(filters[name]) for name in FACETS if filters.get(name)}
        dates = dates if dates is not None else {k: self.params.get(k) for k, _, _ in DATE_PARAMS}
        args.update({arg: dates[key] for key, arg, _ in DATE_PARAMS if dates.get(key)})
        if q:
            args["q"] = q
        if sort != SORTS[0]:
            args["sort"] = sort
        if page > 1:
            args["page"] = page
        if self.params["per_page"] != self.default_per_page:
            args["per_page"] = self.params["per_page"]
        view = self.params.get("view", VIEWS[0]) if view is None else view
        if view != VIEWS[0]:
            args["view"] = view
        return args

    def url(self, **changes):
        """The search page for these parameters (defaults left out of the URL)."""
        return url_for("pages.search", **self.args(**changes))

    def here(self):
        """This very page (the page number kept): where 'back' returns to."""
        return self.url(page=self.params["page"])

    def article(self, article_id):
        """An article's page that knows the search it was opened from."""
        return url_for("pages.article", article_id=article_id,
                       **self.args(page=self.params["page"]))

    def view(self, view, **extra):
        """The same search as a list of hits or as a concordance."""
        return url_for("pages.search", **self.args(view=view), **extra)

    def download(self, endpoint, **extra):
        """The same search (no page, no view) at an API or feed endpoint."""
        args = self.args(view=VIEWS[0])
        args.pop("per_page", None)
        return url_for(endpoint, **args, **extra)

    def looser(self):
        """``[(label, url)]``: looser searches to try when nothing was found."""
        tries = [(label, self.url(q=q)) for label, q in looser_queries(self.params["q"])]
        for facet, value, url in self.chips():
            tries.append((f"去掉筛选条件“{facet}：{value}”", url))
        return tries

    def toggle(self, facet, value):
        """Add ``value`` to the facet's selection, or remove it when selected."""
        filters = {name: list(values) for name, values in self.params["filters"].items()}
        chosen = filters.setdefault(facet, [])
        if value in chosen:
            chosen.remove(value)
        else:
            chosen.append(value)
        return self.url(filters=filters)

    def add(self, facet, value):
        """The current search narrowed by ``value`` (unchanged when already selected)."""
        if value in self.params["filters"].get(facet, []):
            return self.url()
        return self.toggle(facet, value)

    def chips(self):
        """``[(facet label, value, removal url)]`` for every active selection."""
        chips = [(FACETS[facet].label, LEVEL_LABELS.get(value, value) if facet == "level" else value,
                  self.toggle(facet, value))
                 for facet in FACETS for value in self.params["filters"].get(facet, [])]
        for key, _, label in DATE_PARAMS:
            if self.params.get(key):
                rest = {k: self.params.get(k) for k, _, _ in DATE_PARAMS if k != key}
                chips.append((f"日期{label}", self.params[key], self.url(dates=rest)))
        return chips

    def clear(self):
        """Same words, no facet selected, no dates."""
        return self.url(filters={}, dates={})

    def sort(self, sort):
        return self.url(sort=sort)

    def pages(self, total, max_page):
        """``(number, url)`` around the current page, with None marking a gap."""
        per_page, current = self.params["per_page"], self.params["page"]
        last = max(1, min(math.ceil(total / per_page), max_page))
        shown = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
        numbered, previous = [], 0
        for number in shown:
            if number - previous > 1:
                numbered.append((None, None))
            numbered.append((number, self.url(page=number)))
            previous = number
        return {"items": numbered, "last": last,
                "previous": self.url(page=current - 1) if current > 1 else None,
                "next": self.url(page=current + 1) if current < last else None}


def unions_by_level(facet):
    """The union facet grouped as ``[(level label, [items])]`` in UNION_LEVELS order."""
    groups = {level: [] for level in LEVEL_LABELS}
    for item in facet:
        groups.setdefault(item.get("level") or "enterprise", []).append(item)
    return [(LEVEL_LABELS.get(level, level), items) for level, items in groups.items() if items]
