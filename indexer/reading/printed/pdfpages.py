"""PDF pages with a text layer -> ``Page`` models, one per PDF page (pypdfium2).

PDFium (pypdfium2: Apache-2.0/BSD-3, the engine Chrome renders PDFs with) gives
every character with its box, its size (the font size times the text matrix's
scale) and its font name, six times faster than pdfminer; pictures (images,
filled paths) come from the page's objects.  A character's box is its advance
across and its type size up from the baseline, as a text layer sets it.
Whitespace is dropped (gaps are measured, not read); a printed space marks the
next character.  A file that cannot be opened (damaged, encrypted with a
password, not a PDF) raises ``PageError`` with the reason; a page without a text
layer is read by OCR when the ``ocr`` extra is installed, else reported with
one line naming it.
"""
import ctypes
import math

from indexer.reading.printed.model import Glyph, Page, PageError

PICTURE_EMS = 3       # em of body type: the least width and height of a picture
SPACE_EXCESS = 0.15   # em: a printed space widens a gap at least this much over its neighbours
PICTURE_TEXT = 0.05   # the most of a picture's area text printed over it may cover
OCR_HINT = "a scan without a text layer: reading it needs OCR (pip install 'baoku[ocr]')"


def read_pdf(path):
    """Yield ``(page number, Page or PageError)`` for every page of the PDF at ``path``.

    Raises ``PageError`` when the file as a whole cannot be read.
    """
    import pypdfium2
    try:
        pdf = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        raise PageError(_reason(error)) from None
    except OSError as error:
        raise PageError(f"cannot read file: {error.strerror or error}") from None
    try:
        count = len(pdf)
        if not count:
            raise PageError("a PDF without pages")
        for number in range(1, count + 1):
            try:
                yield number, _page(pdf, number, path)
            except PageError as error:
                yield number, error
            except Exception as error:  # noqa: BLE001 - a damaged page: the others are still read
                yield number, PageError(f"cannot read page {number}: {_reason(error)}")
    finally:
        pdf.close()


def _page(pdf, number, path):
    import pypdfium2.raw as raw
    page = pdf[number - 1]
    try:
        width, height = page.get_size()
        text = page.get_textpage()
        try:
            glyphs = _glyphs(raw, text, height)
        finally:
            text.close()
        if not glyphs:
            return _scanned(path, number)
        model = Page(width=float(width), height=float(height), glyphs=glyphs, number=number)
        model.figures = _figures(raw, page, glyphs, model.body_size(), width, height)
        return model
    finally:
        page.close()


def _glyphs(raw, text, height):
    glyphs, space = [], False
    rect, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    for index in range(text.count_chars()):
        code = raw.FPDFText_GetUnicode(text.raw, index)
        char = chr(code) if 0 < code < 0x110000 else ""
        if not char.strip():
            space = space or char in " \u3000\xa0"    # PDFium may mark a printed space generated
            continue
        if raw.FPDFText_IsGenerated(text.raw, index) == 1:
            continue
        if not raw.FPDFText_GetLooseCharBox(text.raw, index, rect):
            continue
        raw.FPDFText_GetMatrix(text.raw, index, matrix)
        size = raw.FPDFText_GetFontSize(text.raw, index) * math.hypot(matrix.c, matrix.d)
        if size <= 0 or rect.right <= rect.left:
            continue
        raw.FPDFText_GetFontInfo(text.raw, index, name, len(name), ctypes.byref(flags))
        bottom = height - rect.bottom
        glyphs.append(Glyph(text=char, x0=rect.left, top=bottom - size, x1=rect.right,
                            bottom=bottom, size=size, order=index, space=space,
                            font=_font_name(name.value.decode("utf-8", "replace"))))
        space = False
    _printed_spaces(glyphs)
    return glyphs


def _gap(glyphs, i):
    """The white before glyph ``i`` when it follows glyph ``i - 1`` on its row, else None."""
    if i <= 0 or i >= len(glyphs):
        return None
    a, b = glyphs[i - 1], glyphs[i]
    if abs(a.cy - b.cy) > 0.3 * max(a.size, b.size) or b.x0 < a.x1 - 0.3 * b.size:
        return None
    return b.x0 - a.x1


def _printed_spaces(glyphs):
    """PDFium reports a space wherever glyphs stand apart, justified text included,
    and marks printed spaces as made up too: a space is kept only where the gap is
    wider, by ``SPACE_EXCESS`` em, than the gaps beside it on the row."""
    for i, glyph in enumerate(glyphs):
        if not glyph.space:
            continue
        gap = _gap(glyphs, i)
        beside = [g for g in (_gap(glyphs, i - 1), _gap(glyphs, i + 1)) if g is not None]
        glyph.space = gap is not None and gap - max(beside, default=0.0) >= SPACE_EXCESS * glyph.size


def _figures(raw, page, glyphs, em, width, height):
    """Pictures (images, filled paths all but empty of text: a label may be printed
    over a photo) at least ``PICTURE_EMS`` each way: not white for the layout."""
    figures = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_PATH]):
        if obj.type == raw.FPDF_PAGEOBJ_PATH:
            raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
            if not fill.value:
                continue
        left, bottom, right, top = obj.get_bounds()
        box = (left, height - top, right, height - bottom)
        size = (box[2] - box[0]) * (box[3] - box[1])
        if (min(box[2] - box[0], box[3] - box[1]) < PICTURE_EMS * em
                or size > width * height / 2 or box in figures):
            continue
        inked = sum((g.x1 - g.x0) * (g.bottom - g.top) for g in glyphs
                    if box[0] <= g.cx <= box[2] and box[1] <= g.cy <= box[3])
        if inked <= PICTURE_TEXT * size:
            figures.append(box)
    return figures


def _scanned(path, number):
    """A page without a text layer: OCR'd when the ``ocr`` extra is there."""
    from indexer.reading.printed import scans
    if not scans.ocr_available():
        raise PageError(f"page {number}: {OCR_HINT}")
    return scans.image_page(scans.render_pdf_page(path, number), number)


def _font_name(name):
    """``AAAAAA+NotoSerifCJKsc-Regular`` -> ``NotoSerifCJKsc-Regular`` (subset tag off)."""
    return name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name


def _reason(error):
    text = str(error).strip() or type(error).__name__
    if "password" in text.lower():
        return "encrypted PDF (needs a password); cannot read it"
    return f"not a readable PDF ({text[:120]})"
