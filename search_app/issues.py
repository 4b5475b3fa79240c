"""Browsing by issue (整报浏览): the calendar, one day's paper, what the archive holds.

Pages ``/issues`` and ``/issues/<date>`` (every title of a day, each apart),
``/titles`` (the holdings per title), ``/titles/<paper>`` (one title's
calendar) and ``/titles/<paper>/<date>`` (one title's issue); JSON
``/api/issues``, ``/api/issues/<date>``, ``/api/titles``,
``/api/titles/<paper>``, ``/api/titles/<paper>/<date>`` and ``/api/stats``.
Both render the same dicts from ``indexer.searching.issues``.
"""
import re

from flask import Blueprint, abort, current_app, jsonify, render_template, request

from indexer.reading.issuemeta import iso_date

from . import archive, parameters
from .links import KIND_LABELS, SOURCE_TYPE_LABELS
from .pagelayout import issue_with_pages

bp = Blueprint("issues", __name__)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def calendar_params(args):
    """``(year, month)`` from ``?year=&month=`` (``parameters.PARAMETERS``; a month
    without a year: that month of every year)."""
    config = current_app.config
    return parameters.read(args, "year", config), parameters.read(args, "month", config)


def _issue(date, paper=None):
    found = _DATE.fullmatch(date)
    if not found or not iso_date(*found.groups()):
        abort(404, description=f"'{date}' 不是日期（应为 YYYY-MM-DD）")
    result = archive.issue(date, _title(paper))
    if result is None:
        abort(404, description=f"报库中没有《{paper}》{date} 这一期" if paper
              else f"报库中没有 {date} 的报纸")
    return issue_with_pages(result)


def _title(paper):
    """``paper`` if the archive holds it (else a 404 naming the titles it holds)."""
    if paper is None:
        return None
    held = [t["paper"] for t in archive.summary()["titles"]]
    if paper not in held:
        abort(404, description=f"报库中没有《{paper[:40]}》；收录的有：" +
              "、".join(f"《{t}》" for t in held[:20]))
    return paper


def _calendar(paper=None):
    year, month = calendar_params(request.args)
    return archive.calendar(year, month, _title(paper))


def _calendar_page(paper=None):
    calendar = _calendar(paper)
    if calendar["year"] is None and calendar["years"]:
        calendar = archive.calendar(calendar["years"][-1]["year"], None, paper)
    return render_template("issues.html", calendar=calendar, summary=archive.summary(),
                           source_type_labels=SOURCE_TYPE_LABELS)


@bp.get("/issues")
def calendar_page():
    """Years, then months, then the days with an issue, with article counts (without
    ``?year=``, the latest year: a whole archive's days are too many for one page)."""
    return _calendar_page()


@bp.get("/issues/<date>")
def issue_page(date):
    """That day's titles, each apart, page by page, articles in printed order."""
    return render_template("issue.html", issue=_issue(date), kind_labels=KIND_LABELS,
                           source_type_labels=SOURCE_TYPE_LABELS)


@bp.get("/titles")
def titles_page():
    """What the archive holds, title by title: dates covered, issues, items."""
    return render_template("titles.html", summary=archive.summary(),
                           source_type_labels=SOURCE_TYPE_LABELS)


@bp.get("/titles/<paper>")
def title_calendar_page(paper):
    """One title's calendar (its issues only)."""
    return _calendar_page(paper)


@bp.get("/titles/<paper>/<date>")
def title_issue_page(paper, date):
    """One title's issue of that day, with that title's previous and next issues."""
    return render_template("issue.html", issue=_issue(date, paper), kind_labels=KIND_LABELS,
                           source_type_labels=SOURCE_TYPE_LABELS)


@bp.get("/api/titles")
def titles_api():
    """``[{paper, source_type, first_date, last_date, issues, items, articles}]``."""
    return jsonify(archive.summary()["titles"])


@bp.get("/api/titles/<paper>")
def title_calendar_api(paper):
    """One title's calendar (``?year=&month=`` to narrow)."""
    return jsonify(_calendar(paper))


@bp.get("/api/titles/<paper>/<date>")
def title_issue_api(paper, date):
    """One title's issue of that day."""
    return jsonify(_issue(date, paper))


@bp.get("/api/issues")
def calendar_api():
    """The dates with an issue and their counts (``?year=&month=`` to narrow)."""
    return jsonify(_calendar())


@bp.get("/api/issues/<date>")
def issue_api(date):
    """``{date, papers: [{paper, pages: [{page, page_name, image, articles}]}], prev, next}``;
    a page read from a printed page has its ``image`` and each article its ``regions``."""
    return jsonify(_issue(date))


@bp.get("/api/stats")
def stats_api():
    """Which papers, the date range, and how many articles, issues and documents."""
    return jsonify(archive.summary())
