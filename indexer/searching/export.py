"""The whole result set of a search as CSV or JSON Lines, streamed row by row.

A CSV's first row is its header, so ``csv.DictReader``, pandas and Excel's
filter read it as it is; what was exported from what (the query, its filters
and the index version) goes in the HTTP response's headers (``about_headers``)
and in the first object of JSON Lines (with ``"export"`` in it), so a file
found months later can be checked against the archive.  CSV starts with a
byte-order mark so that Excel opens it as UTF-8 with the Chinese intact, and
a cell a spreadsheet would run as a formula (``= + - @``, a tab or a carriage
return first) starts with an apostrophe instead.
"""
import html
import json
import re
from urllib.parse import quote

from indexer.searching import highlight
from indexer.searching.downloads import csv_line, json_line, partial_line

EXPORT_FORMATS = ("csv", "jsonl")
EXPORT_CAP = 10000      # rows by default
EXPORT_COLUMNS = ("id", "paper", "date", "page", "headline", "reporters", "correspondents",
                  "photographers", "districts", "unions", "url", "snippet")
LIST_SEPARATOR = "、"   # between names in one CSV cell
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
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


def export_of(about, records, parsed, fmt="csv", link=None, on_about=None):
    """The export's lines of ``records`` (any engine's), in result order.

    ``on_about(about)`` hears what the export is of before the first line (the web
    says it in the response's headers, ``partial`` among them).  A partial export
    (shards of a distributed archive down) says so in the file too: in JSON Lines'
    first object, and as a CSV's last line, after the rows (its first row stays the
    header)."""
    write = csv_line if fmt == "csv" else json_line
    if on_about:
        on_about(about)
    yield "\ufeff" + csv_line(EXPORT_COLUMNS) if fmt == "csv" else json_line(about)
    for record in records:
        row = export_row(record, parsed, link)
        yield write([_cell(row[c]) for c in EXPORT_COLUMNS] if fmt == "csv" else row)
    if fmt == "csv" and about.get("partial"):
        yield partial_line(about["missing_shards"])


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


def about_headers(about):
    """The export's description as HTTP response headers (values percent-encoded:
    headers carry Latin-1 only)."""
    said = {key: value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            for key, value in about.items() if key != "export" and value is not None}
    return {f"X-Baoku-Export-{key.replace('_', '-').title()}": quote(str(value), safe="")
            for key, value in said.items()}


def _cell(value):
    if isinstance(value, (list, tuple)):
        value = LIST_SEPARATOR.join(value)
    text = "" if value is None else str(value)
    # a spreadsheet runs a cell starting so as a formula: make it text
    return "'" + text if text.startswith(FORMULA_STARTS) else text

