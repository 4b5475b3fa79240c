"""Page images (and PDF pages without a text layer) -> ``Page`` models, by OCR.

The OCR model ships inside the ``rapidocr-onnxruntime`` package (PP-OCRv4
detection and recognition, run by ONNX Runtime on the CPU), so nothing is
downloaded at run time; it is an optional extra (``pip install 'baoku[ocr]'``),
and without it a scan is reported with one line naming that command.  Each
character keeps its box (pixels of the image) and the line's confidence; its
type size is the height of its detected line, which zoning reads only as ratios;
as detected heights of body lines swing by a fifth with the marks in them, those
are snapped to the body's.  Known limit: the detector joins lines across narrow
gutters, and type sizes from box heights are rough, so OCR'd pages zone far
worse than text layers (see bench/README.md).
No font is known, so labels are told from text by size alone.
"""
from indexer.reading.printed.model import Glyph, Page, PageError

OCR_EXTRA = "reading scans needs OCR: pip install 'baoku[ocr]'"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
RENDER_DPI = 200      # a PDF page without a text layer is rendered at this resolution
RULE_MARKS = frozenset("|｜丨")      # never text in a Chinese paper's columns
RULE_QUOTES = frozenset("「」")      # quotes only on pages that use no “”
BODY_LOW, BODY_NOISE = 0.8, 1.25    # of the body's line height: still the body's type

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
        _engine = RapidOCR()
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
    """The OCR'd ``Page`` of one PIL image."""
    import numpy
    engine = _ocr()
    result, _elapsed = engine(numpy.array(image), use_cls=False, return_word_box=True)
    return result_page(result, image.width, image.height, number)


def result_page(result, width, height, number=1):
    """The ``Page`` of an OCR result (rapidocr's lines with their characters' boxes)."""
    page = Page(width=float(width), height=float(height), number=number)
    lines = [_line_glyphs(item) for item in result or ()]
    _check_sizes(lines)
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


def _check_sizes(lines):
    """A line's height says its size only when its characters are as wide: a line
    whose box came out tall (a quote mark reaching up) but whose characters are
    body-wide is sized by its characters (their median width, in the page's usual
    height-to-width ratio)."""
    widths = []
    for line in lines:
        han = sorted(g.x1 - g.x0 for g in line if not g.text.isascii())
        widths.append(han[len(han) // 2] if han else None)
    ratios = sorted(line[0].size / w for line, w in zip(lines, widths) if line and w)
    if not ratios:
        return
    ratio = ratios[len(ratios) // 2]
    for line, width in zip(lines, widths):
        if width:
            for glyph in line:
                glyph.size = min(glyph.size, round(width * ratio, 1))


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


def _line_glyphs(item):
    quad, text, score = item[0], item[1], float(item[2])
    boxes = item[3] if len(item) > 3 and item[3] else []
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    x0, top, x1, bottom = min(xs), min(ys), max(xs), max(ys)
    size = bottom - top
    chars = [ch for ch in text if ch.strip()]
    if len(boxes) != len(chars):
        step = (x1 - x0) / max(len(chars), 1)
        boxes = [[(x0 + i * step, top), (x0 + (i + 1) * step, bottom)] for i in range(len(chars))]
    glyphs, space, k = [], False, 0
    for ch in text:
        if not ch.strip():
            space = True
            continue
        bx = [p[0] for p in boxes[k]]
        k += 1
        glyphs.append(Glyph(text=ch, x0=float(min(bx)), top=float(top), x1=float(max(max(bx), min(bx) + 1)),
                            bottom=float(bottom), size=float(size), conf=score, space=space))
        space = False
    return glyphs
