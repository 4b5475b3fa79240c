"""District recognition: gazetteer lookups and what an article is about."""
import csv
import gzip
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.reading.districts import DISTRICTS, find_districts
from indexer.reading.gazetteer import GAZETTEER, former_names, street_district

REPO = Path(__file__).resolve().parent.parent
NBS_STREETS = REPO.parent / "shared" / "gazetteer" / "beijing_streets.tsv"
XWLB = REPO.parent / "shared" / "corpora" / "xwlb_2022_2026.jsonl.gz"
ZONE = "北京经济技术开发区"
SUFFIXES = ("街道", "地区", "乡", "镇", "办事处")


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _base(name):
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[:-len(suffix)]
    return name


# --- the gazetteer -----------------------------------------------------------

def test_districts_are_the_sixteen_and_the_economic_zone():
    assert len(DISTRICTS) == len(set(DISTRICTS)) == 17
    assert ZONE in DISTRICTS and "朝阳区" in DISTRICTS and "延庆区" in DISTRICTS


def _current(rows):
    return [row for row in rows if not row["until"]]


def test_gazetteer_file_has_header_and_covers_every_district():
    with open(GAZETTEER, encoding="utf-8") as handle:
        assert handle.readline() == "name\tdistrict\ttype\tcode\tuntil\n"
    rows = _current(_rows(GAZETTEER))
    assert len(rows) >= 340
    assert {row["district"] for row in rows} == set(DISTRICTS)
    assert {row["type"] for row in rows} <= {"街道", "地区", "乡", "镇", "开发区"}
    assert len({(row["name"], row["district"]) for row in rows}) == len(rows)


def test_every_gazetteer_unit_resolves_unless_its_name_is_shared():
    rows = _current(_rows(GAZETTEER))
    homes = {}
    for row in rows:
        homes.setdefault(row["name"], set()).add(row["district"])
    for row in rows:
        expected = row["district"] if len(homes[row["name"]]) == 1 else None
        assert street_district(row["name"]) == expected, row["name"]


def test_former_names_are_dated_and_point_to_a_district():
    former = [row for row in _rows(GAZETTEER) if row["until"]]
    assert {row["name"] for row in former} >= {"密云县", "延庆县", "崇文区", "宣武区"}
    for row in former:
        assert row["district"] in DISTRICTS and row["name"] not in DISTRICTS
        assert re.fullmatch(r"(19|20)\d\d-[01]\d", row["until"]), row
    assert former_names()["崇文区"] == ("东城区", "2010-07")


FORMER = [
    ("county-before-2015", "密云县总工会开展送温暖活动。", ["密云区"]),
    ("county-with-city", "近日,北京市延庆县举办职工运动会,延庆县各乡镇参加。", ["延庆区"]),
    ("merged-2010-east", "崇文区总工会为职工送清凉。", ["东城区"]),
    ("merged-2010-west", "宣武区总工会组织职工参观学习。", ["西城区"]),
    ("older-county", "昌平县总工会举办职工培训。", ["昌平区"]),
    ("gate-is-not-the-district", "职工在崇文门附近参加活动。", []),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in FORMER], ids=[c[0] for c in FORMER])
def test_former_names_give_todays_district(text, expected):
    assert find_districts(text, headline=text.split("。")[0]) == expected


SHORT_JOINED = [
    ("short-and-township", "来自中建一局门头沟斋堂镇安置房项目的职工拿到了照片。", ["门头沟区"]),
    ("short-and-project", "中建二局一公司顺义板桥项目工会为工人送清凉。", ["顺义区"]),
    ("short-as-stop", "职工健步走活动(房山站)开赛", ["房山区"]),
    ("not-a-longer-place", "职工在地铁朝阳门站附近集合。", []),
    ("not-another-word", "各地大兴调查研究之风。", []),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in SHORT_JOINED],
                         ids=[c[0] for c in SHORT_JOINED])
def test_short_forms_joined_to_a_place(text, expected):
    assert find_districts("", headline=text) == expected


