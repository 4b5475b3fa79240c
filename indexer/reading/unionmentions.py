"""The union mentions of an article: where each 工会 name starts, what it refers to.

Every 工会 (总工会, 联合工会, 分工会, 工会联合会) ends a candidate.  Its name is
the run of Chinese characters before it (a bracket group such as 工业(国防)
included), cut after the last word that cannot belong to a name: what jieba
tags as a preposition, conjunction, particle, pronoun, adverb, time word or
quantity, a stop word (由/在/和/的/联合/主办 ...), or a common verb or adjective
before the name's proper part (启动北京市总工会, but 北京排水集团 stays).  A name
needs a proper part (a place, an organisation word, a rare word) or an
organisation ending (公司, 集团, 厂 ...).  What follows 工会 does not matter, so
a department or institution stands for its union (北京市总工会宣传教育部,
市总工会法律服务中心, 北京市工会干部学院 -> 北京市总工会).

Not unions: a role or word with no name before it (工会主席, 工会干部, 工会法,
工会组织, 加入工会), collectives (各级/基层/产业/企业工会, 北京工会12351APP, 中国工会,
首都工会, 英国工会), a sector (全国政协总工会界别) and a count (35家社区联合工会).

A name with no proper part (区总工会, 该区总工会, 县总工会, 街道总工会, 公司工会,
该公司工会, 集团公司工会, 该社区联合工会) refers back to the last union of that
kind named and never makes an entry of its own; 区 may also take the nearest
district named before or the one given, 县 the nearest county (莒县).

Naming is indexer.reading.unions' part, passed in (it imports this module).
"""
import re
import unicodedata
from functools import lru_cache

from indexer.reading import tagging
from indexer.reading.districts import DISTRICTS, find_districts, street_district

CJK = "\u3400-\u9fff"
MENTION = re.compile(r"(联合|总|分)?工会(联合会)?")
AREA = re.compile(r"特别行政区|自治区|自治州|街道|地区|社区|省|市|区|县|旗|盟|乡|镇|村")
ENTERPRISE = re.compile(
    "公司|集团|局|院|厂|中心|学校|大学|学院|医院|台|馆|站|店|银行|分行|支行|所|队|处|委|"
    "部|矿|油田|车间|宫|社|协会|商会|园|场|署|校|办|室|段|机关|石化|石油|电力|电网|公交|"
    "地铁|航空|铁路|酒店|宾馆|超市")
FOREIGN = re.compile(rf"^[{CJK}]{{1,3}}国")

_TAIL = re.compile(rf"(?:[{CJK}]|\([{CJK}]{{1,8}}\))+$")
_WINDOW = 24

# Words after which a name starts (verbs and function words jieba may not tag so).
_STOP_WORDS = frozenset((
    "联合", "举办", "主办", "承办", "协办", "会同", "指导", "参训", "获悉", "来自",
    "记者", "通讯员", "主席", "副主席", "书记", "委员", "成员", "代表", "新任", "现任",
    "暨", "及", "等", "以及", "和", "与", "同", "跟", "是", "为", "有", "系", "属",
    "本级", "在京", "驻京", "新", "特色"))
# A name after these is a kind of union, not one union (各产业工会, 多家企业工会).
_QUANTIFYING = frozenset((
    "各", "全", "多", "诸", "每", "所有", "部分", "其他", "其它", "一些", "有关", "相关",
    "这些", "那些", "各级", "多家", "各类", "各个", "有的", "若干"))
_NOT_VERBS = frozenset(("分行", "支行"))  # jieba tags them v
_CUT_FLAGS = ("p", "c", "u", "d", "t", "f", "r", "s", "y", "e", "o", "x")
_SOFT_FLAGS = frozenset(("v", "vn", "vd", "a", "ad", "an"))
_COUNTING = re.compile(r"[0-9０-９家个名位批些余多几数每各级]")
_DATE = re.compile(r"[年月日号时]")
_DEMONSTRATIVE = re.compile(r"^[该本其此这](?=区|市|县|省|街道|社区|公司|集团|院|台|局|厂|校|镇|乡)")
_COLLECTIVE = frozenset((
    "北京", "首都", "中国", "我国", "全国", "京", "各地", "地方", "当地", "本市", "本区",
    "全市", "全区", "全县", "全省", "全台", "全院", "全校", "全公司", "全集团", "全系统",
    "全行业", "全总"))
