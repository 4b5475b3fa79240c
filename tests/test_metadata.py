"""annotate(): metadata filled from an article's text, given values kept."""
import pytest

from indexer.reading.dates import find_dates
from indexer.reading import metadata
from indexer.reading.metadata import annotate
from indexer.reading.records import new_record


@pytest.fixture
def places(monkeypatch):
    """Stand-in district and union finders that record what annotate asked them."""
    calls = {}

    def find_districts(text, *, headline=""):
        calls["districts"] = (text, headline)
        return ["西城区"] if "月坛" in text + headline else []

    def find_unions(text, *, headline="", districts=()):
        calls["unions"] = (text, headline, tuple(districts))
        return [("西城区月坛街道总工会", "street")] if "月坛街道总工会" in text else []

    monkeypatch.setattr(metadata, "find_districts", find_districts)
    monkeypatch.setattr(metadata, "find_unions", find_unions)
    return calls


def _article(**values):
    base = dict(kind="news", headline="月坛街道总工会为单身职工“搭鹊桥”",
                dateline="本报讯(记者 陈曦 通讯员 张雪)",
                body="近日,西城区月坛街道总工会举办联谊会。\n10月30日至11月2日,活动持续进行。")
    base.update(values)
    return new_record(**base)


def test_people_places_unions_and_dates_from_text(places):
    record = annotate(_article())
    assert record["reporters"] == ["陈曦"]
    assert record["correspondents"] == ["张雪"]
    assert record["districts"] == ["西城区"]
    assert record["unions"] == ["西城区月坛街道总工会"]
    assert record["union_levels"] == {"西城区月坛街道总工会": "street"}
    assert record["dates"] == ["10月30日", "11月2日"]


def test_finders_get_body_headline_decks_and_districts(places):
    annotate(_article(kicker="会聚良缘", subtitle="百余青年参与"))
    body = "近日,西城区月坛街道总工会举办联谊会。\n10月30日至11月2日,活动持续进行。"
    heads = "会聚良缘 月坛街道总工会为单身职工“搭鹊桥” 百余青年参与"
    assert places["districts"] == (body, heads)
    assert places["unions"] == (body, heads, ("西城区",))


def test_given_values_are_kept(places):
    record = annotate(_article(reporters=["马超"], districts=["朝阳区"], unions=["北京市总工会"],
                               union_levels={"北京市总工会": "municipal"}, dates=["2025年"]))
    assert record["reporters"] == ["马超"]
    assert record["correspondents"] == ["张雪"]      # empty, so filled
    assert record["districts"] == ["朝阳区"]
    assert record["unions"] == ["北京市总工会"]
    assert record["union_levels"] == {"北京市总工会": "municipal"}
    assert record["dates"] == ["2025年"]


def test_lead_in_body_gives_names_when_no_dateline(places):
    """JSON Lines items carry the lead inside their body."""
    record = annotate(new_record(headline="x", body="本报讯(记者 马超 通讯员 张雪)近日,活动举行。"))
    assert (record["reporters"], record["correspondents"]) == (["马超"], ["张雪"])


@pytest.mark.parametrize("body, names", [
    ("近日,职工演讲比赛举行。彭程 摄", ["彭程"]),
    ("比赛现场。\n本报记者 孙妍 摄影报道", ["孙妍"]),
    ("比赛现场。 本报记者 盛丽 通讯员 朱宇轩 摄影报道", ["盛丽", "朱宇轩"]),
    ("他举起相机拍摄。", []),
], ids=["glued", "credit-line", "two-roles", "none"])
def test_photographers_from_credits(places, body, names):
    assert annotate(new_record(body=body))["photographers"] == names


def test_annotate_does_not_change_its_argument(places):
    record = _article()
    annotate(record)
    assert record["reporters"] == [] and record["districts"] == []


@pytest.mark.parametrize("text, dates", [
    ("10月30日,大会举行", ["10月30日"]),
    ("2025年北京市职工宣讲比赛", ["2025年"]),
    ("10月23日至11月20日,活动", ["10月23日", "11月20日"]),
    ("召开2020年度培训会", ["2020年"]),
    ("2025年10月30日开幕,10月30日闭幕", ["2025年10月30日", "10月30日"]),
    ("4年来服务430余名,100周年,2.54万对,12个月", []),
    ("6月15日,会议举行。6月15日下午", ["6月15日"]),
], ids=["day", "year", "range", "niandu", "full", "not-dates", "unique"])
def test_find_dates(text, dates):
    assert find_dates(text) == dates


def test_real_finders_fill_districts_and_unions():
    """The real district and union finders answer for a page unit."""
    record = annotate(_article())
    assert "西城区" in record["districts"]
    assert record["unions"] and set(record["union_levels"]) == set(record["unions"])
