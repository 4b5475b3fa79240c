"""The archive by issue: the calendar, one day's paper page by page, an article's
neighbours on its page, and what the archive holds, per title.

A title (``paper``: 劳动午报, 新闻联播) is browsed on its own: ``table.of_title``
is the table of its items only, so its calendar counts its issues and an
issue's previous and next are that title's.  A day with several titles lists
each apart, newspapers first (``titles.SOURCE_TYPES`` order), each with its
own previous and next issue.

Every engine gives an ``IssueTable`` of ``Item`` s (id, date, paper, page,
page_name, seq, kind, headline, lead, source: the embedded engine reads them
from columns once per index version, ``engines/embedded/results/issues``; the
Sphinx engine from its rows), and these functions answer from it: no stored
record is read.  Articles of a
page are in printed order (``seq``); a page without a number (a news archive's
items of one day) is one page per source, after the numbered ones.
"""
from collections import Counter, defaultdict
from typing import NamedTuple

from indexer.reading.issuemeta import issue_label, printed_date
from indexer.reading.titles import SOURCE_TYPES

ARTICLE_KINDS = ("news", "photo")    # what counts as an article (not banners, ads, fragments)


class Item(NamedTuple):
    id: str
    date: str
    paper: str
    page: int | None
    page_name: str
    seq: int
    kind: str
    headline: str
    lead: str
    source: str
    source_type: str = ""

    def page_key(self):
        """Which printed page the item is on (numbered pages first)."""
        return (self.date, self.paper, self.page is None, self.page or 0,
                self.source if self.page is None else "")


class IssueTable:
    """Every live document's place in the archive, grouped by day and by page."""

    def __init__(self, items):
        items = list(items)
        self.pages = defaultdict(list)           # page key -> items in printed order
        for item in items:
            self.pages[item.page_key()].append(item)
        for page in self.pages.values():
            page.sort(key=lambda i: (i.source, i.seq))
        self.position = {item.id: (key, n) for key, page in self.pages.items()
                         for n, item in enumerate(page)}
        self.days = defaultdict(list)            # date -> page keys, in order
        for key in sorted(k for k in self.pages if k[0]):
            self.days[key[0]].append(key)
        self.dates = sorted(self.days)
        self.articles = Counter(i.date for i in items if i.date and i.kind in ARTICLE_KINDS)
        self.issues = {(i.date, i.paper) for i in items if i.date}
        self.papers = Counter(i.paper for i in items if i.paper)
        self.documents = len(items)
        self.article_count = sum(1 for i in items if i.kind in ARTICLE_KINDS)
        self.source_types = {}
        for item in items:
            self.source_types.setdefault(item.paper, item.source_type)
        self._items, self._titles = items, {}

    def of_title(self, paper):
        """The table of ``paper``'s items only (made once; empty for an unknown title)."""
        if paper not in self._titles:
            self._titles[paper] = IssueTable(i for i in self._items if i.paper == paper)
        return self._titles[paper]

    def title_order(self, papers):
        """``papers`` newspapers first (SOURCE_TYPES order), then by name."""
        rank = {t: n for n, t in enumerate(SOURCE_TYPES)}
        return sorted(papers, key=lambda p: (rank.get(self.source_types.get(p), len(rank)), p))


def _day(table, date):
    papers = {key[1] for key in table.days[date]}
    return {"date": date, "printed": printed_date(date), "papers": sorted(papers),
            "pages": len(table.days[date]), "articles": table.articles[date]}


def calendar(table, year=None, month=None, paper=None):
    """The days with an issue: every year and (of ``year``, else all) month with its
    counts, and the days of ``year``/``month`` (all days when neither is given; a
    ``month`` without a year: that month of every year); of one title's issues when
    ``paper`` is given."""
    title = paper
    if paper:
        table = table.of_title(paper)
    years, months = Counter(), Counter()
    issues_in = Counter()
    for date, _paper in table.issues:
        issues_in[date[:4]] += 1
        issues_in[date[:7]] += 1
    for date in table.dates:
        years[date[:4]] += table.articles[date]
        months[date[:7]] += table.articles[date]
    prefix = year if month is None or year is None else f"{year}-{int(month):02d}"
    return {
        "paper": title,
        "year": year, "month": f"{year}-{int(month):02d}" if year and month else None,
        "years": [{"year": y, "issues": issues_in[y], "articles": years[y]}
                  for y in sorted({d[:4] for d in table.dates})],
        "months": [{"month": m, "issues": issues_in[m], "articles": months[m]}
                   for m in sorted({d[:7] for d in table.dates})
                   if (year is None or m.startswith(year))
                   and (year is not None or month is None or int(m[5:7]) == int(month))],
        "dates": [_day(table, d) for d in table.dates if (prefix is None or d.startswith(prefix))
                  and (year is not None or month is None or int(d[5:7]) == int(month))],
    }


def _around(dates, date):
    at = dates.index(date)
    return (dates[at - 1] if at else None), (dates[at + 1] if at + 1 < len(dates) else None)


def issue(table, date, paper=None):
    """One day's paper(s) page by page, articles in printed order, each title with its
    own ``prev``/``next``; only ``paper``'s issue when given.  None when no issue."""
    whole = table
    if paper:
        table = table.of_title(paper)
    if date not in table.days:
        return None
    papers = {}
    for key in table.days[date]:
        items = table.pages[key]
        first = items[0]
        page = {"page": first.page, "page_name": first.page_name, "source": first.source,
                "label": issue_label(first._asdict()),
                "articles": [{"id": i.id, "headline": i.headline, "kind": i.kind, "seq": i.seq,
                              "first_line": i.lead} for i in items]}
        papers.setdefault(first.paper, []).append(page)
    prev, next_ = _around(table.dates, date)
    return {"date": date, "printed": printed_date(date), "paper": paper,
            "papers": [_title_issue(whole, title, date, papers[title])
                       for title in whole.title_order(papers)],
            "prev": prev, "next": next_}


def _title_issue(table, paper, date, pages):
    own = table.of_title(paper)
    prev, next_ = _around(own.dates, date)
    return {"paper": paper, "source_type": table.source_types.get(paper) or "",
            "pages": pages, "prev": prev, "next": next_}


def neighbours(table, article_id):
    """The previous and next items on the article's page ({id, headline} or None)."""
    found = table.position.get(article_id)
    if found is None:
        return {"previous": None, "next": None}
    key, n = found
    page = table.pages[key]

    def brief(i):
        return {"id": page[i].id, "headline": page[i].headline, "kind": page[i].kind} \
            if 0 <= i < len(page) else None
    return {"previous": brief(n - 1), "next": brief(n + 1)}


def titles(table):
    """Each title's holdings: source type, first and last date, issues, items, articles."""
    found = []
    for paper in table.title_order(table.papers):
        own = table.of_title(paper)
        found.append({"paper": paper, "source_type": table.source_types.get(paper) or "",
                      "first_date": own.dates[0] if own.dates else None,
                      "last_date": own.dates[-1] if own.dates else None,
                      "issues": len(own.issues), "items": own.documents,
                      "articles": own.article_count})
    return found


def summary(table):
    """What the archive holds: papers, date range, articles, issues, documents, and
    each title's holdings (``titles``)."""
    return {"papers": [{"paper": p, "documents": n} for p, n in table.papers.most_common()],
            "titles": titles(table),
            "first_date": table.dates[0] if table.dates else None,
            "last_date": table.dates[-1] if table.dates else None,
            "articles": table.article_count, "issues": len(table.issues),
            "documents": table.documents}
