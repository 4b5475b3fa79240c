"""The page header (刊头 / 眉头): paper, date, 第N版 and 版名 printed over the page.

The header is the run of zones at the head of the reading order that sits in
the top ``TOP_SHARE`` of the page, is short, and includes a printed date or a
page number (``2025年9月22日``, ``第3版``); its zones are taken off the page so
they never join an article.  Its fields: the date, the page number, the page
name (the words printed after ``第N版``, or a short name standing apart), and
the paper (the words printed before the date, or the largest words).
"""
import re

from indexer.reading import issuemeta

TOP_SHARE = 0.2       # of the page height
HEADER_ZONES = 10     # the most zones a header is made of
_DATE = re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日")
_PAGE = re.compile(r"第\s*([0-9]{1,3})\s*版")
_NOISE = re.compile(rf"{issuemeta.WEEKDAY}|今日\s*[0-9]+\s*版|[A-Za-z]+|[0-9]+")
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,8}$")


def split_header(leaves, page_height):
    """``(fields, remaining leaves)``: the header's issue fields ({} without one)."""
    last = None
    for i, leaf in enumerate(leaves[:HEADER_ZONES]):
        if max(l.bottom for l in leaf) > TOP_SHARE * page_height or len(leaf) > 4:
            break
        text = " ".join(l.text for l in leaf)
        if _DATE.search(text) or _PAGE.search(text):
            last = i
    if last is None:
        return {}, leaves
    return read_fields(leaves[:last + 1]), leaves[last + 1:]


def read_fields(leaves):
    """Paper, date, page and page name of the header's zones."""
    pieces = [(l.text, l.size) for leaf in leaves for l in leaf]
    text = " ".join(t for t, _s in pieces)
    fields = {}
    line = issuemeta.HEADER_RE.match(text.strip())
    if line and issuemeta.iso_date(line["y"], line["m"], line["d"]):
        return {"paper": line["paper"], "date": issuemeta.iso_date(line["y"], line["m"], line["d"]),
                "page": int(line["page"]), "page_name": line["name"] or ""}
    found = _DATE.search(text)
    if found and issuemeta.iso_date(*found.groups()):
        fields["date"] = issuemeta.iso_date(*found.groups())
    page = _PAGE.search(text)
    if page and int(page.group(1)):
        fields["page"] = int(page.group(1))
        after = text[page.end():].split()
        if after and _NAME.match(after[0]):
            fields["page_name"] = after[0]
    words = []
    for piece, size in pieces:
        rest = _PAGE.sub(" ", _DATE.sub(" ", piece))
        words += [(w, size) for w in _NOISE.sub(" ", rest).split() if _NAME.match(w)]
    if words:
        paper = max(words, key=lambda w: w[1])[0]
        fields["paper"] = paper
        others = [w for w, _s in words if w != paper and w != fields.get("page_name")]
        if "page_name" not in fields and others:
            fields["page_name"] = others[-1]
    return fields
