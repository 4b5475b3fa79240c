"""The page reader, judged as a librarian reads the seed pages."""
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from indexer.reading.bylines import find_credit, is_source_note
from indexer.reading.headings import (arrange_head, continues_into, ends_sentence, is_headlike,
                                      splits_word)
from indexer.reading.metadata import annotate
from indexer.reading.pages import split_page
from indexer.reading.records import KINDS

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
TEXT_FIELDS = ("kicker", "headline", "subtitle", "dateline", "body")


def _page(prefix):
    path = next(p for p in SEED_FILES if p.name.startswith(prefix))
    return path.read_text(encoding="utf-8"), path.name


def _units(prefix):
    """The page's records as ``baoku extract`` gives them (annotated)."""
    text, name = _page(prefix)
    return [annotate(unit) for unit in split_page(text, source=name)]


def _article(prefix, headline):
    matches = [u for u in _units(prefix) if u["headline"] == headline]
    assert len(matches) == 1, [u["headline"] for u in _units(prefix)]
    return matches[0]


def _chars(text):
    return Counter(ch for ch in text if not ch.isspace())


def _unit_chars(units):
    total = Counter()
    for unit in units:
        total += _chars("".join(unit[name] for name in TEXT_FIELDS))
    return total


KINDS_PER_PAGE = [
    ("000", {"news": 6, "photo": 1}),
    ("001", {"news": 6, "banner": 3}),
    ("002", {"news": 5}),
    ("003", {"news": 7, "photo": 1, "ad": 1}),
    ("004", {"news": 5, "photo": 1}),
]


@pytest.mark.parametrize("prefix, kinds", KINDS_PER_PAGE, ids=[k[0] for k in KINDS_PER_PAGE])
def test_units_per_page_by_kind(prefix, kinds):
    assert Counter(u["kind"] for u in _units(prefix)) == kinds


HEADS = [
    # page, headline, kicker, subtitle, dateline, body start
    ("000", "职工创新工作室经验交流大会在京举行", "",
     "首届全国职工“文化创意、岗位创新、管理创效”大赛决赛同步启动", "本报讯(记者 孙艳)", "10月30日,第二届"),
    ("000", "市金融工会健步走活动打卡红色教育基地", "徒步红色路线 聆听英烈故事 汲取奋进力量", "",
     "本报讯(记者 刘欣欣)", "近日,北京市金融工会组织"),
    ("000", "北京振安一方保安公司工会慰问退役军人", "", "", "本报讯(通讯员 刘颖)", "重阳节之际"),
    ("001", "浙江省总工会打造职工创新工作链", "", "", "", "浙江省总工会深入实施"),
    ("001", "首都机场安保公司工会多举措筑牢“防寒屏障”", "", "",
     "本报讯(记者 周美玉 通讯员 于佳慧 张子义)", "近日强冷空气来袭"),
    ("002", "北京市职工宣讲比赛决赛举行", "", "市总工会劳模工匠巡讲活动首场宣讲同步启动",
     "本报讯(记者 盛丽)", "为深入学习宣传贯彻"),
    ("002", "朝阳区总工会开办劳模工匠研修班", "助力高技能人才由“匠”成“师”", "",
     "本报讯(记者 刘欣欣)", "为深入推进产业工人"),
    ("002", "延庆区总工会三项举措吸纳3105名职工入会", "跨界联动拓渠道 深入基层强覆盖 固基提质优服务", "",
     "本报讯(记者 马超)", "记者近日从延庆区总工会获悉"),
    ("002", "月坛街道党工共建激发工会新动能", "推动工会工作实现“有形覆盖、有效服务”", "",
     "本报讯(记者 陈曦)", "作为首都功能核心区"),
    ("003", "全国中药传统名堂职业技能竞赛决赛举行", "", "75名中药材鉴别领域职工“巅峰对决”",
     "本报讯(记者 白莹)", "由中国能源化学地质工会主办"),
    ("004", "北京市职工创新工作推进会暨北京市工业(国防)工会职工创新工作室联盟授牌仪式举行",
     "深入学习贯彻党的二十大精神 奋力开拓首都工会工作新局面", "市工业国防工会系统9家职工创新工作室联盟成立",
     "本报讯(记者 马超)", "6月15日,北京市职工创新工作推进会"),
    ("004", "顺义空港街道工会今年将新建5个暖心驿站", "打造职工“温馨港湾” 让贴心服务“触手可及”", "",
     "本报讯(记者 王路曼)", "记者近日从顺义区空港街道总工会了解到"),
]


