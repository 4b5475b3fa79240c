"""The lines of an OCR'd page, each classed by its layout role.

A line is a lead (``本报讯(记者 X)…``), a byline (``本报记者 王卓``), a section
banner (``>> 北京经验 <<``), an ad mark (``广告``), a photo credit, a source note
(``转自《中工网》``), a short headline-like line, or body text.  A dateline
broken by the OCR (``本报讯(记者 陈曦 通讯员`` / ``黄巧维)近日…``) is joined first.
"""
import re
from dataclasses import dataclass

from indexer.reading import bylines
from indexer.reading.headings import is_headlike

BANNER_RE = re.compile(r"^(?:>>|》》|＞＞)\s*\S.*?\s*(?:<<|《《|＜＜)$")
AD_RE = re.compile(r"^[【\[]?\s*广\s*告\s*[】\]]?$")
_OPEN_LEAD = re.compile(r"^\S{0,24}?[讯电]\s*[（(][^（）()]{0,40}$")


@dataclass
class Line:
    text: str
    gap: int          # blank lines before this line
    kind: str         # lead, banner, ad, credit, note, short, text


def page_lines(text):
    """The non-blank lines of ``text``, stripped and classed."""
    lines, gap = [], 0
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped:
            gap += 1
            continue
        if lines and _lead_cut(lines[-1].text, stripped):
            stripped = lines.pop().text + stripped   # 本报讯(记者 陈曦 / 通讯员 X)…: one lead
        lines.append(Line(stripped, gap, classify(stripped)))
        gap = 0
    return lines


def _lead_cut(line, following):
    """An OCR break inside a dateline: ``本报讯`` / ``(记者 陈曦)…``, or
    ``本报讯(记者 陈曦 通讯员`` / ``黄巧维)近日…``."""
    if following[:1] in "(（" and bylines.split_lead(line) == (line, ""):
        return True
    return bool(_OPEN_LEAD.match(line) and re.match(r"[^（）()]{0,40}[）)]", following))


def classify(text):
    """The layout role of one stripped line."""
    if BANNER_RE.match(text):
        return "banner"
    if AD_RE.match(text):
        return "ad"
    if bylines.parse_photo_credit(text):
        return "credit"
    if bylines.split_lead(text):
        return "lead" if bylines.LEAD_RE.match(text) else "byline"
    if bylines.is_source_note(text):
        return "note"
    return "short" if is_headlike(text) else "text"
