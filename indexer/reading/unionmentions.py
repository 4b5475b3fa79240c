"""The union mentions of an article: where each 工会 name starts, what it refers to.

Every 工会 (总工会, 联合工会, 分工会, 工会联合会, 工会联合总会) ends a candidate.  Its name is
read from the text before it by ``indexer.reading.unionnames`` (what a union
name can be).  What follows 工会 does not matter, so a department or
institution stands for its union (北京市总工会宣传教育部, 北京市总工会职工大学,
北京市工会干部学院 -> 北京市总工会), and so does a team (…交通运输工会代表队);
but a quoted thing's name going on past it is no union (“书香平谷工会电子读书卡”).

Not unions: a role or word with no name before it (工会主席, 工会干部, 工会法,
工会组织, 加入工会), collectives (各级/基层/产业/企业工会, 北京工会12351APP, 中国工会,
首都工会, 英国工会), a sector (全国政协总工会界别) and a count (35家社区联合工会, but not …以2∶3负于北京市
交通运输工会代表队).

A name with no proper part (区总工会, 该区总工会, 县总工会, 街道总工会, 公司工会,
该公司工会, 集团公司工会, 该社区联合工会) refers back to the last union of that
kind named and never makes an entry of its own; 区 may also take the nearest
district named before or the one given, 县 the nearest county (莒县), and a bare
街道/乡/镇 union the unit named earlier in its sentence (麦子店街道工委、办事处和
街道总工会).

Naming is indexer.reading.unions' part, passed in (it imports this module).
"""
import re
import unicodedata

from indexer.reading import tagging
from indexer.reading.districts import DISTRICTS, street_names
from indexer.reading.unionnames import (
    BARE_AREAS, CJK, COLLECTIVE, COUNTING, DEMONSTRATIVE, ENTERPRISE_END, FOREIGN, MENTION,
    PROVINCES, QUANTIFYING, is_generic, name_words)

# 全总, and a district's 区总 before a mark (延庆区总“清凉”送进…), besides every 工会
_MENTION_OR_SHORT = re.compile(rf"{MENTION.pattern}|全总(?!工会)|(?<=区)总(?![{CJK}])")
_TAIL = re.compile(rf"(?:[{CJK}]|\([{CJK}]{{1,8}}\))+$")
_WINDOW = 24

_BARE_BODIES = frozenset((
    "公司", "集团", "集团公司", "分公司", "总公司", "院", "台", "局", "厂", "校", "中心",
    "站", "所", "店"))
_COUNTY = re.compile(rf"[{CJK}]{{1,3}}县$")
_NOT_COUNTY = frozenset(("各县", "该县", "本县", "全县", "区县", "市县", "郡县", "县县"))




def normalise(text):
    return unicodedata.normalize("NFKC", text)


def find_mentions(text, districts, *, canonical, level):
    """[(position, canonical name)] of each mention of one union, in reading order.

    ``canonical(body, suffix, text, districts)`` names the union read as body +
    suffix and ``level(name)`` gives a name's level; ``districts`` are the
    article's (a tuple).  Repeats are kept.
    """
    return _Scan(text, districts, canonical, level).mentions


class _Suffixed:
    """A match read as if it had the given suffix (区总 as 区总工会)."""

    def __init__(self, match, suffix):
        self._match, self._suffix = match, suffix

    def start(self):
        return self._match.start()

    def end(self):
        return self._match.end()

    def group(self):
        return self._suffix


