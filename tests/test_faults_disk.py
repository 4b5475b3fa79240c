"""A full disk: the failed run removes its own files, the disk is as before, one line.

Each test fills a small tmpfs (root only; skipped elsewhere) until an add, a
rebuild or a delete cannot finish, then checks what a user would: exit 1 with
`baoku: no space left on the device holding DIR; nothing was changed`, the
index folder byte for byte as before, the same space used, the same documents.
"""
import os

import pytest

from archive_batches import MARKERS, write_batch
from faults import fill, tmpfs, tree, used_bytes
from indexer.engines.embedded import document_count, open_index
from search_app.cli import cli

LEAVE = 600_000     # bytes left free: less than a few hundred articles need


@pytest.fixture()
def disk(tmp_path, runner):
    """(index folder on an 8 MB tmpfs holding the seed index, a batch too big for what is left)."""
    with tmpfs(tmp_path / "mnt") as mount:
        index_dir = str(mount / "index")
        assert runner.invoke(cli, ["index", "seeds", "--index", index_dir]).exit_code == 0
        yield index_dir, tmp_path


def documents(index_dir):
    return document_count(open_index(index_dir))


def full_run(runner, index_dir, args):
    """Run `baoku ARGS` on the nearly full disk; check nothing changed; return stderr."""
    before, count = tree(index_dir), documents(index_dir)
    fill(os.path.dirname(index_dir), LEAVE)
    used = used_bytes(index_dir)
    result = runner.invoke(cli, [*args, "--index", index_dir])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr.splitlines()[-1] == \
        f"baoku: no space left on the device holding {index_dir}; nothing was changed"
    assert tree(index_dir) == before
    assert used_bytes(index_dir) == used
    assert documents(index_dir) == count
    return result.stderr


@pytest.mark.parametrize("size, extra", [(300, []), (900, []), (900, ["--rebuild"])],
                         ids=["add-one-process", "add-forked-builders", "rebuild"])
def test_a_run_that_fills_the_disk_changes_nothing(disk, runner, size, extra):
    index_dir, tmp_path = disk
    batch = write_batch(tmp_path / "batch.jsonl", [f"full-{n}" for n in range(size)], MARKERS[0])
    full_run(runner, index_dir, ["index", str(batch), *extra])


def test_a_delete_on_a_full_disk_changes_nothing(disk, runner, seed_records):
    index_dir, _ = disk
    ids = [record["id"] for record in seed_records[:3]]
    before, count = tree(index_dir), documents(index_dir)
    fill(os.path.dirname(index_dir), 0)
    result = runner.invoke(cli, ["delete", *ids, "--index", index_dir])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr == (f"baoku: no space left on the device holding {index_dir}; "
                             "nothing was changed\n")
    assert tree(index_dir) == before and documents(index_dir) == count
