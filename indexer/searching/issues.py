"""The archive by issue: the calendar, one day's paper page by page, an article's
neighbours on its page, and what the archive holds.

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


def _day(table, date):
    papers = {key[1] for key in table.days[date]}
    return {"date": date, "printed": printed_date(date), "papers": sorted(papers),
            "pages": len(table.days[date]), "articles": table.articles[date]}


def calendar(table, year=None, month=None):
    """The days with an issue: every year and (of ``year``, else all) month with its
    counts, and the days of ``year``/``month`` (all days when neither is given; a
    ``month`` without a year: that month of every year)."""
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


def issue(table, date):
    """One day's paper(s) page by page, articles in printed order; None when no issue."""
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
    at = table.dates.index(date)
    return {"date": date, "printed": printed_date(date),
            "papers": [{"paper": paper, "pages": pages} for paper, pages in papers.items()],
            "prev": table.dates[at - 1] if at else None,
            "next": table.dates[at + 1] if at + 1 < len(table.dates) else None}


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


def summary(table):
    """What the archive holds: papers, date range, articles, issues, documents."""
    return {"papers": [{"paper": p, "documents": n} for p, n in table.papers.most_common()],
            "first_date": table.dates[0] if table.dates else None,
            "last_date": table.dates[-1] if table.dates else None,
            "articles": table.article_count, "issues": len(table.issues),
            "documents": table.documents}
