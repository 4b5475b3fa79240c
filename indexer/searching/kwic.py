"""Concordance (key word in context): every occurrence of the matched strings,
with a fixed number of characters on each side, aligned on the match.

The strings are those a snippet marks as one unit (quoted phrases, whole
unquoted terms, field values such as a reporter's name), found on the
normalised text exactly as the highlighter finds them, so full-width,
traditional or upper-case occurrences count.  Headline and body are read
separately: a context never runs from one into the other.
"""

from analyzers.normalize import char_spans
from indexer.searching.downloads import csv_line, partial_line
from indexer.searching.highlight import find_spans, merge_spans

KWIC_WIDTH = 20         # characters on each side by default …
MAX_WIDTH = 100         # … and at most
MAX_LINES = 1000        # lines in one answer
MAX_DOCUMENTS = 10000   # matching documents read for one concordance
KWIC_ORDERS = ("result", "left", "right")
KWIC_COLUMNS = ("id", "headline", "date", "left", "match", "right", "url")


def concordance_of(needles, records, documents, *, width=KWIC_WIDTH, order="result",
                   limit=MAX_LINES):
    """The concordance of ``needles`` in ``records`` (the first MAX_DOCUMENTS of
    ``documents`` matches, in result order): any engine's records."""
    check_concordance(width, order, limit)
    lines, total = [], 0
    for record in records:
        for line in _lines(record, needles, width):
            total += 1
            if len(lines) < limit:
                lines.append(line)
    if order == "left":
        lines.sort(key=lambda line: line["left"][::-1])
    elif order == "right":
        lines.sort(key=lambda line: line["right"])
    return {"total": total, "documents": documents, "width": width, "order": order,
            "truncated": total > len(lines) or documents > MAX_DOCUMENTS, "lines": lines}


def check_concordance(width, order, limit):
    if not isinstance(width, int) or not 1 <= width <= MAX_WIDTH:
        raise ValueError(f"width must be a whole number from 1 to {MAX_WIDTH}, not {width!r}")
    if order not in KWIC_ORDERS:
        raise ValueError(f"order must be one of {KWIC_ORDERS}, not {order!r}")
    if not isinstance(limit, int) or limit < 0:
        raise ValueError(f"limit must be a whole number >= 0, not {limit!r}")


def _lines(record, needles, width):
    """The concordance lines of one record, headline first, in text order."""
    for name in ("headline", "body"):
        text = record.get(name) or ""
        if not text or not needles:
            continue
        for start, end in merge_spans(find_spans(char_spans(text), needles)):
            yield {"id": record["id"], "headline": record.get("headline") or "",
                   "date": record.get("date"),
                   "left": _flat(text[max(0, start - width):start]),
                   "match": _flat(text[start:end]),
                   "right": _flat(text[end:end + width])}


def _flat(text):
    """Line breaks as spaces: one occurrence, one line."""
    return text.replace("\r", " ").replace("\n", " ")


def concordance_about(found):
    """What a concordance is of (its query, width, order, total and lines; partial
    and the missing shards when part of a distributed archive did not answer):
    the CSV download says it in its response headers (``export.about_headers``)."""
    about = {"query": found.get("query", ""), "width": found["width"], "order": found["order"],
             "total": found["total"], "lines": len(found["lines"])}
    if found.get("partial"):
        about.update(partial=True, missing_shards=list(found["missing_shards"]))
    return about


def concordance_csv(found):
    """A concordance as CSV text: UTF-8 BOM for Excel, the header first (as an
    export's, so ``csv.DictReader``, pandas and a spreadsheet's filter read it as
    it is), a line an occurrence, and a partial concordance's note as its last line.

    Every cell is neutralised (``downloads.csv_line``)."""
    rows = [csv_line(KWIC_COLUMNS)]
    rows += [csv_line([line.get(column) or "" for column in KWIC_COLUMNS])
             for line in found["lines"]]
    if found.get("partial"):        # a distributed archive's shards did not all answer
        rows.append(partial_line(found["missing_shards"]))
    return "\ufeff" + "".join(rows)
