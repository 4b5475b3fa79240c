"""Where a page was printed: paper, issue date, page number and page name (版名).

A page's publication metadata comes from the first of these that gives a
field (each field on its own: a manifest row wins over the file name, the
file name over the page header):

* ``manifest.csv`` beside the pages (read by ``manifests.py``);
* the file's name or folder: ``…YYYYMMDD…_NN.txt`` or ``YYYY-MM-DD/NN.txt``
  (NN = page number);
* a page header line the OCR kept (``劳动午报 2025年10月31日 星期五 第3版 工会新闻``),
  which ``split_header`` takes off the page before layout runs, so it is never
  left in an article.

``issue_label`` is the one way the library, the web and the CLI print where
an article appeared: ``劳动午报 2025年10月31日 第3版 · 工会新闻``.
"""
import re
from datetime import date
from pathlib import PurePath

from indexer.reading.titles import UNKNOWN_TITLE

ISSUE_FIELDS = ("paper", "date", "page", "page_name")
WEEKDAY = r"(?:星期|周|礼拜)[一二三四五六日天]"
HEADER_RE = re.compile(
    rf"^(?P<paper>[^\s0-9]{{2,12}})\s*(?P<y>[0-9]{{4}})年(?P<m>[0-9]{{1,2}})月(?P<d>[0-9]{{1,2}})日"
    rf"\s*(?:{WEEKDAY})?\s*第\s*(?P<page>[0-9]{{1,3}})\s*版(?:\s+(?P<name>\S.{{0,15}}?))?\s*$")
_NAME_DATE = re.compile(r"(?<![0-9])((?:18|19|20)[0-9]{2})([0-9]{2})([0-9]{2})(?![0-9])"
                        r".*_([0-9]{1,3})$")
_FOLDER_DATE = re.compile(r"^((?:18|19|20)[0-9]{2})-([0-9]{2})-([0-9]{2})$")
_PAGE_STEM = re.compile(r"^(?:第)?0*([0-9]{1,3})(?:版)?$")


def iso_date(year, month, day):
    """``YYYY-MM-DD`` for a real calendar date, else None."""
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def from_file_name(path):
    """``{date, page}`` from a page file's name or folder ({} when it says nothing)."""
    parts = PurePath(str(path).replace("\\", "/"))
    stem = parts.stem
    named = _NAME_DATE.search(stem)
    if named:
        day = iso_date(*named.groups()[:3])
        if day:
            return {"date": day, "page": int(named.group(4))}
    folder = _FOLDER_DATE.match(parts.parent.name)
    page = _PAGE_STEM.match(stem)
    if folder and page:
        day = iso_date(*folder.groups())
        if day and int(page.group(1)):
            return {"date": day, "page": int(page.group(1))}
    return {}


def split_header(text):
    """``(metadata, text)``: the page header's fields, and the page without that line.

    Only the first non-blank line can be a header; a page without one comes
    back unchanged with ``{}``.
    """
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        found = HEADER_RE.match(line.strip())
        day = found and iso_date(found["y"], found["m"], found["d"])
        if not day or not int(found["page"]):
            return {}, text
        meta = {"paper": found["paper"], "date": day, "page": int(found["page"]),
                "page_name": found["name"] or ""}
        return meta, "\n".join(lines[:i] + [""] + lines[i + 1:])
    return {}, text


def merge(*sources):
    """The issue fields, each from the first source that gives it."""
    merged = {"paper": "", "date": None, "page": None, "page_name": ""}
    for source in sources:
        for name in ISSUE_FIELDS:
            if source and source.get(name) not in (None, "") and merged[name] in (None, ""):
                merged[name] = source[name]
    return merged


def printed_date(iso):
    """'2025-10-31' -> '2025年10月31日' (the form a Chinese reader expects)."""
    try:
        day = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or ""
    return f"{day.year}年{day.month}月{day.day}日"


def issue_label(item):
    """Where ``item`` (a record or hit) was printed, '' when nothing is known.

    >>> issue_label({"paper": "劳动午报", "date": "2025-10-31", "page": 3, "page_name": "工会新闻"})
    '劳动午报 2025年10月31日 第3版 · 工会新闻'
    """
    paper = item.get("paper") or ""
    parts = [paper if paper != UNKNOWN_TITLE else "", printed_date(item.get("date")),
             f"第{item['page']}版" if item.get("page") else ""]
    label = " ".join(p for p in parts if p)
    if label and item.get("page_name"):
        label += f" · {item['page_name']}"
    return label


# --- dates mentioned without a year -----------------------------------------

_MENTION = re.compile(r"^(?:([0-9]{4})年)?(?:([0-9]{1,2})月(?:([0-9]{1,2})[日号])?)?$")


def resolve_dates(mentions, issue_date):
    """ISO forms of ``mentions`` (parallel list): '2025-10-30', '2025-10' or '2025'.

    A mention without a year takes the year that puts it nearest the issue
    date (``12月28日`` in a paper of 2025-01-03 is 2024-12-28); without an
    issue date, or for an impossible date, the entry is None.
    """
    try:
        issued = date.fromisoformat(issue_date) if issue_date else None
    except ValueError:
        issued = None
    return [_resolve(m, issued) for m in mentions or ()]


def _resolve(mention, issued):
    found = _MENTION.match(mention or "")
    if not found or not any(found.groups()):
        return None
    year, month, day = found.groups()
    if year is None:
        if issued is None or month is None:
            return None
        year = _nearest_year(int(month), int(day or 1), issued)
    if month is None:
        return f"{int(year):04d}"
    if day is None:
        return f"{int(year):04d}-{int(month):02d}" if 1 <= int(month) <= 12 else None
    return iso_date(year, month, day)


def _nearest_year(month, day, issued):
    def distance(year):
        try:
            return abs((date(year, month, min(day, 28 if month == 2 else day)) - issued).days)
        except ValueError:
            return 10 ** 6
    return min((issued.year - 1, issued.year, issued.year + 1), key=distance)
