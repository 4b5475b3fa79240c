"""Text lines on a page image, as the OCR detector found them, made fit to read.

The detector (``scans``) finds strips of text; on a newspaper page it joins the
lines of neighbouring columns when no rule is printed between them.  Here, before
anything is recognised, a horizontal strip is cut at every gutter it crosses: a
white run in the strip at least ``GUTTER`` of its height wide, where the white
goes on straight up or straight down the page for ``GUTTER_RUN`` line heights
with ink on both sides (the lines of the columns beside it).  A comma's white or
a space between words is not cut: the line above or below has ink there.  The
strip's type (``ink_extent``) and its printed spaces (``spaces``) are read off
its ink too; ``verticaltype`` finds vertical type.  Ink is what stands darker
than the paper around it, rules left out (``ink_mask``).

Everything is measured in the strip's own height (its type size), so pages of any
resolution and type size are read alike.  Coordinates are the image's pixels.
"""
from dataclasses import dataclass

import numpy

SPACE = 0.3         # of the strip's height: the narrowest white read as a printed space
GUTTER = 0.55        # of the strip's height: the narrowest white taken for a gutter
GUTTER_RUN = 3.5     # strip heights the gutter's white must go on, up or down
STRIP = 0.2          # of the strip's height: half the width of the white strip tested
BESIDE = 3.0         # strip heights each side of the gutter where the columns' ink is
MARK_HIGH = 0.7      # of the strip's height: rows of ink in the gutter's strip that make a character
MOSTLY_INK = 0.2     # share of rows beside the gutter that must hold ink
TALL = 1.5           # height / width: a vertical strip
DISPLAY = 1.3        # of the usual strip's height: display type, whose strips are never cut
INK_DELTA = 60       # grey levels under the local paper: ink
PAPER_KERNEL = 0.01  # of the page's width: the neighbourhood whose lightest grey is the paper
RULE = 0.08          # of the page's width: a straight run of ink this long is a rule


@dataclass
class Strip:
    """A detected strip of text: its quad's corners (top left, top right, bottom
    right, bottom left) and whether it reads top to bottom."""

    quad: numpy.ndarray
    vertical: bool = False
    after_gutter: bool = False    # cut from a longer strip at a gutter on its left

    @property
    def height(self):
        q = self.quad
        edge = (numpy.linalg.norm(q[3] - q[0]) + numpy.linalg.norm(q[2] - q[1])) / 2
        return float(edge)

    @property
    def width(self):
        q = self.quad
        return float((numpy.linalg.norm(q[1] - q[0]) + numpy.linalg.norm(q[2] - q[3])) / 2)

    def box(self):
        return (float(self.quad[:, 0].min()), float(self.quad[:, 1].min()),
                float(self.quad[:, 0].max()), float(self.quad[:, 1].max()))

    def part(self, f0, f1):
        """The strip from fraction ``f0`` to ``f1`` of its length."""
        q = self.quad
        top, bottom = q[1] - q[0], q[2] - q[3]
        return Strip(numpy.array([q[0] + f0 * top, q[0] + f1 * top,
                                  q[3] + f1 * bottom, q[3] + f0 * bottom], dtype=numpy.float32),
                     self.vertical, after_gutter=f0 > 0)


def ink_mask(gray):
    """Pixels of type: darker by ``INK_DELTA`` than the lightest grey around them
    (so a tinted box or a grey picture is paper, its text ink), rules left out
    (straight runs of ink ``RULE`` of the page's width long, across or down)."""
    import cv2
    size = max(3, int(PAPER_KERNEL * gray.shape[1]) | 1)
    paper = cv2.dilate(gray, numpy.ones((size, size), numpy.uint8))
    ink = ((paper.astype(numpy.int16) - gray) >= INK_DELTA).astype(numpy.uint8)
    length = max(int(RULE * gray.shape[1]), 3)
    rules = numpy.zeros_like(ink)
    for run, thick in (((1, length), (3, 1)), ((length, 1), (1, 3))):    # across, down
        widened = cv2.dilate(ink, numpy.ones(thick, numpy.uint8))    # a tilted rule stays straight
        rules |= cv2.dilate(cv2.morphologyEx(widened, cv2.MORPH_OPEN, numpy.ones(run, numpy.uint8)),
                            numpy.ones(thick, numpy.uint8))
    return (ink & (1 - rules)).astype(bool)


