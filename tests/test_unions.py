"""Trade-union recognition: which unions an article names, canonical names, levels."""
import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.reading.records import UNION_LEVELS
from indexer.reading.unions import canonical_union, find_unions

CORPUS = (Path(__file__).resolve().parents[2] / "shared" / "corpora"
          / "xwlb_2022_2026.jsonl.gz")

# (id, headline, text, districts, expected [(name, level)] in order of first mention)
ARTICLES = [
    ("municipal-short-and-department", "市总工会法治教育“云端课堂”受职工关注",
     "近日,由北京市总工会法律服务中心主办的直播课取得成效。市总工会法律服务中心相关负责人说。",
     (), [("北京市总工会", "municipal")]),
    ("municipal-industry-short", "市金融工会健步走活动打卡红色教育基地",
     "近日,北京市金融工会组织各直属单位工会干部走进平谷区。市金融工会相关负责人表示。",
     (), [("北京市金融工会", "municipal")]),
    ("industry-union-brackets", "市工业国防工会系统9家职工创新工作室联盟成立",
     "北京市工业（国防）工会发布了方案。市工业(国防)工会相关负责人介绍。",
     (), [("北京市工业(国防)工会", "municipal")]),
    ("county-from-context", "",
     ("中国石化胜利油田工会副主席杨金友,莒县人大常委会党组副书记、副主任、县总工会主席刘维军"
      "及国网德州供电公司副总经理、工会主席夏滨等代表分享了案例。"),
     (), [("中国石化胜利油田工会", "enterprise"), ("莒县总工会", "district")]),
    ("street-district-from-text", "月坛街道总工会为百余单身青年职工“搭鹊桥”",
     "近日,西城区月坛街道总工会开展联谊会。月坛街道总工会相关负责人表示,街道总工会将继续努力。",
     (), [("西城区月坛街道总工会", "street")]),
    ("district-anaphora", "延庆区总工会三项举措吸纳3105名职工入会",
     "记者近日从延庆区总工会获悉,今年以来,该区总工会以“职工沟通会”为抓手,吸纳职工加入工会组织。",
     (), [("延庆区总工会", "district")]),
    ("company-short-and-group-anaphora", "北京公交工会“云”直播职工篮球赛",
     "上周,北京公交集团工会举办了篮球四强赛。本次比赛集团公司工会创新观赛方式。",
     (), [("北京公交集团工会", "enterprise")]),
    ("company-without-city-and-bare-company", "北京振安一方保安公司工会慰问退役军人",
     "“他们是英雄。”振安一方保安公司工会相关负责人表示,下一步,公司工会将持续开展此类活动。",
     (), [("北京振安一方保安公司工会", "enterprise")]),
    ("community-union-merged", "怀柔滨湖社区联合工会举办趣味运动会",
     "近日,由怀柔区泉河街道滨湖社区联合工会举办的运动会开启。该社区联合工会相关负责人表示。",
     (), [("怀柔区泉河街道滨湖社区联合工会", "street")]),
    ("federation-and-department", "北京市职工宣讲比赛决赛举行",
     ("本次活动由北京市总工会主办,北京市总工会宣传教育部承办,是北京市总工会庆祝中华全国总工会"
      "成立100周年的具体举措,积极实施全国总工会“559”工作部署。全市各区、各产业工会相关领导到场。"),
     (), [("北京市总工会", "municipal"), ("中华全国总工会", "national")]),
    ("institution-of-federation", "朝阳区总工会开办劳模工匠研修班",
     "近日,朝阳区总工会联合北京市总工会职工大学(北京市工会干部学院)举办研修班。",
     (), [("朝阳区总工会", "district"), ("北京市总工会", "municipal")]),
    ("national-industry-and-enterprise-federation", "",
     "由中国能源化学地质工会主办,中国交通建设集团工会联合会等13家单位支持举办。",
     (), [("中国能源化学地质工会", "national"), ("中国交通建设集团工会联合会", "enterprise")]),
    ("district-short-form-headline", "怀柔工会推出重阳节会员专享活动",
     "怀柔区总工会将推出系列会员专享活动,会员可通过手机“北京工会12351APP”预定。",
     (), [("怀柔区总工会", "district")]),
    ("street-short-district-headline", "顺义空港街道工会今年将新建5个暖心驿站",
     "记者近日从顺义区空港街道总工会了解到,空港街道总工会主席张福海介绍了情况。",
     (), [("顺义区空港街道总工会", "street")]),
    ("street-district-from-gazetteer", "龙潭街道总工会为单身职工“牵红线”",
     "2023年龙潭街道总工会相亲联谊活动近日举行。一名职工表示,感谢街道工会举办这场活动。",
     (), [("东城区龙潭街道总工会", "street")]),
    ("street-district-given", "", "八里庄街道总工会开展慰问活动。",
     ("海淀区",), [("海淀区八里庄街道总工会", "street")]),
    ("district-given-for-bare-district", "", "区总工会开展职工慰问活动。",
     ("大兴区",), [("大兴区总工会", "district")]),
    ("bureau-and-district", "朝阳区人社局工会打造职工文体小“家”",
     "朝阳区总工会党组书记、常务副主席姬文革等参加仪式。",
     (), [("朝阳区人社局工会", "enterprise"), ("朝阳区总工会", "district")]),
    ("branch-factory", "快乐健身",
     "近日,北京公交集团保修分公司二厂工会开展职工文体系列活动。",
     (), [("北京公交集团保修分公司二厂工会", "enterprise")]),
    ("institution-and-local-roles", "",
     ("近日,北京广播电视台工会举办2025年新任工会干部培训班。来自北京广播电视台本级工会和"
      "13家台属一、二级企业工会的百余名工会干部参加培训。"),
     (), [("北京广播电视台工会", "enterprise")]),
    ("other-province", "浙江省总工会打造职工创新工作链",
     "浙江省总工会联合省科技厅开展职工创新交流大会。",
     (), [("浙江省总工会", "municipal")]),
    ("national-industry-and-city", "",
     "中国机械冶金建材工会主席陈杰平,北京市总工会党组书记潘建新出席会议。",
     (), [("中国机械冶金建材工会", "national"), ("北京市总工会", "municipal")]),
    ("township-from-gazetteer", "", "朝阳区将台乡总工会举办职工运动会。将台乡总工会相关负责人说。",
     (), [("朝阳区将台乡总工会", "street")]),
    ("development-zone-alias", "亦庄工会开展送清凉活动", "北京经开区总工会为一线职工送清凉。",
     (), [("北京经济技术开发区总工会", "district")]),
    ("foreign-union-abroad", "", "英国火车司机工会30日举行罢工。",
     (), [("英国火车司机工会", "abroad")]),
    ("short-repeat-of-longer-name", "", "中国石化胜利油田工会副主席说,胜利油田工会将继续。",
     (), [("中国石化胜利油田工会", "enterprise")]),
    ("distinct-units-kept-apart", "",
     "北京公交集团工会、北京公交集团第一客运分公司工会、朝阳区总工会和朝阳区八里庄街道总工会。",
     (), [("北京公交集团工会", "enterprise"), ("北京公交集团第一客运分公司工会", "enterprise"),
          ("朝阳区总工会", "district"), ("朝阳区八里庄街道总工会", "street")]),
    ("ambiguous-short-repeat-kept", "", "朝阳区人社局工会、海淀区人社局工会和人社局工会。",
     (), [("朝阳区人社局工会", "enterprise"), ("海淀区人社局工会", "enterprise"),
          ("人社局工会", "enterprise")]),
]


