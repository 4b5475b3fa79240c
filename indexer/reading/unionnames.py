"""What a union name can be: the words before a 工会 that name one organisation.

A name is read from the end of the text before 工会 back to the first word that
cannot belong to it (jieba's part-of-speech tags): a preposition, conjunction,
particle, pronoun, adverb, time word, idiom or quantity, a stop word (由/在/和/
的/联合/主办 ...), or a common verb or adjective before the name's proper part
(启动北京市总工会, 非常感谢…总工会; but 北京排水集团 stays).  jieba's glued
particles are split first (秉承了|市).  A name needs a proper part (a place, an
organisation word, a rare word) or an organisation ending (公司, 集团, 厂 ...).

``is_generic`` tells a kind of union from one union: 各级/基层/直属单位,
丰台区基层工会, 服务型工会, and a common word standing alone (普及工会知识).
"""
import re
from functools import lru_cache

from indexer.reading import tagging
from indexer.reading.districts import find_districts
from indexer.reading.gazetteer import street_district

CJK = "\u3400-\u9fff"
MENTION = re.compile(r"(联合|总|分)?工会(联合总会|联合会)?")
AREA = re.compile(r"特别行政区|自治区|自治州|街道|地区|社区|省|市|区|县|旗|盟|乡|镇|村")
ENTERPRISE = re.compile(
    "公司|集团|局|院|厂|中心|学校|大学|学院|医院|台|馆|站|店|银行|分行|支行|所|队|处|委|"
    "部|矿|油田|车间|宫|社|协会|商会|园|场|署|校|办|室|段|机关|石化|石油|电力|电网|公交|"
    "地铁|航空|铁路|酒店|宾馆|超市")
FOREIGN = re.compile(rf"^[{CJK}]{{1,3}}国")
# China's province-level divisions by their short names.
PROVINCES = frozenset((
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州",
    "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港",
    "澳门"))

# Words after which a name starts (verbs and function words jieba may not tag so).
_STOP_WORDS = frozenset((
    "联合", "举办", "主办", "承办", "协办", "会同", "指导", "参训", "获悉", "来自",
    "记者", "通讯员", "主席", "副主席", "书记", "委员", "成员", "代表", "新任", "现任",
    "暨", "及", "等", "以及", "和", "与", "同", "跟", "是", "为", "有", "系", "属",
    "本级", "在京", "驻京", "新", "特色"))
# A name after these is a kind of union, not one union (各产业工会, 多家企业工会).
QUANTIFYING = frozenset((
    "各", "全", "多", "诸", "每", "所有", "部分", "其他", "其它", "一些", "有关", "相关",
    "这些", "那些", "各级", "多家", "各类", "各个", "有的", "若干"))
_NOT_VERBS = frozenset(("分行", "支行"))  # jieba tags them v
_CUT_FLAGS = ("p", "c", "u", "d", "t", "f", "r", "s", "y", "e", "o", "x", "i", "l")  # i, l: idioms
_SOFT_FLAGS = frozenset(("v", "vn", "vd", "a", "ad", "an"))
_AREA_CHARS = frozenset("市区县省")
_PARTICLES = frozenset("了的在和与对向将把被由从经给让及或")
COUNTING = re.compile(r"[0-9０-９家个名位批些余多几数每各级]")
_DATE = re.compile(r"[年月日号时]")
DEMONSTRATIVE = re.compile(r"^[该本其此这](?=区|市|县|省|街道|社区|公司|集团|院|台|局|厂|校|镇|乡)")
COLLECTIVE = frozenset((
    "北京", "首都", "中国", "我国", "全国", "京", "各地", "地方", "当地", "本市", "本区",
    "全市", "全区", "全县", "全省", "全台", "全院", "全校", "全公司", "全集团", "全系统",
    "全行业", "全总"))
_GENERIC_HEADS = (
    "企业", "单位", "机构", "机关", "行业", "产业", "部门", "组织", "系统", "会员", "银行",
    "学校", "医院", "基层", "工厂", "车间", "班组", "楼宇", "园区", "商圈", "小区", "街镇",
    "街乡", "乡镇", "区县", "级", "直属", "职工", "业态", "形态")
# A name ending in these is a kind of union, even after a place (丰台区基层工会).
# (An industry after a place is one union: 北京市餐饮行业工会, …公共服务部门工会.)
_PLURAL_HEADS = frozenset(("基层", "企业", "单位", "会员", "直属", "所属", "下属", "二级",
                           "基层单位", "成员单位", "各级"))
