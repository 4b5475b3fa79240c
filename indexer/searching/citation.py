"""Citing an article: GB/T 7714-2015 (newspaper), RIS and BibTeX.

GB/T 7714-2015's form for a newspaper article is
``作者. 题名[N]. 报纸名, 出版日期(版次).``; a part the record does not have
(reporter, paper, date, page) is left out with its punctuation, so a citation
is never broken.  ``paper``, ``page`` and ``page_name`` are read with
``.get``: records gain them when the archive carries them.
"""
import re

MAX_AUTHORS = 3         # GB/T 7714: the first three, then 等
UNTITLED = "（无标题）"


def _authors(record):
    return [name for name in record.get("reporters") or [] if name]


def _title(record):
    return (record.get("headline") or record.get("subtitle") or UNTITLED).strip()


def _page(record):
    page = record.get("page")
    return str(page).strip() if page not in (None, "") else ""


def gbt7714(record):
    """The GB/T 7714-2015 citation, e.g. ``马超. 题名[N]. 劳动午报, 2025-10-30(3).``"""
    authors = _authors(record)
    shown = ", ".join(authors[:MAX_AUTHORS]) + (", 等" if len(authors) > MAX_AUTHORS else "")
    when = (record.get("date") or "") + (f"({_page(record)})" if _page(record) else "")
    where = ", ".join(part for part in (record.get("paper") or "", when) if part)
    title = _title(record).rstrip("。.")
    return (f"{shown}. " if shown else "") + f"{title}[N]." + (f" {where}." if where else "")


def ris(record, url):
    """A RIS record (type NEWS) with the permalink."""
    lines = [("TY", "NEWS")] + [("AU", name) for name in _authors(record)]
    lines.append(("TI", _title(record)))
    if record.get("paper"):
        lines.append(("T2", record["paper"]))
    date = record.get("date")
    if date:
        lines += [("PY", date[:4]), ("DA", date.replace("-", "/"))]
    if _page(record):
        lines.append(("SP", _page(record)))
    lines += [("UR", url), ("LA", "zh"), ("DB", "报库"), ("ID", record["id"]), ("ER", "")]
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


def bibtex(record, url):
    """A BibTeX entry (``@article``, ``entrysubtype = {newspaper}`` for biblatex)."""
    fields = [("author", " and ".join(_authors(record))), ("title", _title(record)),
              ("journal", record.get("paper") or ""), ("entrysubtype", "newspaper"),
              ("date", record.get("date") or ""), ("year", (record.get("date") or "")[:4]),
              ("pages", _page(record)), ("url", url), ("langid", "chinese")]
    # url is read verbatim by biblatex (its %-escapes must stay); the rest is TeX
    body = ",\n".join(f"  {name} = {{{_one_line(value) if name == 'url' else _bib(value)}}}"
                      for name, value in fields if value)
    return f"@article{{{bib_key(record)},\n{body}\n}}\n"


def bib_key(record):
    """A citation key from the id: ASCII letters, digits, '-' and '_' only."""
    key = re.sub(r"[^A-Za-z0-9_-]+", "-", str(record["id"])).strip("-")
    return "baoku-" + (key or "article")


def _one_line(value):
    return re.sub(r"\s+", " ", str(value)).strip()


def _bib(value):
    """TeX's special characters escaped, so an entry always parses as one entry.

    BibTeX counts braces whether or not a backslash precedes them, so a brace
    that is not matched within the value (``x} @article(…``) would end the
    field, and the entry, early: matched pairs are kept (escaped, which keeps
    them paired), unmatched braces are dropped."""
    special = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
               "#": r"\#", "_": r"\_", "$": r"\$", "^": r"\^{}", "~": r"\~{}"}
    text = _one_line(value)
    lone = _unmatched(text)
    return "".join(special.get(c, c) for i, c in enumerate(text) if i not in lone)


def _unmatched(text):
    """Positions of the braces of ``text`` that have no partner."""
    opened, lone = [], set()
    for i, c in enumerate(text):
        if c == "{":
            opened.append(i)
        elif c == "}":
            if opened:
                opened.pop()
            else:
                lone.add(i)
    return lone | set(opened)
