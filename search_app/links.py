"""URLs of the search page: every state lives in the query string, so links can be shared.

Facet links toggle one value in the current selection (several values of one
facet are OR-ed, facets are AND-ed); chips remove one; pagination and sorting
keep everything else.
"""
import math

from flask import url_for

from indexer.reading.records import UNION_LEVELS
from indexer.searching import FACETS, SIGNALS, SORTS

LEVEL_LABELS = dict(zip(UNION_LEVELS, ("全国", "市级", "区级", "街道乡镇", "企业和行业"), strict=True))
SORT_LABELS = dict(zip(SORTS, ("相关度", "日期"), strict=True))
SIGNAL_LABELS = dict(zip(SIGNALS, ("完整字符串", "词", "双字", "字段", "常量", "排除", "全部"),
                         strict=True))
FIELD_LABELS = {"headline": "标题", "kicker": "引题", "subtitle": "副题", "body": "正文"}


class SearchLinks:
    """Builds the page's links from the checked search parameters."""

    def __init__(self, params, default_per_page):
        self.params = params
        self.default_per_page = default_per_page

    def url(self, *, filters=None, sort=None, page=1):
        """The search page for these parameters (defaults left out of the URL)."""
        filters = self.params["filters"] if filters is None else filters
        sort = sort or self.params["sort"]
        args = {name: list(filters[name]) for name in FACETS if filters.get(name)}
        if self.params["q"]:
            args["q"] = self.params["q"]
        if sort != SORTS[0]:
            args["sort"] = sort
        if page > 1:
            args["page"] = page
        if self.params["per_page"] != self.default_per_page:
            args["per_page"] = self.params["per_page"]
        return url_for("pages.search", **args)

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
        return [(FACETS[facet].label, value, self.toggle(facet, value))
                for facet in FACETS for value in self.params["filters"].get(facet, [])]

    def clear(self):
        """Same words, no facet selected."""
        return self.url(filters={})

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
