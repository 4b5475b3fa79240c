"""Reading order: the page's lines cut into zones by the white space between them.

A recursive XY cut over the lines' boxes: a zone is split

1. across, where a band of white wider than the zone's usual gap between lines
   runs the whole width (between stacked blocks: an article and the banner under it);
2. else down, where a white strip at least half an em wide runs the whole height
   (columns, and stacks of blocks side by side), left to right;
3. else across, between lines where the type changes (a headline over its
   subtitle and body, whose columns are then cut down by rule 2).

What cannot be cut is a leaf: one column of one kind of type, read top to bottom
(vertical lines right to left).  Leaves in cut order are the page in reading order.
"""
import statistics

from indexer.reading.printed.lines import SAME_ROW, Figure, Line, same_size

GUTTER = 0.5          # em of body type: the narrowest strip taken for a gutter
BLOCK_GAP = 1.4       # times the zone's usual line gap: white that separates blocks
MIN_BLOCK_GAP = 0.6   # em: never less than this
LINE_GAP = 0.55       # em: the usual line gap when a zone has no line pairs to measure
LOOSE_LEADING = 1.25  # a band at most this much wider than a column's own line gap is leading


def reading_order(lines, em, figures=()):
    """The leaves (lists of lines, each in reading order) of ``lines``, in reading order.

    ``figures`` (pictures' boxes) take up room as text does, so a photo is never
    white between blocks; they are left out of the leaves.
    """
    leaves = []
    _cut(list(lines) + [Figure(*box) for box in figures], em, leaves)
    leaves = [[l for l in leaf if not isinstance(l, Figure)] for leaf in leaves]
    return [leaf for leaf in leaves if leaf]


def _cut(lines, em, leaves):
    if len(lines) > 1:
        for parts in (_across(lines, em, strong=True), _down(lines, em),
                      _across(lines, em, strong=False)):
            if parts:
                for part in parts:
                    _cut(part, em, leaves)
                return
    leaves.append(_leaf_order(lines))


def _gaps(spans):
    """The white intervals between the merged ``(start, end)`` spans, as (start, end)."""
    spans = sorted(spans)
    gaps, reach = [], spans[0][1]
    for start, end in spans[1:]:
        if start > reach:
            gaps.append((reach, start))
        reach = max(reach, end)
    return gaps


def _split(lines, cuts, key):
    parts = [[] for _ in range(len(cuts) + 1)]
    for line in lines:
        at = key(line)
        index = sum(1 for c in cuts if at > c)
        parts[index].append(line)
    return [p for p in parts if p]


def _across(lines, em, strong):
    gaps = _gaps([(l.top, l.bottom) for l in lines])
    if not gaps:
        return None
    if strong:
        wide = max(BLOCK_GAP * _line_gap(lines, em), MIN_BLOCK_GAP * em)
        cuts = [(a + b) / 2 for a, b in gaps if b - a >= wide and not _leading(lines, a, b)]
    else:
        cuts = [(a + b) / 2 for a, b in gaps if _style_changes(lines, a, b)]
    return _split(lines, cuts, lambda l: (l.top + l.bottom) / 2) if cuts else None


def _down(lines, em):
    """Cut at every gutter; then pieces side by side that share a white band wide
    enough to part blocks are one stack again (two boxes one over the other, each
    with its own columns), to be cut across first."""
    gaps = _gaps([(l.x0, l.x1) for l in lines])
    cuts = [(a + b) / 2 for a, b in gaps if b - a >= GUTTER * em]
    if not cuts:
        return None
    pieces = _split(lines, cuts, lambda l: (l.x0 + l.x1) / 2)
    wide = max(BLOCK_GAP * _line_gap(lines, em), MIN_BLOCK_GAP * em)
    groups = [pieces[0]]
    bands = _bands(pieces[0], wide)
    for piece in pieces[1:]:
        shared = _shared(bands, _bands(piece, wide), wide)
        if shared:
            groups[-1] = groups[-1] + piece
            bands = shared
        else:
            groups.append(piece)
            bands = _bands(piece, wide)
    return groups if len(groups) > 1 else pieces


def _bands(lines, wide):
    """The white bands across ``lines`` at least ``wide`` high."""
    return [(a, b) for a, b in _gaps([(l.top, l.bottom) for l in lines]) if b - a >= wide]


def _shared(bands, others, wide):
    """The overlaps of two lists of white bands that are still ``wide`` high."""
    return [(max(a, c), min(b, d)) for a, b in bands for c, d in others
            if min(b, d) - max(a, c) >= wide]


def _line_gap(lines, em):
    """The usual white between a horizontal line and the next one under it in its column."""
    rows = sorted((l for l in lines if not l.vertical and l.glyphs), key=lambda l: l.top)
    gaps = []
    for i, line in enumerate(rows):
        for below in rows[i + 1:i + 40]:
            if below.top >= line.bottom and below.x0 < line.x1 and line.x0 < below.x1:
                if same_size(line.size, below.size):
                    gaps.append(below.top - line.bottom)
                break
    return statistics.median(gaps) if len(gaps) >= 3 else LINE_GAP * em


def _leading(lines, a, b):
    """The band (a, b) only holds the leading of a column set looser than the rest:
    a line right above it and the next line under it in its column (same size and
    face) stand no further apart than ``LOOSE_LEADING`` times that line's own gap
    to the line over it (or the next line's to the one under it)."""
    text = [l for l in lines if l.glyphs]
    for up in (l for l in text if a - 1 <= l.bottom <= a + 1e-6):
        column = [l for l in text if l is not up and l.x0 < up.x1 and up.x0 < l.x1
                  and same_size(l.size, up.size) and l.font == up.font]
        under = [l for l in column if l.top >= up.bottom]
        if not under:
            continue
        down = min(under, key=lambda l: l.top)
        over = [l.bottom for l in column if l.bottom <= up.top]
        further = [l.top for l in column if l.top >= down.bottom]
        pitch = (up.top - max(over)) if over else (min(further) - down.bottom) if further else None
        if pitch and down.top - up.bottom <= LOOSE_LEADING * pitch:
            return True
    return False


def _style_changes(lines, a, b):
    above = [l for l in lines if l.bottom <= a]
    below = [l for l in lines if l.top >= b]
    if not above or not below:
        return False
    last = max(above, key=lambda l: l.bottom)
    first = min(below, key=lambda l: l.top)
    return not same_size(last.size, first.size) or last.vertical != first.vertical


def _leaf_order(lines):
    """Top to bottom (pieces of one row joined, left to right); vertical lines right to left."""
    flat, row = [], []
    for line in sorted((l for l in lines if not l.vertical), key=lambda l: l.top):
        if row and line.top - row[0].top > SAME_ROW * row[0].size:
            flat.extend(_join_row(row))
            row = []
        row.append(line)
    flat.extend(_join_row(row))
    upright = sorted((l for l in lines if l.vertical), key=lambda l: -l.x1)
    return flat + upright


def _join_row(row):
    """Pieces of one row of one size in a zone are one line (a justified line the
    stream split); pieces of other sizes stay apart."""
    joined = []
    for line in sorted(row, key=lambda l: l.x0):
        if joined and same_size(joined[-1].size, line.size) and line.glyphs:
            joined[-1] = Line(list(joined[-1].glyphs) + list(line.glyphs))
        else:
            joined.append(line)
    return joined
