"""Inputs a service must survive (issue 23, deliverable 6): symbolic links out of a pages
folder, one huge archive line, digits of other scripts in dates, methods a page does not take.
"""
import gzip
import json
import logging
import re
import resource
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from conftest import SEEDS
from indexer.reading.sources import read_records
from indexer.engines.embedded import open_index, search
from search_app import create_app
from search_app.cli import cli

SECRET = "机密口令甲乙丙丁"
CJK = re.compile("[\u4e00-\u9fff]")


# --- symbolic links ----------------------------------------------------------------------

@pytest.fixture()
def linked_pages(tmp_path):
    """pages/ with a seed page, a link inside pages/, and links to a file and a folder outside."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}\n\n本报讯 {SECRET}内容" * 20, encoding="utf-8")
    (outside / "more").mkdir()
    (outside / "more" / "secret2.txt").write_text(f"{SECRET}再次\n", encoding="utf-8")
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(SEEDS / "000_3ee80826426b5060.txt", pages / "000.txt")
    (pages / "link.txt").symlink_to(outside / "secret.txt")
    (pages / "sub").symlink_to(outside / "more", target_is_directory=True)
    (pages / "again.txt").symlink_to(pages / "000.txt")          # inside: read
    return pages


def test_links_out_of_the_folder_are_skipped_with_a_message(linked_pages):
    problems = []
    records = list(read_records([str(linked_pages)], on_problem=problems.append))
    assert records and not any(SECRET in json.dumps(r, ensure_ascii=False) for r in records)
    assert {r["source"] for r in records} == {"000.txt", "again.txt"}
    said = {Path(p.path).name: p.message for p in problems}
    assert "outside" in said["link.txt"] and "symbolic link" in said["link.txt"]
    assert "outside" in said["sub"]


def test_baoku_index_does_not_make_a_linked_file_searchable(linked_pages, runner, tmp_path):
    index = tmp_path / "ix"
    result = runner.invoke(cli, ["index", "--index", str(index), str(linked_pages)])
    assert result.exit_code == 1 and "link.txt: a symbolic link to a file outside" in result.output
    assert search(open_index(str(index)), f'"{SECRET}"')["total"] == 0
    result = runner.invoke(cli, ["extract", str(linked_pages)])
    assert result.exit_code == 1 and SECRET not in result.stdout


# --- one huge line -----------------------------------------------------------------------

def huge_line_archive(path, megabytes):
    """A gzipped archive: a small item, one item of ``megabytes`` MB on one line, another."""
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(b'{"id": "before", "title": "\\u5de5\\u4f1a", "body": "b"}\n')
        out.write(b'{"id": "huge", "title": "t", "body": "')
        piece = b"x" * 2**20
        for _ in range(megabytes):
            out.write(piece)
        out.write(b'"}\n{"id": "after", "title": "t", "body": "after"}\n')
    return path


def test_a_huge_line_is_skipped_without_being_held(tmp_path):
    archive = huge_line_archive(tmp_path / "a.jsonl.gz", 64)
    assert archive.stat().st_size < 2**20
    problems = []
    tracemalloc.start()
    try:
        records = list(read_records([str(archive)], on_problem=problems.append))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [r["id"] for r in records] == ["before", "after"]
    [problem] = problems
    size = int(re.search(r"a line of ([0-9,]+) bytes", problem.message).group(1).replace(",", ""))
    assert problem.line == 2 and size > 64 * 2**20 and "skipped" in problem.message
    assert peak < 16 * 2**20, f"{peak / 2**20:.0f} MiB held for one line"


@pytest.mark.slow
def test_baoku_index_stays_within_memory_whatever_one_line_holds(tmp_path):
    archive = huge_line_archive(tmp_path / "a.jsonl.gz", 300)
    baoku = Path(sys.executable).with_name("baoku")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run([str(baoku), "index", "--index", str(tmp_path / "ix"), "--memory",
                           "512M", str(archive)], capture_output=True, text=True, timeout=300)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert done.returncode == 1 and "a.jsonl.gz:2: a line of" in done.stderr, done.stderr
    assert "2 articles indexed" in done.stderr
    assert peak_kib < 512 * 1024 or peak_kib == before, f"{peak_kib / 1024:.0f} MiB"


# --- digits of any script ----------------------------------------------------------------

@pytest.fixture(scope="module")
def strict_client(issue_index):
    """The app as it runs (TESTING off: an unexpected error is a 500, not raised), over
    pages and news items with dates."""
    return create_app({"TESTING": False, "BAOKU_INDEX": issue_index}).test_client()


FULL_WIDTH, ARABIC_INDIC = "２０２５", "٢٠٢٥"
DATES = [("/api/search", {"q": "工会", "from": FULL_WIDTH}),
         ("/api/search", {"q": "工会", "to": ARABIC_INDIC + "-01-01"}),
         ("/api/search", {"q": "工会", "from": "2025-１０"}),
         ("/api/search", {"q": "工会", "year": FULL_WIDTH}),
         ("/api/search", {"q": "工会", "month": "2025-１０"}),
         ("/api/export", {"q": "工会", "from": FULL_WIDTH}),
         ("/api/kwic", {"q": "工会", "to": ARABIC_INDIC}),
         ("/feeds/search.atom", {"q": "工会", "from": FULL_WIDTH}),
         ("/", {"q": "工会", "from": FULL_WIDTH + "-01-01"}),
         ("/api/issues", {"year": FULL_WIDTH}),
         ("/api/issues", {"year": "2025", "month": "１"}),
         ("/issues", {"year": ARABIC_INDIC})]


@pytest.mark.parametrize("path, args", DATES,
                         ids=[p + "-" + "-".join(k for k in a if k != "q") for p, a in DATES])
def test_digits_of_other_scripts_in_dates_are_a_400_in_chinese(strict_client, path, args):
    response = strict_client.get(path, query_string=args)
    assert response.status_code == 400
    text = response.json["error"] if response.is_json else response.get_data(as_text=True)
    assert CJK.search(text) and not re.search(r"\b(must|needs)\b", text)


def test_full_width_digits_in_the_query_syntax_mean_the_same_date(strict_client):
    def total(q):
        response = strict_client.get("/api/search", query_string={"q": q})
        assert response.status_code == 200
        return response.json["total"]
    assert total(f"date:{FULL_WIDTH}") == total("date:2025") > 0
    assert total(f"date:{ARABIC_INDIC}..2026") == total("date:2025..2026")


# --- methods -----------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "PROPFIND"])
def test_a_method_a_page_does_not_take_is_a_405(strict_client, method, caplog):
    app = strict_client.application
    paths = [re.sub(r"<[^>]+>", "x", rule.rule) for rule in app.url_map.iter_rules()
             if "static" not in rule.rule]
    assert "/" in paths and "/api/search" in paths
    with caplog.at_level(logging.ERROR):
        for path in paths:
            response = strict_client.open(path, method=method, data=b"a=1")
            assert response.status_code == 405, path
            assert "GET" in response.headers["Allow"]
            text = response.json["error"] if response.is_json else response.get_data(as_text=True)
            assert "只接受 GET" in text and "Traceback" not in text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_huge_page_file_is_skipped_without_being_held(tmp_path):
    page = tmp_path / "page.txt"
    with page.open("wb") as out:                    # one 40 MB line of text
        for _ in range(40):
            out.write("职工".encode("utf-8") * (2**20 // 6))
    (tmp_path / "ok.txt").write_text("职工之家开放\n\n本报讯 职工之家今天开放。\n", encoding="utf-8")
    problems = []
    tracemalloc.start()
    try:
        records = list(read_records([str(tmp_path)], on_problem=problems.append,
                                    max_chars=100_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert {r["source"] for r in records} == {"ok.txt"}
    [problem] = problems
    assert problem.path.endswith("page.txt") and "skipped" in problem.message
    assert peak < 16 * 2**20, f"{peak / 2**20:.0f} MiB held for one page"
