"""ALTO XML (v2-v4) and hOCR files -> ``Page`` models, each word or character in its box.

ALTO (``<alto>``, any of its namespaces): every ``String`` of a ``Page``, with
its ``Glyph`` children's boxes when given, else the word's box shared out among
its characters; ``WC`` is the confidence.  hOCR (HTML with ``ocr_page``,
``ocr_line``/``ocrx_line`` and ``ocrx_word`` elements): every word's ``bbox``,
its ``x_wconf``, and the characters' ``x_bboxes`` when Tesseract wrote them.
The type size of a word is its line's height (ALTO ``TextLine HEIGHT``, hOCR
``x_size``, else the line's box); units are the file's own (pixels, mm/10),
which zoning reads only as ratios.  A space is kept where the file marks one
(ALTO's ``SP``), and between words next to a Latin letter or digit or a sixth of an em apart.

A page image named in the file, or beside it with the same stem, is noted on
the page.  Malformed XML, or a file with neither ALTO pages nor hOCR pages,
raises ``PageError`` with the reason.
"""
import os
import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser

from indexer.reading.printed.model import Glyph, Page, PageError

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".jp2")
SPACE_GAP = 0.15      # of the type size: a gap this wide between words is a space
_LATIN = re.compile(r"[A-Za-z0-9]")


def read_markup(path):
    """Yield ``(page number, Page)`` for each page of an ALTO or hOCR file."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as error:
        raise PageError(f"cannot read file: {error.strerror}") from None
    if b"<alto" in data[:65536].lower():
        pages = _alto_pages(data)
    elif b"ocr_page" in data:
        pages = _hocr_pages(data.decode("utf-8", "replace"))
    else:
        raise PageError("neither ALTO XML nor hOCR (no <alto> root, no ocr_page element)")
    if not pages:
        raise PageError("no page with text in this file")
    folder = os.path.dirname(path)
    for number, page in enumerate(pages, 1):
        page.number = number
        named = page.image and os.path.join(folder, page.image.replace("\\", "/"))
        page.image = named if named and os.path.isfile(named) else _image_beside(path)
        yield number, page


def _image_beside(path):
    """An image with the markup file's stem beside it, or None."""
    stem = os.path.splitext(path)[0]
    if stem.lower().endswith(".alto"):
        stem = stem[:-5]
    for suffix in IMAGE_SUFFIXES:
        for candidate in (stem + suffix, stem + suffix.upper()):
            if os.path.isfile(candidate):
                return candidate
    return None


# --- ALTO ---------------------------------------------------------------------

def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _num(element, name, default=0.0):
    try:
        return float(element.get(name, default))
    except (TypeError, ValueError):
        return default


def _alto_pages(data):
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise PageError(f"malformed XML: {error}") from None
    if _local(root.tag).lower() != "alto":
        raise PageError(f"not ALTO XML (root element <{_local(root.tag)}>)")
    fonts = {}
    for element in root.iter():
        if _local(element.tag) == "TextStyle":
            fonts[element.get("ID")] = " ".join(
                filter(None, (element.get("FONTFAMILY"), element.get("FONTSTYLE"))))
    pages = []
    for page_el in (e for e in root.iter() if _local(e.tag) == "Page"):
        page = Page(width=_num(page_el, "WIDTH"), height=_num(page_el, "HEIGHT"))
        for line in (e for e in page_el.iter() if _local(e.tag) == "TextLine"):
            _alto_line(line, fonts, page.glyphs)
        if page.glyphs:
            if not page.width or not page.height:
                page.width = page.width or max(g.x1 for g in page.glyphs)
                page.height = page.height or max(g.bottom for g in page.glyphs)
            pages.append(page)
    image = next((e.text.strip() for e in root.iter()
                  if _local(e.tag) == "fileName" and e.text and e.text.strip()), None)
    for page in pages:
        page.image = image
    return pages


def _alto_line(line, fonts, glyphs):
    words = [e for e in line if _local(e.tag) in ("String", "SP")]
    heights = [_num(e, "HEIGHT") for e in words if _local(e.tag) == "String"]
    size = _num(line, "HEIGHT") or (max(heights) if heights else 0.0)
    spaced, first = False, True
    for word in words:
        if _local(word.tag) == "SP":
            spaced = True
            continue
        text = word.get("CONTENT") or ""
        if not text.strip():
            continue
        box = (_num(word, "HPOS"), _num(word, "VPOS"))
        box += (box[0] + _num(word, "WIDTH"), box[1] + _num(word, "HEIGHT"))
        conf = word.get("WC")
        font = fonts.get((word.get("STYLEREFS") or "").split(" ")[0], "")
        parts = [(g.get("CONTENT") or "", _num(g, "HPOS"), _num(g, "VPOS"),
                  _num(g, "HPOS") + _num(g, "WIDTH"), _num(g, "VPOS") + _num(g, "HEIGHT"))
                 for g in word if _local(g.tag) == "Glyph"]
        _add_word(glyphs, text, box, parts, size or box[3] - box[1], font,
                  _float(conf), spaced=True, marked=spaced, first=first)
        spaced, first = False, False


