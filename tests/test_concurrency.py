"""One writer at a time, readers never disturbed: what Whoosh leaves to Baoku.

Whoosh allows one writer per index (a second one gets ``LockError``), its
searchers must not be shared between threads, and a commit deletes the segment
files it merged away.  These tests check what a user would notice: a second
`baoku index` waits or says the index is busy (and loses nothing), and searches
keep answering -- and see new documents -- while an index run commits.
"""
import os
import subprocess
import threading
from pathlib import Path

import pytest

from archive_batches import MARKERS, run_index, start_index, write_batch
from indexer.engines.embedded.building import building, merging
from indexer.engines.embedded.lifecycle import generations, writing
from indexer.errors import IndexLocked
from indexer.reading.records import new_record
from indexer.engines.embedded import open_index, search
from indexer.engines.embedded.lifecycle.writing import index_records
from search_app import create_app

LOCK_WORDS = ("lock", "busy", "锁", "正在", "in use", "another")


def count(index_dir, marker):
    ix = open_index(index_dir)
    try:
        return search(ix, f'"{marker}"', per_page=1, snippets=False)["total"]
    finally:
        ix.close()


def records(prefix, n, marker):
    """``n`` small records whose bodies contain ``marker``."""
    return [new_record(id=f"{prefix}-{i}", kind="news", headline=f"{prefix} 第{i}条",
                       body=f"职工之家活动第{i}场。本条目含有{marker}字样。",
                       date="2024-05-01", source="concurrency-test")
            for i in range(n)]


@pytest.fixture()
def index_dir(tmp_path):
    path = tmp_path / "index"
    index_records(path, records("base", 10, MARKERS[0]))
    return path


def test_cli_writer_waits_for_a_lock_released_in_time(index_dir, tmp_path):
    batch = write_batch(tmp_path / "b.jsonl", [f"second-{n}" for n in range(30)], MARKERS[1])
    ix = open_index(index_dir)
    holder = ix.writer()            # another writer holds Whoosh's write lock for 2 s
    try:
        proc = start_index(index_dir, batch, output=subprocess.PIPE)
        release = threading.Timer(2.0, holder.cancel)
        release.start()
        out, err = proc.communicate(timeout=120)
        release.join()
    finally:
        if not holder.is_closed:
            holder.cancel()
        ix.close()
    assert "Traceback" not in out + err
    assert proc.returncode == 0, out + err
    assert count(index_dir, MARKERS[1]) == 30
    assert count(index_dir, MARKERS[0]) == 10


def test_cli_writer_refuses_a_lock_held_too_long_and_loses_nothing(index_dir, tmp_path):
    batch = write_batch(tmp_path / "b.jsonl", [f"second-{n}" for n in range(30)], MARKERS[1])
    ix = open_index(index_dir)
    holder = ix.writer()            # held for the whole run
    try:
        code, output = run_index(index_dir, batch)
    finally:
        holder.cancel()
        ix.close()
    assert code == 1 and "Traceback" not in output
    assert any(word in output.lower() for word in LOCK_WORDS), output
    assert count(index_dir, MARKERS[1]) == 0
    assert run_index(index_dir, batch)[0] == 0          # once free, the same run lands
    assert count(index_dir, MARKERS[1]) == 30
    assert count(index_dir, MARKERS[0]) == 10


def test_library_writer_waits_for_a_lock_released_in_time(index_dir):
    ix = open_index(index_dir)
    holder = ix.writer()
    outcome = {}

    def write():
        try:
            outcome["result"] = index_records(index_dir, records("late", 5, MARKERS[2]))
        except IndexLocked as error:
            outcome["locked"] = str(error)

    worker = threading.Thread(target=write)
    worker.start()
    worker.join(timeout=1.0)
    holder.cancel()
    ix.close()
    worker.join(timeout=120)
    assert not worker.is_alive(), "index_records never returned after the lock was freed"
    assert outcome.get("result", {}).get("added") == 5, outcome
    assert count(index_dir, MARKERS[2]) == 5
    assert count(index_dir, MARKERS[0]) == 10


def test_writer_gives_up_after_its_timeout_with_a_clear_message(index_dir):
    with generations.writer_lock(index_dir):        # another writer is busy
        with pytest.raises(IndexLocked, match="another writer"):
            index_records(index_dir, records("blocked", 3, MARKERS[7]), lock_timeout=0.5)
    assert count(index_dir, MARKERS[7]) == 0
    index_records(index_dir, records("blocked", 3, MARKERS[7]), lock_timeout=0.5)
    assert count(index_dir, MARKERS[7]) == 3


def test_two_cli_runs_at_once_both_land(index_dir, tmp_path):
    batches = [write_batch(tmp_path / f"{n}.jsonl", [f"twin{n}-{i}" for i in range(60)],
                           MARKERS[3 + n], seed=n) for n in range(2)]
    procs = [start_index(index_dir, batch, output=subprocess.PIPE) for batch in batches]
    results = [(proc.wait(timeout=180), proc.communicate()) for proc in procs]
    for n, (code, (out, err)) in enumerate(results):
        # the second waits for the first (the lock's 10 s outlast a 60-item run)
        assert code == 0 and "Traceback" not in out + err, err[-2000:]
        assert count(index_dir, MARKERS[3 + n]) == 60
    assert count(index_dir, MARKERS[0]) == 10


