"""Text lines on a page image, as the OCR detector found them, made fit to read.

The detector (``scans``) finds strips of text; on a newspaper page it joins the
lines of neighbouring columns when no rule is printed between them, and it sees a
竖排 headline as a tall strip.  Here, before anything is recognised:

* a horizontal strip is cut at every gutter it crosses: a white run in the strip
  at least ``GUTTER`` of its height wide, where the white goes on straight up or
  straight down the page for ``GUTTER_RUN`` line heights with ink on both sides
  (the lines of the columns beside it).  A comma's white or a space between words
  is not cut: the line above or below has ink there;
* a tall strip (height >= ``TALL`` times its width) is a vertical line: it is cut
  into its characters' cells by the white rows between them, which are read as one
  horizontal line.

Everything is measured in the strip's own height (its type size), so pages of any
resolution and type size are read alike.  Coordinates are the image's pixels.
"""
from dataclasses import dataclass

import numpy

SPACE = 0.3         # of the strip's height: the narrowest white read as a printed space
GUTTER = 0.55        # of the strip's height: the narrowest white taken for a gutter
GUTTER_RUN = 2.5     # strip heights the gutter's white must go on, up or down
STRIP = 0.2          # of the strip's height: half the width of the white strip tested
BESIDE = 1.5         # strip heights each side of the gutter where the columns' ink is
MOSTLY_WHITE = 0.25  # share of the strip's rows that may hold ink (dust, a mark at a line's end)
MOSTLY_INK = 0.2     # share of rows beside the gutter that must hold ink
TALL = 1.5           # height / width: a vertical strip
DISPLAY = 1.3        # of the usual strip's height: display type, whose strips are never cut
SMEAR = 0.3          # of a body line's height: how far ink is smeared to make blobs of type
DISPLAY_WIDE = 1.4   # body line heights: the narrowest column of vertical display type
DISPLAY_MOST = 2.6   # body line heights: the widest (one display character)
VERTICAL_CHARS = 3   # characters a column of vertical type has at least
FLAT, THIN = 0.5, 0.6  # a flat cell (of the column's width) whose ink fills this little of its box is a bracket
SQUARE = 0.6         # of its width: the usual height of its stacks of ink (lines of body type are lower)
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


