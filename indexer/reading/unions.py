"""Trade unions an article names, each under one canonical name with a level.

indexer.reading.unionmentions finds the mentions and reads their names; this module
names them, merges shortened repeats and gives each union its level.

Canonical names:
- 市.. -> 北京市.. (市总工会, 市金融工会) unless that union of another city was
  named earlier; 北京总工会 -> 北京市总工会; 全国总工会 -> 中华全国总工会; the
  official spelling 工业(国防) for 工业国防; full-width brackets; 北京市朝阳区 -> 朝阳区.
- An area's own union is its 总工会 (怀柔工会 -> 怀柔区总工会, 空港街道工会).
- District short forms and aliases are expanded (怀柔泉河街道 -> 怀柔区泉河街道,
  亦庄 -> 北京经济技术开发区); a street, 乡 or 镇 union takes its district from the
  text (西城区月坛街道), the gazetteer (indexer.districts.street_district) or
  the one district given when the unit is one of that district's; a street in
  two districts (八里庄) stays bare, and a place outside Beijing (台湾地区) gets none.
- A shortened repeat merges into the one longest name it shortens (_merge):
  北京公交工会 -> 北京公交集团工会, 胜利油田工会 -> 中国石化胜利油田工会.

Levels (records.UNION_LEVELS), from the name's last area word and what follows:
national    中华全国总工会, 中国X工会 (national industry unions);
municipal   a province's or city's federation and its industry unions:
            北京市总工会, 北京市金融工会, 浙江省总工会 (the same tier as Beijing's);
district    X区/X县总工会 and district industry unions (莒县总工会, 西城区教育工会);
street      街道/地区/乡/镇 unions, 社区 and 村 unions (滨湖社区联合工会);
enterprise  companies and institutions, a group's own federation included
            (中国交通建设集团工会联合会) and a bureau's (朝阳区人社局工会);
abroad      the unions of other countries and of 港澳台, whatever their names end with
            (英国火车司机工会, 台湾地区总工会): not a tier of the Chinese federation.
"""
import re
from functools import cache, lru_cache

from indexer.reading.unionmentions import find_mentions, normalise
from indexer.reading.unionnames import AREA, CJK, ENTERPRISE, FOREIGN, MENTION, PROVINCES
from indexer.reading.districts import DISTRICTS, find_districts
from indexer.reading.gazetteer import street_districts
from indexer.reading import tagging

_OFFICIAL = (("工业国防", "工业(国防)"),)
_REGIONS = ("台湾", "香港", "澳门", "中国台湾", "中国香港", "中国澳门")
_COMPANY = re.compile("公司|集团|医院|大学|学院|学校|银行|厂|店|酒店|中心")
_CHINESE_PLACE = re.compile(r"^(?:中国|中华|全国|首都|京|北京)|[省市县区旗州盟镇乡村]$")
_CHINESE_AREA = re.compile(r"^[区县旗]|省|市|县|街道|乡|镇|村|社区|自治")
_AREA_LEVEL = (dict.fromkeys(("特别行政区", "自治区", "自治州", "省", "市", "盟"), "municipal")
               | dict.fromkeys(("区", "县", "旗"), "district")
               | dict.fromkeys(("街道", "地区", "社区", "乡", "镇", "村"), "street"))
_AREA_ONLY = re.compile(rf"(?:[{CJK}]{{1,8}}?(?:自治区|省|市|区|县|旗|街道|地区|乡|镇))+")
_STREET = re.compile(rf"^([{CJK}]{{1,6}}?(?:街道|地区|乡|镇))(?=$|[{CJK}]{{1,8}}(?:社区|村)$)")
_PLACE_STREET = re.compile(rf"^[{CJK}]{{1,6}}?(?:街道|地区)")
_COMPANY_TAIL = re.compile(
    r"(?:集团有限公司|股份有限公司|有限责任公司|有限公司|集团公司|总公司|集团|公司)$")


def find_unions(text, *, headline="", districts=()):
    """[(canonical name, level)] for every union the article names, first mention first."""
    names = dict.fromkeys(name for _, name in _scan(f"{headline or ''}\n{text or ''}", districts))
    return [(name, union_level(name)) for name in names]


def canonical_union(name, *, context="", districts=()):
    """The canonical form of one union name ('市总工会' -> '北京市总工会').

    ``context`` (the article) resolves references back (该区总工会) and short
    forms; a name that cannot be read as a union comes back as given.
    """
    given = normalise(name or "").strip()
    context = normalise(context or "")
    mentions = _scan(f"{context}\n{given}", districts)
    mine = [found for pos, found in mentions if pos > len(context)]
    return mine[0] if mine else given


def union_level(name):
    """The level (one of records.UNION_LEVELS) of a canonical union name."""
    body = MENTION.sub("", name)
    areas = list(AREA.finditer(body))
    tail = body[areas[-1].end():] if areas else body
    if _abroad(body) and not _COMPANY.search(tail):
        return "abroad"     # 英国主要铁路工会, 香港工会联合会: a union abroad or of 港澳台
    if ENTERPRISE.search(tail):
        return "enterprise"
    if areas:
        return _AREA_LEVEL[areas[-1].group()]
    if body.startswith(("中国", "中华", "全国")):
        return "national"
    return "enterprise"


