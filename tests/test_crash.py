"""Crash safety: `baoku index` killed with SIGKILL at random points never harms the index.

Each round starts `baoku index` on a new batch (new ids plus replacements of
earlier ones; every few rounds a ``--rebuild``), SIGKILLs it after a random
delay and checks what a user would see: the index opens and holds exactly the
content before the run or exactly the content after it, counted per batch
marker.  Then the same run is repeated: nothing the killed writer left behind
(lock, temporary files, worker processes) may block it, and afterwards the index
holds the new content.  Set ``BAOKU_CRASH_ROUNDS`` for a longer hunt.
"""
import collections
import os
import random
import signal
import subprocess
import time

import pytest

from archive_batches import (MARKERS, SEEDS, kill_group, live_group_members, run_index,
                             start_index, wait_group_gone, write_batch)
from indexer.errors import IndexMissing, IndexPointerLost
from indexer.reading.records import KINDS
from indexer.engines.embedded import index_stats, open_index, search
from indexer.engines.embedded.lifecycle.recovery import recover

ROUNDS = int(os.environ.get("BAOKU_CRASH_ROUNDS", "6"))
REBUILD_EVERY = 3          # rounds 3, 6, ... run `baoku index --rebuild`
NEW_PER_ROUND, REPLACED_PER_ROUND = 60, 15


def snapshot(index_dir):
    """(documents, {marker: hits of the quoted marker}) as a user would see them."""
    ix = open_index(index_dir)
    try:
        total = search(ix, "", filters={"kind": list(KINDS)}, per_page=1, snippets=False)["total"]
        counts = {m: search(ix, f'"{m}"', per_page=1, snippets=False)["total"]
                  for m in MARKERS}
    finally:
        ix.close()
    documents = index_stats(index_dir)["documents"]
    assert documents == total, "index_stats and an empty-query search disagree"
    return total, counts


def expected(base, model):
    """The snapshot the id -> marker ``model`` implies on top of ``base`` seed records."""
    per_marker = collections.Counter(model.values())
    return base + len(model), {m: per_marker.get(m, 0) for m in MARKERS}


def next_batch(rng, model, round_no, folder):
    """A batch for this round: new ids plus replacements; return (path, new model)."""
    marker = MARKERS[round_no % len(MARKERS)]
    new_ids = [f"crash-{round_no}-{n}" for n in range(NEW_PER_ROUND)]
    replaced = rng.sample(sorted(model), min(REPLACED_PER_ROUND, len(model)))
    ids = new_ids + replaced
    path = write_batch(folder / f"batch{round_no}.jsonl", ids, marker, seed=round_no,
                       from_archive=True)
    return path, {**model, **{i: marker for i in ids}}


def tree_files(folder):
    """Every path under ``folder`` (to notice a commit starting)."""
    return {os.path.join(top, name) for top, dirs, files in os.walk(folder)
            for name in dirs + files}


def committing(path):
    """A file that only appears once a writer commits: segment, table of contents, pointer."""
    name = os.path.basename(path)
    return name.endswith(".seg") or ".toc" in name or name.startswith("CURRENT.")


def kill_at(proc, index_dir, mode, rng, full_run):
    """SIGKILL ``proc`` (the writer only, as a crash would); describe when."""
    if mode == "commit":          # aim at the commit: just after its first file appears
        before = tree_files(index_dir)
        while proc.poll() is None and not any(map(committing, tree_files(index_dir) - before)):
            time.sleep(0.002)
        delay = rng.uniform(0, 0.08)
        when = f"{delay * 1000:.0f} ms into the commit"
    else:
        delay = rng.uniform(0.05, 1.0) * full_run
        when = f"{delay:.2f} s after the start"
    try:
        proc.wait(timeout=delay)
        return "finished before the kill"
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return when


