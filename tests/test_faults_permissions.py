"""An index folder the writer may not write: a read-only mount, a user without
permission.  A write is refused with one line and nothing changes; searching
still works.  Both need root to set up (skipped elsewhere, with the reason)."""
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

from faults import copy_index, tree
from indexer.engines.embedded import document_count, health, open_index
from search_app.cli import cli

NOBODY = ("--reuid=nobody", "--regid=nogroup", "--clear-groups")


def needs_root(tool):
    if os.geteuid() != 0:
        pytest.skip(f"setting this up needs root ({tool})")
    if not shutil.which(tool):
        pytest.skip(f"{tool} is not installed")


@pytest.fixture()
def read_only(tmp_path, seed_index):
    """The seed index seen through a read-only bind mount."""
    needs_root("mount")
    source, view = copy_index(seed_index, tmp_path / "index"), tmp_path / "ro"
    view.mkdir()
    if subprocess.run(["mount", "--bind", source, str(view)], capture_output=True).returncode:
        pytest.skip("bind mounts are not allowed here")
    try:
        done = subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], capture_output=True)
        if done.returncode:
            pytest.skip("a read-only remount is not allowed here")
        yield str(view)
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)


def test_a_read_only_mount_refuses_writes_and_still_answers(read_only, runner, seed_records):
    before = tree(read_only)
    for args in (["index", "seeds"], ["index", "seeds", "--rebuild"], ["delete", "x"],
                 ["recover"]):
        result = runner.invoke(cli, [*args, "--index", read_only])
        assert result.exit_code == 1 and "Traceback" not in result.output, args
        assert result.stderr.splitlines()[-1] == (
            f"baoku: the index at {read_only} is on a read-only file system; nothing was "
            f"changed; write to it where it is mounted read-write"), args
    assert tree(read_only) == before
    assert document_count(open_index(read_only)) == len(seed_records)
    assert health(read_only)["documents"] == len(seed_records)


def test_a_user_without_write_permission_gets_one_line(seed_index):
    needs_root("setpriv")
    folder = tempfile.mkdtemp(prefix="baoku-perm-", dir="/tmp")
    try:
        os.chmod(folder, 0o755)
        index_dir = copy_index(seed_index, os.path.join(folder, "index"))
        for top, dirs, files in os.walk(folder):
            for name in dirs + files:
                os.chmod(os.path.join(top, name), 0o755 if name in dirs else 0o644)
        before = tree(index_dir)
        command = ["setpriv", *NOBODY, sys.executable, "-c",
                   "from search_app.cli import cli; cli()"]
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        done = subprocess.run([*command, "delete", "x", "--index", index_dir],
                              capture_output=True, text=True, env=env, cwd=os.getcwd())
        if "setpriv:" in done.stderr or "ModuleNotFoundError" in done.stderr:
            pytest.skip(f"cannot run as nobody here: {done.stderr.strip()[:200]}")
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert done.stderr == (f"baoku: permission denied writing {index_dir}/WRITELOCK; nothing "
                               f"was changed; run as a user who may write to {index_dir}, or fix "
                               f"its permissions\n")
        found = subprocess.run([*command, "search", "工会", "--index", index_dir, "--limit", "1"],
                               capture_output=True, text=True, env=env)
        assert found.returncode == 0 and " hits for '工会'" in found.stdout
        assert tree(index_dir) == before
        os.chmod(os.path.join(index_dir, "gen-000001"), 0o700)     # not even readable
        unreadable = subprocess.run([*command, "search", "工会", "--index", index_dir],
                                    capture_output=True, text=True, env=env)
        assert unreadable.returncode == 1 and "Traceback" not in unreadable.stderr
        assert unreadable.stderr.startswith("baoku: permission denied reading ")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
