"""Writing the index: replace by id, rebuild swaps, deletes, locks and crashes."""
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

from indexer.engines.embedded.building import building, merging
from indexer.engines.embedded.lifecycle import checking, generations, writing
from indexer.engines.embedded.whooshinternals import joining
from indexer.engines.embedded.whooshinternals.writers import BulkPostingsWriter
from indexer.errors import IndexBuildFailed, IndexLocked
from indexer.reading.records import new_record
from indexer.engines.embedded import open_index, search
from indexer.engines.embedded.lifecycle.writing import delete_ids, index_records
from search_app.cli import cli


def rec(id, text, **more):
    return new_record(id=id, headline=f"标题{id}", body=text, kind="news", **more)


def found(index_dir, q):
    result = search(open_index(index_dir), q, per_page=0, snippets=False)
    return sorted(hit["id"] for hit in result["hits"])


def test_same_id_replaces_never_duplicates(tmp_path):
    index_dir = str(tmp_path / "ix")
    index_records(index_dir, [rec("a", "旧的正文"), rec("b", "另一篇")])
    counts = index_records(index_dir, [rec("a", "新的正文")])
    assert counts["replaced"] == 1 and counts["added"] == 0 and counts["documents"] == 2
    assert found(index_dir, '"旧的正文"') == []
    assert found(index_dir, '"新的正文"') == ["a"]
    assert search(open_index(index_dir), "")["total"] == 2


def test_same_id_twice_in_one_run_keeps_the_last(tmp_path):
    index_dir = str(tmp_path / "ix")
    counts = index_records(index_dir, [rec("a", "第一版"), rec("a", "第二版")])
    assert counts["documents"] == 1 and found(index_dir, '"第二版"') == ["a"]


def test_parallel_writer_adds_and_replaces(tmp_path, monkeypatch):
    monkeypatch.setattr(writing, "PARALLEL_FROM", 50)
    index_dir = str(tmp_path / "ix")
    index_records(index_dir, [rec(f"d{i}", f"第{i}号文章 甲") for i in range(120)])
    counts = index_records(index_dir, [rec(f"d{i}", f"第{i}号文章 乙") for i in range(60, 180)])
    assert counts == dict(counts, indexed=120, added=60, replaced=60, documents=180)
    assert len(found(index_dir, '"甲"')) == 60 and len(found(index_dir, '"乙"')) == 120


def test_rebuild_swaps_in_a_new_generation_and_removes_the_old(tmp_path):
    index_dir = str(tmp_path / "ix")
    index_records(index_dir, [rec("old", "旧档案")])
    before = generations.live_generation(index_dir)
    old_ix = open_index(index_dir)
    old_searcher = old_ix.searcher()
    counts = index_records(index_dir, [rec("new", "新档案")], rebuild=True)
    after = generations.live_generation(index_dir)
    assert counts["rebuilt"] and after != before
    assert found(index_dir, "档案") == ["new"]
    # a searcher opened before the swap still answers from the old generation
    assert old_searcher.document_number(id="old") is not None
    old_searcher.close()
    # the replaced generation is kept for searches that read CURRENT just
    # before the swap, and removed by the next run
    index_records(index_dir, [rec("more", "新档案")])
    assert not os.path.exists(before) and generations.live_generation(index_dir) == after


def test_progress_is_reported_through_the_callback_and_nothing_printed(tmp_path, capsys):
    calls = []
    index_records(str(tmp_path / "ix"), [rec(str(i), "内容") for i in range(450)],
                  progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (450, 450) and calls[0][0] < 450
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert capsys.readouterr() == ("", "")


def test_delete_ids(tmp_path):
    index_dir = str(tmp_path / "ix")
    index_records(index_dir, [rec("a", "甲"), rec("b", "乙")])
    assert delete_ids(index_dir, ["a", "missing"]) == 1
    assert found(index_dir, "") == ["b"]
    assert delete_ids(str(tmp_path / "none"), ["a"]) == 0


def test_a_second_writer_waits_then_gets_a_clear_error(tmp_path):
    index_dir = str(tmp_path / "ix")
    index_records(index_dir, [rec("a", "甲")])
    with generations.writer_lock(index_dir):
        with pytest.raises(IndexLocked, match="another writer"):
            index_records(index_dir, [rec("b", "乙")], lock_timeout=0.2)
    assert index_records(index_dir, [rec("b", "乙")])["documents"] == 2


def _python(code):
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=os.getcwd(),
                          capture_output=True, text=True, timeout=120)


