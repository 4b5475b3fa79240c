"""Input that yields nothing, and articles too large to be articles.

A run with no records commits nothing and leaves no folder (before: a
traceback from Whoosh's empty commit, and a gen-000001 without CURRENT).  An
article over the size limit is reported with its file and line and skipped
(before: a 50 MB body cost 50 s and 2.75 GB to index, then seconds per search).
"""
import json

import pytest

from faults import copy_index, tree
from conftest import SEEDS
from indexer.reading.records import MAX_ARTICLE_CHARS, article_chars, new_record
from indexer.reading.sources import read_records
from indexer.engines.embedded import document_count, get_article, open_index, search
from indexer.engines.embedded.lifecycle.writing import index_records
from search_app.cli import cli

NOTHING = {
    "blank page": ("blank.txt", "\n" * 100_000),
    "every line bad": ("bad.jsonl", 'not json\n{"id": 5}\n[1, 2]\n'),
}


@pytest.mark.parametrize("name, text", NOTHING.values(), ids=list(NOTHING))
def test_a_run_with_no_records_writes_nothing(tmp_path, runner, seed_index, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    fresh = tmp_path / "fresh"
    result = runner.invoke(cli, ["index", str(path), "--index", str(fresh)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"baoku: {path}" in result.stderr and "nothing was written" in result.stderr
    assert not fresh.exists()
    existing = copy_index(seed_index, tmp_path / "index")
    before = tree(existing)
    for extra in ([], ["--rebuild"]):
        result = runner.invoke(cli, ["index", str(path), "--index", existing, *extra])
        assert result.exit_code == 1 and "Traceback" not in result.output
    assert tree(existing) == before


def huge_archive(path, body_chars):
    items = [{"id": "small", "title": "正常的文章", "body": "北京市总工会召开会议。"},
             {"id": "huge", "title": "巨大的文章", "body": "职工" * (body_chars // 2)}]
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items),
                    encoding="utf-8")
    return path


def test_an_oversized_article_is_reported_with_file_and_line_and_skipped(tmp_path, runner):
    archive = huge_archive(tmp_path / "a.jsonl", MAX_ARTICLE_CHARS + 2)
    problems = []
    records = list(read_records([str(archive)], on_problem=problems.append))
    assert [r["id"] for r in records] == ["small"]
    [problem] = problems
    assert (problem.path, problem.line) == (str(archive), 2)
    assert f"{MAX_ARTICLE_CHARS + 7:,} characters" in problem.message  # headline counts too
    assert "--max-article-chars" in problem.message
    result = runner.invoke(cli, ["index", str(archive), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 1 and f"baoku: {archive}:2: article '巨大的文章' has" in result.stderr
    assert document_count(open_index(str(tmp_path / "ix"))) == 1


def test_the_limit_is_an_option_and_a_setting(tmp_path, runner, monkeypatch):
    archive = huge_archive(tmp_path / "a.jsonl", 1000)
    assert runner.invoke(cli, ["extract", str(archive)]).exit_code == 0
    result = runner.invoke(cli, ["extract", str(archive), "--max-article-chars", "500"])
    assert result.exit_code == 1 and len(result.stdout.splitlines()) == 1
    monkeypatch.setenv("BAOKU_MAX_ARTICLE_CHARS", "500")
    assert runner.invoke(cli, ["extract", str(archive)]).exit_code == 1


def test_an_oversized_page_unit_names_the_line_it_starts_on():
    page = sorted(SEEDS.glob("*.txt"))[0]
    lines = page.read_text(encoding="utf-8").splitlines()
    every = list(read_records([str(page)]))
    limit = sorted(article_chars(r) for r in every)[len(every) // 2]
    problems = []
    kept = list(read_records([str(page)], on_problem=problems.append, max_chars=limit))
    skipped = [r for r in every if article_chars(r) > limit]
    assert len(kept) + len(problems) == len(every) and len(problems) == len(skipped)
    for problem, record in zip(problems, skipped):
        first = next(record[f] for f in ("kicker", "headline", "dateline", "body") if record[f])
        assert first[:10] in lines[problem.line - 1], (problem, first)


def test_an_article_stored_before_the_limit_costs_no_more_to_show(tmp_path):
    """An index written without the limit (the library takes any record): the
    article page and the snippet show at most MAX_ARTICLE_CHARS of it."""
    index_dir = str(tmp_path / "index")
    body = "职工创新" * (MAX_ARTICLE_CHARS // 2)
    index_records(index_dir, [new_record(id="big", headline="大", body=body, kind="news")])
    article = get_article(open_index(index_dir), "big", q="创新")
    assert len(article["body"]) == MAX_ARTICLE_CHARS
    assert sum(len(p) for p in article["paragraphs_html"]) < 14 * MAX_ARTICLE_CHARS
    [hit] = search(open_index(index_dir), "创新")["hits"]
    assert len(hit["snippet"]) < 1000
