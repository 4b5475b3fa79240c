"""Zoning: a printed page's zones (in reading order) -> its units, by their type.

Sizes are read against the page's body type (``em``, the size most characters
are set in):

* display type (``DISPLAY`` x em and up, or set vertically) heads a unit: the
  largest deck is the headline, a smaller deck above it the kicker (引题), one
  below it the subtitle (副题); a 竖排 headline beside a body heads that body;
* body type carries the text, flowing down the unit's columns; a paragraph
  opening with a dateline (``本报讯（记者 X）``) starts a new item when the open
  unit already has text (the next brief in a briefs box);
* caption type (smaller than the body), or text starting right under a picture,
  is a photo's caption, its own unit unless it follows a headline with no text yet; a lone credit line (``赵思远 摄``) right
  over a headline belongs to the article under it;
* a short line of body-size type in another face is a label or a section banner;
* display lines with no text under them are a banner (one line) or an ad.

A unit ends with its photo credit or closing byline.  The page header (paper,
date, 第N版, 版名) is read off the top of the page first (``header``).
"""
import re
from dataclasses import dataclass, field, replace

from indexer.reading import bylines
from indexer.reading.printed.lines import Line, same_size

DISPLAY = 1.15        # em: display type (heads) from this size up
CAPTION = 0.94        # em: caption type below this size
HEAD_DECK = 0.85      # of the headline's size: lines this large are the headline's too
DECK_CHARS = 4        # a deck this long sets the headline's size (an OCR'd stub may not)
LABEL_CHARS = 8       # a label or banner is at most this long
INDENT = 0.8          # of the type size: a first-line indent
SHORT_LINE = 1.5      # of the type size: a line ending this far before the column's edge ends a paragraph
CREDIT_REACH = 2.0    # em: a credit line this close over a headline belongs to its article
CAPTION_REACH = 1.5   # em: text this close under a picture is its caption
AD_TEXT = 20          # characters: the most "text" an ad's tail holds
PIECE_GAP = 2.0       # em: pieces of one short line (a credit) stand at most this far apart
_PUNCT = re.compile(r"[。，、；：！？,.;:!?]")
_DASHES = "—－-─ "
CLOSING = tuple("”’）)》」』，,。、；;：:！!？?")   # never opens a line of its own paragraph


@dataclass
class Unit:
    kind: str = "news"
    heads: list = field(default_factory=list)     # [(text, size)] in print order
    dateline: str = ""
    paras: list = field(default_factory=list)     # [(text, kind)]: kind text or credit
    leaves: list = field(default_factory=list)    # the zones it was read from
    figures: list = field(default_factory=list)
    closed: bool = False
    type: str = ""          # "body" or "caption": the type its text is set in
    last_short: bool = True  # its last text line ended a paragraph

    def head_parts(self):
        """``{kicker, headline, subtitle}`` by type size: the largest deck heads."""
        parts = {"kicker": "", "headline": "", "subtitle": ""}
        if not self.heads:
            return parts
        measured = [size for text, size in self.heads if len(text) >= DECK_CHARS]
        top = max(measured or [size for _text, size in self.heads])   # a stub is sized roughly
        first = next(i for i, (_t, size) in enumerate(self.heads) if size >= HEAD_DECK * top)
        last = max(i for i, (_t, size) in enumerate(self.heads) if size >= HEAD_DECK * top)
        parts["kicker"] = " ".join(t for t, _s in self.heads[:first])
        parts["headline"] = join_text([t for t, _s in self.heads[first:last + 1]])
        parts["subtitle"] = " ".join(t.lstrip(_DASHES) for t, _s in self.heads[last + 1:])
        return parts


def join_text(pieces):
    """Lines of one paragraph as one string: CJK without spaces, Latin words with
    one, and names and roles inside a dateline's brackets (``（记者 陈曦`` /
    ``通讯员 李泫雅）``) kept apart as printed."""
    out = ""
    for piece in pieces:
        if out and (re.match(r"[A-Za-z0-9]", out[-1]) and re.match(r"[A-Za-z0-9]", piece[:1])
                    or _in_dateline(out, piece)):
            out += " "
        out += piece
    return out


def _in_dateline(left, right):
    opened = max(left.rfind("（"), left.rfind("("))
    if opened < 0 or max(left.rfind("）"), left.rfind(")")) > opened or opened < len(left) - 40:
        return False
    return right.startswith(bylines.ROLES) or left.endswith(bylines.ROLES)


