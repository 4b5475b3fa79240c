"""Browsing by issue (整报浏览): the calendar, one day's paper, what the archive holds.

Pages ``/issues`` and ``/issues/<date>``; JSON ``/api/issues``,
``/api/issues/<date>`` and ``/api/stats``.  Both render the same dicts from
``indexer.searching.issues``.
"""
import re

from flask import Blueprint, abort, current_app, jsonify, render_template, request

from indexer.reading.issuemeta import iso_date

from . import archive, parameters
from .links import KIND_LABELS

bp = Blueprint("issues", __name__)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def calendar_params(args):
    """``(year, month)`` from ``?year=&month=`` (``parameters.PARAMETERS``; a month
    without a year: that month of every year)."""
    config = current_app.config
    return parameters.read(args, "year", config), parameters.read(args, "month", config)


def _issue(date):
    found = _DATE.fullmatch(date)
    if not found or not iso_date(*found.groups()):
        abort(404, description=f"'{date}' 不是日期（应为 YYYY-MM-DD）")
    result = archive.issue(date)
    if result is None:
        abort(404, description=f"报库中没有 {date} 的报纸")
    return result


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
    """``{date, papers: [{paper, pages: [{page, page_name, articles}]}], prev, next}``."""
    return jsonify(_issue(date))


@bp.get("/api/stats")
def stats_api():
    """Which papers, the date range, and how many articles, issues and documents."""
    return jsonify(archive.summary())