@pytest.mark.parametrize("prefix, headline, kicker, subtitle, dateline, start", HEADS,
                         ids=[f"{h[0]}-{i}" for i, h in enumerate(HEADS)])
def test_article_heads_dateline_and_body_start(prefix, headline, kicker, subtitle, dateline, start):
    unit = _article(prefix, headline)
    assert (unit["kind"], unit["kicker"], unit["subtitle"], unit["dateline"]) == (
        "news", kicker, subtitle, dateline)
    assert unit["body"].startswith(start)


def test_headline_printed_after_its_body_is_attached():
    units = _units("002")
    last = units[-1]
    assert last["headline"] == "北京广播电视台新任工会干部集中“充电”"
    assert last["dateline"] == "本报讯(记者 盛丽)"
    assert last["body"].startswith("近日,北京广播电视台工会举办2025年新任工会干部培训班")
    assert "充电" not in units[-2]["body"]


def test_reprint_keeps_its_source_note():
    unit = _article("001", "浙江省总工会打造职工创新工作链")
    assert unit["body"].endswith("转自《中工网》")
    assert unit["body"].count("\n") == 4


# '本报记者 X 摄影报道': X took the pictures and wrote the caption (a reporter, or a
# correspondent after 通讯员), the annotation convention of the ldwb-dev set.
PHOTOS = [
    ("000", "餐饮职工 巅峰对决", ["孙妍"], ["孙妍"], [], "2025年大兴区餐饮行业"),
    ("003", "快乐健身", ["盛丽", "朱宇轩"], ["盛丽"], ["朱宇轩"], "近日,北京公交集团保修分公司"),
    ("004", "城建二公司职工篮球赛开赛", ["杨帆"], [], ["杨帆"], "随着北京城建二公司工会主席"),
]


@pytest.mark.parametrize("prefix, headline, photographers, reporters, correspondents, start", PHOTOS,
                         ids=[p[0] for p in PHOTOS])
def test_photo_items(prefix, headline, photographers, reporters, correspondents, start):
    unit = _article(prefix, headline)
    assert unit["kind"] == "photo"
    assert unit["photographers"] == photographers
    assert unit["body"].startswith(start) and unit["body"].endswith(("摄影报道", "摄"))
    assert (unit["reporters"], unit["correspondents"]) == (reporters, correspondents)
    assert unit["dateline"] == ""


def test_credit_at_end_of_news_names_photographer_and_keeps_kind():
    unit = _article("001", "海淀职工演讲比赛诠释“强区有我”奋斗精神")
    assert (unit["kind"], unit["reporters"], unit["photographers"]) == ("news", ["彭程"], ["彭程"])
    assert unit["body"].endswith("时代风采。彭程 摄")


def test_banners_and_column_label():
    banners = [u["headline"] for u in _units("001") if u["kind"] == "banner"]
    assert banners == ["工会重点工作创新案例", ">> 北京经验 <<", ">> 他山之石 <<"]


def test_ad_is_one_unit_at_the_end():
    units = _units("003")
    ads = [u for u in units if u["kind"] == "ad"]
    assert ads == [units[-1]]
    text = "".join(ads[0][name] for name in TEXT_FIELDS)
    assert "燕京啤酒" in text and "YANJING BEER" in text and text.endswith("63522410")
    assert "广告" not in units[-2]["body"]


@pytest.mark.parametrize("prefix, joined", [
    ("000", "中国职工文化体育协会企业与班组建设专业委员会承办"),
    ("001", "16名来自海淀区科技企业"),
    ("002", "朝阳区八里庄街道社区工作者梁会兰表示"),
    ("002", "精准触达民营企业职工与新就业形态劳动者。"),
    ("004", "更方便为辖区职工"),
    ("004", "我们把能想到的服务都融入到小小的暖心驿站内,希望"),
], ids=["mid-word", "mid-name", "headline-like-piece", "short-tail", "three-blank-lines", "quote"])
def test_ocr_breaks_are_mended(prefix, joined):
    assert sum(joined in u["body"] for u in _units(prefix)) == 1


@pytest.mark.parametrize("path", SEED_FILES, ids=[p.name[:3] for p in SEED_FILES])
def test_no_body_paragraph_ends_mid_sentence_before_another(path):
    for unit in split_page(path.read_text(encoding="utf-8"), source=path.name):
        if unit["kind"] in ("news", "photo"):
            paragraphs = unit["body"].split("\n")
            for paragraph in paragraphs[:-1]:
                assert (ends_sentence(paragraph) or find_credit(paragraph)
                        or is_source_note(paragraph)), (unit["headline"], paragraph[-20:])