@lru_cache(maxsize=4096)
def _abroad(body):
    """A union of another country or of 港澳台 (英国火车司机, 台湾地区): the top tier of its
    own country or region, whatever its name ends with; 赛峰中国 is a company."""
    if body.startswith(_REGIONS):
        return True
    if find_districts(body + "总工会"):
        return False    # a Beijing district or street unit
    words = tagging.pos_cut(body, hmm=True)
    first, flag = words[0] if words else ("", "")
    if flag == "ns" and FOREIGN.fullmatch(first) and first not in ("中国", "全国"):
        return True
    # a foreign place (苏丹, 西班牙马德里大区): a place word that is no Chinese one, in a
    # name with no Chinese area word (省, 市, 县 ...) after it
    return (flag == "ns" and first not in PROVINCES and not _CHINESE_PLACE.search(first)
            and not _CHINESE_AREA.search(body[len(first):]))


def _scan(text, districts):
    """[(position, name)] of the unions ``text`` mentions, shortened repeats merged."""
    mentions = find_mentions(text, tuple(districts or ()), canonical=_canonical, level=union_level)
    reps = _merge(list(dict.fromkeys(name for _, name in mentions)))
    return [(pos, reps.get(name, name)) for pos, name in mentions]


@cache
def _districts():
    """(district names, short form -> district), from indexer.districts."""
    short = {d[:-1]: d for d in DISTRICTS if d.endswith("区") and len(d) <= 4}
    return DISTRICTS, short


@lru_cache(maxsize=1024)
def _district_alias(body):
    """怀柔 / 北京经开区 / 亦庄 -> the district, when the whole body names one."""
    districts, _short = _districts()
    if len(body) > 6 or body.startswith(districts) or ENTERPRISE.search(body) or re.search(
            "街道|地区|乡|镇|社区|村", body):
        return body
    found = find_districts(body + "总工会")
    whole = not find_districts(body[1:] + "总工会") and not find_districts(body[:-1] + "总工会")
    return found[0] if len(found) == 1 and whole else body


def _canonical(body, suffix, text, given):
    """Canonical name of a union named with a proper body (``given``: the article's districts)."""
    for old, new in _OFFICIAL:
        body = body.replace(old, new)
    districts, short = _districts()
    local = re.sub(r"^北京市?", "", body)
    if local.startswith(districts) or _district_alias(local) != local:
        body = _district_alias(local)  # 北京市朝阳区 -> 朝阳区, 北京亦庄 -> 北京经济技术开发区
    if suffix == "总工会":
        body = "中华全国" if body.endswith("中华全国") else body
        body = {"北京": "北京市", "全国": "中华全国"}.get(body, body)
    for brief, district in short.items():
        rest = body[len(brief):]
        if body.startswith(brief) and not rest.startswith("区") and (
                not rest or re.match(rf"[{CJK}]{{1,6}}?(?:街道|地区|乡|镇|社区|村)", rest)):
            body = district + rest
            break
    street = _STREET.match(body)
    if street and not body.startswith(districts):
        district = _street_home(street.group(1), text, given)
        body = (district or "") + body
    if suffix == "工会" and _AREA_ONLY.fullmatch(body):
        suffix = "总工会"
    return body + suffix


def _street_home(street, text, given):
    """The district of a street-level unit: named with it in ``text``, else the gazetteer's,
    else the one given among the unit's districts; none for a place outside Beijing."""
    districts, short = _districts()
    for brief, district in [(d, d) for d in districts] + list(short.items()):
        if brief + street in text:
            return district
    homes = street_districts(street)
    if len(homes) == 1:
        return homes[0]
    return given[0] if len(given) == 1 and given[0] in homes else None


def _alias_key(name):
    """(core, suffix, places): 北京公交集团工会 -> ('公交', '工会', ('北京',))."""
    districts, _short = _districts()
    suffix = re.search(r"(?:联合|总|分)?工会(?:联合总会|联合会)?$", name).group()
    rest, places = name[:-len(suffix)], []
    beijing = re.match(r"北京市?", rest)
    if beijing:
        places.append("北京")
        rest = rest[beijing.end():]
    district = next((d for d in districts if rest.startswith(d)), None)
    if district:
        places.append(district)
        rest = rest[len(district):]
    street = _PLACE_STREET.match(rest)
    if street:
        places.append(street.group())
        rest = rest[street.end():]
    while _COMPANY_TAIL.search(rest) and _COMPANY_TAIL.sub("", rest):
        rest = _COMPANY_TAIL.sub("", rest)
    return rest, suffix, tuple(places)


def _merge(names):
    """name -> the one longest name it shortens, when there is one.

    A shortens B when both have the same suffix and level, A's places (北京,
    district, street) are among B's and A's core ends B's core: 北京公交 ->
    北京公交集团, 胜利油田 -> 中国石化胜利油田, 滨湖社区 -> 泉河街道滨湖社区.
    """
    keys = {name: _alias_key(name) for name in names}

    def shortens(short, full):
        (core, suffix, places), (full_core, full_suffix, full_places) = keys[short], keys[full]
        return (suffix == full_suffix and set(places) <= set(full_places)
                and full_core.endswith(core) and (core or places[-1:] == full_places[-1:])
                and union_level(short) == union_level(full))

    reps = {}
    for name in names:
        group = [other for other in names if shortens(name, other)]
        tops = [top for top in group if not any(
            shortens(top, other) and not shortens(other, top) for other in group)]
        if all(shortens(top, other) for top in tops for other in tops):
            reps[name] = max(tops, key=len)
    return reps
