"""`baoku cluster stop` signals only a searchd it started (issue 23, deliverable 6): a pid
file naming another process -- planted, or stale after a reboot -- is not believed.

No Sphinx needed: the processes are stand-ins whose command line is (or is not) that of
the node's searchd."""
import json
import subprocess
import sys
import time

import pytest

from indexer.engines.sphinx import processes
from search_app.cli import cli


@pytest.fixture()
def cluster_folder(tmp_path):
    """A cluster folder with one node (nothing listening on its port)."""
    node = {"name": "shard1", "role": "shard", "host": "127.0.0.1", "sql": 9, "api": 9}
    (tmp_path / "shard1").mkdir()
    (tmp_path / "shard1" / "searchd.conf").write_text("searchd {}\n")
    (tmp_path / "cluster.json").write_text(json.dumps({"nodes": [node]}))
    return tmp_path


def stand_in(*args):
    """A process whose command line is ``args`` (argv[0] first) that sleeps."""
    process = subprocess.Popen([args[0], "-c", "import time; time.sleep(60)", *args[1:]],
                               executable=sys.executable)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:          # until it has exec'd (argv is its own)
        with open(f"/proc/{process.pid}/cmdline", "rb") as f:
            if f.read().split(b"\0")[0] == args[0].encode():
                return process
        time.sleep(0.01)
    raise AssertionError("the stand-in did not start")


def plant(folder, process):
    (folder / "shard1" / "searchd.pid").write_text(f"{process.pid}\n")


@pytest.mark.parametrize("argv", [["sleep"], ["searchd", "--config", "/elsewhere/searchd.conf"],
                                  ["notsearchd", "--config", "CONF"]],
                         ids=["unrelated", "another-cluster", "another-program"])
def test_stop_leaves_a_process_that_is_not_this_nodes_searchd_alone(cluster_folder, runner,
                                                                     argv):
    conf = str(cluster_folder / "shard1" / "searchd.conf")
    process = stand_in(*[conf if a == "CONF" else a for a in argv])
    try:
        plant(cluster_folder, process)
        result = runner.invoke(cli, ["cluster", "stop", "--dir", str(cluster_folder)])
        assert result.exit_code == 0 and "stopped" not in result.output
        assert processes.status(cluster_folder)[0]["pid"] is None
        time.sleep(0.2)
        assert process.poll() is None           # still running
    finally:
        process.kill()
        process.wait()


def test_stop_ends_this_nodes_searchd(cluster_folder, runner):
    process = stand_in("/usr/bin/searchd", "--config",
                       str(cluster_folder / "shard1" / "searchd.conf"))
    try:
        plant(cluster_folder, process)
        assert processes.status(cluster_folder)[0]["pid"] == process.pid
        result = runner.invoke(cli, ["cluster", "stop", "--dir", str(cluster_folder)])
        assert result.exit_code == 0 and "stopped shard1" in result.output
        assert process.wait(timeout=5) is not None
    finally:
        process.kill()
        process.wait()
