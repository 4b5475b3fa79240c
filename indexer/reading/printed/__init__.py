"""Printed pages: PDF e-paper pages, ALTO and hOCR files -> article records by their layout.

Every reader makes the same page model (``model``: each character with its
box, size, font and, from OCR, confidence): ``pdfpages`` reads a PDF's text
layer (PDFium), ``markup`` ALTO XML and hOCR, ``scans`` page images and PDF pages without
a text layer by OCR (the ``ocr`` extra), after ``imagelines`` has cut the detected
strips at the columns' gutters, ``verticaltype`` found the 竖排 heads and
``pictures`` the photos in the image, and the page's tilt is turned back.  Then ``lines`` joins characters into
lines, ``reading`` cuts the page into zones in reading order by the white
between them, ``header`` reads the page header, ``zoning`` makes units of the
zones by their type (headline, kicker, subtitle, body, caption, label, ad) and
``pagerecords`` makes them records with their regions on the page.

``PRINTED_SUFFIXES`` are the file kinds read here; ``read_pages(path)`` yields
each page's model (or the ``PageError`` that stopped it).
"""
import os

from indexer.reading.printed.model import Page, PageError

PDF_SUFFIXES = (".pdf",)
MARKUP_SUFFIXES = (".xml", ".alto", ".hocr")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
PRINTED_SUFFIXES = PDF_SUFFIXES + MARKUP_SUFFIXES + IMAGE_SUFFIXES

__all__ = ["PRINTED_SUFFIXES", "Page", "PageError", "read_pages"]


def read_pages(path):
    """Yield ``(page number, Page or PageError)`` for each page of a printed-page file.

    Raises ``PageError`` when the whole file cannot be read.
    """
    name = os.path.basename(path).lower()
    if name.endswith(PDF_SUFFIXES):
        from indexer.reading.printed.pdfpages import read_pdf
        yield from read_pdf(path)
    elif name.endswith(IMAGE_SUFFIXES):
        from indexer.reading.printed.scans import read_image
        yield from read_image(path)
    else:
        from indexer.reading.printed.markup import read_markup
        yield from read_markup(path)