@pytest.mark.parametrize("name, district", [
    ("月坛街道", "西城区"), ("月坛", "西城区"), ("空港街道", "顺义区"),
    ("泉河街道", "怀柔区"), ("千家店镇", "延庆区"), ("大庄科乡", "延庆区"),
    ("龙潭街道", "东城区"), ("将台乡", "朝阳区"), ("将台地区", "朝阳区"),
    ("将台地区办事处", "朝阳区"), ("常营地区", "朝阳区"), ("檀营地区", "密云区"),
    ("杨镇", "顺义区"), ("杨镇地区", "顺义区"), ("万柳地区", "海淀区"),
    ("东风街道", "房山区"), ("东风地区", "朝阳区"), (" 滨河街道 ", "平谷区"),
    ("大兴国际机场", "大兴区"), (ZONE, ZONE),
], ids=lambda value: value.strip() if isinstance(value, str) else value)
def test_street_district(name, district):
    assert street_district(name) == district


@pytest.mark.parametrize("name", [
    "八里庄", "八里庄街道", "东风", "莒县", "天津", "浙江省", "朝阳区", "", "街道", None,
], ids=["八里庄-two-districts", "八里庄街道-two-districts", "东风-two-districts",
        "莒县", "天津", "浙江省", "district-not-street", "empty", "suffix-only", "none"])
def test_street_district_unknown_or_ambiguous_is_none(name):
    assert street_district(name) is None


@pytest.mark.skipif(not NBS_STREETS.exists(), reason="../shared/gazetteer absent")
def test_covers_every_nbs_2023_unit():
    """Each NBS unit resolves to its district whatever suffix NBS uses (将台地区 vs 将台乡).

    A name NBS lists in two districts (八里庄街道) must stay unresolved, and so must
    a bare base shared by two districts (东风); Baoku files 北京经济技术开发区,
    which NBS codes under 大兴区, as a district of its own.
    """
    rows = _rows(NBS_STREETS)
    homes, base_homes = {}, {}
    for row in rows:
        homes.setdefault(row["name"], set()).add(row["district"])
        base_homes.setdefault(_base(row["name"]), set()).add(row["district"])
    wrong = []
    for row in rows:
        name = row["name"]
        expected = (None if len(homes[name]) > 1 else
                    ZONE if name == ZONE else row["district"])
        if street_district(name) != expected:
            wrong.append((name, row["district"], street_district(name)))
        if len(base_homes[_base(name)]) > 1 and street_district(_base(name)) is not None:
            wrong.append((_base(name), "ambiguous", street_district(_base(name))))
    assert len(rows) >= 340
    assert wrong == []


# --- find_districts: names -----------------------------------------------------

@pytest.mark.parametrize("headline, text, expected", [
    ("", "本报讯 近日，朝阳区总工会在望京举办职工乒乓球比赛。", ["朝阳区"]),
    ("海淀职工合唱比赛落幕", "本报讯 比赛共有三十支队伍参加，职工们热情高涨。", ["海淀区"]),
    ("怀柔工会为一线职工送清凉", "本报讯 高温天气持续，工会干部走进工地。", ["怀柔区"]),
    ("", "近日，延庆区总工会开展送温暖活动，慰问困难职工50余名。", ["延庆区"]),
    ("大兴学习之风 争做知识型职工", "本报讯 近日，一家企业召开职工读书分享会。", []),
    ("", "本报讯 今天，大兴区新能源汽车产业职工技能竞赛开幕。", ["大兴区"]),
    ("经开区总工会启动技能提升行动", "本报讯 近日，方案正式发布，涵盖20项措施。", [ZONE]),
    ("", "本报讯 北京亦庄一家机器人企业工会举办创新成果展。", [ZONE]),
    ("", "本报讯 近日，北京市西城区总工会召开全会。", ["西城区"]),
], ids=["district-union", "short-form-workers", "short-form-union", "district-union-lead",
        "short-form-verb-大兴", "district-name-lead", "zone-short-form", "zone-亦庄", "full-address"])
def test_explicit_and_short_names(headline, text, expected):
    assert find_districts(text, headline=headline) == expected


@pytest.mark.parametrize("headline, text, expected", [
    ("月坛街道总工会举办职工读书会", "本报讯 活动吸引了辖区80余名青年职工参加。", ["西城区"]),
    ("", "本报讯 近日，空港街道总工会为外卖骑手送去防暑物资。", ["顺义区"]),
    ("", "本报讯 泉河街道总工会深入辖区企业开展沟通会。", ["怀柔区"]),
    ("", "本报讯 近日，千家店镇工会组织民宿从业者参加技能培训。", ["延庆区"]),
    ("龙潭街道总工会举办职工趣味运动会", "本报讯 近日，运动会在社区广场举行。", ["东城区"]),
    ("顺义空港街道工会新建暖心驿站", "本报讯 驿站配备了饮水机和微波炉。", ["顺义区"]),
    ("怀柔滨湖社区联合工会举办亲子运动会", "本报讯 20余组家庭参加了活动。", ["怀柔区"]),
    ("", "本报讯 近日，将台地区总工会开展职工健步走活动。", ["朝阳区"]),
    ("", "本报讯 记者来到北京市房山区十渡镇，河道疏浚工程正在推进。", ["房山区"]),
], ids=["street-union-headline", "street-union-lead", "street-union-start", "town-union",
        "street-headline", "short-plus-street", "short-plus-community", "地区-form-union",
        "full-address"])