# The union forms of unseen articles, as short constructed sentences.
FORMS = [
    ("verb-not-glued", "", "为贯彻落实市总工会部署,活动此次秉承了市总工会倡导的精神。", (),
     [("北京市总工会", "municipal")]),
    ("adverb-and-verb-not-glued", "", "“非常感谢朝阳区总工会搭建的平台。”选手说。", (),
     [("朝阳区总工会", "district")]),
    ("parent-of-a-school", "", "学员们来到北京市总工会职工大学草桥校区参加培训。", (),
     [("北京市总工会", "municipal")]),
    ("inside-team-names-after-a-score", "",
     "北京市建筑工会代表队以2∶3负于北京市交通运输工会代表队。", (),
     [("北京市建筑工会", "municipal"), ("北京市交通运输工会", "municipal")]),
    ("company-named-with-country", "", "获奖的赛峰中国工会主席说。", (),
     [("赛峰中国工会", "enterprise")]),
    ("bare-street-union-in-a-coordination", "",
     "由朝阳区麦子店街道工委、办事处和街道总工会举办的运动会开幕。", (),
     [("朝阳区麦子店街道总工会", "street")]),
    ("department-union-gets-the-district", "", "近日,丰台区住建委工会开展活动。区住建委工会负责人说。",
     (), [("丰台区住建委工会", "enterprise")]),
    ("department-union-district-from-context", "", "区住建委工会开展活动。", ("丰台区",),
     [("丰台区住建委工会", "enterprise")]),
    ("former-county", "", "密云县总工会开展送温暖活动。", (), [("密云县总工会", "district")]),
    ("region-abroad", "", "台湾地区总工会发表声明。", ("丰台区",), [("台湾地区总工会", "abroad")]),
    ("hong-kong-federation", "", "香港工会联合会会长出席。", (), [("香港工会联合会", "abroad")]),
    ("other-province-county", "", "平谷区总工会与商都县总工会签订协议。", (),
     [("平谷区总工会", "district"), ("商都县总工会", "district")]),
    ("headline-short-district-union", "延庆区总“清凉”送进工地", "近日,工会开展送清凉活动。", (),
     [("延庆区总工会", "district")]),
    ("national-federation-short", "全总慰问团来京送温暖", "全总相关部门负责人参加。", (),
     [("中华全国总工会", "national")]),
    ("not-the-short-form", "", "要健全总体规划,区总体布局合理。", (), []),
    ("another-citys-federation-in-a-role-list", "", "重庆市人大常委会原副主任、市总工会原主席郑某。", (),
     [("重庆市总工会", "municipal")]),
    ("beijings-federation-after-a-clause", "", "在天津市举行的比赛中,市总工会代表队获奖。", (),
     [("北京市总工会", "municipal")]),
]


