"""The searcher pool: no leak, no sharing, closed when replaced, safe across fork."""
import os
import threading

import pytest

from indexer.reading.records import new_record
from indexer.engines.embedded import checkout, open_index, search
from indexer.engines.embedded.lifecycle.writing import index_records


def records(n, word="职工之家"):
    return [new_record(id=f"d{i}", kind="news", source="t.jsonl", headline=f"{word}第{i}期",
                       body=f"第{i}篇{word}简讯。", date="2025-01-01") for i in range(n)]


@pytest.fixture()
def index_dir(tmp_path):
    path = str(tmp_path / "index")
    index_records(path, records(5))
    return path


def open_files():
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_repeated_searches_reuse_searchers_and_files(index_dir):
    ix = open_index(index_dir)
    search(ix, "职工之家")
    before = open_files()
    for _ in range(50):
        assert search(ix, "职工之家")["total"] == 5
    assert open_files() <= before


def test_a_searcher_is_never_handed_to_two_users_at_once(index_dir):
    ix = open_index(index_dir)
    with checkout(ix) as first, checkout(ix) as second:
        assert first is not second
    with checkout(ix) as again:
        assert again in (first, second)      # given back, then reused


def test_threads_search_concurrently_with_correct_answers(index_dir):
    ix = open_index(index_dir)
    errors = []

    def run():
        for _ in range(20):
            result = search(ix, "职工之家", per_page=0)
            if result["total"] != 5:
                errors.append(result["total"])
    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_commit_and_rebuild_are_seen_and_old_searchers_closed(index_dir):
    ix = open_index(index_dir)
    with checkout(ix) as old:
        pass
    index_records(index_dir, records(7))                   # a commit in the same generation
    assert search(ix, "职工之家")["total"] == 7
    assert old.is_closed
    with checkout(ix) as before_rebuild:
        pass
    index_records(index_dir, records(3, word="劳模工作室"), rebuild=True)
    assert search(ix, "劳模工作室")["total"] == 3
    assert search(ix, "职工之家")["total"] == 0
    assert before_rebuild.is_closed, "a replaced generation's searcher still holds its files"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_forked_workers_do_not_share_an_inherited_searcher(index_dir):
    # gunicorn forks workers after a warm-up search: a pooled searcher's file
    # offset would be shared by parent and child, and reads would interleave
    ix = open_index(index_dir)
    with checkout(ix) as parents:
        pass
    pid = os.fork()
    if pid == 0:                                            # the child
        with checkout(ix) as childs:
            fresh = childs is not parents
        ok = fresh and all(search(ix, "职工之家")["total"] == 5 for _ in range(40))
        os._exit(0 if ok else 1)
    totals = [search(ix, "职工之家")["total"] for _ in range(40)]
    _, status = os.waitpid(pid, 0)
    assert totals == [5] * 40
    assert os.waitstatus_to_exitcode(status) == 0


def _generation_folder(index_dir):
    [folder] = [os.path.join(index_dir, n) for n in os.listdir(index_dir) if n.startswith("gen-")]
    return folder


def test_a_commit_is_seen_though_the_folder_had_not_changed_for_long(index_dir, monkeypatch):
    """A search trusts a settled folder left as it was (no listing of ~1,900 files
    a search at a million items), and still sees the next commit."""
    ix = open_index(index_dir)
    folder = _generation_folder(index_dir)
    settled = os.stat(folder).st_mtime - 60
    os.utime(folder, (settled, settled))
    for _ in range(2):      # a searcher opened, then found current once
        assert search(ix, "职工之家")["total"] == 5
    listed = []
    real = os.listdir
    monkeypatch.setattr(os, "listdir", lambda path=".": listed.append(path) or real(path))
    for _ in range(5):
        assert search(ix, "职工之家")["total"] == 5
    assert folder not in [os.path.abspath(p) for p in listed]
    monkeypatch.undo()
    index_records(index_dir, records(7))
    assert search(ix, "职工之家")["total"] == 7


def test_a_commit_in_the_same_tick_as_the_last_change_is_seen(index_dir):
    """A commit that leaves the folder's modification time as it was (a coarse
    clock: both within one tick) is still seen: a time is trusted only when it
    had settled before it was seen."""
    ix = open_index(index_dir)
    folder = _generation_folder(index_dir)
    for _ in range(2):      # a searcher opened, then found current (the folder just changed)
        assert search(ix, "职工之家")["total"] == 5
    recent = os.stat(folder).st_mtime_ns
    index_records(index_dir, records(7))
    os.utime(folder, ns=(recent, recent))              # as if in the same tick
    assert search(ix, "职工之家")["total"] == 7
