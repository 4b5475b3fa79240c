"""Browsing by issue (整报浏览): the calendar, one day's paper, what the archive holds.

Pages ``/issues`` and ``/issues/<date>``; JSON ``/api/issues``,
``/api/issues/<date>`` and ``/api/stats``.  Both render the same dicts from
``indexer.searching.issues``.
"""
import re

from flask import Blueprint, abort, jsonify, render_template, request

from indexer.reading.issuemeta import iso_date

from . import archive
from .errors import BadParameter
from .links import KIND_LABELS
from .pagelayout import issue_with_pages

bp = Blueprint("issues", __name__)
_YEAR = re.compile(r"[0-9]{4}")
_MONTH = re.compile(r"(0?[1-9]|1[0-2])")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def calendar_params(args):
    """``(year, month)`` from ``?year=&month=`` (month needs a year)."""
    year, month = args.get("year") or None, args.get("month") or None
    if year is not None and not _YEAR.fullmatch(year):
        raise BadParameter("year", "应为四位数的年份，例如 2025")
    if month is not None and not _MONTH.fullmatch(month):
        raise BadParameter("month", "应为月份 1–12")
    if month is not None and year is None:
        raise BadParameter("month", "需要同时给出年份（year）")
    return year, (int(month) if month else None)


def _issue(date):
    found = _DATE.fullmatch(date)
    if not found or not iso_date(*found.groups()):
        abort(404, description=f"'{date}' 不是日期（应为 YYYY-MM-DD）")
    result = archive.issue(date)
    if result is None:
        abort(404, description=f"报库中没有 {date} 的报纸")
    return issue_with_pages(result)


def _calendar():
    year, month = calendar_params(request.args)
    return archive.calendar(year, month)


@bp.get("/issues")
def calendar_page():
    """Years, then months, then the days with an issue, with article counts (without
    ``?year=``, the latest year: a whole archive's days are too many for one page)."""
    calendar = _calendar()
    if calendar["year"] is None and calendar["years"]:
        calendar = archive.calendar(calendar["years"][-1]["year"])
    return render_template("issues.html", calendar=calendar, summary=archive.summary())


@bp.get("/issues/<date>")
def issue_page(date):
    """That day's paper page by page, articles in printed order."""
    return render_template("issue.html", issue=_issue(date), kind_labels=KIND_LABELS)


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