def test_text_lost_by_ocr_stays_in_its_article():
    unit = next(u for u in _units("003") if u["headline"].startswith("本市出台文件"))
    paragraphs = unit["body"].split("\n")
    assert paragraphs[1].startswith("领军人,组建团队") and paragraphs[2].startswith("时,整合各方")
    assert len(paragraphs) == 5


@pytest.mark.parametrize("path", SEED_FILES, ids=[p.name[:3] for p in SEED_FILES])
def test_no_character_is_lost_or_doubled(path):
    text = path.read_text(encoding="utf-8")
    units = split_page(text, source=path.name)
    assert _unit_chars(units) == _chars(text)
    assert [u["seq"] for u in units] == list(range(len(units)))
    assert all(u["source"] == path.name for u in units)


@pytest.mark.parametrize("path", SEED_FILES, ids=[p.name[:3] for p in SEED_FILES])
def test_ids_are_stable_unique_and_url_safe(path):
    text = path.read_text(encoding="utf-8")
    first = [u["id"] for u in split_page(text, source=path.name)]
    assert first == [u["id"] for u in split_page(text, source=path.name)]
    assert len(set(first)) == len(first)
    assert all(re.fullmatch(r"[0-9a-z-]+", i) for i in first)


def test_editing_one_article_keeps_the_other_ids():
    text, name = _page("000")
    before = {u["headline"]: u["id"] for u in split_page(text, source=name)}
    edited = text.replace("累计点赞量达85.6万", "累计点赞量达86万")
    after = {u["headline"]: u["id"] for u in split_page(edited, source=name)}
    changed = {h for h in before if before[h] != after[h]}
    assert changed == {"市总工会法治教育“云端课堂”受职工广泛关注"}


def test_repeated_unit_gets_its_own_id():
    item = "快乐健身\n\n职工开展文体活动。 本报记者 盛丽 摄影报道\n\n"
    units = split_page(item * 2, source="页面.txt")
    assert [u["kind"] for u in units] == ["photo", "photo"]
    assert units[0]["id"] != units[1]["id"]
    assert all(re.fullmatch(r"[0-9a-z-]+", u["id"]) for u in units)


