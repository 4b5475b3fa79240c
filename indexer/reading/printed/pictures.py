"""Pictures on a page image: large areas of tone with no ink in them.

A photo (or a grey placeholder for one) is darker than the paper around it by
``TONE`` grey levels or more, and holds no ink in the sense of ``imagelines``
(no strokes darker than what surrounds them).  The page is looked at in blocks of
``BLOCK`` of its width; blocks of tone without ink that join into an area at
least ``LEAST_WIDE`` by ``LEAST_HIGH`` text-line heights, mostly filled, are a
picture.  Text lines inside the area (a label printed on the photo) are left to
the text; tinted boxes (a light tint) and bars with reversed type stay paper.
"""
import numpy

BLOCK = 1 / 256       # of the page's width: the side of a block
TONE = 35             # grey levels under the paper: tone
INKLESS = 0.02        # share of a block's pixels that may be ink (dust)
LEAST_WIDE, LEAST_HIGH = 4, 3     # text-line heights: the smallest picture
FILLED = 0.6          # share of its box an area of tone fills


def find(gray, ink, text_boxes):
    """The pictures' boxes ``(x0, top, x1, bottom)`` in pixels of ``gray``."""
    import cv2
    heights = sorted(b[3] - b[1] for b in text_boxes)
    line = heights[len(heights) // 2] if heights else 0.02 * gray.shape[0]
    side = max(int(gray.shape[1] * BLOCK), 2)
    rows, cols = gray.shape[0] // side, gray.shape[1] // side
    if not rows or not cols:
        return []
    tone = cv2.resize(gray[:rows * side, :cols * side], (cols, rows), interpolation=cv2.INTER_AREA)
    inked = cv2.resize(ink[:rows * side, :cols * side].astype(numpy.float32), (cols, rows),
                       interpolation=cv2.INTER_AREA)
    paper = numpy.percentile(tone, 90)
    mask = ((tone.astype(numpy.int16) <= paper - TONE) & (inked <= INKLESS)).astype(numpy.uint8)
    count, _labels, stats, _centres = cv2.connectedComponentsWithStats(mask, connectivity=4)
    boxes = []
    for x, y, w, h, area in stats[1:count]:
        if w * side >= LEAST_WIDE * line and h * side >= LEAST_HIGH * line and area >= FILLED * w * h:
            boxes.append((float(x * side), float(y * side), float((x + w) * side),
                          float((y + h) * side)))
    return boxes
