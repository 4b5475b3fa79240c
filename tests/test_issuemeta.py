"""Publication metadata of pages: manifest rows, file names, page headers, resolved dates."""
import json
import re
import shutil
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ISSUE_MANIFEST, ISSUE_NEWS, SEEDS
from indexer.reading.issuemeta import (from_file_name, issue_label, resolve_dates,
                                       split_header)
from indexer.reading.sources import read_records
from indexer.reading.titles import UNKNOWN_TITLE

HEADER = "劳动午报 2025年10月31日 星期五 第3版 工会新闻"


def by_source(records):
    found = {}
    for record in records:
        found.setdefault(record["source"], []).append(record)
    return found


def test_every_seed_article_carries_its_manifest_row(issue_records):
    pages = by_source(issue_records)
    for name, paper, day, page, page_name in ISSUE_MANIFEST:
        assert pages[name], name
        for record in pages[name]:
            assert (record["paper"], record["date"], record["page"], record["page_name"]) == \
                (paper, day, page, page_name), record["id"]


def test_undated_mentions_resolve_against_the_issue_date(issue_records):
    checked = 0
    for record in issue_records:
        assert len(record["dates_iso"]) == len(record["dates"])
        for printed, iso in zip(record["dates"], record["dates_iso"]):
            if "年" not in printed and "日" in printed and record["date"]:
                month, day = map(int, printed.replace("号", "日").rstrip("日").split("月"))
                resolved = date.fromisoformat(iso)
                assert (resolved.month, resolved.day) == (month, day)
                assert abs((resolved - date.fromisoformat(record["date"])).days) <= 183
                checked += 1
    assert checked >= 5


@pytest.mark.parametrize(("mentions", "issued", "expected"), [
    (["10月30日"], "2025-10-31", ["2025-10-30"]),
    (["12月28日"], "2025-01-03", ["2024-12-28"]),      # last December, not this one
    (["1月5日"], "2025-12-30", ["2026-01-05"]),        # a date coming up
    (["2025年10月"], None, ["2025-10"]),
    (["2025年"], None, ["2025"]),
    (["10月30日"], None, [None]),                       # no issue date: cannot say
    (["2月30日"], "2025-03-01", [None]),                # no such day
    (["2024年2月29日", "3月"], "2025-03-10", ["2024-02-29", "2025-03"]),
], ids=["same-year", "last-year", "next-year", "year-month", "year", "no-issue-date",
        "impossible", "mixed"])
def test_resolve_dates(mentions, issued, expected):
    assert resolve_dates(mentions, issued) == expected