@pytest.mark.parametrize("headline, text, districts, expected",
                         [case[1:] for case in FORMS], ids=[case[0] for case in FORMS])
def test_union_forms(headline, text, districts, expected):
    assert find_unions(text, headline=headline, districts=districts) == expected


@pytest.mark.parametrize("headline, text, districts, expected",
                         [case[1:] for case in ARTICLES], ids=[case[0] for case in ARTICLES])
def test_article_unions(headline, text, districts, expected):
    assert find_unions(text, headline=headline, districts=districts) == expected


NOT_UNIONS = [
    ("role", "国网德州供电公司副总经理、工会主席夏滨发言。"),
    ("cadres", "工会干部首先抵达红崖洞,一位参与活动的工会干部说。"),
    ("grassroots", "受到广大职工和基层工会工作者的关注,向基层工会发放了标识牌。"),
    ("all-levels", "他希望各级工会要牢牢把握时代主题。"),
    ("industry-unions", "海淀区街镇、产业(直属)工会主席及职工代表观赛。全市各产业工会相关领导到场。"),
    ("law", "学习宣传贯彻《工会法》,《中华人民共和国工会法》规定。"),
    ("app", "通过手机“北京工会12351APP”预定,在北京工会APP等平台播出。"),
    ("organisation", "吸纳职工加入工会组织,让职工感受到工会组织的关爱。"),
    ("collective", "落实中国工会第十八次全国代表大会要求,开创首都工会工作新局面。"),
    ("verb-objects", "要继续深化工会改革,选好配强工会领导班子,为基层治理注入工会力量。"),
    ("counted", "对35家社区联合工会进行了筛查,16区总工会均已参加。"),
    ("sector", "他所在的全国政协总工会界别提交了提案。"),
    ("unresolved-bare", "街道总工会、公司工会和区总工会都要发挥作用。"),
    ("generic-street-plural", "各街道总工会、各乡镇总工会要抓好落实。"),
    ("district-grassroots", "来自丰台区基层工会的40名主席参加培训。"),
    ("kind-of-union", "要建设服务型工会、学习型工会。"),
    ("verb-object", "向职工普及工会知识。"),
    ("product-name", "捐赠“书香平谷工会电子读书卡”100张。"),
    ("province-collective", "上海工会代表团来访。"),
    ("role-in-charge", "联盟带头人及所在单位分管工会主席参加。"),
]