_GENERIC_HEADS = (
    "企业", "单位", "机构", "机关", "行业", "产业", "部门", "组织", "系统", "会员", "银行",
    "学校", "医院", "基层", "工厂", "车间", "班组", "楼宇", "园区", "商圈", "小区", "街镇",
    "街乡", "乡镇", "区县", "级", "直属", "职工", "业态", "形态")
_PROPER_FLAGS = frozenset(("ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "eng"))
_PLACE_WORDS = frozenset(("北京", "首都", "中国", "中华", "全国", "京"))
_BARE_AREAS = ("街道", "社区", "地区", "市", "省", "区", "县", "乡", "镇", "村")
_BARE_BODIES = frozenset((
    "公司", "集团", "集团公司", "分公司", "总公司", "院", "台", "局", "厂", "校", "中心",
    "站", "所", "店"))
_ENTERPRISE_END = re.compile(f"(?:{ENTERPRISE.pattern})$")
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


@lru_cache(maxsize=8192)
def _name_words(tail):
    """(words, flags, cut word) of the name at the end of ``tail``; () words if none."""
    words, flags, cut = _walk_left(list(tagging.pos_cut(tail, hmm=True)))
    return _drop_verbs(words, flags, cut)


def _walk_left(pairs):
    """The words from the end back to the first word that cannot be in a name."""
    words, flags, cut = [], [], ""
    for i in range(len(pairs) - 1, -1, -1):
        word, flag = pairs[i]
        if flag == "r" and _DEMONSTRATIVE.match(word):
            words.append(word[1:])  # 该区 -> 区, 该院 -> 院
            flags.append("area")
            cut = word[0]
            break
        if _cuts(word, flag) and not _inside_place(pairs, i):
            cut = word
            break
        words.append(word)
        flags.append(flag)
    return words[::-1], flags[::-1], cut


def _drop_verbs(words, flags, cut):
    """Drop a verb before the name; no name at all when only a verb's object is left."""
    soft = [_soft(w, f) for w, f in zip(words, flags)]
    anchors = [_anchors(w, f) for w, f in zip(words, flags)]
    if soft[-1:] == [True] and (flags[-1] not in ("vn", "an", "a") or True not in anchors[:-1]):
        return (), (), words[-1]  # 激发工会, 注入工会: a verb's object; 北京市教育工会 stays
    # 启动北京市, 是北京市: a verb before a name's proper part goes; 北京排水集团 stays.
    # With no proper part at all (比赛集团公司) the last verb goes.
    starts = [i for i in range(len(words) - 1)
              if soft[i] and (anchors[i + 1] or True not in anchors)]
    if starts:
        cut, words, flags = words[starts[-1]], words[starts[-1] + 1:], flags[starts[-1] + 1:]
    if not any(map(_anchors, words, flags)) and not _ENTERPRISE_END.search("".join(words)):
        return (), (), cut  # 充分发挥, 助力: no name in it
    return tuple(words), tuple(flags), cut


def _inside_place(pairs, i):
    """True when the one-character word at ``i`` is part of a place: 将|台乡, 经|开区, 和平|里|街道."""
    if len(pairs[i][0]) != 1 or i + 1 == len(pairs):
        return False
    here = pairs[i][0] + pairs[i + 1][0]
    return _is_place(here) or (i > 0 and _is_place(pairs[i - 1][0] + here))


@lru_cache(maxsize=4096)
def _is_place(name):
    """True when ``name`` as a whole is a Beijing street unit or district alias."""
    if street_district(name):
        return True
    return bool(find_districts(name + "总工会")) and not find_districts(name[1:] + "总工会")


def _cuts(word, flag):
    """True when ``word`` cannot be part of an organisation's name (由, 的, 近日, 2025年)."""
    if word in ("(", ")"):
        return False
    if word in _STOP_WORDS or word in _QUANTIFYING or flag.startswith(_CUT_FLAGS):
        return True
    if flag in ("m", "q", "mq"):
        return flag != "m" or bool(_COUNTING.search(word) or _DATE.search(word))
    return False


def _soft(word, flag):
    """A common verb or adjective: part of a name only after its proper part."""
    return flag in _SOFT_FLAGS and tagging.frequency(word) >= 100 and word not in _NOT_VERBS


def _anchors(word, flag):
    """A word that can open a name: a place, an organisation, a rare word."""
    frequency = tagging.frequency(word)
    if flag == "j":  # abbreviations (北汽, 石化), but jieba also tags 深化 so
        return frequency < 1000
    if flag in _PROPER_FLAGS or flag == "area" or word in _BARE_AREAS or word in _PLACE_WORDS:
        return True
    return flag == "n" and frequency < 60  # a rare noun is a name: 首钢, 金隅


def _is_generic(words, flags):
    """True for a kind of union rather than one union (直属单位, 二级企业, 金融机构)."""
    content = [(w, f) for w, f in zip(words, flags) if w not in ("(", ")")]
    if all(w in _GENERIC_HEADS or (w.endswith(_GENERIC_HEADS) and f not in _PROPER_FLAGS)
           for w, f in content):
        return True
    proper = any(f in _PROPER_FLAGS or AREA.search(w) for w, f in content)
    return content[-1][0].endswith(_GENERIC_HEADS) and not proper


class _Scan:
    """One pass over an article: each mention resolved in reading order."""

    def __init__(self, text, districts, canonical, level):
        self.text = normalise(text) if "工会" in text else ""
        self.districts = districts
        self.mentions = []  # (position, canonical name), duplicates kept
        self._canonical, self._level = canonical, level
        previous = 0
        for match in MENTION.finditer(self.text):
            name = self._mention(match, previous)
            previous = match.end()
            if name:
                self.mentions.append((match.start(), name))

    def _mention(self, match, previous):
        """The canonical name one 工会 mention stands for, or None."""
        tail = self._tail(match, previous)
        words, flags, cut = _name_words(tail) if tail else ((), (), "")
        if not words or cut in _QUANTIFYING or _COUNTING.fullmatch(cut[-1:] or "-"):
            return None
        body, suffix = "".join(words), match.group()
        if body in _COLLECTIVE and not (suffix == "总工会" and body in ("北京", "全国")):
            return None
        if suffix == "工会" and FOREIGN.fullmatch(body):
            return None  # 英国工会: a country's unions
        first = _DEMONSTRATIVE.sub("", words[0])
        if first in _BARE_AREAS:
            return self._refer_to_area(first, body[len(words[0]):], suffix, match.start())
        if _DEMONSTRATIVE.sub("", body) in _BARE_BODIES:
            return self._refer_to_enterprise()
        if _is_generic(words, flags):
            return None
        return self._named(body, suffix)

    def _tail(self, match, previous):
        """The characters before a 工会 that may hold its name, or None."""
        start, suffix, text = match.start(), match.group(), self.text
        after = text[match.end():match.end() + 2]
        if after[:1] == "界" or (suffix == "工会" and after[:1] == "法" and after not in (
                "法律", "法治", "法人")):
            return None  # 工会界 (a sector), 工会法 (the law)
        window = text[max(previous, start - _WINDOW):start]
        tail = _TAIL.search(window)
        if not tail or (suffix[0] == "分" and window.endswith("部")):  # 部分工会: "some unions"
            return None
        opening = tail.start() - 1
        if opening >= 0 and window[opening].isdigit():
            return None  # 35家社区联合工会, 16区总工会: a count
        return tail.group()

    def _refer_to_area(self, area, rest, suffix, start):
        """区总工会, 该街道总工会, 市金融工会: the union of that kind meant here."""
        if not rest and suffix == "工会" and area not in ("社区", "村"):
            suffix = "总工会"
        tail = area + rest + suffix
        for _, name in reversed(self.mentions):
            if name.endswith(tail) and len(name) > len(tail):
                return name
        if area == "市":
            return self._named("北京市" + rest, suffix)
        place = {"区": self._district_before, "县": self._county_before}.get(area)
        found = place(start) if place else None
        return self._named(found + rest, suffix) if found else None

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

    def _county_before(self, start):
        before = self.text[max(0, start - 300):start]
        for word, _flag in reversed(tagging.pos_cut(before, hmm=True)):
            if len(word) > 1 and _COUNTY.fullmatch(word) and word not in _NOT_COUNTY:
                return word
        return None

    def _named(self, body, suffix):
        return self._canonical(body, suffix, self.text, self.districts)
