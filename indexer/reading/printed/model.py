"""The page model: every printed character with its place, size and font.

A ``Page`` is what every printed-page reader produces (PDF text layers in
``pdfpages``, ALTO and hOCR in ``markup``) and what layout and zoning read.
Coordinates are PDF-like points with the origin at the top left and y going
down (``x0, top, x1, bottom``); ``Glyph.box`` and ``Region`` give them as
fractions of the page's width and height, so any rendering size can draw them.
"""
from dataclasses import dataclass, field


@dataclass
class Glyph:
    """One printed character (or, from word-level markup, one word)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float            # type size in points (the box height for OCR output)
    font: str = ""
    conf: float | None = None   # OCR confidence, 0..1; None for a text layer
    order: int = 0         # position in the source's stream (content stream, XML order)
    space: bool = False    # a space was printed before it
    gutter: bool = False   # a gutter stands before it (found on an image): it starts a line

    @property
    def cx(self):
        return (self.x0 + self.x1) / 2

    @property
    def cy(self):
        return (self.top + self.bottom) / 2


@dataclass
class Page:
    """One printed page: its size in points and its glyphs."""

    width: float
    height: float
    glyphs: list = field(default_factory=list)
    figures: list = field(default_factory=list)   # (x0, top, x1, bottom) of pictures: no text
    number: int = 1        # 1-based page of a multi-page file
    image: str | None = None    # the page image beside a markup file, when there is one
    ocr: bool = False      # read from an image by OCR (slow: a progress bar counts these)

    def body_size(self):
        """The page's dominant type size: the size most characters are set in."""
        counts = {}
        for glyph in self.glyphs:
            key = round(glyph.size * 2) / 2
            counts[key] = counts.get(key, 0) + len(glyph.text)
        return max(counts, key=counts.get) if counts else 10.0

    def region(self, x0, top, x1, bottom):
        """A box as fractions of the page: ``{x, y, w, h}`` rounded to 1/10,000."""
        return {"x": round(x0 / self.width, 4), "y": round(top / self.height, 4),
                "w": round((x1 - x0) / self.width, 4), "h": round((bottom - top) / self.height, 4)}


class PageError(ValueError):
    """A printed page that cannot be read (damaged, encrypted, no text layer...)."""