def leaf_size(leaf):
    counts = {}
    for line in leaf:
        counts[line.size] = counts.get(line.size, 0) + len(line.glyphs)
    return max(counts, key=counts.get)


def leaf_box(leaf):
    return (min(l.x0 for l in leaf), min(l.top for l in leaf),
            max(l.x1 for l in leaf), max(l.bottom for l in leaf))


class Zoner:
    """Walks the zones once, opening and closing units."""

    def __init__(self, leaves, em, body_font, figures=()):
        self.leaves, self.em, self.body_font = leaves, em, body_font
        self.figures = list(figures)    # pictures whose caption has not started yet
        self.display = DISPLAY * em
        self.units, self.cur, self.pending = [], None, []

    def run(self):
        self.leaves = _join_pieces(self.leaves, self.em)
        for i, leaf in enumerate(self.leaves):
            nxt = self.leaves[i + 1] if i + 1 < len(self.leaves) else None
            role = self.role(leaf)
            getattr(self, "_" + role)(leaf, nxt)
        for unit in self.units:
            self._finish(unit)
        return self.units

    # --- roles ----------------------------------------------------------------

    def role(self, leaf):
        size, text = leaf_size(leaf), "".join(l.text for l in leaf)
        if any(l.vertical for l in leaf) or size >= self.display:
            return "display"
        if (len(leaf) == 1 and len(text) <= LABEL_CHARS and not _PUNCT.search(text)
                and (leaf[0].font != self.body_font or not same_size(size, self.em)
                     or not self.body_font)     # OCR knows no faces: a short line alone
                and not bylines.find_credit(text)):
            return "label"
        if size < CAPTION * self.em and self.body_font:
            return "caption"    # (OCR measures sizes too roughly to tell captions by size)
        return "body"

    def _open(self, unit):
        self.units.append(unit)
        self.cur = unit
        if self.pending:
            unit.paras.extend((text, "credit") for text, _leaf in self.pending)
            unit.leaves.extend(leaf for _text, leaf in self.pending)
            self.pending = []
        return unit

    def _label(self, leaf, nxt):
        self._open(Unit("banner", heads=[(leaf[0].text, leaf[0].size)], leaves=[leaf],
                        closed=True))

    def _display(self, leaf, nxt):
        text = join_text([l.text for l in leaf]) if not any(l.vertical for l in leaf) \
            else "".join(l.text for l in leaf)
        deck = (text, leaf_size(leaf))
        cur = self.cur
        if cur and not cur.closed and cur.heads and not cur.paras and not cur.dateline \
                and cur.kind == "news":
            cur.heads.append(deck)
            cur.leaves.append(leaf)
        elif (cur and leaf[0].vertical and not cur.heads and cur.paras and cur.leaves
              and _beside(cur.leaves, leaf, self.em)):
            cur.heads.append(deck)          # a 竖排 headline beside its text
            cur.leaves.append(leaf)
        else:
            self._open(Unit("news", heads=[deck], leaves=[leaf]))

    def _caption(self, leaf, nxt):
        text = join_text([l.text for l in leaf])
        if bylines.parse_photo_credit(text) and len(leaf) == 1:
            if nxt is not None and self.role(nxt) == "display" and _over(leaf, nxt, self.em):
                self.pending.append((text, leaf))
                return
            if self.cur and not self.cur.closed and self.cur.paras:
                self._add_paras(self.cur, [(text, "credit")], leaf, "caption")
                return
        self._text(leaf, "caption")

    def _body(self, leaf, nxt):
        self._text(leaf, "body")

    # --- text -----------------------------------------------------------------

    def _text(self, leaf, kind):
        cur = self.cur
        if self._caption_starts(leaf) and cur is not None and not (
                cur.heads and not any(k == "text" for _t, k in cur.paras)):
            cur.closed = True     # a caption under its photo starts an item of its own
        for index, (para, starts, short) in enumerate(self._paragraphs(leaf)):
            cur = self.cur
            starts = starts or (index == 0 and (cur is None or cur.closed or cur.last_short)
                                and not para.startswith(CLOSING))
            lead = bylines.LEAD_RE.match(para) and bylines.split_lead(para)
            fresh = cur is None or cur.closed or cur.kind != "news" or (
                cur.type not in ("", kind) and (cur.paras or cur.dateline))
            if lead and starts:
                if fresh or cur.dateline or any(k == "text" for _t, k in cur.paras):
                    cur = self._open(Unit("news", leaves=[]))
                cur.dateline, rest = lead
                cur.type = kind
                self._add_paras(cur, [(rest, "text")] if rest else [], leaf, kind)
                cur.last_short = short or not rest
                continue
            if fresh:
                cur = self._open(Unit("news", leaves=[]))
            if cur.paras and not starts and not cur.last_short and cur.paras[-1][1] == "text" \
                    and cur.leaves and cur.leaves[-1] is not leaf:
                cur.paras[-1] = (join_text([cur.paras[-1][0], para]), "text")
                self._add_leaf(cur, leaf)
            else:
                self._add_paras(cur, [(para, "text")], leaf, kind)
            cur.last_short = short
            if bylines.find_closing(para):
                cur.closed = True

    def _caption_starts(self, leaf):
        """The zone is the first one right under a picture (within ``CAPTION_REACH``
        em, most of its width under it): its caption's start."""
        x0, top, x1, _bottom = leaf_box(leaf)
        for fig in self.figures:
            if (0 <= top - fig[3] <= CAPTION_REACH * self.em
                    and min(x1, fig[2]) - max(x0, fig[0]) >= 0.5 * (x1 - x0)):
                self.figures.remove(fig)     # its other columns go on
                return True
        return False

    def _add_paras(self, unit, paras, leaf, kind):
        unit.paras.extend(paras)
        unit.type = unit.type or kind
        self._add_leaf(unit, leaf)
        if any(k == "credit" for _t, k in paras):
            unit.closed = True

    def _add_leaf(self, unit, leaf):
        if not unit.leaves or unit.leaves[-1] is not leaf:
            unit.leaves.append(leaf)

    def _paragraphs(self, leaf):
        """``[(text, starts a paragraph, ends short)]`` of a one-column zone: a
        paragraph starts at a first-line indent or after a line ending short of
        the column's edge."""
        left = min(l.x0 for l in leaf)
        right = max(l.x1 for l in leaf)
        out, short = [], False
        for line in leaf:
            starts = (line.x0 - left >= INDENT * line.size or (bool(out) and short)) \
                and not line.text.startswith(CLOSING)
            short = right - line.x1 >= SHORT_LINE * line.size
            if out and not starts:
                out[-1][0].append(line.text)
                out[-1][2] = short
            else:
                out.append([[line.text], starts, short])
        return [(join_text(parts), starts, short) for parts, starts, short in out]

    # --- finishing ------------------------------------------------------------

    def _finish(self, unit):
        text_chars = sum(len(t) for t, _k in unit.paras)
        if unit.kind == "banner":
            return
        if unit.heads and not unit.dateline and text_chars <= AD_TEXT and not any(
                len(leaf) > 2 for leaf in unit.leaves if leaf_size(leaf) < self.display):
            unit.kind = "banner" if len(unit.heads) == 1 and not unit.paras else "ad"
        elif not unit.dateline and any(k == "credit" or bylines.find_credit(t)
                                       for t, k in unit.paras):
            unit.kind = "photo"


