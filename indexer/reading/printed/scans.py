"""Page images (and PDF pages without a text layer) -> ``Page`` models, by OCR.

The OCR model ships inside the ``rapidocr-onnxruntime`` package (PP-OCRv4
detection and recognition, run by ONNX Runtime on the CPU), so nothing is
downloaded at run time; it is an optional extra (``pip install 'baoku[ocr]'``),
and without it a scan is reported with one line naming that command.  The
detector runs alone first; its strips are cut at the columns' gutters
(``imagelines``), vertical heads are found in the ink (``verticaltype``), and
only then is each piece recognised, so no line runs across two columns.  Each
character keeps its box (pixels of the image, placed by where the recogniser
read it and kept to the strip's ink) and the line's confidence; its type size is
the height of its line's ink, which zoning reads only as ratios; heights of body
lines within a fifth of the body's are snapped to it.  Pictures are found in the
image (``pictures``).  No font is known, so labels are told from text by size
alone.  Figures: bench/README.md.
"""
from indexer.reading.printed.model import Glyph, Page, PageError

TESTED_RAPIDOCR = "1.4"   # its detector and recogniser are called apart (RapidOCR.text_rec)
OCR_EXTRA = "reading scans needs OCR: pip install 'baoku[ocr]'"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
RENDER_DPI = 200      # a PDF page without a text layer is rendered at this resolution
RULE_MARKS = frozenset("|｜丨")      # never text in a Chinese paper's columns
RULE_QUOTES = frozenset("「」")      # quotes only on pages that use no “”
BODY_LOW, BODY_NOISE = 0.8, 1.25    # of the body's line height: still the body's type
LONG_STRIP = 5       # width / height: a strip long enough to measure the page's tilt by
CLOSING_MARKS = frozenset("，。、；：！？）》”’」』,.;:!?)")   # their own white follows them: no space
INLINE_LOW, INLINE_HIGH = 0.7, 1.4    # sizes a run inside a line may seem to have, of the line's
TEXT_SCORE = 0.5     # recognitions less sure than this are not text (specks, pictures)

_engine = None


def ocr_available():
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def _ocr():
    global _engine
    if _engine is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError:
            raise PageError(OCR_EXTRA) from None
        engine = RapidOCR()
        if not callable(getattr(engine, "text_rec", None)):     # recognised strip by strip
            from importlib.metadata import version
            raise PageError(f"rapidocr-onnxruntime {version('rapidocr-onnxruntime')} is not "
                            f"the {TESTED_RAPIDOCR} this reader was written for") from None
        _engine = engine
    return _engine


def read_image(path):
    """Yield ``(1, Page)`` for a page image (every frame of a multi-page TIFF)."""
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError:
        raise PageError(OCR_EXTRA) from None     # Pillow comes with the extra
    try:
        with Image.open(path) as image:
            frames = getattr(image, "n_frames", 1)
            for number in range(frames):
                image.seek(number)
                yield number + 1, image_page(image.convert("RGB"), number + 1)
    except PageError:
        raise
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise PageError(f"not a readable image ({error})") from None


def render_pdf_page(path, number):
    """A PDF page rendered at ``RENDER_DPI`` (pypdfium2) as a PIL image."""
    import pypdfium2
    document = pypdfium2.PdfDocument(path)
    try:
        return document[number - 1].render(scale=RENDER_DPI / 72).to_pil().convert("RGB")
    finally:
        document.close()


def image_page(image, number=1):
    """The OCR'd ``Page`` of one PIL image: strips detected, cut at gutters
    (``imagelines``), recognised, and the pictures found (``pictures``)."""
    import numpy
    from indexer.reading.printed import imagelines, pictures, verticaltype
    engine = _ocr()
    colour = numpy.ascontiguousarray(numpy.asarray(image.convert("RGB"))[:, :, ::-1])  # BGR
    gray = numpy.asarray(image.convert("L"))
    ink = imagelines.ink_mask(gray)
    quads, _elapsed = engine(colour, use_det=True, use_cls=False, use_rec=False)
    found = verticaltype.strips(quads or [], ink)
    pictures_ = [verticaltype.line_image(colour, strip, ink) for strip in found]
    results, _elapsed = engine.text_rec([picture for picture, _cells in pictures_], True) \
        if found else ([], 0)
    lines = [_strip_glyphs(strip, result, cells, imagelines.ink_extent(strip, ink),
                           imagelines.spaces(strip, ink))
             for strip, result, (_picture, cells) in zip(found, results, pictures_)
             if result[0].strip() and result[1] >= TEXT_SCORE]
    turn = Turn(found, image.width, image.height)
    page = lines_page([[turn.glyph(g) for g in line] for line in lines], image.width, image.height,
                      number)
    page.figures = [turn.box(box) for box in pictures.find(gray, ink, [s.box() for s in found])]
    return page


