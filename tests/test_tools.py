"""The reader's tools in the library: concordance, export, citations, query notes."""
import csv
import io
import json

import pytest
from hypothesis import given, settings, HealthCheck
from hypothesis import strategies as st

from indexer.reading.records import new_record
from indexer.searching import bibtex, gbt7714, looser_queries, query_notes, ris
from indexer.engines.embedded import (concordance, export_lines, get_article, index_version,
                                      open_index, search)
from indexer.engines.embedded.lifecycle.writing import index_records

BODY = "第一段写职工之家。\n中间一句：市总工会为职工之家授牌，职工之家越办越好。结尾。"
ARTICLES = [
    dict(id="t1", headline="职工之家建设", body=BODY, date="2025-10-30",
         reporters=["马超", "张雪"], districts=["朝阳区"]),
    dict(id="t2", headline="劳模座谈", body="劳模与職工之家的故事。", date="2024-05-01",
         reporters=["孙艳"], districts=["海淀区"]),
    dict(id="t3", headline="无关的简讯", body="今天天气晴。", date=None),
]


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    path = tmp_path_factory.mktemp("tools") / "index"
    index_records(str(path), [new_record(kind="news", source="t.jsonl", **a) for a in ARTICLES])
    return open_index(str(path))


def occurrences(text, needle):
    return sum(1 for i in range(len(text)) if text.startswith(needle, i))


def test_kwic_lines_centre_the_match_with_the_asked_context(ix):
    found = concordance(ix, "职工之家", width=5)
    expected = sum(occurrences(a["headline"] + "\n" + a["body"], "职工之家") for a in ARTICLES)
    # the traditional 職工之家 of t2 is found too
    assert found["total"] == expected + 1 == len(found["lines"])
    for line in found["lines"]:
        article = next(a for a in ARTICLES if a["id"] == line["id"])
        assert line["match"] in ("职工之家", "職工之家")
        whole = line["left"] + line["match"] + line["right"]
        assert whole.replace(" ", "\n") in article["headline"] + article["body"]
        assert len(line["left"]) <= 5 and len(line["right"]) <= 5
    middle = [l for l in found["lines"] if "授牌" in l["right"]]
    assert middle and len(middle[0]["left"]) == 5 and len(middle[0]["right"]) == 5


def test_kwic_sorts_by_left_or_right_context(ix):
    right = [l["right"] for l in concordance(ix, "职工之家", width=4, order="right")["lines"]]
    left = [l["left"][::-1] for l in concordance(ix, "职工之家", width=4, order="left")["lines"]]
    assert right == sorted(right) and left == sorted(left)


def test_kwic_follows_filters(ix):
    lines = concordance(ix, "职工之家", filters={"district": ["海淀区"]})["lines"]
    assert {l["id"] for l in lines} == {"t2"}


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@pytest.mark.parametrize("cap", [1, 10])
def test_export_has_every_row_up_to_the_cap(ix, fmt, cap):
    text = "".join(export_lines(ix, "职工之家", fmt=fmt, cap=cap, link=lambda i: f"/a/{i}"))
    total = search(ix, "职工之家")["total"]
    if fmt == "csv":        # the header first: DictReader reads the file as it is
        assert text.startswith("\ufeffid,")
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    else:
        first, rest = text.split("\n", 1)
        about = json.loads(first)
        assert about["query"] == "职工之家" and about["total"] == total
        assert about["index"] == index_version(ix)["version"]
        rows = [json.loads(line) for line in rest.splitlines()]
    assert len(rows) == min(cap, total)
    assert rows[0]["url"] == f"/a/{rows[0]['id']}" and "<mark>" not in rows[0]["snippet"]


@pytest.mark.parametrize("record, expected", [
    (dict(id="x", headline="题名", reporters=["马超"], paper="劳动午报", date="2025-10-30", page=3),
     "马超. 题名[N]. 劳动午报, 2025-10-30(3)."),
    (dict(id="x", headline="题名", reporters=["甲", "乙", "丙", "丁"], date="2025-10-30"),
     "甲, 乙, 丙, 等. 题名[N]. 2025-10-30."),
    (dict(id="x", headline="题名。", paper="劳动午报"), "题名[N]. 劳动午报."),
    (dict(id="x", headline=""), "（无标题）[N]."),
], ids=["full", "many-authors", "no-date", "nothing"])
def test_gbt7714_leaves_out_what_is_missing(record, expected):
    assert gbt7714(record) == expected


def test_ris_and_bibtex_carry_the_permalink(ix):
    article = get_article(ix, "t1")
    text = ris(article, "https://baoku.example/articles/t1")
    assert text.startswith("TY  - NEWS\r\n") and text.endswith("ER  - \r\n")
    assert "AU  - 马超\r\nAU  - 张雪" in text and "UR  - https://baoku.example/articles/t1" in text
    entry = bibtex(dict(article, headline="50% {off} & more"), "https://b/articles/t%201")
    assert "author = {马超 and 张雪}" in entry and "url = {https://b/articles/t%201}" in entry
    assert r"title = {50\% \{off\} \& more}" in entry and entry.count("{") == entry.count("}")


@pytest.mark.parametrize("q, code", [
    ("date:2025-13", "bad_date"), ("工会 date:2025-02-30", "bad_date"),
    ("date:2026..2022", "reversed_range"), ("date:[2026-05 TO 2026-01]", "reversed_range"),
], ids=lambda v: v)
def test_query_notes_explain_dates_that_match_nothing(ix, q, code):
    notes = query_notes(q)
    assert [n["code"] for n in notes] == [code] and search(ix, q)["total"] == 0


@pytest.mark.parametrize("q", ["date:2025-10", "date:2024..2026", "date:2025-06..2025", "工会"])
def test_query_notes_say_nothing_about_good_queries(q):
    assert query_notes(q) == []


def test_looser_queries_drop_dates_and_quotes():
    assert dict(looser_queries('"职工之家" date:2023')) == {
        "去掉日期限制": '"职工之家"', "去掉引号，放宽匹配": "职工之家 date:2023"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=30), width=st.integers(1, 30))
def test_kwic_never_raises_and_never_exceeds_the_width(ix, q, width):
    for line in concordance(ix, q, width=width)["lines"]:
        assert len(line["left"]) <= width and len(line["right"]) <= width and line["match"]