def test_a_lock_left_by_a_killed_writer_does_not_block(tmp_path):
    index_dir = str(tmp_path / "ix")
    index_records(index_dir, [rec("a", "甲")])
    done = _python(f"""
        import os, signal
        from indexer.engines.embedded.lifecycle import generations
        with generations.writer_lock({index_dir!r}):
            os.kill(os.getpid(), signal.SIGKILL)
    """)
    assert done.returncode == -signal.SIGKILL
    assert os.path.exists(os.path.join(index_dir, generations.LOCK))
    assert index_records(index_dir, [rec("b", "乙")], lock_timeout=0.5)["documents"] == 2


@pytest.mark.parametrize("where", ["while adding", "before the table of contents"])
def test_a_writer_killed_mid_run_leaves_the_old_content(tmp_path, where):
    index_dir = str(tmp_path / "ix")
    index_records(index_dir, [rec("a", "旧内容")])
    kill_at = ("progress=lambda done, total: done >= 200 and os.kill(os.getpid(), 9)"
               if where == "while adding" else "progress=None")
    patch = ("" if where == "while adding" else
             "import whoosh.index; whoosh.index.TOC.write = lambda *a: os.kill(os.getpid(), 9)")
    done = _python(f"""
        import os
        {patch}
        from indexer.reading.records import new_record
        from indexer.engines.embedded.lifecycle.writing import index_records
        records = [new_record(id=str(i), body="新内容") for i in range(400)]
        index_records({index_dir!r}, records, {kill_at})
    """)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert found(index_dir, "内容") == ["a"]
    assert index_records(index_dir, [rec("b", "新内容")])["documents"] == 2
    assert found(index_dir, '"新内容"') == ["b"]


def test_an_index_opened_before_a_rebuild_follows_the_swap(tmp_path):
    index_dir = str(tmp_path / "ix")
    index_records(index_dir, [rec("old", "旧档案")])
    ix = open_index(index_dir)
    assert [h["id"] for h in search(ix, "档案")["hits"]] == ["old"]
    index_records(index_dir, [rec("new", "新档案")], rebuild=True)
    assert [h["id"] for h in search(ix, "档案")["hits"]] == ["new"]


def test_a_smaller_memory_bound_cuts_smaller_segments_and_keeps_every_document(
        tmp_path, monkeypatch, seed_records):
    monkeypatch.setattr(building, "BYTES_PER_POSTING", 2**13)   # runs of 50k-200k postings
    monkeypatch.setattr(building, "BYTES_PER_SEGMENT_POSTING", 2**12)
    monkeypatch.setattr(merging, "TIER_FACTOR", 10_000)         # no merging
    bodies = [r["body"] for r in seed_records if len(r["body"]) > 500]
    many = [rec(f"m{i}", f"第{i}号文章 丙丁戊己庚辛\n{bodies[i % len(bodies)]}")
            for i in range(300)]
    small = index_records(str(tmp_path / "small"), many, memory=writing.MIN_MEMORY)
    large = index_records(str(tmp_path / "large"), many, memory=4 * writing.MIN_MEMORY)
    assert small["segments"] > large["segments"] >= 1
    assert small["documents"] == large["documents"] == 300
    assert found(str(tmp_path / "small"), '"丙丁戊"') == found(str(tmp_path / "large"), '"丙丁戊"')