class Turn:
    """The page's tilt (a scan is rarely straight): the median slope of its long
    text strips.  Layout reads rows and columns, so every box is turned back about
    the page's centre by it (boxes move by at most that angle times half the page:
    under 1% of it for a degree)."""

    def __init__(self, strips, width, height):
        import math
        slopes = sorted(math.atan2(s.quad[1][1] - s.quad[0][1], s.quad[1][0] - s.quad[0][0])
                        for s in strips if not s.vertical and s.width >= LONG_STRIP * s.height)
        angle = -slopes[len(slopes) // 2] if slopes else 0.0
        self.cos, self.sin = math.cos(angle), math.sin(angle)
        self.cx, self.cy = width / 2, height / 2

    def point(self, x, y):
        dx, dy = x - self.cx, y - self.cy
        return self.cx + dx * self.cos - dy * self.sin, self.cy + dx * self.sin + dy * self.cos

    def box(self, box):
        x, y = self.point((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        w, h = (box[2] - box[0]) / 2, (box[3] - box[1]) / 2
        return (x - w, y - h, x + w, y + h)

    def glyph(self, glyph):
        glyph.x0, glyph.top, glyph.x1, glyph.bottom = self.box(
            (glyph.x0, glyph.top, glyph.x1, glyph.bottom))
        return glyph


def lines_page(lines, width, height, number=1):
    """The ``Page`` of recognised lines (lists of glyphs)."""
    page = Page(width=float(width), height=float(height), number=number, ocr=True)
    _inline_sizes([line for line in lines if line])
    rules = _rule_marks(lines)
    for line in lines:
        for glyph in line:
            if glyph.text in rules:
                continue    # a column rule read as a mark: the gutter shows again
            glyph.order = len(page.glyphs)
            page.glyphs.append(glyph)
    _snap_body_sizes(page)
    if not page.glyphs:
        raise PageError(f"page {number}: no text found on the image")
    return page


def _strip_glyphs(strip, result, cells, extent, whites=()):
    """The glyphs of one recognised strip: each character placed by where the
    recogniser read it (its CTC column), within the strip's type (``extent``:
    left, right, top, bottom as fractions of it); read from a vertical strip, in
    its cell.  A white run (``whites``) between two characters' cells (not in
    a punctuation mark's own cell, nor after a closing mark) is a printed space the
    recogniser left out."""
    text, score, info = result[0], float(result[1]), result[2]
    chars = [ch for ch in text if ch.strip()]
    if cells:
        x0, top, x1, bottom = strip.box()
        spans = cells if len(cells) == len(chars) else [
            (i / len(chars), (i + 1) / len(chars)) for i in range(len(chars))]
        return [Glyph(text=ch, x0=x0, top=top + a * (bottom - top), x1=x1,
                      bottom=top + b * (bottom - top), size=x1 - x0, conf=score)
                for ch, (a, b) in zip(chars, spans)]
    places = []          # fraction of the strip's length at each character's centre
    steps = float(info[0]) if info and info[0] else 0.0
    for word, columns in zip(info[1], info[2]) if steps else ():
        places.extend((column + 0.5) / steps for ch, column in zip(word, columns) if ch.strip())
    if len(places) != len(chars):
        places = [(i + 0.5) / len(chars) for i in range(len(chars))]
    gaps = sorted(b - a for a, b in zip(places, places[1:]))
    half = (gaps[len(gaps) // 2] if gaps else 1.0 / max(len(chars), 1)) / 2
    q = strip.quad
    glyphs, space, k, ends = [], False, 0, 0.0
    for ch in text:
        if not ch.strip():
            space = True
            continue
        at = places[k]
        # half the usual pitch each side, but never over a neighbour's half (digits are narrow)
        a = max(at - half, (places[k - 1] + at) / 2 if k else extent[0], 0.0)
        b = min(at + half, (places[k + 1] + at) / 2 if k + 1 < len(places) else extent[1], 1.0)
        k += 1
        space = space or bool(glyphs and glyphs[-1].text not in CLOSING_MARKS
                              and any(ends < (w0 + w1) / 2 < a for w0, w1 in whites))
        ends = b
        left, right = q[0] + a * (q[1] - q[0]), q[0] + b * (q[1] - q[0])   # on the top edge
        down = (q[3] - q[0]) + at * ((q[2] - q[1]) - (q[3] - q[0]))        # top to bottom there
        glyphs.append(Glyph(text=ch, x0=float(left[0]), top=float(left[1] + extent[2] * down[1]),
                            x1=float(right[0]), bottom=float(left[1] + extent[3] * down[1]),
                            size=(extent[3] - extent[2]) * strip.height, conf=score, space=space,
                            gutter=strip.after_gutter and not glyphs))
        space = False
    return glyphs


def _inline_sizes(lines):
    """A short run set apart on a row of text (a bold name inside a line) is read
    as a strip of its own whose height differs: it takes the size of the longer
    line it continues (ending or starting within an em of it on the same row)."""
    for line in lines:
        size = line[0].size
        for other in lines:
            wide = other[0].size
            if (other is line or len(other) <= len(line) or not INLINE_LOW <= size / wide <= INLINE_HIGH
                    or abs((line[0].top + line[0].bottom) - (other[0].top + other[0].bottom)) > wide):
                continue
            if min(abs(line[0].x0 - other[-1].x1), abs(other[0].x0 - line[-1].x1)) <= wide:
                for glyph in line:
                    glyph.size = wide
                break


def _rule_marks(lines):
    """What the recogniser reads column rules as: bars always, corner brackets on a
    page whose quotes are “” (so its 「」 are no quotes)."""
    text = "".join(g.text for line in lines for g in line)
    return RULE_MARKS | (RULE_QUOTES if "“" in text or "”" in text else frozenset())


def _snap_body_sizes(page):
    """Detected line heights vary with the marks in a line (quotes, brackets reach
    higher): heights from the body's own up to ``BODY_NOISE`` above it are the
    body's size, so that only real changes of type stand out."""
    body = page.body_size()
    for glyph in page.glyphs:
        if BODY_LOW * body <= glyph.size <= BODY_NOISE * body:
            glyph.size = body
