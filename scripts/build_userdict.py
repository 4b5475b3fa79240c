"""Build analyzers/data/userdict.txt: domain terms jieba should keep as one word.

Usage:  python scripts/build_userdict.py [--gazetteer indexer/reading/data/gazetteer.tsv]

Sources: the trade-union vocabulary below (organisation types, awards,
programmes), Beijing's districts with their short forms and district union
names, and every current street-level unit of indexer/reading/data/gazetteer.tsv (header
``name\tdistrict\ttype\tcode\tuntil``; rows with ``until`` are former names) with its short form when that is 3+ characters
(2-character short forms such as 东风 or 平房 are ordinary words: as dictionary
entries they would split text that is not about the place).

Rules, so that segmentation stays predictable:
- Words already in jieba's main dictionary are left out: they already segment
  as words, and re-adding one would change jieba's frequency total.
- Each word gets the frequency ``jieba.suggest_freq(word)`` computes against the
  main dictionary (just enough to keep it whole), at least MIN_FREQ.
- No bare ``区总工会``: as a word it would cut ``朝阳区总工会`` into 朝阳 / 区总工会.
  The full ``<district>总工会`` names are added instead; ``区总工会`` itself is
  found through the character n-gram fields.
"""

import argparse
import csv
import os

import jieba

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "analyzers", "data", "userdict.txt")
GAZETTEER = os.path.join(ROOT, "indexer", "reading", "data", "gazetteer.tsv")
MIN_FREQ = 3
STREET_SUFFIXES = ("街道", "地区", "乡", "镇")

UNION_TERMS = """
中华全国总工会 全国总工会 北京市总工会 市总工会 街道总工会 乡镇总工会 工会联合会
联合工会 基层工会 产业工会 行业工会 楼宇工会 园区工会 社区工会 企业工会 工会委员会
工会小组 工会会员 工会主席 工会干部 工会经费 工会组织 工会工作 职工代表大会 职代会
女职工委员会 经费审查委员会 职工之家 模范职工之家 职工书屋 职工创新工作室
劳模创新工作室 工匠创新工作室 职工创新工作室联盟 劳模工匠 劳模精神 劳动精神
工匠精神 大国工匠 首都工匠 北京大工匠 首都劳动奖章 五一劳动奖章 全国五一劳动奖章
劳动模范 全国劳动模范 先进工作者 工人先锋号 五一巾帼奖 暖心驿站 爱心驿站
户外劳动者 户外劳动者服务站点 新就业形态 新就业形态劳动者 快递小哥 外卖骑手
网约车司机 货车司机 职工互助保障 互助保障 会员服务卡 送温暖 金秋助学 困难职工
帮扶中心 职工服务中心 职工服务站 职工心理健康 集体协商 工资集体协商 集体合同
厂务公开 民主管理 劳动竞赛 技能竞赛 职业技能竞赛 职工技能大赛 产业工人
产业工人队伍建设改革 高技能人才 劳动关系 和谐劳动关系 劳动争议 劳动保护 职业健康
安康杯 普惠服务 职工疗休养 疗休养 职工运动会 首都职工 一线职工 农民工
职工法律服务 法律援助 女职工 爱心妈妈小屋 职工子女 暑期托管班 劳动者港湾
北京城市副中心 城市副中心 经开区
""".split()


def read_gazetteer(path):
    """(name, district) of each current street-level unit (former names left out)."""
    with open(path, encoding="utf-8", newline="") as f:
        return [(row["name"], row["district"])
                for row in csv.DictReader(f, delimiter="\t") if row["name"] and not row.get("until")]


def short_form(name):
    """``将台地区`` -> ``将台``; None when the name has no street suffix."""
    for suffix in STREET_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return None


def district_terms(districts):
    """District names, their short forms (朝阳区 -> 朝阳) and union names."""
    for district in districts:
        yield district
        yield district + "总工会"
        if district.endswith("区") and 3 <= len(district) <= 4:  # not 北京经济技术开发区
            yield district[:-1]


def street_terms(units):
    """Unit names, the other official form of a 乡 / 地区 (将台乡 = 将台地区),
    and short forms of 3+ characters."""
    for name, _district in units:
        yield name
        short = short_form(name)
        if short and name.endswith(("乡", "地区")):
            yield short + ("地区" if name.endswith("乡") else "乡")
        if short and len(short) >= 3:
            yield short


def candidate_terms(units):
    """Every term in order, duplicates removed."""
    districts = sorted({district for _name, district in units})
    terms = [*UNION_TERMS, *district_terms(districts), *street_terms(units)]
    return list(dict.fromkeys(terms))


def dictionary_lines(terms):
    """``word freq`` lines for the terms jieba's main dictionary lacks."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    lines = []
    for word in terms:
        if tokenizer.FREQ.get(word):
            continue
        freq = max(tokenizer.suggest_freq(word, False), MIN_FREQ)
        lines.append(f"{word} {freq}")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gazetteer", default=GAZETTEER)
    parser.add_argument("--out", default=OUT)
    args = parser.parse_args(argv)
    jieba.setLogLevel(30)
    lines = dictionary_lines(candidate_terms(read_gazetteer(args.gazetteer)))
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(lines)} words -> {os.path.relpath(args.out, ROOT)}")


if __name__ == "__main__":
    main()
