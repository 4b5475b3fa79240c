"""Titles as a reader sees them: one archive of a newspaper (the seed pages with a
manifest), a second paper's and a web site's news items and a TV programme.

The paper facet adds up, ``/titles`` and each title's calendar and issue pages list
that title only, a day lists its titles apart with their own previous and next issue,
citations follow the item's type, union levels are selectable by their Chinese name,
and junk lines are refused with their line number.
"""
import json
import re
from collections import Counter
from urllib.parse import quote

import pytest

from conftest import ENGINES, engine_location
from indexer.engines import open_engine
from indexer.reading.placeholders import placeholder_reason
from indexer.reading.titles import title_from_source
from indexer.searching import bibtex, gbt7714, ris
from search_app.cli import cli

TITLES = {"劳动午报": "newspaper", "北京青年报": "newspaper", "新闻联播": "broadcast",
          "工人日报网": "web"}
EVERY_KIND = {"kind": ["news", "photo", "banner", "ad", "fragment"]}


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def by_title(records):
    return Counter(r["paper"] for r in records)


# --- reading ---------------------------------------------------------------------

def test_every_item_has_a_title_and_a_source_type(titled_records):
    records, _ = titled_records
    assert {(r["paper"], r["source_type"]) for r in records} == set(TITLES.items())
    tv = [r for r in records if r["paper"] == "新闻联播"]
    assert len(tv) == 3 and all(r["url"] for r in tv)


def test_junk_lines_are_refused_and_reported_with_their_line(titled_records):
    records, problems = titled_records
    assert "tv-junk" not in {r["id"] for r in records}
    assert [(p.path.endswith("xwlb.jsonl"), p.line) for p in problems] == [(True, 4)]
    assert "placeholder" in problems[0].message


