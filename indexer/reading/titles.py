"""Which title an item belongs to (劳动午报, 新闻联播, …) and what kind of source it is.

Every record leaves reading with a ``paper`` (its title) and a ``source_type``
(one of ``SOURCE_TYPES``).  In order of precedence they come from the item
itself (a manifest row or a page header for pages; the ``paper`` and
``source_type`` fields of a JSON Lines item, else a ``source`` that names a
title: ``央视《新闻联播》`` is 新闻联播), then from the defaults the operator
gives for the files being read (``TitleDefaults``: ``baoku index --paper 新闻联播
--source-type broadcast``), and last from what the item looks like: an item
with a page number (版次) is a newspaper article, one with only a URL a web
item.  An item no rule names is filed under ``UNKNOWN_TITLE``.
"""
import re
from typing import NamedTuple

SOURCE_TYPES = ("newspaper", "broadcast", "web", "magazine")
SOURCE_TYPE_LABELS = {"newspaper": "报纸", "broadcast": "广播电视节目", "web": "网络",
                      "magazine": "期刊"}
UNKNOWN_TITLE = "未注明来源"
_NAMED = re.compile(r"《([^《》]{1,40})》")
_ADDRESS = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_FILE_NAME = re.compile(r"\.(txt|jsonl|ndjson|gz|json|pdf)$", re.IGNORECASE)


class TitleDefaults(NamedTuple):
    """What the operator says of the files being read (each may be None)."""
    paper: str | None = None
    source_type: str | None = None

    def checked(self):
        """Self, or a ValueError naming what is wrong."""
        if self.source_type is not None and self.source_type not in SOURCE_TYPES:
            raise ValueError(f"source type {self.source_type!r} is not one of "
                             f"{', '.join(SOURCE_TYPES)}")
        if self.paper is not None and not self.paper.strip():
            raise ValueError("the title (paper) is blank")
        return self


def title_from_source(source):
    """The title a JSON Lines ``source`` names ('央视《新闻联播》' -> '新闻联播'), or ''.

    A file name (what a page's ``source`` holds) or an address names no title.
    """
    source = (source or "").strip()
    if not source or _FILE_NAME.search(source) or _ADDRESS.match(source):
        return ""
    named = _NAMED.search(source)
    return named.group(1).strip() if named else source


def assign(record, defaults=TitleDefaults()):
    """``record`` with its ``paper`` and ``source_type`` filled in (in place, returned)."""
    paper = (record.get("paper") or "").strip()
    record["paper"] = (paper or title_from_source(record.get("source"))
                       or defaults.paper or UNKNOWN_TITLE)
    if record.get("source_type") not in SOURCE_TYPES:
        record["source_type"] = defaults.source_type or guessed_type(record)
    return record


def guessed_type(record):
    """newspaper for an item with a page number or from a page file; web for one
    with only a URL; else newspaper (what Baoku reads first)."""
    if record.get("page"):
        return "newspaper"
    if record.get("url"):
        return "web"
    return "newspaper"