@pytest.mark.parametrize("text", [case[1] for case in NOT_UNIONS], ids=[case[0] for case in NOT_UNIONS])
def test_roles_and_collectives_are_not_unions(text):
    assert find_unions(text) == []


CANONICAL = [
    ("city-federation", "市总工会", "", (), "北京市总工会"),
    ("city-industry", "市金融工会", "", (), "北京市金融工会"),
    ("official-spelling", "市工业国防工会", "", (), "北京市工业(国防)工会"),
    ("full-width-brackets", "市工业（国防）工会", "", (), "北京市工业(国防)工会"),
    ("county", "县总工会", "莒县人大常委会党组副书记、副主任", (), "莒县总工会"),
    ("street-gazetteer", "月坛街道总工会", "", (), "西城区月坛街道总工会"),
    ("street-given", "八里庄街道总工会", "", ("朝阳区",), "朝阳区八里庄街道总工会"),
    ("district-anaphora", "该区总工会", "延庆区总工会三项举措吸纳职工入会", (), "延庆区总工会"),
    ("company-anaphora", "该公司工会", "首都机场安保公司工会迅速行动", (), "首都机场安保公司工会"),
    ("company-short", "北京公交工会", "北京公交集团工会举办了篮球赛", (), "北京公交集团工会"),
    ("department", "北京市总工会宣传教育部", "", (), "北京市总工会"),
    ("national", "全国总工会", "", (), "中华全国总工会"),
    ("another-city", "市总工会", "辽宁省本溪市总工会制定文件", (), "辽宁省本溪市总工会"),
    ("area-own-union", "北京市工会", "", (), "北京市总工会"),
    ("not-a-union-unchanged", "工会主席", "", (), "工会主席"),
]


@pytest.mark.parametrize("name, context, districts, expected", [case[1:] for case in CANONICAL],
                         ids=[case[0] for case in CANONICAL])
def test_canonical_union(name, context, districts, expected):
    assert canonical_union(name, context=context, districts=districts) == expected


def test_headline_counts_first_and_repeats_make_no_entries():
    found = find_unions("北京市总工会、朝阳区总工会联合举办。朝阳区总工会和市总工会相关负责人说。",
                        headline="海淀区总工会")
    assert [name for name, _ in found] == ["海淀区总工会", "北京市总工会", "朝阳区总工会"]


def test_same_street_name_in_two_districts_is_not_guessed():
    # 八里庄 is in 朝阳区 and 海淀区: without a hint the district prefix is left off.
    assert find_unions("八里庄街道总工会开展活动。", districts=("朝阳区", "海淀区")) == [
        ("八里庄街道总工会", "street")]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("工会总联合分市区县街道社区公司集团北京朝阳月坛该各的由"
                                             "和(国防)（）、。 \n0123456789英国全中华")), max_size=60),
       st.text(max_size=20), st.lists(st.sampled_from(["朝阳区", "西城区", "大兴区"]), max_size=2))
def test_any_text_gives_valid_unions(text, headline, districts):
    found = find_unions(text, headline=headline, districts=districts)
    names = [name for name, _ in found]
    assert len(names) == len(set(names))
    for name, level in found:
        assert level in UNION_LEVELS
        assert name.endswith(("工会", "工会联合会", "工会联合总会")) and len(name) > 2
    assert isinstance(canonical_union(text, context=headline), str)


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.exists(), reason="corpus absent")
def test_news_corpus_unions_are_well_formed():
    seen = {}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            for name, level in find_unions(item.get("body") or "", headline=item.get("title") or ""):
                assert level in UNION_LEVELS and name.endswith(("工会", "工会联合会", "工会联合总会"))
                seen[name] = level
    assert seen.get("中华全国总工会") == "national"
