"""`baoku index / search / delete / stats` as a user runs them."""
import json

import pytest

from search_app.cli import cli

PAGE = "职工创新工作室经验交流大会在京举行\n\n本报讯（记者 孙艳）10月30日，第二届职工创新工作室经验交流大会在京举行。\n"


@pytest.fixture()
def archive(tmp_path):
    path = tmp_path / "archive.jsonl"
    items = [{"id": f"n{i}", "date": f"2025-0{i % 9 + 1}-01", "title": f"第{i}篇新闻标题",
              "body": f"朝阳区总工会开展第{i}次活动。" + ("职工创新" if i % 2 else "")}
             for i in range(12)]
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n",
                    encoding="utf-8")
    return path


@pytest.fixture()
def index_dir(tmp_path, runner, archive):
    path = str(tmp_path / "ix")
    result = runner.invoke(cli, ["index", str(archive), "--index", path])
    assert result.exit_code == 0, result.output
    return path


def run_json(runner, *args):
    result = runner.invoke(cli, ["search", *args, "--json"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_index_reports_counts(runner, archive, tmp_path):
    result = runner.invoke(cli, ["index", str(archive), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0
    assert "12 articles indexed (12 new, 0 replaced)" in result.stderr
    # the bar says when every document is analysed and the segments are being written
    assert "writing: 100%" in result.stderr and "12/12" in result.stderr


def test_index_exits_1_and_reports_a_skipped_line(runner, archive, tmp_path):
    with archive.open("a", encoding="utf-8") as f:
        f.write("{not json\n")
    result = runner.invoke(cli, ["index", str(archive), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 1
    assert "archive.jsonl:13" in result.stderr and "12 articles indexed" in result.stderr


def test_search_json_and_text(runner, index_dir):
    [result] = run_json(runner, '"职工创新"', "--index", index_dir, "--limit", "3")
    assert result["total"] == 6 and len(result["hits"]) == 3
    assert "<mark>职工创新</mark>" in result["hits"][0]["snippet"]
    text = runner.invoke(cli, ["search", '"职工创新"', "--index", index_dir])
    assert text.exit_code == 0 and text.stdout.startswith("6 hits for")


def test_limit_0_returns_every_hit_without_snippets(runner, index_dir):
    [result] = run_json(runner, "总工会", "--index", index_dir, "--limit", "0")
    assert result["total"] == len(result["hits"]) == 12
    assert all(hit["snippet"] == "" for hit in result["hits"])
    [with_snippets] = run_json(runner, "总工会", "--index", index_dir, "--limit", "0", "--snippets")
    assert all("<mark>" in hit["snippet"] for hit in with_snippets["hits"])


def test_batch_queries_print_one_result_a_line(runner, index_dir, tmp_path):
    queries = tmp_path / "q.txt"
    queries.write_text('"职工创新"\n\n第3篇\n不存在的词语组合\n', encoding="utf-8")
    results = run_json(runner, "--queries", str(queries), "--index", index_dir)
    # the n-th line answers the n-th query, a blank one included (it browses everything)
    assert [r["query"] for r in results] == ['"职工创新"', "", "第3篇", "不存在的词语组合"]
    assert [results[0]["total"], results[1]["total"], results[3]["total"]] == [6, 12, 0]


def test_filters_and_sort(runner, index_dir):
    [result] = run_json(runner, "总工会", "--year", "2025", "--sort", "date", "--limit", "0",
                        "--index", index_dir)
    dates = [hit["date"] for hit in result["hits"]]
    assert dates == sorted(dates, reverse=True) and len(dates) == 12


def test_env_var_selects_the_index(runner, index_dir):
    result = runner.invoke(cli, ["stats", "--json"], env={"BAOKU_INDEX": index_dir})
    info = json.loads(result.stdout)
    assert info["documents"] == 12 and info["signature"]["jieba"] == "0.42.1"
    text = runner.invoke(cli, ["stats"], env={"BAOKU_INDEX": index_dir})
    assert "documents   12" in text.stdout and "jieba 0.42.1" in text.stdout


def test_delete(runner, index_dir):
    result = runner.invoke(cli, ["delete", "n1", "nope", "--index", index_dir])
    assert result.exit_code == 0 and "deleted 1 of 2" in result.stderr
    [found] = run_json(runner, "总工会", "--index", index_dir, "--limit", "0")
    assert found["total"] == 11


def test_missing_index_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(cli, ["search", "x", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "no index at" in result.stderr and "hint:" in result.stderr
    assert "Traceback" not in result.output


def test_index_pages_folder(runner, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "p1.txt").write_text(PAGE, encoding="utf-8")
    result = runner.invoke(cli, ["index", str(pages), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    [found] = run_json(runner, '"经验交流大会"', "--index", str(tmp_path / "ix"))
    assert found["total"] == 1


def test_search_kwic_aligns_every_occurrence(runner, index_dir):
    result = runner.invoke(cli, ["search", "职工创新", "--kwic", "--width", "4", "--index", index_dir])
    assert result.exit_code == 0, result.output
    head, *lines = result.stdout.splitlines()
    assert head.startswith("6 occurrences in 6 documents") and len(lines) == 6
    assert len({line.index("职工创新") for line in lines}) == 1      # aligned on the match
    as_json = run_json(runner, "职工创新", "--kwic", "--index", index_dir)[0]
    assert as_json["total"] == 6 and all(l["match"] == "职工创新" for l in as_json["lines"])


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_search_export_writes_every_hit(runner, index_dir, fmt):
    result = runner.invoke(cli, ["search", "朝阳区", "--export", fmt, "--index", index_dir])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    if fmt == "csv":        # the header first; what was exported is said on stderr
        assert lines[0].lstrip("\ufeff").startswith("id,paper,date") and "朝阳区" in result.stderr
    else:
        assert "朝阳区" in lines[0]
    rows = lines[1:]
    assert len(rows) == 12
    capped = runner.invoke(cli, ["search", "朝阳区", "--export", fmt, "--limit", "5",
                                 "--index", index_dir]).stdout.splitlines()
    assert len(capped) == len(lines) - 7


def test_search_says_how_many_contain_the_whole_string(runner, index_dir):
    out = runner.invoke(cli, ["search", "职工创新工作室", "--index", index_dir]).stdout
    quoted = runner.invoke(cli, ["search", '"职工创新工作室"', "--index", index_dir]).stdout
    exact = int(quoted.split()[0])
    total = int(out.split()[0])
    assert exact < total, "the sample needs related-only results"
    assert f"{exact} contain the whole string; {total - exact} more are related" in out
    assert "contain the whole string" not in quoted


def test_search_explains_an_impossible_date(runner, index_dir):
    result = runner.invoke(cli, ["search", "date:2025-13", "--index", index_dir])
    assert result.exit_code == 0 and "0 hits" in result.stdout and "月份" in result.stdout
