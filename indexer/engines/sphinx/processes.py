"""A cluster on this machine: its folder, its searchd processes, and whether they answer.

``DIR/cluster.json`` lists the nodes (the coordinator first, then the shards:
name, host, SphinxQL port, API port for the coordinator's agents); each node
has its folder ``DIR/<name>/`` with ``searchd.conf``, ``data/``, its log and
``searchd.pid``.  ``DIR/engine.url`` is the URL to give ``--engine``.  A node
stopped on purpose has a ``DIR/<name>/stopped`` mark (until it is started), so
that ``supervisor`` does not bring it back.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from indexer.engines.sphinx import client, config, state
from indexer.errors import EngineUnavailable

SEARCHD = "searchd"
STOPPED = "stopped"      # the mark of a node stopped on purpose
START_SECONDS = 30
STOP_SECONDS = 20
HOST = "127.0.0.1"


def searchd_path():
    """The ``searchd`` program, or None when Sphinx is not installed."""
    return shutil.which(SEARCHD)


def _free_ports(count):
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind((HOST, 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def layout(folder):
    """The nodes of the cluster in ``folder`` (from ``cluster.json``)."""
    path = Path(folder) / "cluster.json"
    try:
        return json.loads(path.read_text("utf-8"))["nodes"]
    except (OSError, ValueError, KeyError) as error:
        raise EngineUnavailable(f"{folder} holds no cluster ({path}: {error}); "
                                f"create one with `baoku cluster init --dir {folder}`") from None


def engine_url(coordinator):
    return f"sphinx://{coordinator['host']}:{coordinator['sql']}"


def init(folder, nodes=3):
    """Write a cluster of ``nodes`` shards into ``folder`` (new or empty), start it,
    and return ``{url, nodes}``; the URL is also written to ``folder/engine.url``."""
    if searchd_path() is None:
        raise EngineUnavailable("Sphinx is not installed (no `searchd`): "
                                "apt-get install sphinxsearch")
    if nodes < 1:
        raise ValueError(f"a cluster needs at least one node, not {nodes}")
    folder = Path(folder).resolve()
    if folder.exists() and any(folder.iterdir()):
        raise EngineUnavailable(f"{folder} is not empty: choose a new folder (or "
                                f"`baoku cluster stop --dir {folder}` and remove it)")
    ports = _free_ports(2 * nodes + 1)
    coordinator = {"name": "coordinator", "role": "coordinator", "host": HOST,
                   "sql": ports[0], "api": None}
    shards = [{"name": f"shard{i + 1}", "role": "shard", "host": HOST,
               "sql": ports[1 + 2 * i], "api": ports[2 + 2 * i]} for i in range(nodes)]
    for node in [coordinator] + shards:
        where = folder / node["name"]
        (where / "data").mkdir(parents=True)
        text = (config.coordinator_config(node, shards, where) if node is coordinator
                else config.shard_config(node, where))
        (where / "searchd.conf").write_text(text, "utf-8")
    (folder / "cluster.json").write_text(
        json.dumps({"nodes": [coordinator] + shards}, indent=2), "utf-8")
    start(folder)
    (folder / "pages").mkdir()
    state.initialise(coordinator, shards, pages=str(folder / "pages"))
    url = engine_url(coordinator)
    (folder / "engine.url").write_text(url + "\n", "utf-8")
    return {"url": url, "nodes": status(folder)}


def node_pid(folder, node):
    """The pid of the node's running searchd, or None.  The pid file is only
    believed when that process is ``searchd`` run with this node's configuration:
    a stale or planted pid file must not make ``stop`` signal another process."""
    try:
        pid = int((Path(folder) / node["name"] / "searchd.pid").read_text().strip())
    except (OSError, ValueError):
        return None
    if pid <= 0:
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return pid if is_node_searchd(pid, Path(folder) / node["name"] / "searchd.conf") else None


def stopped_on_purpose(folder, node):
    """Was the node stopped by ``stop`` (and not started since)?"""
    return (Path(folder) / node["name"] / STOPPED).exists()


def is_node_searchd(pid, conf):
    """Is process ``pid`` a ``searchd`` started with the configuration file ``conf``?
    (Read from ``/proc/PID/cmdline``; where there is no /proc, from ``ps``.)"""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace").split("\0")
        cwd = os.readlink(f"/proc/{pid}/cwd")
    except FileNotFoundError:
        if Path("/proc/self").exists():
            return False            # the process is gone
        done = subprocess.run(["ps", "-p", str(pid), "-o", "args="], capture_output=True,
                              text=True, check=False)
        args, cwd = done.stdout.split(), "/"
    except OSError:
        return False
    if not args or os.path.basename(args[0]) != SEARCHD or "--config" not in args[:-1]:
        return False
    given = args[args.index("--config") + 1]
    return os.path.realpath(os.path.join(cwd, given)) == os.path.realpath(conf)


def answers(node):
    """Does the node answer a SphinxQL statement?"""
    try:
        with socket.create_connection((node["host"], node["sql"]), timeout=1):
            pass
        client.run(node["host"], node["sql"], "SHOW STATUS LIKE 'uptime'")
        return True
    except (OSError, EngineUnavailable):
        client.forget(node["host"], node["sql"])
        return False


def start(folder, names=None):
    """Start the nodes (all, or those ``names``) that are not running; wait until
    each answers.  Returns the names started."""
    started = []
    for node in layout(folder):
        if names and node["name"] not in names:
            continue
        (Path(folder) / node["name"] / STOPPED).unlink(missing_ok=True)
        if node_pid(folder, node):
            continue
        where = Path(folder).resolve() / node["name"]
        done = subprocess.run([searchd_path() or SEARCHD, "--config", str(where / "searchd.conf")],
                              cwd=where, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise EngineUnavailable(f"{node['name']} did not start: "
                                    f"{(done.stdout + done.stderr).strip()[-400:]}")
        started.append(node)
    deadline = time.monotonic() + START_SECONDS
    for node in started:
        while not answers(node):
            if time.monotonic() > deadline:
                raise EngineUnavailable(f"{node['name']} started but does not answer on "
                                        f"{node['host']}:{node['sql']}; see "
                                        f"{Path(folder) / node['name'] / 'searchd.log'}")
            time.sleep(0.1)
    return [node["name"] for node in started]


def stop(folder, names=None, *, kill=False):
    """End the nodes' searchd processes by their recorded pids (SIGTERM, or SIGKILL
    with ``kill``), all at once, and wait for them.  Returns the names stopped."""
    running = []
    for node in layout(folder):
        if names and node["name"] not in names:
            continue
        try:
            (Path(folder) / node["name"] / STOPPED).touch()
        except OSError:
            pass            # no node folder: nothing of it runs to be brought back
        pid = node_pid(folder, node)
        if pid is not None:
            client.forget_all(node["host"], node["sql"])   # searchd waits for open clients
            os.kill(pid, signal.SIGKILL if kill else signal.SIGTERM)
            running.append((node, pid))
    deadline = time.monotonic() + STOP_SECONDS
    for node, pid in running:
        while node_pid(folder, node) == pid and time.monotonic() < deadline:
            time.sleep(0.05)
        if node_pid(folder, node) == pid:
            os.kill(pid, signal.SIGKILL)
        if kill:        # searchd removes its pid file only when it ends by itself
            (Path(folder) / node["name"] / "searchd.pid").unlink(missing_ok=True)
    return [node["name"] for node, _ in running]


def status(folder):
    """Each node: name, role, address, pid (None when not running), answers."""
    return [{"name": node["name"], "role": node["role"],
             "address": f"{node['host']}:{node['sql']}", "pid": node_pid(folder, node),
             "answers": answers(node)} for node in layout(folder)]