def strips(quads, ink):
    """The detector's ``quads`` as strips, each horizontal one of text type cut at its gutters,
    and the columns of vertical display type found in the ink in place of the
    detector's strips over them."""
    found = [Strip(numpy.array(quad, dtype=numpy.float32)) for quad in quads]
    for strip in found:
        strip.vertical = strip.height >= TALL * strip.width
    heights = sorted(s.height for s in found if not s.vertical)
    if not heights:
        return found
    line = heights[len(heights) // 2]
    out = []
    for strip in found:
        if strip.vertical or strip.height > DISPLAY * line:
            out.append(strip)       # display type spans its columns: never cut
        else:
            out.extend(_cut_at_gutters(strip, ink))
    columns = vertical_columns(ink, line)
    kept = [s for s in out if not any(_covered(s.box(), c.box()) for c in columns)]
    return [s for s in kept if not s.vertical] + _join_stacked([s for s in kept if s.vertical] + columns)


def _join_stacked(upright):
    """Vertical strips one over the other in one column (a bracket the smear left
    apart, the detector's piece of a column) are one strip."""
    boxes = sorted((s.box() for s in upright), key=lambda b: b[1])
    joined = []
    for box in boxes:
        host = next((i for i, b in enumerate(joined)
                     if min(b[2], box[2]) - max(b[0], box[0]) >= 0.6 * min(b[2] - b[0], box[2] - box[0])
                     and box[1] - b[3] <= b[2] - b[0]), None)
        if host is None:
            joined.append(box)
        else:
            b = joined[host]
            joined[host] = (min(b[0], box[0]), min(b[1], box[1]), max(b[2], box[2]), max(b[3], box[3]))
    return [Strip(numpy.array([[x0, top], [x1, top], [x1, bottom], [x0, bottom]], dtype=numpy.float32),
                  vertical=True) for x0, top, x1, bottom in joined]


def vertical_columns(ink, line):
    """Columns of vertical display type: ink smeared ``SMEAR`` of a body line's
    height (``line``) across and a line down (joining the characters of a column,
    not the columns) makes blobs; cut where white runs down them, the pieces from
    ``DISPLAY_WIDE`` to ``DISPLAY_MOST`` lines wide (one display character),
    ``VERTICAL_CHARS`` such characters high, whose stacks of ink are about as high
    as the column is wide (square characters, not lines of body type under each
    other) are columns of vertical type."""
    import cv2
    across, down = max(int(SMEAR * line), 1), max(int(line), 1)
    blobs = cv2.dilate(ink.astype(numpy.uint8), numpy.ones((down, across), numpy.uint8))
    count, _labels, stats, _c = cv2.connectedComponentsWithStats(blobs, connectivity=8)
    found = []
    for x, y, w, h, _area in stats[1:count]:
        if w < DISPLAY_WIDE * line or h < VERTICAL_CHARS * DISPLAY_WIDE * line:
            continue
        block = ink[y:y + h, x:x + w]
        edges = [0] + [(a + b) // 2 for a, b in _white_runs(block.sum(axis=0), 1)] + [w]
        for a, b in zip(edges, edges[1:]):
            rows = numpy.flatnonzero(block[:, a:b].any(axis=1))
            if not len(rows) or not DISPLAY_WIDE * line <= b - a <= DISPLAY_MOST * line:
                continue
            top, bottom = _reach(ink, x + a, x + b, y + int(rows[0]), y + int(rows[-1]) + 1)
            rows = numpy.flatnonzero(ink[top:bottom, x + a:x + b].any(axis=1))
            if bottom - top >= VERTICAL_CHARS * (b - a) and _stack_height(rows) >= SQUARE * (b - a):
                found.append(Strip(numpy.array([[x + a, top], [x + b, top], [x + b, bottom],
                                                [x + a, bottom]], dtype=numpy.float32), vertical=True))
    return found


def _reach(ink, left, right, top, bottom):
    """``(top, bottom)`` of the column of type ``left``..``right`` grown over ink
    less than a character's width above or below it (a bracket set apart) that
    stands apart, with white an eighth of a character wide on one side at least
    (a line of text under it runs on both sides)."""
    width = right - left
    margin = max(width // 8, 1)
    column = ink[:, left:right].any(axis=1)
    sides = ink[:, max(left - margin, 0):left].any(axis=1) & ink[:, right:right + margin].any(axis=1)
    inked = numpy.flatnonzero(column)
    while True:
        above = inked[(inked < top) & (inked >= top - width)]
        below = inked[(inked >= bottom) & (inked < bottom + width)]
        grown = (int(above.min()) if len(above) else top, int(below.max()) + 1 if len(below) else bottom)
        if grown == (top, bottom) or sides[grown[0]:top].any() or sides[bottom:grown[1]].any():
            return top, bottom
        top, bottom = grown


def _stack_height(rows):
    """The median height of the stacks of inked ``rows`` (indexes) between white rows."""
    breaks = numpy.flatnonzero(numpy.diff(rows) > 1)
    starts = numpy.concatenate(([rows[0]], rows[breaks + 1]))
    ends = numpy.concatenate((rows[breaks], [rows[-1]])) + 1
    return float(numpy.median(ends - starts))


def _covered(box, column):
    """Most of ``box`` lies inside ``column``."""
    w = min(box[2], column[2]) - max(box[0], column[0])
    h = min(box[3], column[3]) - max(box[1], column[1])
    area = (box[2] - box[0]) * (box[3] - box[1])
    return w > 0 and h > 0 and w * h >= 0.3 * area


def _white_runs(profile, least):
    """``(start, end)`` of the runs of zeros in ``profile`` at least ``least`` long,
    inside the ink (not the margins)."""
    dark = numpy.flatnonzero(profile)
    if len(dark) < 2:
        return []
    gaps = numpy.flatnonzero(numpy.diff(dark) > least)
    return [(int(dark[i]) + 1, int(dark[i + 1])) for i in gaps]


def _cut_at_gutters(strip, ink):
    h = strip.height
    line = crop(ink.astype(numpy.uint8), strip)
    if line.size == 0:
        return [strip]
    profile = line[int(0.1 * line.shape[0]):max(int(0.9 * line.shape[0]), 1)].sum(axis=0)
    cuts = [(a + b) / 2 for a, b in _white_runs(profile, GUTTER * h)
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
    return (middle.mean() <= MOSTLY_WHITE and left.size and right.size
            and left.mean() >= MOSTLY_INK and right.mean() >= MOSTLY_INK)


def cells(strip, ink):
    """A vertical strip's character cells, top to bottom, as fractions of its
    height: cut at the white rows between characters, pieces merged up to a
    square (二, 三 have white rows inside)."""
    column = crop(ink.astype(numpy.uint8), strip)
    w = column.shape[1]
    rows = column.sum(axis=1)
    dark = numpy.flatnonzero(rows)
    if not len(dark):
        return []
    pieces, start = [], dark[0]
    for a, b in zip(dark, dark[1:]):
        if b - a > 1:
            pieces.append((start, a + 1))
            start = b
    pieces.append((start, dark[-1] + 1))
    merged = []
    for a, b in pieces:
        if merged and b - merged[-1][0] <= 1.1 * w:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    height = column.shape[0]
    return [(a / height, b / height) for a, b in merged]


def line_image(image, strip, ink):
    """``(picture, cells)``: what the recogniser reads for ``strip``, a straightened
    crop; for a vertical strip its character cells set side by side (each on a
    square of paper), with the cells (fractions of its height) to place them by.
    A cell of a thin curve lying flat is a bracket set upright for vertical text
    (︵): it is turned to stand as a horizontal line prints it."""
    picture = crop(image, strip)
    if not strip.vertical:
        return picture, None
    spans = cells(strip, ink)
    if not spans:
        return numpy.rot90(picture).copy(), None
    column = crop(ink.astype(numpy.uint8), strip)
    height, w = picture.shape[:2]
    paper = numpy.median(picture.reshape(-1, picture.shape[-1]), axis=0).astype(picture.dtype)
    rows = [(int(a * height), max(int(round(b * height)), int(a * height) + 1)) for a, b in spans]
    side = max([w] + [bottom - top for top, bottom in rows])
    squares = []
    for top, bottom in rows:
        cell = picture[top:bottom]
        if _upright_bracket(column[top:bottom], w):
            cell = numpy.rot90(cell).copy()
        square = numpy.empty((side, side) + picture.shape[2:], dtype=picture.dtype)
        square[...] = paper
        off_y, off_x = (side - cell.shape[0]) // 2, (side - cell.shape[1]) // 2
        square[off_y:off_y + cell.shape[0], off_x:off_x + cell.shape[1]] = cell
        squares.append(square)
    return numpy.concatenate(squares, axis=1), _touching(spans)


def _upright_bracket(cell, width):
    """A flat cell (under ``FLAT`` of the column's width high) whose ink fills
    little of its box: a curve (︵ ︶), not a bar (一)."""
    ys, xs = numpy.nonzero(cell)
    if not len(ys):
        return False
    high, wide = ys.max() - ys.min() + 1, xs.max() - xs.min() + 1
    return high < FLAT * width and len(ys) < THIN * high * wide


def _touching(spans):
    """Cells widened to meet halfway, so the characters of a column stand together."""
    out = []
    for i, (a, b) in enumerate(spans):
        a = (spans[i - 1][1] + a) / 2 if i else a
        b = (b + spans[i + 1][0]) / 2 if i + 1 < len(spans) else b
        out.append((a, b))
    return out


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
    return [(a / width, b / width) for a, b in _white_runs(line.sum(axis=0), SPACE * strip.height)]


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
