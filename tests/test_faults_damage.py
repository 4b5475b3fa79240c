"""A damaged index -- a truncated, flipped or deleted segment, a truncated table
of contents -- is one clear message everywhere: the CLI's one line (exit 1, no
traceback, no `Aborted!`), the web's 503 in the one error shape (never 500),
an unhealthy /healthz, and `baoku check` naming the generation."""
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from faults import DAMAGE, copy_index, damage
from indexer.engines import open_engine
from indexer.errors import IndexDamaged
from indexer.engines.embedded.lifecycle.faults import from_the_files
from indexer.engines.embedded.whooshinternals import read_blocks
from indexer.engines.embedded import get_article, health, open_index, related, search, suggest
from search_app import create_app
from search_app.cli import cli
from search_app.server import serving_state

QUERIES = ("工会", '"北京市总工会"', "", "reporter:马超", "职工 OR 劳模", "会")


@pytest.fixture(params=DAMAGE)
def damaged(request, tmp_path, seed_index):
    index_dir = copy_index(seed_index, tmp_path / "index")
    damage(index_dir, request.param)
    return index_dir


def library_calls(index_dir, article_id):
    """Every way the library reads the index; each either answers or raises IndexDamaged."""
    yield lambda: [search(open_index(index_dir), q) for q in QUERIES]
    yield lambda: get_article(open_index(index_dir), article_id, q="工会")
    yield lambda: related(open_index(index_dir), article_id)
    yield lambda: suggest(open_index(index_dir), "北京")
    yield lambda: health(index_dir)


def test_the_library_raises_one_error_with_the_fix(damaged, seed_records):
    failures = []
    for call in library_calls(damaged, seed_records[0]["id"]):
        try:
            call()
        except IndexDamaged as error:
            failures.append(str(error))
    assert failures, "no read noticed the damage"
    assert all("is damaged (gen-000001: " in f and "baoku check --index" in f for f in failures)
    with pytest.raises(IndexDamaged):       # once a read met the damage, health says so
        health(damaged)


def test_the_cli_prints_one_line(damaged, runner):
    outputs = [runner.invoke(cli, ["search", q, "--index", damaged]) for q in QUERIES if q]
    outputs.append(runner.invoke(cli, ["stats", "--index", damaged]))
    failed = [r for r in outputs if r.exit_code]
    assert failed
    for result in failed:
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "Aborted" not in result.output
        assert result.stderr.startswith("baoku: the index at ") and result.stderr.count("\n") == 1


def test_check_names_the_damaged_generation(damaged, runner):
    result = runner.invoke(cli, ["check", "--index", damaged])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stdout.startswith("gen-000001 (live): damaged: ")
    assert "baoku: gen-000001 (live) is damaged; rebuild it with" in result.stderr


def test_the_web_answers_503_never_500(damaged, seed_records):
    client = create_app({"TESTING": True, "BAOKU_INDEX": damaged}).test_client()
    article = seed_records[0]["id"]
    urls = [f"/api/search?q={q}" for q in QUERIES] + [
        "/?q=工会", f"/articles/{article}", f"/api/articles/{article}", "/api/suggest?q=北京"]
    statuses = {}
    for url in urls:
        response = client.get(url)
        statuses[url] = response.status_code
        assert response.status_code in (200, 503), url
        if response.status_code == 503 and url.startswith("/api/"):
            assert set(response.json) == {"error", "status"} and "索引" in response.json["error"]
    assert 503 in statuses.values()
    unhealthy = client.get("/healthz")
    assert unhealthy.status_code == 503 and unhealthy.json["status"] == "unhealthy"
    assert "gen-000001" in unhealthy.json["reason"]


def test_serve_starts_on_a_truncated_toc_and_says_what_is_wrong(tmp_path, seed_index):
    index_dir = copy_index(seed_index, tmp_path / "index")
    damage(index_dir, "truncated TOC")
    assert "is damaged (gen-000001: the table of contents: " in \
        serving_state(open_engine(index_dir), "seeds")["problem"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-c", "from search_app.cli import cli; cli()", "serve",
               "--index", index_dir, "--port", str(port), "--workers", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    try:
        status, body = None, {}
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            except urllib.error.HTTPError as error:
                status, body = error.code, json.load(error)
                break
            except OSError:
                assert process.poll() is None, process.stderr.read()
                time.sleep(0.1)
    finally:
        process.terminate()
        stderr = process.communicate(timeout=10)[1]
    assert status == 503 and body["status"] == "unhealthy"
    assert "baoku: warning: the index at" in stderr and "Traceback" not in stderr


def test_a_sound_index_checks_ok(seed_index, seed_records, runner):
    result = runner.invoke(cli, ["check", "--index", seed_index])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"gen-000001 (live): ok, {len(seed_records)} documents in 1 segment(s)\n"
    assert health(seed_index) == {"status": "ok", "documents": len(seed_records)}


def test_bad_bytes_met_where_baoku_decodes_whooshs_files_are_damage_not_a_bug():
    """A posting list whose bytes are not Whoosh's, found by Baoku's own reader
    of them (``whooshinternals``, no Whoosh frame below it), is the index's
    damage (IndexDamaged, the fix named) as one Whoosh meets is; a caller's
    bad argument elsewhere stays a bug."""
    with pytest.raises(ValueError) as caught:
        read_blocks(b"not a posting list")
    assert from_the_files(caught.value)
    with pytest.raises(ValueError) as elsewhere:
        int("not a number")
    assert not from_the_files(elsewhere.value)
