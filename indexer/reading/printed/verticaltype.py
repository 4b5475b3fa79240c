"""Vertical type on a page image, and the strips the recogniser is given.

The detector (``scans``) sees a 竖排 headline as tall strips, or misses most of
it; here the columns of vertical display type are found in the ink itself:
ink smeared a little across and a line down makes blobs, and a blob cut where
white runs down it is a column when it is one display character wide, three
high at least, and its stacks of ink are about as high as it is wide (square
characters, not lines of body type under each other).  A column is cut into its
characters' cells by the white rows between them, which are set side by side
and read as one horizontal line; a bracket set upright (︵) is turned to stand.

``strips`` joins this with ``imagelines``: the detector's quads as strips, the
horizontal ones of text type cut at their gutters, the vertical columns found
in place of the strips they cover.
"""
import numpy

from indexer.reading.printed.imagelines import (DISPLAY, TALL, Strip, crop, cut_at_gutters,
                                                white_runs)

SMEAR = 0.3          # of a body line's height: how far ink is smeared to make blobs of type
DISPLAY_WIDE = 1.4   # body line heights: the narrowest column of vertical display type
DISPLAY_MOST = 2.6   # body line heights: the widest (one display character)
VERTICAL_CHARS = 3   # characters a column of vertical type has at least
FLAT, THIN = 0.5, 0.6  # a flat cell (of the column's width) whose ink fills this little of its box is a bracket
SQUARE = 0.6         # of its width: the usual height of its stacks of ink (lines of body type are lower)


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
            out.extend(cut_at_gutters(strip, ink))
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
        edges = [0] + [(a + b) // 2 for a, b in white_runs(block.sum(axis=0), 1)] + [w]
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
