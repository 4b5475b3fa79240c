"""Reading input files: page encodings, bad files, folders, JSON Lines archives."""
import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.reading import sources
from indexer.reading.records import FIELDS
from indexer.reading.sources import Problem, decode_page, read_records

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))


def read(paths, **options):
    """(records, problems) of one read_records run."""
    problems = []
    records = list(read_records(paths, on_problem=problems.append, **options))
    return records, problems


def write_jsonl(path, *lines):
    """Write items (dicts are dumped, strings written as they are), one a line."""
    text = "".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
                   for line in lines)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as file:
        file.write(text)
    return path


# --- pages -------------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS, ids=[seed.stem[:3] for seed in SEEDS])
@pytest.mark.parametrize("encoding, crlf", [("utf-8-sig", False), ("utf-8", True),
                                            ("gb18030", False), ("gbk", True)],
                         ids=["utf8-bom", "utf8-crlf", "gb18030", "gbk-crlf"])
def test_page_in_any_encoding_gives_the_utf8_records(tmp_path, seed, encoding, crlf):
    text = seed.read_text(encoding="utf-8")
    if crlf:
        text = text.replace("\n", "\r\n")
    copy = tmp_path / seed.name
    copy.write_bytes(text.encode(encoding))
    expected, _ = read([seed])
    records, problems = read([copy])
    assert problems == []
    assert expected and records == expected


@pytest.mark.parametrize("text", ["工会", "职工之家建设经验交流", "北京市总工会召开全会\n\n本报讯"],
                         ids=["2-chars", "one-line", "two-paragraphs"])
def test_short_gbk_text_is_read_as_chinese(text):
    assert decode_page(text.encode("gbk")) == text


def test_encoding_option_overrides_detection(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes("本报讯 职工书屋开放\n".encode("gb18030"))
    assert decode_page(page.read_bytes(), "gb18030") == "本报讯 职工书屋开放\n"
    records, problems = read([page], encoding="utf-8")
    assert records == []
    assert problems[0].path == str(page) and "utf-8" in problems[0].message


def test_unknown_encoding_is_refused_at_once(tmp_path):
    with pytest.raises(LookupError):
        read_records([tmp_path], encoding="no-such-codec")


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t \n", b"\xef\xbb\xbf\n"],
                         ids=["empty", "whitespace", "bom-only"])
def test_empty_file_is_reported_and_the_rest_still_read(tmp_path, content):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(content)
    records, problems = read([empty, SEEDS[0]])
    assert problems == [Problem(str(empty), None, "empty file: no text to read")]
    assert records and {r["source"] for r in records} == {SEEDS[0].name}


@pytest.mark.parametrize("content", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20,
    bytes(range(1, 256)) * 8,
    bytes((i * 7919) % 255 + 1 for i in range(4000)),
], ids=["nul-bytes", "all-bytes", "noise"])
def test_binary_file_is_reported_not_read(tmp_path, content):
    binary = tmp_path / "scan.txt"
    binary.write_bytes(content)
    records, problems = read([binary])
    assert records == []
    assert len(problems) == 1 and problems[0].path == str(binary) and problems[0].line is None
    assert "binary" in problems[0].message


def test_missing_path_raises_before_anything_is_read(tmp_path):
    with pytest.raises(FileNotFoundError) as raised:
        read_records([SEEDS[0], tmp_path / "nope.txt"])
    assert raised.value.filename == str(tmp_path / "nope.txt")


# --- folders -----------------------------------------------------------------

