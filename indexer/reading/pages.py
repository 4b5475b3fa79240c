"""The page reader: one OCR'd page text -> its units (articles, photos, banners, ads).

``layout.py`` decides where units start and which lines head them; here each
unit's paragraphs are mended (a break with no sentence-final punctuation before
it split a sentence or a word, so the pieces are joined) and the unit becomes a
record with a stable id; ``sources.read_records`` then has ``metadata.annotate``
fill its bylines, places, unions and dates.  Every non-blank character of the
page ends up in exactly one record.
"""
import hashlib
import re
from pathlib import PurePath

from indexer.reading import bylines, issuemeta
from indexer.reading.headings import arrange_head, ends_sentence
from indexer.reading.layout import cut
from indexer.reading.pagelines import page_lines
from indexer.reading.records import new_record


def split_page(text, *, source, issue=None):
    """Cut one page text into records (not yet annotated), in reading order.

    A page header line (paper, date, page) is taken off before layout runs;
    each record carries the issue fields of ``issue`` (a manifest row, the file
    name), the header filling what they leave empty.
    """
    header, text = issuemeta.split_header(text)
    printed = issuemeta.merge(issue, header)
    units = cut(page_lines(text))
    records, seen = [], {}
    slug = _source_slug(source)
    for seq, unit in enumerate(u for u in units if u.heads or u.paras or u.dateline):
        unit.paras = _mend(unit.paras)
        record = _to_record(unit, source=source, seq=seq)
        record.update(printed)
        digest = _digest(record)
        seen[digest] = seen.get(digest, 0) + 1
        suffix = f"-{seen[digest]}" if seen[digest] > 1 else ""
        record["id"] = f"{slug}-{digest}{suffix}"
        records.append(record)
    return records


def _mend(paras):
    """Join paragraphs an OCR break split mid-sentence or mid-word."""
    mended = []
    for text, kind in paras:
        prev = mended[-1] if mended else None
        if (prev and kind in ("text", "short") and prev[1] in ("text", "short")
                and not ends_sentence(prev[0]) and not bylines.find_credit(prev[0])):
            mended[-1] = (_join(prev[0], text), "text")
        else:
            mended.append((text, kind))
    return mended


def _join(left, right):
    """Chinese joins without a space; two English words keep one between them."""
    if re.match(r"[A-Za-z]", left[-1:]) and re.match(r"[A-Za-z]", right[:1]):
        return f"{left} {right}"
    return left + right


def _to_record(unit, *, source, seq):
    heads = arrange_head(unit.heads) if unit.kind in ("news", "photo") else {
        "kicker": "", "headline": " ".join(unit.heads), "subtitle": ""}
    if unit.kind == "ad" and unit.paras:
        heads = {"kicker": " ".join(unit.heads), "headline": unit.paras[0][0], "subtitle": ""}
        unit.paras = unit.paras[1:]
    return new_record(kind=unit.kind, dateline=unit.dateline, source=source, seq=seq,
                      body="\n".join(text for text, _ in unit.paras), **heads)


def _digest(record):
    text = "\x1f".join(record[name] for name in
                       ("kicker", "headline", "subtitle", "dateline", "body"))
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def _source_slug(source):
    """The file name as an id prefix of [0-9a-z-]; a hash keeps non-ASCII names apart."""
    stem = PurePath(source or "page").stem
    slug = re.sub(r"[^0-9a-z]+", "-", stem.lower()).strip("-")
    if slug != stem.lower().replace("_", "-") or not slug:
        tag = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:6]
        slug = f"{slug}-{tag}" if slug else f"page-{tag}"
    return slug
