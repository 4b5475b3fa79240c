"""Text for the terminal: aligned tables (CJK characters take two columns), hit lines."""

import wcwidth

from indexer.reading.issuemeta import issue_label
from search_app.terminal import printable

TABLE_COLUMNS = (("seq", 4), ("kind", 8), ("headline", 36), ("reporters", 16),
                 ("districts", 18), ("unions", 36))   # (field, widest display width)


def record_table(records):
    """The lines of a table of ``records``, one a row, a ``[source]`` line
    before each source file's first row."""
    rows, sources = [], []
    for record in records:
        rows.append([_cell(record, name) for name, _ in TABLE_COLUMNS])
        label = issue_label(record)
        sources.append(printable(f"{label} · {record['source']}" if label else record["source"]))
    widths = [min(cap, max([width(name)] + [width(row[i]) for row in rows]))
              for i, (name, cap) in enumerate(TABLE_COLUMNS)]
    yield table_line([name for name, _ in TABLE_COLUMNS], widths)
    for i, row in enumerate(rows):
        if i == 0 or sources[i] != sources[i - 1]:
            yield f"[{sources[i]}]"
        yield table_line(row, widths)


def _cell(record, name):
    value = record.get(name)
    if name == "headline" and not value:
        value = "(" + record.get("body", "")[:40] + ")"
    if isinstance(value, list):
        value = "、".join(value)
    return " ".join(printable(value).split())


def width(text):
    """Display width of ``text`` (never less than its length)."""
    return max(wcwidth.wcswidth(text), len(text))


def table_line(cells, widths):
    """Cells clipped and padded to display widths."""
    out = []
    for text, cap in zip(cells, widths):
        if width(text) > cap:
            while width(text) > cap - 1:
                text = text[:-1]
            text += "…"
        out.append(text + " " * (cap - width(text)))
    return "  ".join(out).rstrip()