SYNTHETIC = [
    ("continuation at page start becomes a fragment",
     "的建设过程与英烈故事,缅怀革命先烈。\n\n朝阳区总工会开办研修班\n\n本报讯(记者 马超)近日,研修班开班。",
     [("fragment", ""), ("news", "朝阳区总工会开办研修班")]),
    ("text after a closing credit is a fragment",
     "快乐健身\n\n职工开展活动。 本报记者 盛丽 摄影报道\n\n活动吸引了百余名职工参加。",
     [("photo", "快乐健身"), ("fragment", "")]),
    ("a fourth head line goes to the headline-less article before",
     "本报讯(记者 盛丽)近日,培训班举行。\n\n干部集中充电\n\n引题一\n\n主标题\n\n副标题\n\n"
     "本报讯(记者 马超)近日,会议召开。",
     [("news", "干部集中充电"), ("news", "主标题")]),
    ("a headline with a comma right before a lead",
     "活动举行。\n\n小手牵大手,孝亲乐悠悠\n\n本报讯(记者 崔欣)近日,运动会举行。",
     [("fragment", ""), ("news", "小手牵大手,孝亲乐悠悠")]),
    ("a short line between body paragraphs without evidence stays body",
     "主标题\n\n本报讯(记者 马超)近日,会议召开。\n\n会议要求\n\n各单位要抓好落实。",
     [("news", "主标题")]),
    ("an unfinished lead paragraph is not taken for the next headline",
     "本报讯(记者 马超)近日,会议召开\n\n本报讯(记者 陈曦)近日,活动举行。",
     [("news", ""), ("news", "")]),
    ("a photo after an ad is not swallowed by it",
     "广告\n燕京啤酒\n\n快乐健身\n\n职工开展活动。 本报记者 盛丽 摄影报道",
     [("ad", "燕京啤酒"), ("photo", "快乐健身")]),
    ("trailing short line after a headed article is a fragment",
     "主标题\n\n本报讯(记者 马超)近日,会议召开。\n\n下期预告",
     [("news", "主标题"), ("fragment", "")]),
    ("a trailing byline closes a feature, the next headline starts one",
     "职工篮球队的情怀\n\n球队成立于2010年,队员积极训练。\n\n本报记者 王五\n\n友谊第一\n\n球队又赢了。",
     [("news", "职工篮球队的情怀"), ("news", "友谊第一")]),
    ("a credit line is no kicker of the next article",
     "篮球队\n\n球队成立于2010年。\n\n通讯员 李四 文/摄\n\n乒乓球比赛开赛\n\n本报讯(记者 白莹)近日,比赛举行。",
     [("photo", "篮球队"), ("news", "乒乓球比赛开赛")]),
    ("a long headline after an undatelined feature starts another",
     "友谊和比赛并列第一\n\n联赛进入小组赛第二轮。\n\n两队握手言和。\n\n"
     "北京某区总工会足球队:我们是快乐的足球人\n\n队员们奔跑在绿茵场上。\n\n区总成立了足球队\n\n队员都是老球友。",
     [("news", "友谊和比赛并列第一"), ("news", "北京某区总工会足球队:我们是快乐的足球人")]),
    ("a headline whose text opens with the day after a datelined article",
     "主标题\n\n本报讯(记者 马超)近日,会议召开。\n\n社区送温暖\n\n11月26日上午,社区开展活动。",
     [("news", "主标题"), ("news", "社区送温暖")]),
    ("an article ended by its credit, then a headline",
     "主标题\n\n本报讯(记者 马超)近日,会议召开。马超 摄\n\n职工风采\n\n职工们参加活动。",
     [("news", "主标题"), ("news", "职工风采")]),
    ("a caption before the dateline stays in its article",
     "劳模工匠进校园\n\n劳模为学生讲课。 本报记者 马超 摄\n\n本报讯(记者 马超)近日,活动举行。",
     [("news", "劳模工匠进校园")]),
    ("a short caption between headline and dateline is no head deck",
     "劳模工匠进校园\n\n劳模为学生讲课 本报记者 马超 摄\n\n本报讯(记者 马超)近日,活动举行。",
     [("news", "劳模工匠进校园")]),
    ("a headline directly followed by its subtitle with a comma, then the lead",
     "活动举行。\n\n朝阳区总工会开办职工夜校\n首期学员百余人,多为快递员\n"
     "本报讯(记者 王卓)近日,夜校结业。",
     [("fragment", ""), ("news", "朝阳区总工会开办职工夜校")]),
    ("a dashed subtitle with a comma under its headline, set apart by a blank line",
     "主标题\n\n——副题写明人数,多为快递员\n\n本报讯(记者 王卓)近日,夜校结业。",
     [("news", "主标题")]),
    ("a dateline broken by the OCR is one lead",
     "主标题\n\n本报讯(记者 陈曦 通讯员\n\n黄巧维)近日,比赛举行。",
     [("news", "主标题")]),
]


@pytest.mark.parametrize("text, expected", [s[1:] for s in SYNTHETIC], ids=[s[0] for s in SYNTHETIC])
def test_layout_rules_on_small_pages(text, expected):
    units = split_page(text, source="p.txt")
    assert [(u["kind"], u["headline"]) for u in units] == expected
    assert _unit_chars(units) == _chars(text)


HEAD_DECKS = [
    (["引题", "主标题", "副标题"], ("引题", "主标题", "副标题")),
    (["某某街道 第五届职工运动会开幕", "地区750余名白领乐享运动"],
     ("", "某某街道 第五届职工运动会开幕", "地区750余名白领乐享运动")),
    (["城市美容师们的篮球情怀", "东城区环卫服务中心篮球队"], ("", "城市美容师们的篮球情怀", "东城区环卫服务中心篮球队")),
    (["职工书屋建设推进会召开", "市总工会为50家单位授牌"], ("", "职工书屋建设推进会召开", "市总工会为50家单位授牌")),
    (["区总工会开展“最美劳动者 微笑带回家”活动", "劳动者带上“微笑照”回家过年"],
     ("区总工会开展“最美劳动者 微笑带回家”活动", "劳动者带上“微笑照”回家过年", "")),
    (["喜迎盛会 凝心聚力", "西城区总工会开展宣讲"], ("喜迎盛会 凝心聚力", "西城区总工会开展宣讲", "")),
    (["推动工会工作提质增效", "丰台区总工会推出十项举措"], ("推动工会工作提质增效", "丰台区总工会推出十项举措", "")),
    (["北京市职工宣讲比赛决赛举行", "市总工会巡讲活动同步启动"], ("", "北京市职工宣讲比赛决赛举行", "市总工会巡讲活动同步启动")),
    (["职工运动会开幕", "千余名职工参赛"], ("", "职工运动会开幕", "千余名职工参赛")),
    (["快乐健身"], ("", "快乐健身", "")),
]


