"""Bylines: the names a librarian expects from leads and photo credits."""
import pytest
from hypothesis import given, strategies as st

from indexer.reading.bylines import (find_credit, is_source_note, parse_credit,
                                     parse_dateline, parse_photo_credit, split_lead)
from indexer.reading.metadata import people_named

DATELINES = [
    ("本报讯 (记者 孙艳) 10月30日,第二届", ["孙艳"], []),
    ("本报讯(记者 周美玉 通讯员 于佳慧 张子义)近日强冷空气来袭", ["周美玉"], ["于佳慧", "张子义"]),
    ("本报讯 (通讯员 刘颖) 重阳节之际", [], ["刘颖"]),
    ("本报讯 (记者 崔欣 通讯员 石伟) 近日", ["崔欣"], ["石伟"]),
    ("本报讯（记者 马超、王路曼）近日", ["马超", "王路曼"], []),
    ("本报讯(记者马超 通讯员张雪)近日", ["马超"], ["张雪"]),
    ("本报北京10月30日讯(记者 孙艳)", ["孙艳"], []),
    ("新华社北京10月30日电(记者 张三 李四)", ["张三", "李四"], []),
    ("本报记者 孙艳 通讯员 石伟", ["孙艳"], ["石伟"]),
    ("本报讯 近日,北京市总工会举办", [], []),
    ("本报讯(记者 孙艳 摄影报道)", ["孙艳"], []),
    ("中工网讯(记者 王五)近日", ["王五"], []),
    ("人民网北京3月1日电 (记者 李四) 近日", ["李四"], []),
    ("本报讯(实习记者 张三)6月25日", ["张三"], []),
    ("本报讯(特约记者 张三 见习记者 李四)近日", ["张三", "李四"], []),
    ("本报讯(记者 张三 特约通讯员 王五)近日", ["张三"], ["王五"]),
]


@pytest.mark.parametrize("line, reporters, correspondents", DATELINES,
                         ids=[d[0][:14] for d in DATELINES])
def test_parse_dateline(line, reporters, correspondents):
    assert parse_dateline(line) == {"reporters": reporters, "correspondents": correspondents}


@pytest.mark.parametrize("line", ["本次活动由中国职工文化体育协会主办", "", "本报联合多家媒体推出资讯栏目",
                                  "据新华社电", "本报记者 孙妍 摄影报道", "国家电网北京电力公司近日",
                                  "记者从活动现场了解到,这次", "记者节快乐"])
def test_not_a_dateline(line):
    assert parse_dateline(line) is None


def test_split_lead_keeps_dateline_out_of_body():
    assert split_lead("本报讯 (记者 孙艳) 10月30日,大会在京举行。") == (
        "本报讯(记者 孙艳)", "10月30日,大会在京举行。")


CREDITS = [
    ("本报记者 孙妍 摄影报道", ["孙妍"]),
    ("彭程 摄", ["彭程"]),
    ("通讯员 杨帆 摄影报道", ["杨帆"]),
    ("本报记者 盛丽 通讯员 朱宇轩 摄影报道", ["盛丽", "朱宇轩"]),
    ("（彭程 摄）", ["彭程"]),
    ("孙妍/摄", ["孙妍"]),
    ("记者彭程摄", ["彭程"]),
    ("大家纷纷拍摄", []),
    ("全程跟拍摄", []),
    ("活动现场摄影报道", []),
    ("本报记者 孙妍", []),
]


@pytest.mark.parametrize("text, names", CREDITS, ids=[c[0] for c in CREDITS])
def test_parse_photo_credit(text, names):
    assert parse_photo_credit(text) == names


