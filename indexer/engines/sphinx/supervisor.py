"""Shards that come back: a small process that restarts a cluster's searchd when it dies.

``baoku cluster init`` and ``baoku cluster start`` launch it (``launch``): a
``python -m indexer.engines.sphinx.supervisor --detach DIR`` that forks itself
away (a session of its own, not a child of the caller), writes
``DIR/supervisor.pid`` and logs to ``DIR/supervisor.log``.  Every
``CHECK_SECONDS`` it looks at each node's searchd (``processes.node_pid``: the
process must be that node's ``searchd``); a node seen down twice in a row is
started again, and if that fails the next attempt waits twice as long (up to
``MOST_BACKOFF`` seconds).  A node stopped on purpose (``processes.stop``
marks it) is left alone; the supervisor ends when every node is so marked or
the cluster's folder is gone.
"""
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from indexer.engines.sphinx import processes
from indexer.errors import EngineUnavailable

CHECK_SECONDS = 1.0
FIRST_BACKOFF = 1.0
MOST_BACKOFF = 60.0
PID_FILE = "supervisor.pid"
MODULE = "indexer.engines.sphinx.supervisor"

log = logging.getLogger(__name__)


def launch(folder):
    """Start the supervisor of the cluster in ``folder`` unless one runs; its pid."""
    folder = Path(folder).resolve()
    running = supervisor_pid(folder)
    if running:
        return running
    with open(folder / "supervisor.log", "ab") as out:
        subprocess.run([sys.executable, "-m", MODULE, "--detach", str(folder)], cwd=folder,
                       stdin=subprocess.DEVNULL, stdout=out, stderr=out, check=False,
                       timeout=30)
    deadline = time.monotonic() + 10
    while (running := supervisor_pid(folder)) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if running is None:
        raise EngineUnavailable(f"the supervisor did not start; see {folder / 'supervisor.log'}")
    return running


def supervisor_pid(folder):
    """The pid of this cluster's running supervisor, or None (a pid file naming any
    other process is not believed)."""
    folder = Path(folder).resolve()
    try:
        pid = int((folder / PID_FILE).read_text().strip())
        args = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace").split("\0")
    except (OSError, ValueError):
        return None
    return pid if MODULE in args and str(folder) in args else None


def halt(folder):
    """End this cluster's supervisor (if one runs) and wait for it."""
    pid = supervisor_pid(folder)
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while supervisor_pid(folder) == pid and time.monotonic() < deadline:
        time.sleep(0.05)
    return True


def supervise(folder, check=CHECK_SECONDS):
    """Restart the nodes of ``folder`` that die, until none is left to watch."""
    folder = Path(folder)
    down_before, backoff, next_try = set(), {}, {}
    while (folder / "cluster.json").exists():
        nodes = [n for n in processes.layout(folder) if not processes.stopped_on_purpose(folder, n)]
        if not nodes:
            log.info("every node was stopped on purpose; the supervisor ends")
            return
        down = {n["name"] for n in nodes if processes.node_pid(folder, n) is None}
        for name in sorted(down & down_before):
            if time.monotonic() < next_try.get(name, 0):
                continue
            try:
                processes.start(folder, [name])
                log.warning("%s was down; started it again", name)
                backoff.pop(name, None)
            except EngineUnavailable as error:
                wait = backoff[name] = min(2 * backoff.get(name, FIRST_BACKOFF / 2), MOST_BACKOFF)
                next_try[name] = time.monotonic() + wait
                log.warning("%s did not start (%s); next try in %.0f s", name, error, wait)
        down_before = down
        time.sleep(check)


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[-1]).resolve()
    if args[0] == "--detach":
        if os.fork():
            return          # the caller waits for this one only; the child supervises
        os.setsid()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    (folder / PID_FILE).write_text(f"{os.getpid()}\n")
    log.info("supervising %s", folder)
    supervise(folder)


if __name__ == "__main__":
    main()