def test_street_level_names(headline, text, expected):
    assert find_districts(text, headline=headline) == expected


@pytest.mark.parametrize("text, expected", [
    ("本报讯 全国劳模、朝阳区八里庄街道社区工作者讲述了自己的故事。", ["朝阳区"]),
    ("本报讯 海淀区八里庄街道总工会近日召开会员代表大会。", ["海淀区"]),
    ("本报讯 近日，八里庄街道总工会举办职工书法展。展览为期三天。\n展品由海淀区书法家协会指导。",
     ["海淀区"]),
    ("本报讯 近日，八里庄街道总工会举办职工书法展。", []),
    ("本报讯 东风吹来满眼春，职工们走上街头开展志愿服务。", []),
    ("本报讯 近日，朝阳区东风地区总工会举办职工运动会。", ["朝阳区"]),
    ("本报讯 近日，八里庄街道总工会举办职工培训。培训为期两天。\n学员有来自朝阳区的，也有来自海淀区的。",
     []),
], ids=["八里庄-after-朝阳区", "八里庄-after-海淀区", "八里庄-district-elsewhere",
        "八里庄-no-context", "东风-wind", "东风-地区-after-district", "八里庄-both-districts-named"])
def test_ambiguous_street_names_resolved_from_context_or_left_out(text, expected):
    assert find_districts(text) == expected


@pytest.mark.parametrize("text", [
    "本报讯 全国职工技能竞赛决赛在天津举行，来自浙江省、山东省的选手同台竞技。",
    "本报讯 莒县总工会主席在会上介绍了县总工会的经验。",
    "本报讯 吉林省长春市朝阳区总工会近日举办劳模宣讲。",
    "本报讯 江苏省南通市通州区总工会组织职工疗休养。",
    "本报讯 辽宁朝阳是一座历史悠久的城市，朝阳产业发展迅速。",
    "本报讯 环渤海地区天然气供应充足，河北地区用气需求稳定。",
    "本报讯 四川流沙河镇一名村民被及时送医。",
    "本报讯 各地要大兴调查研究之风，推动工作落实。",
    "本报讯 西藏桑珠孜区城北街道幸福社区开展便民服务。",
], ids=["天津-浙江", "莒县", "长春朝阳区", "南通通州区", "辽宁朝阳", "环渤海-河北地区",
        "流沙河镇", "大兴-verb", "other-city-street"])
def test_places_outside_beijing_are_never_districts(text):
    assert find_districts(text) == []


# --- find_districts: about, not mentioned ---------------------------------------

VENUE_REPORT = (
    "本报讯 2025年全市职工演讲比赛决赛近日在朝阳区工人文化宫举行。活动由市总工会主办。\n"
    "来自全市各行业的20名选手登台演讲。比赛期间，来自海淀区人民法院的法官们表演了诗朗诵，"
    "朝阳区的职工带来了合唱。\n全市各区、各产业工会相关负责人到场观摩。")

LIST_REPORT = (
    "本报讯 市职工创新工作室联盟授牌仪式近日举行。市总工会有关负责人出席。\n"
    "会上，与会领导为首钢集团创新工作室与东城区一家创新工作室、丰台区一家创新工作室与"
    "北京经济技术开发区一家创新工作室等首批联盟授牌。\n东城区总工会、丰台区总工会和"
    "北京经济技术开发区总工会获评优秀组织单位。\n下一步，联盟将围绕生产难题开展攻关。")

HOSPITAL_REPORT = (
    "本报讯 朝阳区总工会近日开办劳模工匠研修班，18名劳模工匠参加。\n"
    "北京朝阳医院的一名医生说，培训让他找到了传承匠心的方法。\n"
    "据了解，经认定的学员将成为朝阳区首批匠师。")