def _join_pieces(leaves, em):
    """Short one-line zones side by side on one row, read one after the other, are
    one line cut at its spaces (``通讯员  葛腾  文/摄`` as OCR spaces it)."""
    joined = []
    for leaf in leaves:
        prev = joined[-1] if joined else None
        if (prev and len(prev) == 1 and len(leaf) == 1 and not prev[0].vertical
                and not leaf[0].vertical and len(leaf[0].text) <= LABEL_CHARS
                and same_size(prev[0].size, leaf[0].size)
                and abs(prev[0].top - leaf[0].top) <= 0.3 * leaf[0].size
                and 0 <= leaf[0].x0 - prev[0].x1 <= PIECE_GAP * em):
            glyphs = list(prev[0].glyphs) + list(leaf[0].glyphs)
            glyphs[len(prev[0].glyphs)] = replace(glyphs[len(prev[0].glyphs)], space=True)
            joined[-1] = [Line(glyphs)]
        else:
            joined.append(leaf)
    return joined


def _beside(body_leaves, head_leaf, em):
    """A vertical head stands beside a body whose zones start level with it."""
    a = leaf_box([line for leaf in body_leaves for line in leaf])
    b = leaf_box(head_leaf)
    return abs(a[1] - b[1]) <= 2 * em and (abs(b[0] - a[2]) <= 3 * em or abs(a[0] - b[2]) <= 3 * em)


def _over(leaf, below, em):
    a, b = leaf_box(leaf), leaf_box(below)
    return 0 <= b[1] - a[3] <= CREDIT_REACH * em and a[0] < b[2] and b[0] < a[2]