@pytest.mark.parametrize("rebuild", [False, True], ids=["add", "rebuild"])
def test_searches_answer_during_an_index_run_and_see_its_commit(index_dir, tmp_path, rebuild):
    app = create_app({"TESTING": True, "BAOKU_INDEX": str(index_dir)})
    client = app.test_client()
    batch = write_batch(tmp_path / "new.jsonl", [f"live-{n}" for n in range(150)], MARKERS[4])
    proc = start_index(index_dir, batch, rebuild=rebuild)
    seen = set()
    while proc.poll() is None:
        response = client.get("/api/search", query_string={"q": f'"{MARKERS[4]}"'})
        assert response.status_code == 200, response.get_data(as_text=True)
        seen.add(response.get_json()["total"])
        assert client.get("/", query_string={"q": "职工"}).status_code == 200
    assert proc.returncode == 0
    assert seen <= {0, 150}, f"a search saw half a commit: {sorted(seen)}"
    after = client.get("/api/search", query_string={"q": f'"{MARKERS[4]}"'}).get_json()
    assert after["total"] == 150            # same app, no restart
    assert client.get("/api/articles/live-7").status_code == 200
    assert count(index_dir, MARKERS[0]) == (0 if rebuild else 10)


def test_threads_search_while_commits_merge_segments(index_dir):
    """Each commit may merge and delete segment files readers were using."""
    app = create_app({"TESTING": True, "BAOKU_INDEX": str(index_dir)})
    stop, problems, totals = threading.Event(), [], {}

    def reader(n):
        client, last = app.test_client(), 0
        while not stop.is_set():
            response = client.get("/api/search", query_string={"q": "职工之家", "per_page": 5})
            if response.status_code != 200:
                problems.append((response.status_code, response.get_data(as_text=True)[:300]))
                return
            total = response.get_json()["total"]
            if total < last:
                problems.append(f"thread {n}: total went back from {last} to {total}")
            last = totals[n] = total

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    try:
        for batch in range(12):
            index_records(index_dir, records(f"merge{batch}", 5, MARKERS[5]))
        # Rebuilds swap generations and delete old ones under the readers.
        everything = records("base", 10, MARKERS[0]) + [
            r for b in range(12) for r in records(f"merge{b}", 5, MARKERS[5])]
        for _ in range(4):
            index_records(index_dir, everything, rebuild=True)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert not problems, problems[:3]
    assert count(index_dir, MARKERS[5]) == 60
    assert app.test_client().get(
        "/api/search", query_string={"q": "职工之家"}).get_json()["total"] == 70


def deleted_files_held(folder):
    """Files under ``folder`` this process still has open or mapped after they were deleted."""
    prefix = os.path.realpath(folder)
    held = set()
    for line in Path("/proc/self/maps").read_text().splitlines():
        if line.endswith("(deleted)") and prefix in line:
            held.add(line.split(None, 5)[-1])
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.endswith("(deleted)") and target.startswith(prefix):
            held.add(target)
    return held


def test_rebuilds_release_the_old_generation_once_searches_move_on(index_dir):
    """A long-running server must not keep every replaced index on disk until restart."""
    for rebuild in range(3):
        search(open_index(index_dir), "职工之家", per_page=1)
        index_records(index_dir, records(f"gen{rebuild}", 20, MARKERS[6]), rebuild=True)
    assert search(open_index(index_dir), "职工之家", per_page=1)["total"] == 20
    held = deleted_files_held(index_dir)
    assert not held, f"{len(held)} deleted index files still held: {sorted(held)[:3]}"


def test_searches_answer_while_an_add_builds_and_merges(index_dir, monkeypatch):
    """An add big enough to fork builders, whose commit merges segments (tiers of 3
    here), runs in a thread; searches go on the whole time and answer every time."""
    monkeypatch.setattr(writing, "PARALLEL_FROM", 100)
    monkeypatch.setattr(building.Limits, "for_memory",      # segments of ~100 records
                        classmethod(lambda cls, memory, procs: cls(6_000, procs, 2_000)))
    monkeypatch.setattr(merging, "TIER_FACTOR", 3)
    monkeypatch.setattr(merging, "TIER_FLOOR", 50)
    for batch in range(2):      # two small segments beside the base one: the add merges them
        index_records(index_dir, records(f"small{batch}", 5, MARKERS[3]))
    outcome = {}

    def add():
        outcome["counts"] = index_records(index_dir, records("bulk", 700, MARKERS[3]))
    adding = threading.Thread(target=add)
    ix, seen, problems = open_index(index_dir), [], []
    adding.start()
    while adding.is_alive() or not seen:
        try:
            seen.append(search(ix, f'"{MARKERS[3]}"', per_page=5)["total"])
        except Exception as error:      # noqa: BLE001 - any failure is what this test looks for
            problems.append(repr(error))
    adding.join()
    assert not problems, problems[:3]
    assert len(seen) >= 3 and seen == sorted(seen) and seen[0] == 10
    assert outcome["counts"]["segments"] < 3 + 700 // 100
    assert search(ix, f'"{MARKERS[3]}"')["total"] == 710
