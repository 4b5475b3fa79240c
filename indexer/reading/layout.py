"""Page layout: which lines of an OCR'd page start, head, fill and end each unit.

Each non-blank line is classed first (``pagelines.classify``: lead, byline,
banner, ad, credit, note, short, text).  ``cut`` then walks the lines once and opens a unit where the print layout
starts one:

* a run of short lines right before a lead is its head (kicker/headline/subtitle);
  a comma-bearing line standing alone right before a lead is a headline too, or,
  right under a headline that has no text yet, that headline's subtitle;
* a short line followed by body text starts a lead-less unit (a photo, a
  reprinted article) only with evidence: nothing open before it (page start,
  after a banner, ad or closing credit), or a photo credit / source note ending
  the text that follows, a trailing byline, the article above ended by its
  credit, a text opening with the day as news does (``11月26日上午,…``), or a
  headline of its own (see ``_own_headline``) -- and never when the line and
  the next paragraph split one word (``…街道社`` / ``区工作者…``); otherwise it
  is body text (a crosshead);
* a trailing byline (``本报记者 王卓``) closes an undatelined feature, and a
  photo caption printed before its article's dateline joins that article;
* short lines standing right before a banner are column labels (banners too);
* short lines at the end of the page after a headline-less article are the
  headline printed after its body;
* body text with no open unit becomes a ``fragment`` so nothing is lost.
"""
import re
from dataclasses import dataclass, field

from indexer.reading import bylines
from indexer.reading.headings import (MAX_HEAD_CHARS, OPEN_END, continues_into, ends_sentence,
                                      splits_word)

MAX_HEAD_LINES = 3
CREDIT_REACH = 3   # a photo credit this many paragraphs after a short line makes it a head
OWN_HEADLINE_CHARS = 12   # crossheads are shorter
PICTURE_MARK = re.compile(r"[(（](?:组)?图[)）]$")
LEAD_TIME = re.compile(r"近日|日前|昨天|昨日|前天|上周|本周|周末|\d{1,2}月\d{1,2}日")
LEAD_TIME_REACH = 40   # characters: the time of a news lead comes early
ANAPHOR = re.compile(r"^(?:[该这此其他她它]|[区市县]总|街道|[区市县](?:[总工委政]|委|政府))")


@dataclass
class Unit:
    kind: str
    heads: list = field(default_factory=list)
    dateline: str = ""
    paras: list = field(default_factory=list)   # [(text, line kind)]
    closed: bool = False


