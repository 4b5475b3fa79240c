"""A missing, empty or dangling CURRENT: reported, never built over, restored by `baoku recover`.

Before, `baoku index` into such a folder deleted every generation (3,036
documents became 7).  Now nothing is deleted or written until `baoku recover`
points CURRENT at the newest generation that opens and answers.
"""
import os

import pytest

from faults import copy_index, damage, tree
from indexer.errors import IndexMissing, IndexPointerLost
from indexer.reading.records import new_record
from indexer.engines.embedded import document_count, health, open_index
from indexer.engines.embedded.lifecycle import generations
from indexer.engines.embedded.lifecycle.recovery import recover
from indexer.engines.embedded.lifecycle.writing import index_records
from search_app import create_app
from search_app.cli import cli

POINTERS = {
    "empty": lambda path: path.write_text(""),
    "missing": lambda path: path.unlink(),
    "dangling": lambda path: path.write_text("gen-000009"),
    "garbage": lambda path: path.write_bytes(b"\xff\xfe../../etc"),
}


@pytest.fixture(params=POINTERS, ids=list(POINTERS))
def lost(request, tmp_path, seed_index):
    """A copy of the seed index whose CURRENT is broken one way."""
    index_dir = copy_index(seed_index, tmp_path / "index")
    POINTERS[request.param](tmp_path / "index" / generations.POINTER)
    return index_dir


def documents(index_dir):
    return document_count(open_index(index_dir))


def test_search_says_what_is_wrong_and_how_to_restore(lost, runner):
    with pytest.raises(IndexPointerLost, match=r"CURRENT .* holds gen-000001.*baoku recover"):
        open_index(lost)
    result = runner.invoke(cli, ["search", "工会", "--index", lost])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith("baoku: CURRENT") and "baoku recover --index" in result.stderr


def test_indexing_into_it_deletes_nothing(lost, runner, seed_records):
    before = tree(lost)
    page = sorted(os.listdir("seeds"))[0]
    for extra in ([], ["--rebuild"]):
        result = runner.invoke(cli, ["index", f"seeds/{page}", "--index", lost, *extra])
        assert result.exit_code == 1 and "nothing was changed" in result.stderr
    with pytest.raises(IndexPointerLost):
        index_records(lost, [new_record(id="x", body="新文章")])
    assert {k: v for k, v in tree(lost).items() if k != "WRITELOCK"} == \
        {k: v for k, v in before.items() if k != "WRITELOCK"}
    assert recover(lost)["live"] == "gen-000001"
    assert documents(lost) == len(seed_records)


def test_recover_then_everything_answers(lost, runner, seed_records):
    result = runner.invoke(cli, ["recover", "--index", lost])
    assert result.exit_code == 0, result.output
    assert f"gen-000001 is live (was none), {len(seed_records)} documents" in result.stderr
    client = create_app({"TESTING": True, "BAOKU_INDEX": lost}).test_client()
    assert client.get("/healthz").json == {"status": "ok", "documents": len(seed_records)}


def test_web_is_503_and_healthz_unhealthy(lost):
    client = create_app({"TESTING": True, "BAOKU_INDEX": lost}).test_client()
    response = client.get("/api/search?q=工会")
    assert response.status_code == 503 and "baoku recover" in response.json["error"]
    assert set(response.json) == {"error", "status"}
    unhealthy = client.get("/healthz")
    assert unhealthy.status_code == 503 and unhealthy.json["status"] == "unhealthy"
    assert "gen-000001" in unhealthy.json["reason"]


def test_recover_skips_a_damaged_live_generation(tmp_path, seed_index, seed_records, runner):
    index_dir = copy_index(seed_index, tmp_path / "index")
    index_records(index_dir, [new_record(id="only", body="重建后的唯一文章")], rebuild=True)
    assert documents(index_dir) == 1            # gen-000002 live, gen-000001 kept
    damage(index_dir, "truncated TOC")
    result = runner.invoke(cli, ["recover", "--index", index_dir])
    assert result.exit_code == 0, result.output
    assert "skipped gen-000002: the index at" in result.stderr
    assert "gen-000001 is live (was gen-000002)" in result.stderr
    assert documents(index_dir) == len(seed_records)
    assert health(index_dir)["documents"] == len(seed_records)


def test_recover_with_nothing_good_says_rebuild(tmp_path, seed_index, runner):
    index_dir = copy_index(seed_index, tmp_path / "index")
    damage(index_dir, "deleted segment")
    with pytest.raises(IndexMissing, match=r"gen-000001: .*missing.*--rebuild"):
        recover(index_dir)
    result = runner.invoke(cli, ["recover", "--index", index_dir])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_an_unfinished_first_build_is_no_index(tmp_path):
    """A first build killed before its signature: no archive to protect, so a
    new run builds (and the unfinished folder goes once CURRENT names one)."""
    index_dir = tmp_path / "index"
    os.makedirs(index_dir / "gen-000001")
    with pytest.raises(IndexMissing):
        open_index(str(index_dir))
    index_records(str(index_dir), [new_record(id="a", body="第一篇")])
    assert generations.live_generation(str(index_dir)).endswith("gen-000002")
    index_records(str(index_dir), [new_record(id="b", body="第二篇")])
    assert sorted(os.listdir(index_dir)) == ["CURRENT", "WRITELOCK", "gen-000002"]
