"""PDF pages with a text layer -> ``Page`` models, one per PDF page (pdfplumber).

pdfplumber (MIT, on pdfminer.six) gives every character with its box, size
and font name; whitespace is dropped (gaps are measured, not read).  A file
that cannot be opened (damaged, encrypted with a password, not a PDF) raises
``PageError`` with the reason; a page without a text layer raises it too,
naming the OCR extra that reads scans.
"""
import logging

from indexer.reading.printed.model import Glyph, Page, PageError

PICTURE_EMS = 3       # em of body type: the least width and height of a picture
PICTURE_TEXT = 0.05   # the most of a picture's area text printed over it may cover
OCR_HINT = "a scan without a text layer: reading it needs OCR (pip install 'baoku[ocr]')"


def read_pdf(path):
    """Yield ``(page number, Page or PageError)`` for every page of the PDF at ``path``.

    Raises ``PageError`` when the file as a whole cannot be read.
    """
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as error:
        raise PageError(_reason(error.args[0] if error.args else error)) from None
    except Exception as error:     # pdfminer raises many kinds for a damaged file
        raise PageError(_reason(error)) from None
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception as error:
            raise PageError(_reason(error)) from None
        if not count:
            raise PageError("a PDF without pages")
        for number in range(1, count + 1):
            try:
                yield number, _page(pdf.pages[number - 1], number, path)
            except PageError as error:
                yield number, error
            except Exception as error:
                yield number, PageError(f"cannot read page {number}: {_reason(error)}")


def _page(pdf_page, number, path):
    glyphs, space = [], False
    for order, char in enumerate(pdf_page.chars):
        text = char.get("text") or ""
        if not text.strip() or char["x1"] <= char["x0"]:
            space = space or not text.strip()
            continue
        glyphs.append(Glyph(text=text, x0=char["x0"], top=char["top"], x1=char["x1"],
                            bottom=char["bottom"], size=float(char["size"]),
                            font=_font_name(char.get("fontname") or ""), order=order,
                            space=space))
        space = False
    if not glyphs:
        return _scanned(path, number)
    width, height = float(pdf_page.width), float(pdf_page.height)
    page = Page(width=width, height=height, glyphs=glyphs, number=number)
    page.figures = _figures(pdf_page, glyphs, page.body_size(), width * height)
    return page


def _figures(pdf_page, glyphs, em, area):
    """Pictures (images, filled boxes all but empty of text: a label may be printed
    over a photo) at least ``PICTURE_EMS`` each way: not white for the layout."""
    boxes = [(o["x0"], o["top"], o["x1"], o["bottom"]) for o in pdf_page.images]
    boxes += [(r["x0"], r["top"], r["x1"], r["bottom"]) for r in pdf_page.rects if r.get("fill")]
    figures = []
    for x0, top, x1, bottom in boxes:
        size = (x1 - x0) * (bottom - top)
        if (min(x1 - x0, bottom - top) < PICTURE_EMS * em or size > area / 2
                or (x0, top, x1, bottom) in figures):
            continue
        inked = sum((g.x1 - g.x0) * (g.bottom - g.top) for g in glyphs
                    if x0 <= g.cx <= x1 and top <= g.cy <= bottom)
        if inked > PICTURE_TEXT * size:
            continue
        figures.append((x0, top, x1, bottom))
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
    name = type(error).__name__
    if "Password" in name or "Encrypt" in name or "password" in text.lower():
        return "encrypted PDF (needs a password); cannot read it"
    return f"not a readable PDF ({name}: {text[:120]})"