@pytest.mark.parametrize("lines, expected", HEAD_DECKS, ids=[
    "three", "place-then-news", "bare-name-subtitle", "event-headline", "organiser-kicker", "slogan", "verb-then-actor",
    "actor-first", "plain", "one"])
def test_head_decks(lines, expected):
    head = arrange_head(lines)
    assert (head["kicker"], head["headline"], head["subtitle"]) == expected


@pytest.mark.parametrize("left, right, split", [
    ("全国劳动模范、朝阳区八里庄街道社", "区工作者梁会兰表示", True),
    ("浙江省总工会打造职工创新工作链", "浙江省总工会深入实施", False),
    ("城建二公司职工篮球赛开赛", "随着北京城建二公司工会主席", False),
])
def test_splits_word(left, right, split):
    assert splits_word(left, right) is split


@pytest.mark.parametrize("line, text, goes_on", [
    ("本次比赛以“勇担开路先锋 展示职工", "风采”为主题。", True),
    ("上周六下午进行的一场比赛", "是两支球队的对决。", True),
    ("联赛进入到小组赛", "第二轮。各队拼争激烈。", True),
    ("友谊和比赛“并列第一”", "联赛上周末进入第二轮。", False),
    ("快乐健身", "近日,职工开展文体活动。", False),
], ids=["open-quote", "particle", "short-sentence", "headline", "caption"])
def test_a_broken_sentence_is_no_headline(line, text, goes_on):
    assert continues_into(line, text) is goes_on


@pytest.mark.parametrize("line, headlike", [
    ("北京广播电视台新任工会干部集中“充电”", True),
    ("餐饮职工 巅峰对决", True),
    ("在该院荣誉室内,退役军人胸前的勋章在灯光下熠熠生辉。", False),
    ("劳动者。", False),
    ("本次活动由中国职工文化体育协会主办,中国职工文化体育", False),
    ("全国劳动模范、", False),
])
def test_headlike_lines(line, headlike):
    assert is_headlike(line) is headlike


SEED_LINES = sorted({line for p in SEED_FILES for line in p.read_text(encoding="utf-8").splitlines()})
_line = st.one_of(st.sampled_from(SEED_LINES), st.text(max_size=30),
                  st.sampled_from([">> 专栏 <<", "广告", "本报讯(记者 马超)", "彭程 摄", "转自《中工网》"]))
_page_text = st.lists(st.tuples(_line, st.sampled_from(["\n", "\n\n", "\n\n\n\n", "\r\n"])),
                      max_size=25).map(lambda parts: "".join(a + b for a, b in parts))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_page_text, st.text()))
# three head lines, then a subtitle with a comma before the lead: the first line was lost
@example("某区职工技能大赛举行\n" * 3 + "本次大赛由区总工会主办,共有百余人参赛\n"
         "本报讯(记者 马超) 近日,大赛在区职工之家举行。\n")
def test_any_text_is_split_without_error_or_loss(text):
    units = split_page(text, source="any.txt")
    assert _unit_chars(units) == _chars(text)
    assert all(u["kind"] in KINDS for u in units)
    assert len({u["id"] for u in units}) == len(units)


SEEDS_GOLD = json.loads((Path(__file__).parent / "data" / "seeds_gold.json").read_text(encoding="utf-8"))
GOLD_UNITS = [(page, unit) for page, units in SEEDS_GOLD.items() for unit in units]


def _squeeze(text):
    return re.sub(r"\s+", "", text or "")


@pytest.mark.parametrize("page, unit", GOLD_UNITS, ids=[f"{p[:3]}-{u['n']}" for p, u in GOLD_UNITS])
def test_seed_articles_match_their_annotation(page, unit):
    """Every news and photo unit of the seeds, as annotated in data/seeds_gold.json."""
    records = [r for r in _units(page[:3]) if r["kind"] in ("news", "photo")]
    found = [r for r in records if _squeeze(r["dateline"] + r["body"]).startswith(
        _squeeze(unit["body_start"]))]
    assert len(found) == 1
    record = found[0]
    for name in ("kicker", "headline", "subtitle"):
        assert record[name] == (unit[name] or "")
    for name in ("kind", "reporters", "correspondents", "photographers", "districts", "unions",
                 "union_levels"):
        assert record[name] == unit[name], name


def test_seed_annotation_covers_every_article():
    assert sum(1 for page in SEED_FILES for r in _units(page.name[:3])
               if r["kind"] in ("news", "photo")) == len(GOLD_UNITS)