@pytest.mark.parametrize("headline, text, expected", [
    ("全市职工演讲比赛决赛举行", VENUE_REPORT, ["朝阳区"]),
    ("创新工作室联盟授牌", LIST_REPORT, []),
    ("朝阳区总工会开办研修班", HOSPITAL_REPORT, ["朝阳区"]),
    ("市金融工会健步走打卡红色基地",
     "本报讯 近日，市金融工会组织工会干部走进平谷区一处党员教育基地。\n干部们聆听了英烈故事。",
     ["平谷区"]),
    ("医生走进社区义诊", "本报讯 北京朝阳医院的医生近日走进社区，为居民义诊。", []),
    ("市职工羽毛球赛开赛",
     "本报讯 市总工会近日举办职工羽毛球赛，来自海淀区、朝阳区的120名选手参赛。", []),
    ("职工创新工作室经验交流大会在京举行",
     "本报讯 大会在京举行，来自全国20多个行业的职工代表参加。莒县总工会介绍了经验。", []),
    ("保安公司工会慰问退役军人",
     "本报讯 重阳节之际，一家保安公司工会走进通州区光荣院，为退役军人送上祝福。", ["通州区"]),
    ("市总工会召开工作会",
     "本报讯 市总工会近日召开工作会。会议总结了上半年工作。\n会上，多家单位作了交流发言。"
     "会议要求各级工会做好服务。\n此前，调研组曾到丰台区走访。", []),
], ids=["venue-not-performers", "deep-list", "hospital-name", "lead-place", "hospital-name-only",
        "participants-from", "national-meeting", "enterprise-union-visits-district",
        "single-deep-mention"])
def test_about_not_mentioned(headline, text, expected):
    assert find_districts(text, headline=headline) == expected


def test_most_relevant_first_and_both_kept_when_comparable():
    text = ("本报讯 近日，朝阳区总工会与怀柔区总工会签订协作协议。\n"
            "根据协议，两区工会将共建职工疗休养基地。怀柔区总工会负责基地运营。")
    assert find_districts(text, headline="怀柔朝阳两区工会携手") == ["怀柔区", "朝阳区"]


def test_headline_weighs_more_than_a_lead_mention():
    text = "本报讯 活动在一家商场举行，丰台区一名职工参加。"
    assert find_districts(text, headline="怀柔工会推出会员专享活动") == ["怀柔区", "丰台区"]


def test_a_district_far_below_the_main_one_is_left_out():
    text = ("本报讯 怀柔区总工会近日在朝阳区一家商场启动会员专享活动。\n"
            "怀柔区总工会有关负责人介绍，活动将持续一个月。")
    assert find_districts(text, headline="怀柔工会推出会员专享活动") == ["怀柔区"]
    assert find_districts(text) == ["怀柔区", "朝阳区"]


@given(text=st.text(max_size=300), headline=st.text(max_size=40))
@settings(max_examples=200, deadline=None)
def test_any_text_gives_known_districts(text, headline):
    found = find_districts(text, headline=headline)
    assert len(found) == len(set(found))
    assert set(found) <= set(DISTRICTS)


NAME_PARTS = ["朝阳", "区", "海淀", "职工", "工会", "总", "月坛", "街道", "八里庄", "东风", "地区",
              "北京", "市", "来自", "的", "、", "，", "。", "\n", " ", "经开区", "亦庄", "镇",
              "长春", "社区", "医院", "大兴", "国际机场", "将台", "乡", "甲"]


@given(parts=st.lists(st.sampled_from(NAME_PARTS), max_size=40),
       head=st.lists(st.sampled_from(NAME_PARTS), max_size=8))
@settings(max_examples=300, deadline=None)
def test_any_mix_of_name_parts_gives_known_districts(parts, head):
    found = find_districts("".join(parts), headline="".join(head))
    assert len(found) == len(set(found)) and set(found) <= set(DISTRICTS)


@pytest.mark.slow
@pytest.mark.skipif(not XWLB.exists(), reason="../shared/corpora absent")
def test_national_news_is_rarely_tagged_with_beijing_districts():
    """CCTV national news: valid results everywhere, and only a few items get a district."""
    tagged = total = 0
    with gzip.open(XWLB, "rt", encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            found = find_districts(item.get("body", ""), headline=item.get("title", ""))
            assert set(found) <= set(DISTRICTS)
            total += 1
            tagged += bool(found)
    assert total > 20000
    assert 0 < tagged < total * 0.01
