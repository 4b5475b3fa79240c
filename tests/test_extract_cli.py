"""`baoku extract`: what a user sees on stdout, stderr and in the exit code."""
import json
import re
from pathlib import Path

import pytest
import wcwidth
from click.testing import CliRunner

from indexer.reading.records import FIELDS
from indexer.reading.sources import read_records
from search_app.cli import cli

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))


def extract(*args):
    return CliRunner().invoke(cli, ["extract", *map(str, args)])


def jsonl(result):
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_every_seed_comes_out_as_json_lines():
    result = extract(*SEEDS)
    assert result.exit_code == 0 and "baoku:" not in result.stderr   # no problem reported
    records = jsonl(result)
    assert all(set(record) == set(FIELDS) for record in records)
    assert records == list(read_records(SEEDS))
    assert {r["source"] for r in records} == {seed.name for seed in SEEDS}
    assert "\\u" not in result.stdout   # Chinese is printed as it is, not escaped


def test_folder_gives_the_same_records_as_its_files(tmp_path):
    for seed in SEEDS:
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    assert extract(tmp_path).stdout == extract(*SEEDS).stdout


def test_gb18030_page_with_or_without_encoding_option(tmp_path):
    copy = tmp_path / SEEDS[2].name
    copy.write_bytes(SEEDS[2].read_text(encoding="utf-8").encode("gb18030"))
    expected = extract(SEEDS[2]).stdout
    assert extract(copy).stdout == expected
    assert extract(copy, "--encoding", "gb18030").stdout == expected
    wrong = extract(copy, "--encoding", "utf-8")
    assert wrong.exit_code == 1 and wrong.stdout == ""
    assert wrong.stderr.startswith(f"baoku: {copy}: cannot decode as utf-8")


def test_table_is_aligned_for_chinese_text():
    result = extract(*SEEDS, "--format", "table")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["seq", "kind", "headline", "reporters", "districts", "unions"]
    rows = [line for line in lines[1:] if not line.startswith("[")]
    assert len(rows) == len(jsonl(extract(*SEEDS)))
    captions = [line for line in lines if line.startswith("[")]
    assert captions == [f"[{seed.name}]" for seed in SEEDS]

    def kind_column(line):   # display column where the second cell starts
        match = re.match(r"\S+\s+", line)
        return wcwidth.wcswidth(match.group())

    def headline_column(line):
        match = re.match(r"\S+\s+\S+\s+", line)
        return wcwidth.wcswidth(match.group())

    assert {kind_column(line) for line in [lines[0], *rows]} == {kind_column(lines[0])}
    assert {headline_column(line) for line in [lines[0], *rows]} == {headline_column(lines[0])}


def test_table_shows_headlines_and_fields():
    records = jsonl(extract(SEEDS[0]))
    table = extract(SEEDS[0], "--format", "table").stdout
    news = next(r for r in records if r["kind"] == "news" and r["reporters"])
    row = next(line for line in table.splitlines() if news["headline"][:10] in line)
    assert news["reporters"][0] in row and news["kind"] in row


def test_bad_input_is_reported_and_the_rest_still_printed(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 30)
    archive = tmp_path / "items.jsonl"
    archive.write_text('{"id": "a1", "title": "职工书屋开放", "body": "书屋向职工开放。"}\n'
                       '{"id": "a2", "title": "断行\n'
                       '{"id": "a3", "title": "职工食堂", "body": "食堂改造完成。"}\n',
                       encoding="utf-8")
    result = extract(tmp_path, SEEDS[0])
    assert result.exit_code == 1
    assert [r["id"] for r in jsonl(result) if r["source"] == "items.jsonl"] == ["a1", "a3"]
    assert {r["source"] for r in jsonl(result)} == {"items.jsonl", SEEDS[0].name}
    messages = result.stderr.splitlines()
    assert messages[0] == f"baoku: {tmp_path / 'empty.txt'}: empty file: no text to read"
    assert messages[1].startswith(f"baoku: {archive}:2: malformed JSON")
    assert messages[2].startswith(f"baoku: {tmp_path / 'scan.txt'}: binary file")
    assert messages[3:] == ["baoku: 3 problem(s), see above"]


def test_folder_without_text_exits_1_naming_the_folder(tmp_path):
    result = extract(tmp_path)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"baoku: {tmp_path}: no readable text")


@pytest.mark.parametrize("args, says", [
    ([], "Missing argument"),
    (["no-such-file.txt"], "does not exist"),
    ([SEEDS[0], "--format", "csv"], "'csv' is not one of"),
    ([SEEDS[0], "--encoding", "klingon"], "unknown encoding 'klingon'"),
], ids=["no-path", "missing-path", "bad-format", "bad-encoding"])
def test_usage_errors_exit_2(args, says):
    result = extract(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert says in result.stderr


def test_help_has_an_example():
    result = extract("--help")
    assert result.exit_code == 0 and "baoku extract seeds/*.txt" in result.stdout
