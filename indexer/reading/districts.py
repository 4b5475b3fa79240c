"""Which Beijing districts an article is about.

Finding names: one compiled regex over every surface form: the 16 district
names and 北京经济技术开发区 (北京经开区, 北京亦庄 ...), their short forms (海淀,
经开区, 亦庄) and each street-level unit of ``data/gazetteer.tsv`` (built by
``scripts/build_gazetteer.py``), official name or 地区办事处 form (将台乡 /
将台地区).  Guards, each for a class of false hits:
  - a short form counts only where it names the district: before 职工 / 工会 /
    总工会 / 劳模 / 工匠 or a street unit (怀柔泉河街道), after 北京 when no
    longer name follows (not 北京朝阳医院), or opening a headline (怀柔滨湖社区);
  - a street name must start a word (not 环渤海地区, 流沙河镇, 某某区城北街道);
    a bare 地区 form (河北地区!) needs a district name before it or 工会 after;
  - a name after another province, city or county is dropped (长春市朝阳区);
  - a street name of two districts (八里庄街道) takes the district named in the
    same sentence, else the only one of them named in the article, else none.

Scoring: "about", not "mentioned".  Each mention scores
    zone     headline 3, lead (first two sentences of the body) 2, rest 1
  x kind     a union acting (朝阳区总工会, 月坛街道总工会, 朝阳区人社局工会) 2,
             a full address (大兴区黄村镇) 2, a street unit 1.5, a name 1
  x passing  0.5 in a 来自... phrase (来自海淀区人民检察院的检察官);
             0.25 outside headline and lead in a sentence naming three or
             more districts (a list of winners or of workshops).
A district is kept when its total is at least 2 (a headline or lead mention,
a union or an address anywhere, two plain mentions) and at least a quarter
of the best total; most relevant first.  So the venue of an event in the lead
(在朝阳区工人文化宫举行) makes it, a performer's employer further down does
not: a librarian faceting by district wants where it happened and whose
union acted, not everyone who took part.
"""
import re
from bisect import bisect_right
from functools import cache

from indexer.reading.gazetteer import former_names, gazetteer_forms

DISTRICTS = (
    "东城区", "西城区", "朝阳区", "丰台区", "石景山区", "海淀区", "门头沟区", "房山区",
    "通州区", "顺义区", "昌平区", "大兴区", "怀柔区", "平谷区", "密云区", "延庆区",
    "北京经济技术开发区",
)
ZONE = "北京经济技术开发区"
_FULL_ALIASES = {"北京经开区": ZONE, "北京亦庄": ZONE, "亦庄经开区": ZONE,
                 "亦庄开发区": ZONE, "亦庄新城": ZONE}
_SHORT = {name[:-1]: name for name in DISTRICTS[:16]} | {"经开区": ZONE, "亦庄": ZONE}
_CJK = r"\u3400-\u9fff"
_SHORT_NEXT = re.compile(r"职工|工会|总工会|劳模|工匠")
_HEADLINE_SHORT_NEXT = re.compile(r"[:：·\s]|$|[" + _CJK + r"]{1,5}社区")
_AFTER_BEIJING_SHORT = re.compile(r"[^" + _CJK + r"]|[的和与及等]|$")  # not 北京朝阳医院
_WORD_BEFORE = frozenset("在到于和与及、的是从赴至往了等对向将由为进来去入访经过自年月日市京同")
_FOREIGN_LEFT = re.compile(r"[" + _CJK + r"][省市县州盟旗]$")
_BEIJING_LEFT = re.compile(r"(?:北京|本|全|京)市$")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_UNION_TAIL = re.compile(r"[^\W的和与及在为对从向了是]{0,8}?工会")
_SITE_NEXT = re.compile(rf"[{_CJK}]{{0,3}}?(?:项目部|项目|工地|标段|站)(?![{_CJK}])|"
                        rf"[{_CJK}]{{0,3}}?(?:项目|工地|标段)")
_FROM_LEFT = re.compile(r"来自[^，,。；;！？]{0,16}$")
_SENTENCE_END = re.compile(r"[。！？!?；;](?![”’」』])|\n")  # a quote closing is no end: “…感动。”1月31日,…

_ZONE_WEIGHT = {"headline": 3.0, "lead": 2.0, "body": 1.0}
_KIND_WEIGHT = {"union": 2.0, "address": 2.0, "street": 1.5, "name": 1.0}
_MIN_SCORE, _MIN_SHARE = 2.0, 0.25


@cache
def _matcher():
    """One alternation over every surface form, longest first; and its lookup."""
    lookup = {name: ("name", (name,)) for name in DISTRICTS}
    lookup |= {alias: ("name", (district,)) for alias, district in _FULL_ALIASES.items()}
    lookup |= {old: ("former", (district,)) for old, (district, _until) in former_names().items()}
    lookup |= {short: ("short", (district,)) for short, district in _SHORT.items()}
    for form, found in gazetteer_forms()[0].items():
        lookup.setdefault(form, found)
    forms = sorted(lookup, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, forms))), lookup


def _foreign(text, start):
    """True when the name follows another province/city/county (长春市朝阳区)."""
    left = text[max(0, start - 6):start]
    return bool(_FOREIGN_LEFT.search(left)) and not _BEIJING_LEFT.search(left)


def _starts_word(text, start):
    """True unless a character glued before makes another name (环渤海, 流沙河镇)."""
    before = text[start - 1] if start else " "
    return before in _WORD_BEFORE or not _CJK_CHAR.match(before)


