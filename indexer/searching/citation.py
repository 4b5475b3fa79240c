"""Citing an item by its type: GB/T 7714-2015, RIS and BibTeX.

GB/T 7714-2015's forms, by the item's ``source_type`` (``reading.titles``):

* newspaper (and magazine) article: ``作者. 题名[N]. 报纸名, 出版日期(版次).``
  (``[J]`` and ``刊名, 日期.`` for a magazine);
* web item: ``作者. 题名[EB/OL]. 网站名, (发布日期)[引用日期]. URL.``;
* broadcast programme (其他文献 Z, online: ``Z/OL``): ``题名[Z/OL]. 节目名,
  播出日期[引用日期]. URL.`` (without a URL: ``题名[Z]. 节目名, 播出日期.``).

A part the record does not have (reporter, title, date, page) is left out with
its punctuation, so a citation is never broken.  RIS types match (NEWS, MGZN,
ELEC, MPCT as Zotero reads a TV broadcast) and so do BibTeX's (``@article``
with ``journal`` for print, ``@online`` and ``@misc``), each naming the title.
"""
import re
from datetime import date as _date

from indexer.reading.titles import guessed_type

MAX_AUTHORS = 3         # GB/T 7714: the first three, then 等
UNTITLED = "（无标题）"
_PRINT_MARK = {"newspaper": "N", "magazine": "J"}


def _authors(record):
    return [name for name in record.get("reporters") or [] if name]


def _title(record):
    return (record.get("headline") or record.get("subtitle") or UNTITLED).strip()


def _page(record):
    page = record.get("page")
    return str(page).strip() if page not in (None, "") else ""


def source_type(record):
    """The record's source type (a record read before types existed: guessed)."""
    return record.get("source_type") or guessed_type(record)


def gbt7714(record, url=None, accessed=None):
    """The GB/T 7714-2015 citation of ``record`` by its type, e.g.
    ``马超. 题名[N]. 劳动午报, 2025-10-30(3).``; ``url`` and ``accessed`` (ISO date,
    default today) are read for web items and programmes."""
    authors = _authors(record)
    shown = ", ".join(authors[:MAX_AUTHORS]) + (", 等" if len(authors) > MAX_AUTHORS else "")
    lead = (f"{shown}. " if shown else "") + _title(record).rstrip("。.")
    kind = source_type(record)
    paper, day = record.get("paper") or "", record.get("date") or ""
    if kind in _PRINT_MARK:
        when = day + (f"({_page(record)})" if _page(record) and kind == "newspaper" else "")
        where = ", ".join(part for part in (paper, when) if part)
        return f"{lead}[{_PRINT_MARK[kind]}]." + (f" {where}." if where else "")
    url = url or record.get("url") or ""
    cited = f"[{accessed or _date.today().isoformat()}]" if url else ""
    if kind == "web":
        when = (f"({day})" if day else "") + cited
        where = ", ".join(part for part in (paper, when) if part)
        mark = "EB/OL"
    else:                                   # a broadcast programme
        where = ", ".join(part for part in (paper, day + cited) if part)
        mark = "Z/OL" if url else "Z"
    return (f"{lead}[{mark}]." + (f" {where}." if where else "")
            + (f" {url}." if url else ""))


_RIS_TYPES = {"newspaper": "NEWS", "magazine": "MGZN", "web": "ELEC", "broadcast": "MPCT"}


def ris(record, url, accessed=None):
    """A RIS record typed as the item is (NEWS, MGZN, ELEC, MPCT), with ``url``."""
    kind = source_type(record)
    lines = [("TY", _RIS_TYPES.get(kind, "GEN"))] + [("AU", name) for name in _authors(record)]
    lines.append(("TI", _title(record)))
    if record.get("paper"):
        lines.append(("T2", record["paper"]))
    date = record.get("date")
    if date:
        lines += [("PY", date[:4]), ("DA", date.replace("-", "/"))]
    if _page(record) and kind == "newspaper":
        lines.append(("SP", _page(record)))
    if kind in ("web", "broadcast"):
        lines.append(("Y2", (accessed or _date.today().isoformat()).replace("-", "/")))
    lines += [("UR", url), ("LA", "zh"), ("DB", "报库"), ("ID", record["id"]), ("ER", "")]
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


def bibtex(record, url, accessed=None):
    """A BibTeX entry by type: ``@article`` (``journal``, ``entrysubtype = {newspaper}``
    for biblatex) for print, ``@online`` (``organization``, ``urldate``) for a web item,
    ``@misc`` (``howpublished``, ``entrysubtype = {broadcast}``) for a programme."""
    kind, paper = source_type(record), record.get("paper") or ""
    online = kind in ("web", "broadcast")
    entry, named = {"web": ("online", "organization"), "broadcast": ("misc", "howpublished")
                    }.get(kind, ("article", "journal"))
    fields = [("author", " and ".join(_authors(record))), ("title", _title(record)),
              (named, paper), ("entrysubtype", {"magazine": "magazine", "web": ""}.get(
                  kind, kind)),
              ("date", record.get("date") or ""), ("year", (record.get("date") or "")[:4]),
              ("pages", _page(record) if kind == "newspaper" else ""), ("url", url),
              ("urldate", (accessed or _date.today().isoformat()) if online else ""),
              ("langid", "chinese")]
    # url is read verbatim by biblatex (its %-escapes must stay); the rest is TeX
    body = ",\n".join(f"  {name} = {{{_one_line(value) if name == 'url' else _bib(value)}}}"
                      for name, value in fields if value)
    return f"@{entry}{{{bib_key(record)},\n{body}\n}}\n"


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