class _Cutter:
    """Walks the classed lines once, opening and closing units."""

    def __init__(self, lines):
        self.lines, self.units, self.cur = lines, [], None

    def run(self):
        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            if line.kind == "short":
                i = self._shorts(i)
            elif line.kind == "banner":
                self._open(Unit("banner", heads=[line.text]), closed=True)
                i += 1
            elif line.kind == "ad":
                i = self._ad(i)
            elif line.kind == "byline" and self._undated_open():
                self._body(line)     # 本报记者 王卓 closing a feature
                i += 1
            elif line.kind in ("lead", "byline"):
                heads = self._loose_head()
                if not heads and self._caption_only():
                    self._join_caption(line)   # a caption printed before the dateline
                else:
                    self._lead(line, heads=heads)
                i += 1
            else:
                self._body(line)
                i += 1
        return self.units

    def _open(self, unit, closed=False):
        unit.closed = closed
        self.units.append(unit)
        self.cur = unit
        return unit

    def _undated_open(self):
        cur = self.cur
        return bool(cur and not cur.closed and not cur.dateline and cur.paras)

    def _caption_only(self):
        """The open unit is a headline and one captioned photo, closed by its credit."""
        cur = self.cur
        return bool(cur and cur.kind == "leadless" and cur.closed and cur.heads
                    and not cur.dateline and len(cur.paras) == 1)

    def _join_caption(self, line):
        dateline, rest = bylines.split_lead(line.text)
        cur = self.cur
        cur.kind, cur.dateline, cur.closed = "news", dateline, False
        if rest:
            cur.paras.append((rest, "text"))

    def _lead(self, line, heads):
        dateline, rest = bylines.split_lead(line.text)
        unit = self._open(Unit("news", heads=heads, dateline=dateline))
        if rest:
            unit.paras.append((rest, "text"))

    def _loose_head(self):
        """A headline with a comma (so classed as text) right before a lead: the open
        unit's last paragraph when it is one short line with no sentence end in it,
        after a paragraph that ended a sentence."""
        cur = self.cur
        if (cur is None or cur.closed or not cur.paras or cur.paras[-1][1] != "text"
                or (cur.dateline and len(cur.paras) == 1)):     # that is the lead's own text
            return []
        text = cur.paras[-1][0]
        before = cur.paras[-2][0] if len(cur.paras) > 1 else None
        if (len(text) > MAX_HEAD_CHARS or re.search(r"[。！？!?；;]", text)
                or text.endswith(OPEN_END) or (before is not None and not ends_sentence(before))):
            return []
        cur.paras.pop()
        if not cur.paras and not cur.dateline and (not cur.heads or cur.kind == "leadless"):
            # a headline and its comma-bearing subtitle: one head, of the last head lines;
            # earlier ones become a fragment, as ``_spare`` makes them (nothing is lost)
            keep = MAX_HEAD_LINES - 1
            extra, heads = cur.heads[:-keep], cur.heads[-keep:]
            if extra:
                cur.kind, cur.heads, cur.closed = "fragment", [], True
                cur.paras = [(line, "short") for line in extra]
            else:
                self.units.remove(cur)
            return heads + [text]
        return [text]

    def _body(self, line):
        if self.cur is None or self.cur.closed:
            self._open(Unit("fragment"))
        self.cur.paras.append((line.text, line.kind))
        if line.kind in ("credit", "note", "byline") or (
                not self.cur.dateline and bylines.find_credit(line.text)):
            self.cur.closed = True

    def _ad(self, i):
        unit = self._open(Unit("ad", heads=[self.lines[i].text]), closed=True)
        i += 1
        while i < len(self.lines) and self.lines[i].kind != "lead" and (
                self.lines[i].gap == 0
                or (self.lines[i].kind == "short" and not self._heads_unit(i))):
            unit.paras.append((self.lines[i].text, "ad"))
            i += 1
        return i

    def _heads_unit(self, i):
        """True when the run of short lines from ``i`` is followed by a lead or text."""
        while i < len(self.lines) and self.lines[i].kind == "short":
            i += 1
        return i < len(self.lines) and self.lines[i].kind in (
            "lead", "byline", "text", "credit", "note")

    def _shorts(self, i):
        """Place a run of short lines; return the index after what was used."""
        j = i
        while j < len(self.lines) and self.lines[j].kind == "short":
            j += 1
        run, nxt = self.lines[i:j], (self.lines[j] if j < len(self.lines) else None)
        if (len(run) > 1 and nxt is not None and nxt.kind == "text"
                and (splits_word(run[-1].text, nxt.text) or continues_into(run[-1].text, nxt.text))):
            j -= 1      # the last short line is the text's first piece (…足球 / 联赛…)
            run, nxt = run[:-1], self.lines[j]
            nxt.kind = "text"
        if nxt is not None and nxt.kind in ("lead", "byline"):
            captions = [line for line in run if bylines.find_credit(line.text)]
            heads = [line for line in run if line not in captions]
            self._lead(nxt, heads=self._spare(heads, MAX_HEAD_LINES))
            self.cur.paras[0:0] = [(line.text, "credit") for line in captions]  # before its dateline
            return j + 1
        before_text = nxt is not None and nxt.kind in ("text", "credit", "note")
        if self._continues(run[0]) and not (
                len(run) == 1 and before_text and self._starts_unit(run[0], j)):
            self._body(run.pop(0))
        if nxt is None or nxt.kind == "ad":
            self._trailing(run)
        elif nxt.kind == "banner":
            for line in run:
                self._open(Unit("banner", heads=[line.text]), closed=True)
        elif run and self._starts_unit(run[-1], j):
            self._open(Unit("leadless", heads=self._spare(run, MAX_HEAD_LINES)))
        else:
            for line in run:
                self._body(line)
        return j

    def _continues(self, line):
        """A short line carrying on the open unit's unfinished last paragraph."""
        cur = self.cur
        return bool(cur and not cur.closed and cur.paras
                    and cur.paras[-1][1] in ("text", "short")
                    and not ends_sentence(cur.paras[-1][0])
                    and not bylines.find_credit(cur.paras[-1][0]))

    def _spare(self, run, keep):
        """The last ``keep`` lines of ``run``; earlier ones go to a headline-less
        article before them or become fragments."""
        extra, heads = run[:-keep] if len(run) > keep else [], run[-keep:]
        if extra:
            self._trailing(extra)
        return [line.text for line in heads]

    def _trailing(self, run):
        """Short lines after the text of a unit: its late headline, or fragments."""
        if not run:
            return
        cur = self.cur
        if cur is not None and cur.kind == "news" and not cur.heads and cur.dateline:
            cur.heads = [line.text for line in run[:MAX_HEAD_LINES]]
            run = run[MAX_HEAD_LINES:]
        if run:
            self._open(Unit("fragment"))
            for line in run:
                self.cur.paras.append((line.text, "short"))
            self.cur.closed = True

    def _starts_unit(self, head, j):
        """Does the short line ``head`` (before body line ``j``) head a lead-less unit?"""
        if splits_word(head.text, self.lines[j].text):
            return False
        cur = self.cur
        if cur is None or cur.closed:
            return True
        if continues_into(head.text, self.lines[j].text):
            return False    # a sentence the OCR broke: 上周六下午进行的一场比赛 / 是北京市…
        if self._own_headline(head):
            return True
        if cur.paras and bylines.find_closing(cur.paras[-1][0]):
            return True     # the article above ended with its credit
        following = self.lines[j].text
        if j + 1 < len(self.lines) and self.lines[j + 1].kind == "text":
            following += self.lines[j + 1].text   # an OCR break may cut the lead
        if self._news_follows(head, following):
            return True
        reach = CREDIT_REACH if cur.dateline else len(self.lines)
        for k in range(j, len(self.lines)):
            line = self.lines[k]
            if line.kind not in ("text", "credit", "note", "byline"):
                return False
            if line.kind in ("note", "byline"):
                return True
            if k - j < reach and (line.kind == "credit" or bylines.find_credit(line.text)):
                return True
        return False

    def _news_follows(self, head, text):
        """After a finished paragraph, a headline whose text opens as news does, with
        the day it happened (``上周六下午``, ``11月26日``, ``近日``): a new item."""
        paras = self.cur.paras
        return (bool(paras) and ends_sentence(paras[-1][0]) and not ANAPHOR.match(head.text)
                and LEAD_TIME.search(text[:LEAD_TIME_REACH]) is not None)


    def _own_headline(self, head):
        """A line marked as a picture story (``…快乐的足球人(图)``), or after an
        undatelined item a long line naming its subject in full, heads a new item;
        a short crosshead, or one referring back (``区总成立了足球队``), stays."""
        cur = self.cur
        if not cur.paras or not ends_sentence(cur.paras[-1][0]) or ANAPHOR.match(head.text):
            return False
        return PICTURE_MARK.search(head.text) is not None or (
            not cur.dateline and len(head.text) >= OWN_HEADLINE_CHARS)


def cut(lines):
    """Units (news, photo, banner, ad, fragment) of the classed lines, in order."""
    units = _Cutter(lines).run()
    for unit in units:
        if unit.kind == "leadless":
            photo = any(kind == "credit" or bylines.find_credit(text)
                        for text, kind in unit.paras)
            unit.kind = "photo" if photo else "news"
    return units