_KIND_ENDS = ("型", "式", "性")  # 服务型工会, 学习型工会
_PROPER_FLAGS = frozenset(("ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "eng"))
_PLACE_WORDS = frozenset(("北京", "首都", "中国", "中华", "全国", "京"))
BARE_AREAS = ("街道", "社区", "地区", "市", "省", "区", "县", "乡", "镇", "村")
ENTERPRISE_END = re.compile(f"(?:{ENTERPRISE.pattern})$")


@lru_cache(maxsize=8192)
def name_words(tail):
    """(words, flags, cut word) of the name at the end of ``tail``; () words if none."""
    words, flags, cut = _walk_left(_unglue(tagging.pos_cut(tail, hmm=True)))
    return _drop_verbs(words, flags, cut)


def _unglue(pairs):
    """jieba glues a particle to a bare area (秉承了|市 as 了市): split them again."""
    out = []
    for word, flag in pairs:
        if len(word) == 2 and word[1] in _AREA_CHARS and word[0] in _PARTICLES:
            out += [(word[0], "u"), (word[1], "n")]
        else:
            out.append((word, flag))
    return out


def _walk_left(pairs):
    """The words from the end back to the first word that cannot be in a name."""
    words, flags, cut = [], [], ""
    for i in range(len(pairs) - 1, -1, -1):
        word, flag = pairs[i]
        if flag == "r" and DEMONSTRATIVE.match(word):
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
    anchors = [_anchors(w, f, i == 0 < len(words) - 1) for i, (w, f) in enumerate(zip(words, flags))]
    if soft[-1:] == [True] and (flags[-1] not in ("vn", "an", "a") or True not in anchors[:-1]):
        return (), (), words[-1]  # 激发工会, 注入工会: a verb's object; 北京市教育工会 stays
    # 启动北京市, 是北京市: a verb before a name's proper part goes; 北京排水集团 stays.
    # With no proper part at all (比赛集团公司) the last verb goes.
    starts = [i for i in range(len(words) - 1)
              if soft[i] and (anchors[i + 1] or True not in anchors)
              and not (len(words[i]) == 1 and i and words[i - 1] in BARE_AREAS)]
    if starts:
        cut, words, flags = words[starts[-1]], words[starts[-1] + 1:], flags[starts[-1] + 1:]
    leading = [i == 0 < len(words) - 1 for i in range(len(words))]
    if not any(map(_anchors, words, flags, leading)) and not ENTERPRISE_END.search("".join(words)):
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
    if word in _STOP_WORDS or word in QUANTIFYING or flag.startswith(_CUT_FLAGS):
        return True
    if len(word) > 1 and word[0] in "各每诸":  # 各乡镇, 各街道: a kind, not one
        return True
    if flag in ("m", "q", "mq"):
        return flag != "m" or bool(COUNTING.search(word) or _DATE.search(word))
    return False


def _soft(word, flag):
    """A common verb or adjective: part of a name only after its proper part."""
    return flag in _SOFT_FLAGS and tagging.frequency(word) >= 100 and word not in _NOT_VERBS


def _anchors(word, flag, leading=False):
    """A word that can open a name: a place, an organisation, a rare word.  A common
    two-character word jieba calls a place counts only opening a longer name
    (巴西|石油工人, not 职工|普及)."""
    frequency = tagging.frequency(word)
    if flag == "j":  # abbreviations (北汽, 石化), but jieba also tags 深化 so
        return frequency < 1000
    if flag == "ns" and frequency >= 1000 and len(word) == 2 and not leading:
        return bool(word in PROVINCES or word in _PLACE_WORDS or AREA.search(word[-1])
                    or FOREIGN.fullmatch(word))
    if flag in _PROPER_FLAGS or flag == "area" or word in BARE_AREAS or word in _PLACE_WORDS:
        return True
    # a rare noun is a name (首钢, 金隅), unless it says what kind (所在单位)
    return flag == "n" and frequency < 60 and not word.endswith(_GENERIC_HEADS)


def is_generic(words, flags, federation=False):
    """True for a kind of union rather than one union (直属单位, 二级企业, 金融机构,
    丰台区基层, 服务型), or a common word standing alone (普及工会知识)."""
    content = [(w, f) for w, f in zip(words, flags) if w not in ("(", ")")]
    last, last_flag = content[-1]
    if (last in _PLURAL_HEADS and not federation) or (
            last.endswith(_KIND_ENDS) and last_flag not in _PROPER_FLAGS):
        return True
    if (len(content) == 1 and tagging.frequency(last) >= 1000 and last not in PROVINCES
            and not FOREIGN.fullmatch(last) and not AREA.search(last)
            and not ENTERPRISE_END.search(last)):
        return True
    if all(w in _GENERIC_HEADS or (w.endswith(_GENERIC_HEADS) and f not in _PROPER_FLAGS)
           for w, f in content):
        return True
    proper = any(f in _PROPER_FLAGS or AREA.search(w) for w, f in content)
    return content[-1][0].endswith(_GENERIC_HEADS) and not proper