@pytest.mark.slow      # reads archive items when ../shared/corpora has them; runs either way
def test_sigkill_at_random_points_leaves_old_or_new_content(tmp_path):
    rng = random.Random(20250505)
    index_dir = tmp_path / "work" / "index"
    first, model = next_batch(rng, {}, 0, tmp_path)
    started = time.monotonic()
    code, output = run_index(index_dir, SEEDS, first)
    full_run = time.monotonic() - started
    assert code == 0, output
    base = snapshot(index_dir)[0] - len(model)
    assert snapshot(index_dir) == expected(base, model)

    outcomes, orphans = collections.Counter(), []
    for round_no in range(1, ROUNDS + 1):
        rebuild = round_no % REBUILD_EVERY == 0
        # A rebuild's new content is the seeds plus this batch alone.
        path, after = next_batch(rng, {} if rebuild else model, round_no, tmp_path)
        paths = (SEEDS, path)
        mode = "commit" if round_no % 2 else "uniform"
        proc = start_index(index_dir, *paths, rebuild=rebuild)
        when = kill_at(proc, index_dir, mode, rng, full_run)
        left = wait_group_gone(proc.pid, timeout=5)
        if left:
            orphans.append((round_no, left))
        where = f"round {round_no} ({'rebuild' if rebuild else 'add'}), killed {when}"
        state = snapshot(index_dir)
        assert state in (expected(base, model), expected(base, after)), where
        outcomes["old content" if state == expected(base, model) else "new content"] += 1

        code, output = run_index(index_dir, *paths, rebuild=rebuild, timeout=60)
        kill_group(proc.pid)
        assert code == 0, f"{where}: the next run failed:\n{output}"
        assert "Traceback" not in output
        assert snapshot(index_dir) == expected(base, after), where
        model = after

    print(f"\n{ROUNDS} SIGKILL rounds: {dict(outcomes)}")
    assert not orphans, f"processes outlived their killed `baoku index`: {orphans}"
    leftovers = sorted(p.name for p in (tmp_path / "work").iterdir() if p.name != "index")
    assert not leftovers, f"killed runs left files beside the index: {leftovers}"
    inside = sorted(p.name for p in index_dir.iterdir())
    # The live generation, and at most the one a rebuild replaced (kept for
    # searches that were opening it; removed by the next run).
    assert 1 <= len([n for n in inside if n.startswith("gen-")]) <= 2, inside
    assert not [n for n in inside if n.endswith(".tmp")], f"temporary files left: {inside}"


def test_killed_parallel_writer_leaves_no_worker_holding_the_lock(tmp_path):
    """Big runs fork segment builders; a SIGKILLed parent must not leave them behind."""
    index_dir = tmp_path / "index"
    small = write_batch(tmp_path / "small.jsonl", ["p-0"], MARKERS[1])
    assert run_index(index_dir, small)[0] == 0
    big = tmp_path / "big.jsonl"
    with open(big, "w", encoding="utf-8") as out:
        for n in range(2500):
            out.write(f'{{"id": "big-{n}", "title": "第{n}条", "body": "职工之家{MARKERS[2]}"}}\n')
    proc = start_index(index_dir, big)
    while proc.poll() is None and len(live_group_members(proc.pid)) < 2:
        time.sleep(0.01)
    if proc.poll() is not None:
        pytest.skip("the run finished before forking workers")
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    try:
        left = wait_group_gone(proc.pid, timeout=5)
        code, output = run_index(index_dir, small, timeout=60)
    finally:
        kill_group(proc.pid)
    assert code == 0, f"the next run was blocked:\n{output}"
    assert not left, f"worker processes outlived the killed writer: {left}"
    assert snapshot(index_dir)[1][MARKERS[2]] in (0, 2500)


def test_stale_lock_file_does_not_block_the_next_run(tmp_path):
    index_dir = tmp_path / "index"
    batch = write_batch(tmp_path / "a.jsonl", [f"lock-{n}" for n in range(5)], MARKERS[0])
    assert run_index(index_dir, batch)[0] == 0
    # What a killed writer leaves: lock files nobody holds any more.
    for name in os.listdir(index_dir):
        if "LOCK" in name.upper():
            (index_dir / name).touch()
    (index_dir / "_MAIN_WRITELOCK").touch()
    batch2 = write_batch(tmp_path / "b.jsonl", [f"lock-b-{n}" for n in range(5)], MARKERS[1])
    code, output = run_index(index_dir, batch2, timeout=60)
    assert code == 0, output
    assert snapshot(index_dir)[1][MARKERS[1]] == 5


def test_first_build_killed_leaves_no_index_or_a_whole_one(tmp_path):
    index_dir = tmp_path / "index"
    batch = write_batch(tmp_path / "a.jsonl", [f"first-{n}" for n in range(80)], MARKERS[3])
    proc = start_index(index_dir, batch)
    when = kill_at(proc, index_dir, "commit", random.Random(7), full_run=1.0)
    try:
        state = snapshot(index_dir)
    except IndexMissing:
        state = None                   # nothing was ever committed: a clear "no index"
    except IndexPointerLost:
        # Killed between the finished generation's signature and CURRENT: the
        # generation is kept (never built over) and `baoku recover` makes it live.
        recover(str(index_dir))
        state = snapshot(index_dir)
    assert state in (None, (80, {m: 80 if m == MARKERS[3] else 0 for m in MARKERS})), when
    code, output = run_index(index_dir, batch, timeout=60)
    assert code == 0, output
    assert snapshot(index_dir)[1][MARKERS[3]] == 80