def _add_word(glyphs, text, box, parts, size, font, conf, spaced, marked=False, first=False):
    """The characters of one word: their own boxes, or the word's shared out.

    A space goes before it when the file marks one (``marked``: ALTO's ``SP``), or
    when it is a word apart (``spaced``) next to a Latin letter or digit or half an
    em from the word before."""
    x0, top, x1, bottom = box
    if not parts or "".join(p[0] for p in parts) != text:
        step = (x1 - x0) / max(len(text), 1)
        parts = [(ch, x0 + i * step, top, x0 + (i + 1) * step, bottom)
                 for i, ch in enumerate(text)]
    prev = glyphs[-1] if glyphs and not first else None    # spaces only within a line
    space = bool(prev) and prev.top < bottom and top < prev.bottom and (
        marked or (spaced and (_LATIN.match(prev.text[-1:]) or _LATIN.match(text[:1])))
        or parts[0][1] - prev.x1 >= SPACE_GAP * size)
    for i, (ch, gx0, gtop, gx1, gbottom) in enumerate(parts):
        if not ch.strip():
            continue
        glyphs.append(Glyph(text=ch, x0=gx0, top=gtop, x1=max(gx1, gx0 + 0.01), bottom=gbottom,
                            size=size, font=font, conf=conf, order=len(glyphs),
                            space=space and i == 0))


# --- hOCR ---------------------------------------------------------------------

_BBOX = re.compile(r"bbox\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)")


def _props(title):
    props = {}
    for part in (title or "").split(";"):
        bits = part.strip().split(None, 1)
        if bits:
            props[bits[0]] = bits[1] if len(bits) > 1 else ""
    return props


class _HocrParser(HTMLParser):
    """Collects pages, lines and words (with their text) of an hOCR document."""

    VOID = frozenset({"br", "img", "meta", "link", "hr", "input"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pages, self.stack = [], []
        self.line, self.word = None, None

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        props = _props(attrs.get("title"))
        role = None
        if "ocr_page" in classes:
            role = "page"
            self.pages.append({"props": props, "lines": []})
        elif self.pages and {"ocr_line", "ocrx_line", "ocr_caption", "ocr_header",
                             "ocr_textfloat"} & set(classes):
            role = "line"
            self.line = {"props": props, "words": []}
            self.pages[-1]["lines"].append(self.line)
        elif self.pages and "ocrx_word" in classes:
            role = "word"
            if self.line is None:
                self.line = {"props": {}, "words": []}
                self.pages[-1]["lines"].append(self.line)
            self.word = {"props": props, "text": ""}
            self.line["words"].append(self.word)
        self.stack.append((tag, role))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, role = self.stack.pop()
            if role == "word":
                self.word = None
            elif role == "line":
                self.line = None
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.word is not None:
            self.word["text"] += data


def _hocr_pages(text):
    parser = _HocrParser()
    parser.feed(text)
    parser.close()
    pages = []
    for found in parser.pages:
        box = _BBOX.search("bbox " + found["props"].get("bbox", ""))
        page = Page(width=float(box.group(3)) if box else 0.0,
                    height=float(box.group(4)) if box else 0.0)
        image = found["props"].get("image", "").strip().strip('"')
        page.image = image or None
        for line in found["lines"]:
            _hocr_line(line, page.glyphs)
        if page.glyphs:
            page.width = page.width or max(g.x1 for g in page.glyphs)
            page.height = page.height or max(g.bottom for g in page.glyphs)
            pages.append(page)
    return pages


def _hocr_line(line, glyphs):
    props = line["props"]
    line_box = _box(props)
    size = _float(props.get("x_size")) or (line_box[3] - line_box[1] if line_box else 0.0)
    first = True
    for word in line["words"]:
        text = word["text"].strip()
        box = _box(word["props"])
        if not text or box is None:
            continue
        conf = _float(word["props"].get("x_wconf"))
        parts = []
        bboxes = word["props"].get("x_bboxes")
        if bboxes:
            nums = [float(n) for n in bboxes.split()]
            chars = [ch for ch in text if ch.strip()]
            if len(nums) == 4 * len(chars):
                parts = [(ch, *nums[4 * i:4 * i + 4]) for i, ch in enumerate(chars)]
        _add_word(glyphs, text.replace(" ", ""), box, parts, size or box[3] - box[1],
                  word["props"].get("x_font", ""), conf / 100 if conf is not None else None,
                  spaced=True, first=first)
        first = False


def _box(props):
    found = _BBOX.search("bbox " + props.get("bbox", "")) if "bbox" in props else None
    return tuple(float(found.group(i)) for i in range(1, 5)) if found else None


def _float(value):
    try:
        return float(value.split()[0])
    except (AttributeError, IndexError, ValueError):
        return None