class _Scan:
    """One pass over an article: each mention resolved in reading order."""

    def __init__(self, text, districts, canonical, level):
        self.text = normalise(text) if "工会" in text or "全总" in text or "区总" in text else ""
        self.districts = districts
        self.mentions = []  # (position, canonical name), duplicates kept
        self._canonical, self._level = canonical, level
        previous = 0
        for match in _MENTION_OR_SHORT.finditer(self.text):
            name = (self._short(match, previous) if match.group() in ("全总", "总")
                    else self._mention(match, previous))
            previous = match.end()
            if name:
                self.mentions.append((match.start(), name))

    def _short(self, match, previous):
        """全总 (the word, not 健全总体) is 中华全国总工会; 延庆区总 before a quote or a
        mark is 延庆区总工会 (a headline's short form)."""
        start = match.start()
        if match.group() == "全总":
            window = self.text[max(0, start - 4):start + 6]
            return "中华全国总工会" if "全总" in (w for w, _f in tagging.pos_cut(window)) else None
        return self._mention(_Suffixed(match, "总工会"), previous)

    def _mention(self, match, previous):
        """The canonical name one 工会 mention stands for, or None."""
        tail, counted = self._tail(match, previous)
        words, flags, cut = name_words(tail) if tail else ((), (), "")
        if not words or cut in QUANTIFYING or COUNTING.fullmatch(cut[-1:] or "-"):
            return None
        body, suffix = "".join(words), match.group()
        if (counted and body == tail) or self._in_product_name(match):
            return None  # 35家社区联合工会, 16区总工会; “书香平谷工会电子读书卡”
        if (body in COLLECTIVE or (suffix == "工会" and body in PROVINCES)) and not (
                suffix == "总工会" and body in ("北京", "全国")):
            return None
        if suffix == "工会" and len(words) == 1 and FOREIGN.fullmatch(body):
            return None  # 英国工会: a country's unions (not 赛峰中国工会)
        first = DEMONSTRATIVE.sub("", words[0])
        if first in BARE_AREAS:
            return self._refer_to_area(first, body[len(words[0]):], suffix, match.start())
        if DEMONSTRATIVE.sub("", body) in _BARE_BODIES:
            return self._refer_to_enterprise()
        if is_generic(words, flags, federation=suffix.startswith("工会") and len(suffix) > 2):
            return None
        return self._named(body, suffix)

    def _tail(self, match, previous):
        """The characters before a 工会 that may hold its name, or None."""
        start, suffix, text = match.start(), match.group(), self.text
        after = text[match.end():match.end() + 2]
        if after[:1] == "界" or (suffix == "工会" and after[:1] == "法" and after not in (
                "法律", "法治", "法人")):
            return None, False  # 工会界 (a sector), 工会法 (the law)
        window = text[max(previous, start - _WINDOW):start]
        tail = _TAIL.search(window)
        if not tail or (suffix[0] == "分" and window.endswith("部")):  # 部分工会: "some unions"
            return None, False
        opening = tail.start() - 1
        return tail.group(), opening >= 0 and window[opening].isdigit()  # after a number

    def _in_product_name(self, match):
        """True inside a quoted name that goes on past the union into a thing's name
        (“书香平谷工会电子读书卡”); a department or school (“北京市总工会职工大学”) is not one."""
        text, start, end = self.text, match.start(), match.end()
        opened = text.rfind("“", max(0, start - _WINDOW), start)
        if opened < 0 or "”" in text[opened:start]:
            return False
        closed = text.find("”", end, end + _WINDOW)
        rest = text[end:closed] if closed >= 0 else ""
        return bool(re.fullmatch(rf"[{CJK}A-Za-z0-9]+", rest)) and not ENTERPRISE_END.search(rest)

    def _refer_to_area(self, area, rest, suffix, start):
        """区总工会, 该街道总工会, 市金融工会: the union of that kind meant here."""
        if not rest and suffix == "工会" and area not in ("社区", "村"):
            suffix = "总工会"
        tail = area + rest + suffix
        for _, name in reversed(self.mentions):
            if name.endswith(tail) and len(name) > len(tail):
                return name
        if area == "市":   # Beijing's, unless its sentence names another city just before
            return self._named((self._city_before(start) or "北京市") + rest, suffix)
        if area in ("街道", "地区", "乡", "镇") and not rest:
            found = self._street_before(start)
            return self._named(found, suffix) if found else None
        place = {"区": self._district_before, "县": self._county_before}.get(area)
        found = place(start) if place else None
        return self._named(found + rest, suffix) if found else None

    def _street_before(self, start):
        """The street unit named earlier in the same sentence (麦子店街道工委、办事处和街道总工会)."""
        opening = max(self.text.rfind(mark, 0, start) for mark in "。！？；\n") + 1
        streets = street_names(self.text[opening:start])
        return streets[-1][1] if streets else None

    def _refer_to_enterprise(self):
        for _, name in reversed(self.mentions):
            if self._level(name) == "enterprise":
                return name
        return None

    def _district_before(self, start):
        before = self.text[:start]
        nearest = max(DISTRICTS, key=before.rfind)
        if before.rfind(nearest) >= 0:
            return nearest
        return self.districts[0] if len(self.districts) == 1 else None

    def _city_before(self, start):
        """重庆市 in ``重庆市人大常委会原副主任、市总工会原主席``: a city named earlier in the
        same clause (not 本市, 全市; a comma ends the clause)."""
        opening = max(self.text.rfind(mark, 0, start) for mark in "。！？；\n,，:：") + 1
        sentence = self.text[opening:start]
        if "市" not in sentence:
            return None
        for word, flag in reversed(tagging.pos_cut(sentence, hmm=True)):
            if flag == "ns" and len(word) > 2 and word.endswith("市"):
                return word
        return None

    def _county_before(self, start):
        before = self.text[max(0, start - 300):start]
        for word, _flag in reversed(tagging.pos_cut(before, hmm=True)):
            if len(word) > 1 and _COUNTY.fullmatch(word) and word not in _NOT_COUNTY:
                return word
        return None

    def _named(self, body, suffix):
        return self._canonical(body, suffix, self.text, self.districts)