@pytest.mark.parametrize(("given", "ok"), [
    ("1.5G", True), ("800M", True), ("2g", True), (str(2**30), True), ("600MiB", True),
    ("10M", False), ("lots", False), ("1.5T", True)], ids=str)
def test_the_memory_option_takes_a_size(tmp_path, given, ok):
    seeds = os.path.join(os.path.dirname(__file__), "..", "seeds")
    result = CliRunner().invoke(cli, ["index", "--index", str(tmp_path / "ix"), seeds],
                                env={"BAOKU_INDEX_MEMORY": given})
    assert (result.exit_code == 0) == ok, result.output
    if not ok:
        assert result.exit_code == 2 and "--memory" in result.output


def _lose_end_markers(monkeypatch):
    """A writer that damages what it writes: each list's last block loses its end
    marker (the sign of its length), as issue 28's merges did."""
    real = BulkPostingsWriter._write_block
    monkeypatch.setattr(BulkPostingsWriter, "_write_block", lambda self, last=False: real(self))


def _merge_everything_as_before_the_fix(monkeypatch):
    """Every commit merges all segments into one, with issue 28's joining bug back."""
    def write_full(self):
        while len(self.ids) >= self.limit:
            self._write_block(self.limit)
    monkeypatch.setattr(joining.JoinedPostings, "_write_full", write_full)
    monkeypatch.setattr(joining.JoinedPostings, "finish", _finish_as_before)
    monkeypatch.setattr(merging, "merged",
                        lambda ix, segments, procs=1: merging.merge_groups(ix, [segments]))


def _finish_as_before(self):
    if self.ids:
        self._write_block(len(self.ids), last=True)
    self.postfile.write(b"".join(self.chunks))
    return self.start, self.postfile.tell() - self.start


@pytest.mark.parametrize(("damage", "rebuild"), [
    (_lose_end_markers, True), (_lose_end_markers, False),
    (_merge_everything_as_before_the_fix, False)],
    ids=["a-rebuild-built", "an-addition-built", "an-addition-merged"])
def test_a_damaged_segment_is_never_committed(tmp_path, monkeypatch, damage, rebuild):
    """Issue 28: every segment a run writes is read back before the commit; a
    damaged one fails the run and the live generation is as it was."""
    index_dir = str(tmp_path / "ix")
    index_records(index_dir, [rec(f"a{i}", f"职工文章{i}") for i in range(100)])
    live = generations.live_generation(index_dir)
    files = sorted(os.listdir(live))
    damage(monkeypatch)
    with pytest.raises(IndexBuildFailed, match="does not read back"):
        index_records(index_dir, [rec(f"b{i}", f"职工文章{i}") for i in range(28)],
                      rebuild=rebuild)
    monkeypatch.undo()
    assert generations.live_generation(index_dir) == live
    assert sorted(os.listdir(live)) == files, set(os.listdir(live)) ^ set(files)
    assert generations.generation_folders(index_dir) == [live]      # a rebuild's is gone
    assert len(found(index_dir, "职工")) == 100
    report = checking.check_index(index_dir)["generations"][0]
    assert report["ok"], report.get("problem")


def test_baoku_index_exits_non_zero_when_what_it_wrote_does_not_read_back(
        tmp_path, monkeypatch, runner):
    seeds = os.path.join(os.path.dirname(__file__), "..", "seeds")
    index_dir = str(tmp_path / "ix")
    assert runner.invoke(cli, ["index", "--index", index_dir, seeds]).exit_code == 0
    before = found(index_dir, "职工")
    live = generations.live_generation(index_dir)
    _lose_end_markers(monkeypatch)
    result = runner.invoke(cli, ["index", "--rebuild", "--index", index_dir, seeds])
    assert result.exit_code == 1
    assert "does not read back" in result.output and "nothing was committed" in result.output
    monkeypatch.undo()
    assert generations.live_generation(index_dir) == live and found(index_dir, "职工") == before