def test_junk_is_left_out_without_failing_the_run_but_a_bad_line_still_fails_it(
        tmp_path, runner):
    """A real export has placeholders in every run: they are told and left out, with
    status 0; a line that cannot be read at all still makes the status 1."""
    items = [{"id": "a", "title": "职工书屋开放", "body": "北京市总工会职工书屋今天开放。"},
             {"id": "b", "title": "TITLE_NOT_FOUND", "body": "CONTENT_NOT_FOUND"},
             {"id": "c", "title": "只有标题", "body": ""}]
    archive = tmp_path / "x.jsonl"
    archive.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items),
                       encoding="utf-8")
    index = str(tmp_path / "ix")
    result = runner.invoke(cli, ["index", str(archive), "--index", index])
    assert result.exit_code == 0, result.output
    assert f"{archive}:2: the title is a placeholder" in result.stderr
    assert f"{archive}:3: the article has a title but no body; left it out" in result.stderr
    assert "left out 2 item(s) that are no article" in result.stderr
    found = json.loads(runner.invoke(cli, ["search", "--index", index, "--json", "书屋"])
                       .stdout.splitlines()[0])
    assert [hit["id"] for hit in found["hits"]] == ["a"]
    assert runner.invoke(cli, ["extract", str(archive)]).exit_code == 0
    with archive.open("a", encoding="utf-8") as file:
        file.write("{not json\n")
    for command in (["extract", str(archive)], ["index", str(archive), "--index", index]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 1 and f"{archive}:4: malformed JSON" in result.stderr


@pytest.mark.parametrize("headline, body, junk", [
    ("TITLE_NOT_FOUND", "正文", True), ("TITLE NOTFOUND", "CONTENT NOTFOUND", True),
    ("标题", "CONTENT_NOT_FOUND\n---\n更新时间", True), ("标题", "NULL", True),
    ("标题", "", True), ("APEC", "会议在京举行。", False), ("NBA FINALS", "比赛。", False),
    ("G20 峰会", "峰会开幕。", False), ("标题", "ABC_DEF 是一个变量名。", False),
], ids=["id-token", "spaced", "body-token", "null", "no-body", "acronym", "caps-words",
        "mixed", "token-in-text"])
def test_placeholders_are_told_from_headlines(headline, body, junk):
    assert bool(placeholder_reason(headline, body)) is junk


def test_the_operator_names_the_title_and_type_of_unnamed_items(tmp_path, runner):
    archive = tmp_path / "feed.jsonl"
    archive.write_text(json.dumps({"id": "r1", "date": "2025-10-31", "title": "广播职工新闻",
                                   "body": "职工广播。"}, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    index = tmp_path / "index"
    result = runner.invoke(cli, ["index", str(archive), "--index", str(index),
                                 "--paper", "北京新闻广播", "--source-type", "broadcast"])
    assert result.exit_code == 0, result.output
    article = open_engine(str(index)).get_article("r1")
    assert (article["paper"], article["source_type"]) == ("北京新闻广播", "broadcast")
    bad = runner.invoke(cli, ["index", str(archive), "--index", str(index),
                              "--source-type", "tv"])
    assert bad.exit_code == 2 and "--source-type" in bad.output


# --- searching, on both engines ------------------------------------------------------

@pytest.fixture(params=ENGINES, scope="module")
def engine(request, titled_records, titled_index):
    return open_engine(engine_location(request, "titled", titled_records[0], titled_index))


def test_the_paper_facet_adds_up_and_each_title_filters_alike(engine, titled_records):
    everything = engine.search("", filters=EVERY_KIND, per_page=0)
    facet = {e["value"]: e["count"] for e in everything["facets"]["paper"]}
    assert facet == dict(by_title(titled_records[0]))
    assert sum(facet.values()) == everything["total"]
    for title, count in facet.items():
        filtered = engine.search("", filters=dict(EVERY_KIND, paper=[title]), per_page=0)
        queried = engine.search(f"paper:{title}", filters=EVERY_KIND, per_page=0)
        assert filtered["total"] == queried["total"] == count, title


def test_union_levels_are_selected_by_name_or_chinese_label(engine):
    counts = {(e["value"], e["label"]): e["count"]
              for e in engine.search("", per_page=0)["facets"]["level"]}
    municipal = counts[("municipal", "市级")]
    assert municipal > 0
    for q, filters in (("level:市级", {}), ("level:municipal", {}), ("", {"level": ["市级"]}),
                       ("", {"level": ["municipal"]})):
        assert engine.search(q, filters=filters, per_page=0)["total"] == municipal, (q, filters)
    abroad = engine.search("", filters={"level": ["境外及港澳台"]}, per_page=0)
    unions = {e["value"] for e in abroad["facets"]["union"] if e["count"]}
    assert "英国火车司机工会" in unions and abroad["total"] == counts[("abroad", "境外及港澳台")]


# --- web ------------------------------------------------------------------------------

def test_the_api_filters_by_paper_and_lists_titles(titled_client, titled_records):
    held = by_title(titled_records[0])
    search = titled_client.get("/api/search?paper=新闻联播").get_json()
    assert search["total"] == held["新闻联播"]
    assert all(h["paper"] == "新闻联播" for h in search["hits"])
    titles = titled_client.get("/api/titles").get_json()
    assert [t["paper"] for t in titles][:2] == ["劳动午报", "北京青年报"]   # newspapers first
    assert {t["paper"]: (t["source_type"], t["items"]) for t in titles} == {
        p: (TITLES[p], n) for p, n in held.items()}
    tv = next(t for t in titles if t["paper"] == "新闻联播")
    assert (tv["first_date"], tv["last_date"], tv["issues"]) == ("2025-10-28", "2025-11-02", 3)


def test_titles_page_and_home_page_describe_each_title(titled_client, titled_records):
    page = html(titled_client, "/titles")
    for title in TITLES:
        assert f'href="/titles/{quote(title)}"' in page and f"《{title}》" in page
    home = html(titled_client, "/")
    held = by_title(titled_records[0])
    line = re.search(r"《新闻联播》.*?</li>", home, re.S).group()
    assert "广播电视节目" in line and "3 期" in line and f"{held['新闻联播']} 篇" in line
    assert "期报纸" not in home           # no title is called a newspaper it is not


def test_a_titles_calendar_lists_its_days_only(titled_client):
    page = html(titled_client, f"/titles/{quote('新闻联播')}?year=2025")
    days = re.findall(r'href="/titles/[^/"]+/(\d{4}-\d\d-\d\d)"', page)
    assert sorted(set(days)) == ["2025-10-28", "2025-10-31", "2025-11-02"]
    assert '<span class="calendar-count">3 期</span>' in page
    html(titled_client, f"/titles/{quote('无此报')}", 404)


def test_a_day_lists_its_titles_apart_each_with_its_own_neighbours(titled_client):
    page = html(titled_client, "/issues/2025-10-31")
    names = re.findall(r'<h2 class="paper-name"[^>]*><a [^>]*>《([^》]+)》', page)
    assert names == ["劳动午报", "北京青年报", "新闻联播", "工人日报网"]
    assert page.index("第 1 版") < page.index("联播职工新闻1")
    tv = quote("新闻联播")
    assert f'rel="prev" class="issue-prev" href="/titles/{tv}/2025-10-28"' in page
    assert f'rel="next" class="issue-next" href="/titles/{tv}/2025-11-02"' in page
    one = html(titled_client, f"/titles/{tv}/2025-10-31")
    assert "联播职工新闻1" in one and "第 1 版" not in one and "北青职工新闻" not in one
    assert f'href="/titles/{tv}/2025-11-02"' in one
    html(titled_client, f"/titles/{tv}/2025-10-30", 404)          # another title's day


# --- citations ------------------------------------------------------------------------

def record_of(records, article_id):
    return next(r for r in records if r["id"] == article_id)


def test_citations_follow_the_item_type(titled_records):
    records = titled_records[0]
    paper, web, tv = (record_of(records, i) for i in ("bq1", "w1", "tv1"))
    assert gbt7714(paper) == "北青职工新闻1[N]. 北京青年报, 2025-10-31(2)."
    assert gbt7714(web, accessed="2026-01-05") == (
        "网络职工稿1[EB/OL]. 工人日报网, (2025-10-31)[2026-01-05]. "
        "https://example.org/news/1.html.")
    assert gbt7714(tv, accessed="2026-01-05") == (
        "联播职工新闻1[Z/OL]. 新闻联播, 2025-10-31[2026-01-05]. https://tv.example.org/1.shtml.")
    assert [ris(r, "u").split("\r\n")[0] for r in (paper, web, tv)] == \
        ["TY  - NEWS", "TY  - ELEC", "TY  - MPCT"]
    assert "T2  - 新闻联播" in ris(tv, "u") and "SP  -" not in ris(tv, "u")
    assert [bibtex(r, "u").split("{")[0] for r in (paper, web, tv)] == \
        ["@article", "@online", "@misc"]
    assert "journal = {北京青年报}" in bibtex(paper, "u")
    assert "howpublished = {新闻联播}" in bibtex(tv, "u")


def test_article_page_names_the_title_not_the_file(titled_client, titled_records):
    records = titled_records[0]
    printed = [r for r in records if r["paper"] == "劳动午报" and r["page"] == 3]
    page = html(titled_client, f"/articles/{printed[1]['id']}")
    source = re.search(r"<dt>来源</dt><dd>(.*?)</dd>", page).group(1)
    assert "《劳动午报》" in source and ".txt" not in source
    assert "本版上一篇" in page and printed[1]["source"] in page     # the file: 原始文件
    tv = html(titled_client, "/articles/tv1")
    assert "本版" not in tv and "[Z/OL]" in tv and "https://tv.example.org/1.shtml" in tv
    cited = titled_client.get("/articles/w1/cite.ris").get_data(as_text=True)
    assert "TY  - ELEC" in cited and "UR  - https://example.org/news/1.html" in cited


def test_the_cli_lists_titles_and_filters_by_paper(titled_index, titled_records, runner):
    held = by_title(titled_records[0])
    listed = runner.invoke(cli, ["titles", "--index", titled_index, "--json"])
    assert listed.exit_code == 0, listed.output
    assert {t["paper"]: t["items"] for t in map(json.loads, listed.output.splitlines())} == \
        dict(held)
    found = runner.invoke(cli, ["search", "职工", "--paper", "新闻联播", "--index", titled_index])
    assert found.exit_code == 0 and "新闻联播 2025年10月31日" in found.output
    assert "劳动午报" not in found.output


def test_a_level_chosen_by_its_chinese_name_is_shown_and_removed_by_it(titled_client):
    page = html(titled_client, "/?level=市级")
    chip = re.search(r'<a class="chip"[^>]*href="([^"]*)"[^>]*>(.*?)</a>', page, re.S)
    assert chip and "市级" in chip.group(2) and "level" not in chip.group(1)
    assert re.search(r'class="facet-value selected" href="/">\s*<span class="box"[^>]*>'
                     r'</span><span class="label">市级</span>', page)     # one click removes it


@pytest.mark.parametrize("source, title", [
    ("央视《新闻联播》", "新闻联播"), ("新华社", "新华社"), ("002_2053de2695d37692.txt", ""),
    ("items.jsonl.gz", ""), ("https://tv.cctv.com/2025/03/02/x.shtml", ""), ("", ""),
], ids=["bracketed", "plain", "page-file", "archive-file", "address", "none"])
def test_a_source_names_a_title_unless_it_is_a_file_or_an_address(source, title):
    assert title_from_source(source) == title
