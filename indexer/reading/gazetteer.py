"""The gazetteer of Beijing's street-level units (``data/gazetteer.tsv``, built by
``scripts/build_gazetteer.py``): today's units with their district and the surface
forms they are printed in, and the former names (counties before they became
districts, the districts merged in 2010) with the month they ceased.
"""
import csv
import re
from functools import cache
from pathlib import Path

GAZETTEER = Path(__file__).resolve().parent / "data" / "gazetteer.tsv"

_UNIT_SUFFIX = re.compile(r"(?:街道办事处|地区办事处|办事处|街道|地区|(?:(?:回|满|蒙古|朝鲜)族)*乡|镇)$")
# surface forms besides the official name: (suffix, kind); a bare "X地区" is
# a "variant", trusted only next to a district name or before 工会 (河北地区!)
_VARIANTS = {"街道": (("街道办事处", "street"),),
             "乡": (("地区", "variant"), ("地区办事处", "street")),
             "镇": (("地区", "variant"), ("地区办事处", "street")),
             "地区": (("地区办事处", "street"),), "开发区": ()}
_TRUST = ("street", "place", "variant")  # a form listed twice keeps the first


def _base(name):
    """'将台乡' / '将台地区' -> '将台'; a one-character base keeps its suffix (杨镇)."""
    base = _UNIT_SUFFIX.sub("", name)
    return base if len(base) >= 2 else name


@cache
def _rows():
    with open(GAZETTEER, encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle, delimiter="\t"))


@cache
def former_names():
    """{former name: (today's district, month it ceased)}: 密云县 -> ('密云区', '2015-11')."""
    return {row["name"]: (row["district"], row["until"]) for row in _rows() if row["until"]}


@cache
def gazetteer_forms():
    """({surface form: (kind, districts)}, {base name: districts}) of today's units, read once."""
    forms, bases = {}, {}
    for row in (row for row in _rows() if not row["until"]):
        name, district, base = row["name"], row["district"], _base(row["name"])
        official = "place" if row["type"] == "开发区" else "street"
        for form, kind in ((name, official),) + tuple(
                (base + suffix, kind) for suffix, kind in _VARIANTS[row["type"]]):
            old_kind, districts = forms.get(form, (kind, ()))
            kind = min(old_kind, kind, key=_TRUST.index)
            forms[form] = (kind, tuple(sorted({*districts, district})))
        bases.setdefault(base, set()).add(district)
    return forms, bases


def street_districts(name):
    """The districts having a street-level unit of that name: ('西城区',) for 月坛街道,
    two for 八里庄, () for a name that is no Beijing unit (台湾地区)."""
    name = (name or "").strip()
    forms, bases = gazetteer_forms()
    return forms[name][1] if name in forms else tuple(sorted(bases.get(_base(name), ())))


def street_district(name):
    """The district of a street-level unit ('月坛街道', '月坛', '将台地区'), or None.

    None for an unknown name and for one found in two districts ('八里庄').
    """
    found = street_districts(name)
    return found[0] if len(found) == 1 else None


def all_street_names():
    """Every street-level unit's official name in the gazetteer (for suggestions)."""
    forms, _ = gazetteer_forms()
    return tuple(sorted(form for form, (kind, _) in forms.items()
                        if kind in ("street", "place") and not form.endswith("办事处")))