def _short_names_district(text, match, in_headline):
    """True when a short form (海淀, 怀柔, 经开区) stands for its district here."""
    pattern, lookup = _matcher()
    start, end = match.span()
    following = pattern.match(text, end)
    if following and lookup[following.group()][0] in ("street", "variant"):
        return True
    if _SHORT_NEXT.match(text, end):
        return True
    if text[max(0, start - 2):start] == "北京" and _AFTER_BEIJING_SHORT.match(text, end):
        return True
    return in_headline and _HEADLINE_SHORT_NEXT.match(text, end) is not None and (
        start == 0 or text[start - 1].isspace())


def _joined(text, match):
    """A short form joined to a unit of its district or to a site: 门头沟斋堂镇,
    顺义板桥项目, (房山站); never the start of a longer place name (朝阳门站)."""
    pattern, lookup = _matcher()
    start, end = match.span()
    following = pattern.match(text, end)
    if following:
        kind, districts = lookup[following.group()]
        return kind in ("street", "variant") and districts == lookup[match.group()][1]
    bases = gazetteer_forms()[1]
    if any(text[start:end + n] in bases for n in range(1, 4)):
        return False
    site = _SITE_NEXT.match(text, end)
    if site and site.group().endswith("站"):   # (房山站), a stop of a series; not 北京丰台站
        return text[start - 1:start] in "(（“" and start > 0
    return site is not None


def _mentions(text, in_headline):
    """[(start, end, kind, districts)] for the district names found in text."""
    pattern, lookup = _matcher()
    found, previous_end = [], -1
    for match in pattern.finditer(text):
        kind, districts = lookup[match.group()]
        start, end = match.span()
        glued = start == previous_end
        if _foreign(text, start) or text.startswith("域", end):
            continue
        joined = kind == "short" and _joined(text, match)
        if kind != "name" and not glued and not joined and not _starts_word(text, start):
            continue
        if kind == "short" and not joined and not _short_names_district(text, match, in_headline):
            continue
        if kind == "former" and not _starts_word(text, start):
            continue    # 大通县 is no 通县
        union = _UNION_TAIL.match(text, end) is not None
        if kind == "variant" and not (glued or union):
            continue
        kind = "union" if union else {"variant": "street", "street": "street"}.get(kind, "name")
        found.append((start, end, kind, districts))
        previous_end = end
    return found


def street_names(text):
    """[(start, name)] of the Beijing street-level units ``text`` names (麦子店街道, 将台地区)."""
    lookup = _matcher()[1]
    return [(start, text[start:end]) for start, end, _kind, _d in _mentions(text, False)
            if lookup[text[start:end]][0] in ("street", "variant")]


def _merge(mentions):
    """One reference for a district name and the street unit after it (房山区十渡镇)."""
    merged = []
    for mention in mentions:
        if merged and merged[-1][1] == mention[0] and merged[-1][3] == mention[3]:
            start, _end, kind, districts = merged.pop()
            kinds = {kind, mention[2]}
            if kinds == {"name", "street"}:
                kind = "address"
            else:
                kind = max(kinds, key=_KIND_WEIGHT.get)  # union wins
            mention = (start, mention[1], kind, districts)
        merged.append(mention)
    return merged


def _sentence_ends(text):
    return [m.start() for m in _SENTENCE_END.finditer(text)]


def _lead_end(text, ends):
    """End of the lead: the first two sentences of the first paragraph."""
    start = len(text) - len(text.lstrip())
    paragraph_end = text.find("\n", start)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    inside = [end for end in ends if start <= end < paragraph_end]
    return inside[1] + 1 if len(inside) > 1 else paragraph_end


def _resolve(mentions, ends, named):
    """Give an ambiguous street name the district named nearby, else drop it."""
    resolved = []
    for start, end, kind, districts in mentions:
        if len(districts) > 1:
            sentence = bisect_right(ends, start)
            near = {d[0] for s, _e, _k, d in mentions
                    if len(d) == 1 and bisect_right(ends, s) == sentence} & set(districts)
            candidates = near or (named & set(districts))
            if len(candidates) != 1:
                continue
            districts = tuple(candidates)
        resolved.append((start, end, kind, districts))
    return resolved


def _weights(mentions, text, zone):
    """Yield (district, weight) for each mention of one text (headline or body)."""
    ends = _sentence_ends(text)
    lead_end = _lead_end(text, ends)
    per_sentence = {}
    for start, _end, _kind, (district,) in mentions:
        per_sentence.setdefault(bisect_right(ends, start), set()).add(district)
    for start, _end, kind, (district,) in mentions:
        where = zone if zone == "headline" else "lead" if start < lead_end else "body"
        weight = _ZONE_WEIGHT[where] * _KIND_WEIGHT[kind]
        if _FROM_LEFT.search(text, max(0, start - 18), start):
            weight *= 0.5
        if where == "body" and len(per_sentence[bisect_right(ends, start)]) >= 3:
            weight *= 0.25
        yield district, weight


def _scores(text, headline):
    """{district: score} in order of first mention, headline first."""
    head, body = _mentions(headline, True), _mentions(text, False)
    named = {d[0] for *_rest, d in head + body if len(d) == 1}
    scores = {}
    for zone, mentions, source in (("headline", head, headline), ("body", body, text)):
        mentions = _merge(_resolve(mentions, _sentence_ends(source), named))
        for district, weight in _weights(mentions, source, zone):
            scores[district] = scores.get(district, 0.0) + weight
    return scores


def find_districts(text, *, headline=""):
    """The districts the article is about, most relevant first (see module doc)."""
    scores = _scores(text or "", headline or "")
    if not scores:
        return []
    floor = max(_MIN_SCORE, _MIN_SHARE * max(scores.values()))
    kept = [district for district, score in scores.items() if score >= floor]
    return sorted(kept, key=lambda district: -scores[district])  # stable: ties by first mention