def crop(image, strip):
    """The strip's pixels, straightened (``image`` an array, grey or colour)."""
    import cv2
    w, h = max(int(round(strip.width)), 1), max(int(round(strip.height)), 1)
    target = numpy.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=numpy.float32)
    matrix = cv2.getPerspectiveTransform(strip.quad.astype(numpy.float32), target)
    return cv2.warpPerspective(image, matrix, (w, h), borderMode=cv2.BORDER_REPLICATE,
                               flags=cv2.INTER_CUBIC)


def white_runs(profile, least):
    """``(start, end)`` of the runs of zeros in ``profile`` at least ``least`` long,
    inside the ink (not the margins)."""
    dark = numpy.flatnonzero(profile)
    if len(dark) < 2:
        return []
    gaps = numpy.flatnonzero(numpy.diff(dark) > least)
    return [(int(dark[i]) + 1, int(dark[i + 1])) for i in gaps]


def cut_at_gutters(strip, ink):
    h = strip.height
    line = crop(ink.astype(numpy.uint8), strip)
    if line.size == 0:
        return [strip]
    profile = line[int(0.1 * line.shape[0]):max(int(0.9 * line.shape[0]), 1)].sum(axis=0)
    cuts = [(a + b) / 2 for a, b in white_runs(profile, GUTTER * h)
            if _gutter(strip, ink, (a + b) / 2 / line.shape[1], h)]
    if not cuts:
        return [strip]
    edges = [0.0] + [c / line.shape[1] for c in cuts] + [1.0]
    return [strip.part(f0, f1) for f0, f1 in zip(edges, edges[1:])]


def _gutter(strip, ink, f, h):
    """White goes on straight up or down from the strip at fraction ``f`` of it,
    with ink on both sides: a gutter between columns."""
    q = strip.quad
    x = float((q[0][0] + f * (q[1][0] - q[0][0]) + q[3][0] + f * (q[2][0] - q[3][0])) / 2)
    top = float(q[0][1] + f * (q[1][1] - q[0][1]))
    bottom = float(q[3][1] + f * (q[2][1] - q[3][1]))
    reach = GUTTER_RUN * h
    return any(_white_between(ink, x, a, b, h) for a, b in ((top - reach, top), (bottom, bottom + reach)))


def _white_between(ink, x, y0, y1, h):
    rows, cols = ink.shape
    y0, y1 = max(int(y0), 0), min(int(y1), rows)
    if y1 - y0 < h:
        return False
    half, side = max(int(STRIP * h), 1), int(BESIDE * h)
    xi = int(x)
    middle = ink[y0:y1, max(xi - half, 0):xi + half + 1].any(axis=1)
    left = ink[y0:y1, max(xi - side, 0):max(xi - 2 * half, 0)].any(axis=1)
    right = ink[y0:y1, min(xi + 2 * half, cols):min(xi + side, cols)].any(axis=1)
    return (middle.sum() < MARK_HIGH * h and left.size and right.size
            and left.mean() >= MOSTLY_INK and right.mean() >= MOSTLY_INK)


def spaces(strip, ink):
    """``[(start, end)]``: white runs inside a horizontal strip at least ``SPACE`` of
    its height wide, as fractions of its length (a printed space, or the white a
    punctuation mark leaves: the caller tells them apart)."""
    if strip.vertical:
        return []
    line = crop(ink.astype(numpy.uint8), strip)
    if not line.size:
        return []
    width = line.shape[1]
    return [(a / width, b / width) for a, b in white_runs(line.sum(axis=0), SPACE * strip.height)]


def ink_extent(strip, ink):
    """``(left, right, top, bottom)``: where the strip's type is, as fractions of
    its length and height (the detector's box reaches beyond the type by a fifth
    or so, and a piece cut at a gutter holds half of it on each side)."""
    if strip.vertical:
        return 0.0, 1.0, 0.0, 1.0
    line = crop(ink.astype(numpy.uint8), strip)
    out = []
    for sums in (line.sum(axis=0), line.sum(axis=1)):
        filled = numpy.flatnonzero(sums >= max(sums.max() * 0.05, 1)) if sums.size else []
        out.extend((filled[0] / len(sums), (filled[-1] + 1) / len(sums)) if len(filled) else (0.0, 1.0))
    return tuple(out)
