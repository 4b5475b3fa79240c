"""Lines of a downloaded file that are safe to open: CSV and JSON Lines.

CSV cells are neutralised as OWASP recommends against formula injection: a
cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
(or with ``=``, ``+``, ``-``, ``@`` after leading white space, which Excel and
LibreOffice skip) gets a leading apostrophe, so a spreadsheet shows it as
text; quoting is RFC 4180's (a cell holding a comma, quote or line break is
quoted, its quotes doubled), so no text -- a headline, a query -- can add a
cell or a row.  Control characters other than tab and line breaks are dropped
from every cell.  A JSON line escapes the C1 controls and lone surrogates as
``\\uXXXX`` (``json.dumps`` escapes only C0), so a line printed to a terminal
carries no control sequence and always encodes as UTF-8.
"""
import csv
import io
import json
import re

from indexer.reading.controls import drop_controls

FORMULA_STARTS = ("=", "+", "-", "@")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def csv_cell(value):
    """``value`` (None, a string, a number) as the text of one safe CSV cell."""
    text = drop_controls("" if value is None else str(value))
    if text.startswith(("\t", "\r")) or text.lstrip(" \t\r\n").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_line(cells):
    """One CSV row (CRLF-terminated, RFC 4180 quoting) of neutralised ``cells``."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([csv_cell(cell) for cell in cells])
    return out.getvalue()


def json_line(value):
    """``value`` as one line of JSON (UTF-8 text, no control character left raw)."""
    text = json.dumps(value, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


# the last CSV line of a partial download (a distributed archive's shards did not all answer)
PARTIAL_NOTE = "# partial=True 不完整：以下分片没有响应，缺少它们的结果："


def partial_line(missing_shards):
    """A partial CSV download's last line: it says which shards' matches it lacks."""
    return csv_line([PARTIAL_NOTE + "、".join(missing_shards)])
