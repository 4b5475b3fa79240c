"""The whole result set of a search as CSV or JSON Lines, streamed row by row.

The first line says what was exported from what: the query, its filters and
the index version (CSV: one ``#`` line before the header; JSON Lines: one
object with ``"export"`` in it), so a file found months later can be checked
against the archive.  CSV starts with a byte-order mark so that Excel opens it
as UTF-8 with the Chinese intact.
"""
import html
import json
import re

from indexer.searching import highlight
from indexer.searching.downloads import csv_line, json_line

EXPORT_FORMATS = ("csv", "jsonl")
EXPORT_CAP = 10000      # rows by default
EXPORT_COLUMNS = ("id", "paper", "date", "page", "headline", "reporters", "correspondents",
                  "photographers", "districts", "unions", "url", "snippet")
LIST_SEPARATOR = "、"   # between names in one CSV cell
_TAGS = re.compile(r"<[^>]*>")


def check_export(fmt, cap):
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {EXPORT_FORMATS}, not {fmt!r}")
    if not isinstance(cap, int) or cap < 1:
        raise ValueError(f"cap must be a whole number >= 1, not {cap!r}")


def export_about(q, filters, sort, date_from, date_to, version, total, cap, *, missing=()):
    """What the first line says: the search, the index version, the total and rows;
    and, when ``missing`` names parts of a distributed archive that did not answer,
    that the export is partial (``partial``, ``missing_shards``)."""
    about = {"export": "baoku", "query": q, "filters": filters or {}, "sort": sort,
             "from": date_from, "to": date_to,
             "index": version["version"], "index_updated": version["updated"],
             "total": total, "rows": min(cap, total)}
    if missing:
        about.update(partial=True, missing_shards=list(missing))
    return about


def says_partial(first_line):
    """Does an export's first line (CSV or JSON Lines) say that it is partial?"""
    return "; partial=True" in first_line or '"partial": true' in first_line


def export_of(about, records, parsed, fmt="csv", link=None):
    """The export's lines of ``records`` (any engine's), in result order."""
    write = csv_line if fmt == "csv" else json_line
    yield _first_line(about, fmt)
    if fmt == "csv":
        yield csv_line(EXPORT_COLUMNS)
    for record in records:
        row = export_row(record, parsed, link)
        yield write([_cell(row[c]) for c in EXPORT_COLUMNS] if fmt == "csv" else row)


def export_row(record, parsed, link=None):
    """One row: the record's citation fields and a plain-text snippet."""
    text = record.get("body") or record.get("headline")
    return {
        "id": record["id"], "paper": record.get("paper"), "date": record.get("date"),
        "page": record.get("page"), "headline": record.get("headline") or "",
        "reporters": record.get("reporters") or [],
        "correspondents": record.get("correspondents") or [],
        "photographers": record.get("photographers") or [],
        "districts": record.get("districts") or [], "unions": record.get("unions") or [],
        "url": link(record["id"]) if link else "",
        "snippet": html.unescape(_TAGS.sub("", highlight.snippet(text, parsed))),
    }


def _first_line(about, fmt):
    if fmt == "jsonl":
        return json_line(about)
    described = "; ".join(
        f"{key}={value if isinstance(value, (str, int)) else json.dumps(value, ensure_ascii=False)}"
        for key, value in about.items() if key != "export")
    # one cell (A1 in Excel), quoted if it must be: no query splits it or adds a row
    return "\ufeff" + csv_line(["# baoku export: " + re.sub(r"[\r\n]+", " ", described)])


def _cell(value):
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(value)
    return "" if value is None else str(value)