def test_folder_is_read_recursively_in_sorted_order_without_hidden_files(tmp_path):
    (tmp_path / "b" / ".cache").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("甲文\n", encoding="utf-8")
    (tmp_path / "b" / "c.txt").write_text("丙文\n", encoding="gb18030")
    (tmp_path / "b" / ".cache" / "d.txt").write_text("丁文\n", encoding="utf-8")
    (tmp_path / ".e.txt").write_text("戊文\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("不读\n", encoding="utf-8")
    write_jsonl(tmp_path / "b" / "items.jsonl.gz", {"id": "x1", "title": "乙题", "body": "乙文"})
    records, problems = read([tmp_path])
    assert problems == []
    assert [r["source"] for r in records] == ["a.txt", "c.txt", "items.jsonl.gz"]
    assert "丙文" in records[1]["body"]


def test_folder_without_text_is_reported_by_name(tmp_path):
    (tmp_path / "scans" / ".hidden").mkdir(parents=True)
    (tmp_path / "scans" / "page.png").write_bytes(b"\x89PNG\x00")
    (tmp_path / "scans" / ".hidden" / "page.txt").write_text("藏起来的\n", encoding="utf-8")
    records, problems = read([tmp_path / "scans", SEEDS[1]])
    # page images are read (by OCR) since issue 24: a broken one is reported by name
    assert [p.path for p in problems] == [str(tmp_path / "scans" / "page.png"),
                                          str(tmp_path / "scans")]
    assert "not a readable image" in problems[0].message
    assert "no readable text" in problems[1].message
    assert records and all(r["source"] == SEEDS[1].name for r in records)


def test_folder_of_unreadable_files_names_each_file_and_the_folder(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    records, problems = read([tmp_path])
    assert records == []
    assert [p.path for p in problems] == [str(tmp_path / "empty.txt"), str(tmp_path)]


# --- JSON Lines archives -----------------------------------------------------

ITEM = {"id": "bj-2025-0001", "title": "朝阳区总工会举办职工技能大赛",
        "body": "本报讯 朝阳区总工会日前举办职工技能大赛。\n200余名职工参赛。",
        "date": "2025-10-30", "url": "https://example.org/a/1"}


@pytest.mark.parametrize("name", ["items.jsonl", "items.ndjson", "items.jsonl.gz", "items.gz"])
def test_archive_item_becomes_a_full_record(tmp_path, name):
    records, problems = read([write_jsonl(tmp_path / name, ITEM)])
    assert problems == []
    [record] = records
    assert set(record) == set(FIELDS)
    assert (record["id"], record["headline"], record["body"], record["date"], record["url"]) == (
        ITEM["id"], ITEM["title"], ITEM["body"], ITEM["date"], ITEM["url"])
    assert (record["kind"], record["seq"], record["source"]) == ("news", 1, name)


def test_archive_metadata_not_given_is_extracted_from_the_text(tmp_path):
    [record], _ = read([write_jsonl(tmp_path / "a.jsonl", ITEM)])
    assert "朝阳区" in record["districts"]
    assert "朝阳区总工会" in "".join(record["unions"])


def test_archive_metadata_given_is_kept(tmp_path):
    item = dict(ITEM, headline="职工技能大赛开赛", kicker="一线", reporters="马超、张雪",
                districts=["海淀区"], source="工人日报", kind="photo", seq=99, extra={"x": 1})
    [record], problems = read([write_jsonl(tmp_path / "a.jsonl", item)])
    assert problems == []
    assert record["headline"] == "职工技能大赛开赛"   # headline wins over title
    assert (record["kicker"], record["reporters"], record["districts"]) == (
        "一线", ["马超", "张雪"], ["海淀区"])
    assert (record["source"], record["kind"], record["seq"]) == ("工人日报", "photo", 1)


@pytest.mark.parametrize("given, expected", [
    ("2025-10-30", "2025-10-30"), ("2025-10-30T23:30:00+08:00", "2025-10-30"),
    ("2025-10-30 08:00:00", "2025-10-30"), ("2025-10-30T02:00:00Z", "2025-10-30"),
    ("", None), (None, None),
])
def test_archive_date_is_kept_as_iso_day(tmp_path, given, expected):
    [record], problems = read([write_jsonl(tmp_path / "a.jsonl", dict(ITEM, date=given))])
    assert (record["date"], problems) == (expected, [])


@pytest.mark.parametrize("field, value", [
    ("date", "2025/10/30"), ("date", "2025-13-01"), ("date", 20251030),
    ("url", "javascript:alert(1)"), ("kind", "editorial"), ("reporters", {"a": 1}),
])
def test_bad_optional_field_is_reported_and_the_article_kept(tmp_path, field, value):
    archive = write_jsonl(tmp_path / "a.jsonl", dict(ITEM, **{field: value}))
    [record], problems = read([archive])
    assert record["id"] == ITEM["id"] and record[field] in (None, "", [], "news")
    assert [(p.path, p.line) for p in problems] == [(str(archive), 1)]
    assert repr(field) in problems[0].message and "kept the article" in problems[0].message


def test_bad_lines_are_reported_with_their_number_and_the_rest_read(tmp_path):
    archive = write_jsonl(tmp_path / "a.jsonl",
                          dict(ITEM, id="ok-1"), "", "{not json", "[1, 2]", '"text"',
                          dict(ITEM, id="no-body", body=["段落"]),
                          dict(ITEM, id="no-text", title="", body=""),
                          '{"id": "bad", "title": "\\ud800", "body": "x"}',
                          dict(ITEM, id="ok-2"))
    with open(archive, "ab") as file:
        file.write(b'{"id": "gbk", "title": "' + "工会".encode("gbk") + b'"}\n')
    records, problems = read([archive])
    assert [r["id"] for r in records] == ["ok-1", "ok-2"]
    assert [r["seq"] for r in records] == [1, 9]
    assert [p.line for p in problems] == [3, 4, 5, 6, 7, 8, 10]
    assert "malformed JSON" in problems[0].message
    assert all(p.path == str(archive) and "skipped the line" in p.message for p in problems)


def test_deeply_nested_line_is_reported_not_fatal(tmp_path):
    archive = write_jsonl(tmp_path / "a.jsonl", "[" * 100_000 + "]" * 100_000, ITEM)
    records, problems = read([archive])
    assert [r["id"] for r in records] == [ITEM["id"]]
    assert [(p.line, p.message) for p in problems] == [
        (1, "malformed JSON: nested too deeply; skipped the line")]


@pytest.mark.parametrize("given, kept", [("a-1", "a-1"), (42, "42"), ("第1号", "第1号"),
                                         ("x.y_z~1", "x.y_z~1")])
def test_given_id_is_kept(tmp_path, given, kept):
    [record], _ = read([write_jsonl(tmp_path / "a.jsonl", dict(ITEM, id=given))])
    assert record["id"] == kept


@pytest.mark.parametrize("hostile", [
    "../../etc/passwd", "a/b", "a\\b", "..", ".", "a..b", "a\nb", "a\x00b", "\u202eabc",
    "  ", "x" * 201, True, 1.5, ["a"], {"a": 1},
], ids=lambda value: repr(value)[:12])
def test_hostile_id_is_rejected(tmp_path, hostile):
    archive = write_jsonl(tmp_path / "a.jsonl", dict(ITEM, id=hostile), dict(ITEM, id="ok"))
    records, problems = read([archive])
    assert [r["id"] for r in records] == ["ok"]
    assert [(p.line, "id" in p.message) for p in problems] == [(1, True)]


def test_missing_id_is_derived_from_content_not_position(tmp_path):
    item = {"title": "职工书屋开放", "body": "书屋向职工开放。"}
    first, _ = read([write_jsonl(tmp_path / "a.jsonl", item, dict(item, body="另一篇"))])
    (tmp_path / "b").mkdir()
    later, _ = read([write_jsonl(tmp_path / "b" / "a.jsonl", {"title": "新增", "body": "新增正文"}, item)])
    assert first[0]["id"] and first[0]["id"] == later[1]["id"]
    assert first[0]["id"] != first[1]["id"]
    again, _ = read([write_jsonl(tmp_path / "c.jsonl", item, item)])
    assert again[0]["id"] != again[1]["id"]   # a repeated article is not merged away


def test_damaged_gzip_reports_where_and_keeps_what_came_before(tmp_path):
    good = write_jsonl(tmp_path / "a.jsonl.gz", *[dict(ITEM, id=f"n{i}", body="职工" * 2000 + str(i))
                                                 for i in range(50)])
    damaged = tmp_path / "damaged.jsonl.gz"
    damaged.write_bytes(good.read_bytes()[:len(good.read_bytes()) // 2])
    records, problems = read([damaged, tmp_path / "a.jsonl.gz"])
    cut = [r for r in records if r["source"] == "damaged.jsonl.gz"]
    assert 0 < len(cut) < 50 and [r["id"] for r in cut] == [f"n{i}" for i in range(len(cut))]
    assert len(records) - len(cut) == 50
    assert len(problems) == 1 and problems[0].path == str(damaged)
    assert problems[0].line == len(cut) + 1


def test_file_named_gz_that_is_not_gzip_is_reported(tmp_path):
    fake = tmp_path / "a.jsonl.gz"
    fake.write_text(json.dumps(ITEM), encoding="utf-8")
    records, problems = read([fake])
    assert records == [] and [(p.path, p.line) for p in problems] == [(str(fake), None)]


def test_archive_is_read_lazily(tmp_path, monkeypatch):
    archive = write_jsonl(tmp_path / "a.jsonl.gz", *[dict(ITEM, id=f"n{i}") for i in range(1000)])
    annotated = []
    monkeypatch.setattr(sources.metadata, "annotate", lambda r: annotated.append(r) or r)
    first = next(read_records([archive]))
    assert first["id"] == "n0" and len(annotated) == 1


# --- properties: nothing raises, nothing is lost silently ----------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8)
ITEMS = st.fixed_dictionaries({}, optional={
    name: JSON_VALUES | st.text(max_size=40)
    for name in ("id", "title", "headline", "body", "date", "url", "source", "kind",
                 "reporters", "districts", "union_levels", "kicker")})


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=3000))
def test_any_bytes_as_a_page_give_records_or_one_problem(tmp_path_factory, data):
    page = tmp_path_factory.mktemp("page") / "page.txt"
    page.write_bytes(data)
    records, problems = read([page])
    assert bool(records) != bool(problems)
    assert all(p.path == str(page) and p.line is None for p in problems)


@settings(max_examples=150, deadline=None)
@given(items=st.lists(ITEMS | JSON_VALUES, min_size=1, max_size=5))
def test_any_json_lines_give_a_record_or_a_problem_for_each_line(tmp_path_factory, items):
    archive = write_jsonl(tmp_path_factory.mktemp("jsonl") / "a.jsonl", *map(json.dumps, items))
    records, problems = read([archive])
    skipped = {p.line for p in problems if "skipped the line" in p.message or p.junk}
    assert sorted([r["seq"] for r in records] + list(skipped)) == list(range(1, len(items) + 1))
    for record in records:
        json.dumps(record, ensure_ascii=False).encode("utf-8")   # printable as it is
