"""Glyphs -> printed lines (horizontal and vertical), each with its box and style.

A horizontal line is a run of glyphs of one type size on one baseline that
follow each other in the stream, or that stand closer than half an em when the
stream is out of order.  Glyphs of a size set one under the other in a single
narrow stack (a 竖排 headline) make a vertical line, read top to bottom.
"""
from dataclasses import dataclass, field
from functools import cached_property

SAME_ROW = 0.3       # of the type size: how far two glyphs' centres may stand apart vertically
STREAM_GAP = 0.6     # em: the widest gap between stream neighbours on one line
LOOSE_GAP = 0.5      # em: the widest gap between glyphs out of stream order
SPACED_GAP = 2.0     # em: the widest gap a printed space bridges (name  文/摄)
SAME_SIZE = 0.08     # relative difference of type sizes still counted one size
VERTICAL_MIN = 3     # glyphs a vertical line needs


@dataclass
class Line:
    """A printed line; its box, size and font are read once it is made (cached)."""

    glyphs: list = field(default_factory=list)
    vertical: bool = False

    @cached_property
    def text(self):
        return "".join((" " + g.text) if g.space and i else g.text
                       for i, g in enumerate(self.glyphs))

    @cached_property
    def x0(self):
        return min(g.x0 for g in self.glyphs)

    @cached_property
    def x1(self):
        return max(g.x1 for g in self.glyphs)

    @cached_property
    def top(self):
        return min(g.top for g in self.glyphs)

    @cached_property
    def bottom(self):
        return max(g.bottom for g in self.glyphs)

    @cached_property
    def size(self):
        """The type size most of the line's characters are set in."""
        return _majority(self.glyphs, lambda g: round(g.size, 1))

    @cached_property
    def font(self):
        return _majority(self.glyphs, lambda g: g.font)

    def box(self):
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass
class Figure:
    """A picture's box, standing among the lines when the page is cut into zones."""

    x0: float
    top: float
    x1: float
    bottom: float
    vertical = False
    size = 0.0
    font = ""
    text = ""
    glyphs = ()


def _majority(glyphs, key):
    counts = {}
    for glyph in glyphs:
        counts[key(glyph)] = counts.get(key(glyph), 0) + len(glyph.text)
    return max(counts, key=counts.get)


def same_size(a, b):
    return abs(a - b) <= SAME_SIZE * max(a, b)


def build_lines(glyphs):
    """The printed lines of ``glyphs`` (in any order)."""
    runs = _stream_runs(sorted(glyphs, key=lambda g: g.order))
    runs = _merge_loose(runs)
    return _stack_vertical(runs)


def _joins(last, glyph, max_gap, spaced=False):
    """``glyph`` goes on the line ``last`` ends: same size, same row, close enough
    (``spaced``: next in the stream after a printed space, up to ``SPACED_GAP``)."""
    size = max(last.size, glyph.size)
    reach = max(max_gap, SPACED_GAP) if spaced and glyph.space else max_gap
    return (not glyph.gutter and same_size(last.size, glyph.size)
            and abs(glyph.cy - last.cy) <= SAME_ROW * size
            and -SAME_ROW * size <= glyph.x0 - last.x1 <= reach * size)


def _stream_runs(glyphs):
    runs = []
    for glyph in glyphs:
        run = runs[-1] if runs else None
        if run and not run.vertical and _joins(run.glyphs[-1], glyph, STREAM_GAP, spaced=True):
            run.glyphs.append(glyph)
        elif run and (run.vertical or len(run.glyphs) == 1) and _stacks_on(run.glyphs[-1], glyph):
            run.glyphs.append(glyph)
            run.vertical = True
        else:
            runs.append(Line([glyph]))
    split = []
    for run in runs:
        if run.vertical and len(run.glyphs) < VERTICAL_MIN:
            split.extend(Line([glyph]) for glyph in run.glyphs)   # too short to be 竖排
        else:
            split.append(run)
    return split


def _merge_loose(runs):
    """Join runs on one row that touch (a stream out of reading order)."""
    upright = [r for r in runs if r.vertical]
    merged = []
    for run in sorted((r for r in runs if not r.vertical), key=lambda r: r.x0):
        host = next((m for m in merged if _joins(m.glyphs[-1], run.glyphs[0], LOOSE_GAP)), None)
        if host is not None:
            host.glyphs.extend(run.glyphs)
        else:
            merged.append(run)
    return merged + upright


def _stack_vertical(runs):
    """Single glyphs of one size stacked in one narrow column become a vertical line."""
    singles = sorted((r for r in runs if len(r.glyphs) == 1), key=lambda r: (r.x0, r.top))
    rest = [r for r in runs if len(r.glyphs) > 1]
    stacks = []
    for run in singles:
        glyph = run.glyphs[0]
        stack = next((s for s in stacks if _stacks_on(s[-1], glyph)), None)
        if stack is None:
            stacks.append([glyph])
        else:
            stack.append(glyph)
    for stack in stacks:
        if len(stack) >= VERTICAL_MIN:
            rest.append(Line(sorted(stack, key=lambda g: g.top), vertical=True))
        else:
            rest.extend(Line([glyph]) for glyph in stack)
    return rest


def _stacks_on(above, glyph):
    size = max(above.size, glyph.size)
    return (same_size(above.size, glyph.size) and abs(glyph.cx - above.cx) <= SAME_ROW * size
            and -SAME_ROW * size <= glyph.top - above.bottom <= LOOSE_GAP * size)