@given(st.lists(st.from_regex(r"\A(20[0-9]{2}年)?(1[0-2]|[1-9])月((3[01]|[12][0-9]|[1-9])日)?\Z"),
                max_size=5), st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_resolved_dates_are_iso_or_none_and_years_win(mentions, issued):
    resolved = resolve_dates(mentions, issued.isoformat())
    assert len(resolved) == len(mentions)
    for mention, iso in zip(mentions, resolved):
        if iso is not None:
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", iso), iso
            if len(iso) == 10:
                date.fromisoformat(iso)
        if "年" in mention and iso is not None:
            assert iso.startswith(mention[:4])


@pytest.mark.parametrize(("path", "expected"), [
    ("scans/laodong_20251031_03.txt", {"date": "2025-10-31", "page": 3}),
    ("scans/2025-10-31/03.txt", {"date": "2025-10-31", "page": 3}),
    ("2025-10-31/第12版.txt", {"date": "2025-10-31", "page": 12}),
    ("scans/lw20251340_03.txt", {}),                     # no 40th day
    ("scans/laodong_20251031.txt", {}),                  # no page number
    ("scans/2025-10-31/notes.txt", {}),
    *((f"seeds/{name}", {}) for name, *_ in ISSUE_MANIFEST),    # the seeds' names say nothing
], ids=["date-page", "folder", "folder-ban", "bad-day", "no-page", "folder-no-page",
        *(f"seed-{name[:3]}" for name, *_ in ISSUE_MANIFEST)])
def test_file_names(path, expected):
    assert from_file_name(path) == expected


def test_a_seed_read_alone_has_no_invented_date(seed_records):
    # no title is invented either: a page naming none is filed under UNKNOWN_TITLE
    assert all(r["date"] is None and r["paper"] == UNKNOWN_TITLE and r["page"] is None
               for r in seed_records)


def test_a_page_header_is_read_and_left_out_of_every_article(tmp_path):
    text = (SEEDS / ISSUE_MANIFEST[1][0]).read_text(encoding="utf-8")
    (tmp_path / "page.txt").write_text(f"\n{HEADER}\n\n{text}", encoding="utf-8")
    records = list(read_records([str(tmp_path / "page.txt")]))
    plain = list(read_records([str(SEEDS / ISSUE_MANIFEST[1][0])]))
    assert [r["headline"] for r in records] == [r["headline"] for r in plain]
    texts = " ".join(r[f] for r in records for f in ("kicker", "headline", "subtitle", "body"))
    assert "劳动午报" not in texts and "星期五" not in texts
    for record in records:
        assert (record["paper"], record["date"], record["page"], record["page_name"]) == \
            ("劳动午报", "2025-10-31", 3, "工会新闻")
        assert "星期五" not in record["body"] + record["headline"]


@pytest.mark.parametrize("line", ["劳动午报 2025年10月31日 第3版", "北京日报2025年1月2日星期四第12版 要闻"],
                         ids=["no-page-name", "no-spaces"])
def test_header_variants(line):
    meta, rest = split_header(f"{line}\n正文第一段。")
    assert meta["date"] and meta["page"] and line not in rest


def test_a_headline_with_a_date_is_not_a_header():
    text = "2025年10月31日第3版面改版说明会召开\n正文。"
    assert split_header(text) == ({}, text)


def test_manifest_beats_file_name_beats_header(tmp_path):
    folder = tmp_path / "2025-10-31"
    folder.mkdir()
    text = (SEEDS / ISSUE_MANIFEST[0][0]).read_text(encoding="utf-8")
    (folder / "05.txt").write_text(f"劳动午报 2025年10月30日 第9版 体育\n{text}", encoding="utf-8")
    record = next(read_records([str(folder)]))
    assert (record["paper"], record["date"], record["page"], record["page_name"]) == \
        ("劳动午报", "2025-10-31", 5, "体育")       # the header only fills what the name lacks
    (folder / "manifest.csv").write_text(
        "file,paper,date,page,page_name\n05.txt,北京日报,2025-11-01,7,\n", encoding="utf-8")
    record = next(read_records([str(folder)]))
    assert (record["paper"], record["date"], record["page"]) == ("北京日报", "2025-11-01", 7)


def test_a_broken_manifest_row_is_reported_and_loses_nothing_else(tmp_path):
    names = [name for name, *_ in ISSUE_MANIFEST]
    for name in names:
        shutil.copy(SEEDS / name, tmp_path / name)
    rows = ["file,paper,date,page,page_name",
            f"{names[0]},劳动午报,2025-10-31,1,要闻",
            "missing.txt,劳动午报,2025-10-31,2,",            # line 3: unknown file
            f"{names[1]},劳动午报,2025-02-30,3,",            # line 4: impossible date
            f"{names[2]},劳动午报",                          # line 5: missing columns
            f"{names[3]},劳动午报,2025-10-31,三,",           # line 6: not a page number
            f"{names[4]},劳动午报,2025-10-31,5,综合"]
    (tmp_path / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    problems = []
    records = list(read_records([str(tmp_path)], on_problem=problems.append))
    assert sorted((p.line, p.path.endswith("manifest.csv")) for p in problems) == \
        [(3, True), (4, True), (5, True), (6, True)]
    assert "missing.txt" in str(problems[0]) and "2025-02-30" in str(problems[1])
    plain = list(read_records([str(SEEDS)]))
    assert [r["id"] for r in records] == [r["id"] for r in plain]
    dated = {r["source"] for r in records if r["date"]}
    assert dated == {names[0], names[4]}


def test_a_manifest_without_its_columns_is_reported_once(tmp_path):
    shutil.copy(SEEDS / ISSUE_MANIFEST[0][0], tmp_path)
    (tmp_path / "manifest.csv").write_text("file,date\nx.txt,2025-10-31\n", encoding="utf-8")
    problems = []
    records = list(read_records([str(tmp_path)], on_problem=problems.append))
    assert len(problems) == 1 and "paper" in problems[0].message and records


def test_json_lines_carry_the_issue_fields(tmp_path):
    item = {"id": "j1", "title": "标题", "body": "10月30日举行。", "paper": "劳动午报",
            "date": "2025-10-31", "page": "3", "page_name": "工会新闻"}
    bad = dict(item, id="j2", page="第三版")
    (tmp_path / "a.jsonl").write_text(
        "\n".join(json.dumps(i, ensure_ascii=False) for i in (item, bad)), encoding="utf-8")
    problems = []
    first, second = read_records([str(tmp_path / "a.jsonl")], on_problem=problems.append)
    assert (first["paper"], first["page"], first["page_name"]) == ("劳动午报", 3, "工会新闻")
    assert first["dates_iso"] == ["2025-10-30"]
    assert issue_label(first) == "劳动午报 2025年10月31日 第3版 · 工会新闻"
    assert second["page"] is None and [p.line for p in problems] == [2]


def test_news_items_keep_their_dates(issue_records):
    news = {r["id"]: r for r in issue_records if r["source"] == "news.jsonl"}
    assert {i: news[i]["date"] for i, *_ in ISSUE_NEWS} == {i: d for i, d, *_ in ISSUE_NEWS}
    assert news["n1"]["dates_iso"] == ["2024-12-28"]


@pytest.mark.parametrize(("item", "label"), [
    ({"paper": "劳动午报", "date": "2025-10-31", "page": 3, "page_name": "工会新闻"},
     "劳动午报 2025年10月31日 第3版 · 工会新闻"),
    ({"paper": "劳动午报", "date": "2025-06-16", "page": 3, "page_name": ""},
     "劳动午报 2025年6月16日 第3版"),
    ({"date": "2025-01-02"}, "2025年1月2日"),
    ({"source": "004_5bced994b5e5034b.txt"}, ""),
], ids=["full", "no-page-name", "date-only", "nothing"])
def test_issue_label(item, label):
    assert issue_label(item) == label
