"""Browsing and searching by time: issues, date ranges, months, oldest first, cursors, kinds."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ISSUE_MANIFEST
from indexer.reading.records import KINDS, new_record
from indexer.reading.titles import UNKNOWN_TITLE
from indexer.searching import MAX_DEPTH
from indexer.engines.embedded import calendar, issue, neighbours, open_index, search, summary
from indexer.engines.embedded.lifecycle.writing import index_records

HIDDEN = ("banner", "ad", "fragment")


@pytest.fixture(scope="module")
def ix(issue_index):
    return open_index(issue_index)


def shown(records):
    return [r for r in records if r["kind"] not in HIDDEN]


def ids(result):
    return [hit["id"] for hit in result["hits"]]


def test_an_issue_lists_its_pages_in_order_and_articles_in_printed_order(ix, issue_records):
    day = "2025-10-31"
    found = issue(ix, day)
    assert [p["paper"] for p in found["papers"]] == ["劳动午报"]
    pages = found["papers"][0]["pages"]
    rows = sorted((page, name, file) for file, _, d, page, name in ISSUE_MANIFEST if d == day)
    assert [(p["page"], p["page_name"]) for p in pages] == [(n, name) for n, name, _ in rows]
    for page, (_, _, file) in zip(pages, rows):
        printed = [r for r in issue_records if r["source"] == file]
        assert [a["id"] for a in page["articles"]] == [r["id"] for r in printed]
        assert [a["seq"] for a in page["articles"]] == sorted(a["seq"] for a in page["articles"])
        assert page["label"].startswith("劳动午报 2025年10月31日 第")


def test_prev_and_next_connect_every_issue(ix, issue_records):
    dates = sorted({r["date"] for r in issue_records if r["date"]})
    walked, day = [], dates[0]
    assert issue(ix, day)["prev"] is None
    while day:
        walked.append(day)
        found = issue(ix, day)
        if found["next"]:
            assert issue(ix, found["next"])["prev"] == day
        day = found["next"]
    assert walked == dates


def test_a_news_day_is_one_page_in_archive_order(ix, issue_records):
    found = issue(ix, "2025-01-02")
    (paper,) = found["papers"]
    (page,) = paper["pages"]
    assert page["page"] is None
    assert [a["id"] for a in page["articles"]] == ["n2", "n3"]


def test_no_issue_that_day(ix):
    assert issue(ix, "1999-01-01") is None


def test_calendar_counts_match_the_records(ix, issue_records):
    articles = [r for r in issue_records if r["date"] and r["kind"] in ("news", "photo")]
    everything = calendar(ix)
    assert {y["year"]: y["articles"] for y in everything["years"]} == \
        {y: sum(1 for r in articles if r["date"][:4] == y) for y in {r["date"][:4] for r in articles}}
    october = calendar(ix, "2025", 10)
    assert october["month"] == "2025-10"
    assert {d["date"]: d["articles"] for d in october["dates"]} == \
        {d: sum(1 for r in articles if r["date"] == d)
         for d in {r["date"] for r in articles if r["date"].startswith("2025-10")}}
    assert all(m["month"].startswith("2025") for m in calendar(ix, "2025")["months"])


def test_neighbours_on_the_printed_page(ix, issue_records):
    page = [r for r in issue_records if r["source"] == ISSUE_MANIFEST[1][0]]
    middle = neighbours(ix, page[1]["id"])
    assert middle["previous"]["id"] == page[0]["id"] and middle["next"]["id"] == page[2]["id"]
    assert neighbours(ix, page[0]["id"])["previous"] is None
    assert neighbours(ix, page[-1]["id"])["next"] is None


def test_summary_says_what_the_archive_holds(ix, issue_records):
    held = summary(ix)
    dates = sorted(r["date"] for r in issue_records if r["date"])
    # the dated news items name no title: they are filed apart, under UNKNOWN_TITLE
    assert [p["paper"] for p in held["papers"]] == ["劳动午报", UNKNOWN_TITLE]
    assert (held["first_date"], held["last_date"]) == (dates[0], dates[-1])
    assert held["articles"] == len(shown(issue_records))
    assert held["issues"] == len({(r["date"], r["paper"]) for r in issue_records if r["date"]})


# --- time in search ----------------------------------------------------------

@pytest.mark.parametrize(("date_from", "date_to"), [
    ("2025-01-01", "2025-10-31"), (None, "2025-01-02"), ("2025-11-01", None),
    ("2025-10", "2025-10"), ("2026-01-01", "2025-01-01"),
], ids=["both", "only-to", "only-from", "month-prefixes", "empty"])
def test_from_and_to_give_the_records_in_range(ix, issue_records, date_from, date_to):
    high = (date_to or "9999") + "~"
    wanted = {r["id"] for r in shown(issue_records)
              if r["date"] and (date_from or "") <= r["date"] <= high}
    result = search(ix, "", date_from=date_from, date_to=date_to, per_page=0)
    assert set(ids(result)) == wanted and result["total"] == len(wanted)


@pytest.mark.parametrize(("query", "date_from", "date_to"), [
    ("date:2025", "2025", "2025"), ("date:2025-10", "2025-10", "2025-10"),
    ("date:2024-12..2025-01", "2024-12", "2025-01"), ("date:2025-01-02..", "2025-01-02", None),
], ids=["year", "month", "range", "open-range"])
def test_date_queries_match_from_and_to(ix, query, date_from, date_to):
    typed = set(ids(search(ix, query, per_page=0)))
    assert typed and typed == set(ids(search(ix, "", date_from=date_from, date_to=date_to,
                                             per_page=0)))


def test_month_facet_counts_and_filters(ix, issue_records):
    result = search(ix, "")
    months = {m["value"]: m["count"] for m in result["facets"]["month"]}
    dated = [r for r in shown(issue_records) if r["date"]]
    assert months == {m: sum(1 for r in dated if r["date"][:7] == m)
                      for m in {r["date"][:7] for r in dated}}
    october = search(ix, "", filters={"month": ["2025-10"]}, per_page=0)
    assert set(ids(october)) == {r["id"] for r in dated if r["date"].startswith("2025-10")}
    within_2025 = search(ix, "", filters={"year": ["2025"]})["facets"]["month"]
    assert {m["value"][:4] for m in within_2025} == {"2025"}


def test_oldest_first(ix):
    newest = search(ix, "职工", sort="date", per_page=0)
    oldest = search(ix, "职工", sort="date_asc", per_page=0)
    assert set(ids(oldest)) == set(ids(newest))
    dates = [h["date"] for h in oldest["hits"]]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dated[0] < dated[-1]
    assert dates == dated + [None] * (len(dates) - len(dated))      # undated last


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(per_page=st.integers(1, 9), query=st.sampled_from(["", "职工", "工会", "kind:banner"]),
       sort=st.sampled_from(["relevance", "date", "date_asc"]))
def test_a_cursor_walk_returns_every_hit_exactly_once(ix, per_page, query, sort):
    everything = ids(search(ix, query, sort=sort, per_page=0, snippets=False))
    walked, cursor = [], None
    while True:
        result = search(ix, query, sort=sort, per_page=per_page, cursor=cursor, snippets=False)
        walked += ids(result)
        cursor = result["next_cursor"]
        if cursor is None:
            break
        assert len(walked) <= len(everything)
    assert walked == everything


def test_a_cursor_belongs_to_its_search(ix):
    cursor = search(ix, "职工", per_page=2)["next_cursor"]
    with pytest.raises(ValueError, match="another search"):
        search(ix, "工会", per_page=2, cursor=cursor)
    with pytest.raises(ValueError):
        search(ix, "职工", per_page=2, cursor="not-a-cursor")


def test_cursors_go_past_the_page_depth_limit(tmp_path):
    index_records(str(tmp_path / "ix"), [new_record(id=f"d{i}", kind="news", headline="深翻",
                                                    body=f"第{i}条") for i in range(MAX_DEPTH // 40 + 5)])
    deep = open_index(str(tmp_path / "ix"))
    with pytest.raises(ValueError):
        search(deep, "深翻", page=41, per_page=MAX_DEPTH // 40)
    first = search(deep, "深翻", per_page=MAX_DEPTH // 40)
    rest = search(deep, "深翻", per_page=MAX_DEPTH // 40, cursor=first["next_cursor"])
    assert len(rest["hits"]) == 5 and rest["next_cursor"] is None


def test_banners_ads_and_fragments_only_when_asked_for(ix, issue_records):
    hidden = [r for r in issue_records if r["kind"] in HIDDEN]
    assert hidden
    default = search(ix, "", per_page=0)
    assert not {h["kind"] for h in default["hits"]} & set(HIDDEN)
    assert default["total"] == len(shown(issue_records))
    kinds = {k["value"]: k["count"] for k in default["facets"]["kind"]}
    assert set(kinds) <= set(KINDS) and sum(kinds.values()) == len(issue_records)
    asked = search(ix, "", filters={"kind": ["banner"]}, per_page=0)
    assert {h["kind"] for h in asked["hits"]} == {"banner"}
    assert set(ids(search(ix, "kind:banner", per_page=0))) == set(ids(asked))


def test_hits_show_where_they_were_printed(ix):
    hit = search(ix, "", filters={"month": ["2025-10"]}, sort="date_asc", per_page=1)["hits"][0]
    assert (hit["id"], hit["issue_label"]) == ("n4", "2025年10月30日")     # a news item: no page
    printed = search(ix, "", date_from="2025-10-31", date_to="2025-10-31")["hits"][0]
    assert printed["issue_label"].startswith("劳动午报 2025年10月31日 第")
    assert printed["paper"] == "劳动午报" and printed["page"] >= 1
    assert printed["source"].endswith(".txt")              # the file stays in the metadata


def test_a_cursor_resumes_after_its_last_hit_when_the_index_changes(tmp_path):
    path = str(tmp_path / "ix")
    index_records(path, [new_record(id=f"d{i}", kind="news", headline="续翻", body=f"第{i}条",
                                    date=f"2025-01-{i + 1:02d}") for i in range(6)])
    first = search(open_index(path), "续翻", sort="date_asc", per_page=3)
    index_records(path, [new_record(id="d-new", kind="news", headline="续翻", body="新的一条",
                                    date="2024-12-31")])       # sorts before every other hit
    rest = search(open_index(path), "续翻", sort="date_asc", per_page=3, cursor=first["next_cursor"])
    assert ids(first) + ids(rest) == [f"d{i}" for i in range(6)]