R, C, P = "reporters", "correspondents", "photographers"
CREDIT_FORMS = [
    ("本报记者 张三 摄影报道", {R: ["张三"], C: [], P: ["张三"]}),
    ("□本报记者 张三 文/摄", {R: ["张三"], C: [], P: ["张三"]}),
    ("通讯员 李四 文/摄", {R: [], C: ["李四"], P: ["李四"]}),
    ("通讯员 李四 摄影报道", {R: [], C: ["李四"], P: ["李四"]}),
    ("本报记者 张三 通讯员 李四 摄影报道", {R: ["张三"], C: ["李四"], P: ["张三", "李四"]}),
    ("张三 文/图", {R: ["张三"], C: [], P: ["张三"]}),
    ("文/图 本报记者 张三", {R: ["张三"], C: [], P: ["张三"]}),
    ("张三 摄", {R: [], C: [], P: ["张三"]}),
    ("本报记者 张三 摄", {R: [], C: [], P: ["张三"]}),
    ("实习记者 张三 摄影", {R: [], C: [], P: ["张三"]}),
    ("本报记者 王五", {R: ["王五"], C: [], P: []}),
    ("特约记者 王五", {R: ["王五"], C: [], P: []}),
    ("文/本报记者 张三 图/本报记者 李四", {R: ["张三"], C: [], P: ["李四"]}),
    ("本报记者 张三/文 李四/摄", {R: ["张三"], C: [], P: ["李四"]}),
]


@pytest.mark.parametrize("text, people", CREDIT_FORMS, ids=[c[0] for c in CREDIT_FORMS])
def test_credit_forms(text, people):
    assert parse_credit(text) == people


@pytest.mark.parametrize("text", ["大家纷纷拍摄", "活动现场摄影报道", "记者节快乐", "他说这是一次报道"])
def test_not_credits(text):
    assert parse_credit(text) is None


ARTICLE_PEOPLE = [
    ("trailing-credit", "活动举行。\n□本报记者 张三 文/摄", (["张三"], [], ["张三"])),
    ("trailing-byline", "球队成立于2010年。\n本报记者 王五", (["王五"], [], [])),
    ("glued-photo-report", "职工参加活动。本报记者 张三 通讯员 李四 摄影报道", (["张三"], ["李四"], ["张三", "李四"])),
    ("caption-before-dateline", "劳模为学生讲课。 本报记者 张三 摄\n本报讯(记者 李四)近日,活动举行。",
     (["李四"], [], ["张三"])),
    ("other-outlet-lead", "中工网讯(记者 王五)近日,活动举行。", (["王五"], [], [])),
    ("lead-without-brackets", "本报讯 记者张三 通讯员李四 近日,活动举行。", (["张三"], ["李四"], [])),
    ("credit-in-a-sentence", "他说:“请本报记者 张三 摄影报道。”大家笑了。", ([], [], [])),
]


@pytest.mark.parametrize("body, expected", [a[1:] for a in ARTICLE_PEOPLE], ids=[a[0] for a in ARTICLE_PEOPLE])
def test_people_named_by_an_article(body, expected):
    people = people_named("", body)
    assert (people[R], people[C], people[P]) == expected


GLUED = [
    ("…同向同行的时代风采。彭程 摄", "彭程 摄", ["彭程"]),
    ("大家既锻炼了体魄,又增加了交流。 本报记者 盛丽 通讯员 朱宇轩 摄影报道",
     "本报记者 盛丽 通讯员 朱宇轩 摄影报道", ["盛丽", "朱宇轩"]),
    ("勇于争先的奋进精神。 通讯员 杨帆 摄影报道", "通讯员 杨帆 摄影报道", ["杨帆"]),
]


@pytest.mark.parametrize("paragraph, credit, names", GLUED, ids=[g[1] for g in GLUED])
def test_find_credit_at_paragraph_end(paragraph, credit, names):
    start, found = find_credit(paragraph)
    assert (paragraph[start:], found) == (credit, names)


@pytest.mark.parametrize("paragraph", ["他举起相机拍摄", "时代风采彭程 摄", "活动吸引了100余名职工参与。"])
def test_no_credit_in_ordinary_text(paragraph):
    assert find_credit(paragraph) is None


@pytest.mark.parametrize("line, expected", [
    ("转自《中工网》", True), ("(转自《工人日报》)", True), ("来源:新华社", True),
    ("转自中工网的文章说明了很多问题因此需要重视", False), ("浙江省总工会打造职工创新工作链", False)])
def test_source_note(line, expected):
    assert is_source_note(line) is expected


@given(st.text(max_size=80))
def test_bylines_never_raise_and_names_are_short_han(text):
    people = parse_dateline(text)
    names = (people["reporters"] + people["correspondents"]) if people else []
    names += parse_photo_credit(text)
    assert all(2 <= len(name) <= 4 for name in names)
    credit = find_credit(text)
    assert credit is None or 0 <= credit[0] < len(text)
