"""What a new ``baoku`` process costs (issue 28): measured through the CLI.

* ``first_answer``: one query in a new ``baoku search`` process: its
  ``took_ms`` and the wall time of the whole process (interpreter start-up,
  imports, opening the index).
* ``two_passes``: the held-out queries run twice in one ``baoku search
  --queries`` process: pass 1 asks each term for the first time (first-asked),
  pass 2 again (warm); each query's ``took_ms``.
* ``serve_ready``: seconds from starting ``baoku serve`` until ``/healthz``
  answers 200; then (``serving``) the held-out queries through ``/api/search``
  and each worker's memory from ``/proc/PID/smaps_rollup``: RSS, PSS and its
  anonymous part, the memory that is the worker's own rather than the page
  cache's mapped index files (the server is then stopped).

Each ``--target LABEL=CODE:INDEX`` runs the venv's ``baoku`` with ``CODE`` first
on PYTHONPATH (a checkout, e.g. ``git archive main`` unpacked) on ``INDEX``;
targets alternate within each of ``--rounds`` rounds (A, B, A, B), so the
machine's load falls on each alike.  One JSON line per target and round.

    python bench/scale_process.py --target main=/tmp/main:/idx --target new=/tmp/new:/idx2
    python bench/scale_process.py --target here=.:INDEX_DIR --queries 50 --rounds 1
"""
import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

BAOKU = os.path.join(os.path.dirname(sys.executable), "baoku")
FIRST = ["工会", '"央视网消息"']


def _env(code):
    return dict(os.environ, PYTHONPATH=os.path.abspath(code))


def first_answer(code, index_dir, query):
    """(took_ms, wall seconds) of ``query`` in a new ``baoku search`` process
    (took_ms is the error's last line when it failed: e.g. out of time)."""
    started = time.perf_counter()
    done = subprocess.run([BAOKU, "search", "--index", index_dir, "--json", "--limit", "10", query],
                          capture_output=True, text=True, env=_env(code))
    wall = time.perf_counter() - started
    if done.returncode:
        return done.stderr.strip().splitlines()[-1][:80], wall
    return round(json.loads(done.stdout.splitlines()[0])["took_ms"]), wall


def two_passes(code, index_dir, queries):
    """(first-asked took_ms list, warm took_ms list, error) of ``queries`` run twice
    in one process; a query that fails (out of time) ends the process: the
    lists hold the answers before it, ``error`` says which and why."""
    if any("\n" in q for _, q in queries):
        raise ValueError("a query with a line break cannot be one line of --queries")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("\n".join(q for _, q in queries + queries) + "\n")
    try:
        done = subprocess.run([BAOKU, "search", "--index", index_dir, "--json", "--limit", "10",
                               "--queries", f.name], capture_output=True, text=True,
                              env=_env(code))
    finally:
        os.remove(f.name)
    took = [json.loads(line)["took_ms"] for line in done.stdout.splitlines()]
    error = None
    if done.returncode:
        query = (queries + queries)[len(took)][1]
        error = f"query {len(took) + 1} ({query}): {done.stderr.strip().splitlines()[-1][:80]}"
    return took[:len(queries)], took[len(queries):], error


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_ready(code, index_dir, queries=(), timeout=300):
    """(seconds from starting ``baoku serve`` until /healthz answers 200, or None;
    ``serving(...)`` after ``queries`` went through /api/search, or None)."""
    port = _free_port()
    started = time.perf_counter()
    log = tempfile.TemporaryFile("w+", encoding="utf-8")     # the server's errors, if any
    server = subprocess.Popen([BAOKU, "serve", "--index", index_dir, "--port", str(port)],
                              stdout=log, stderr=log, env=_env(code))
    try:
        while time.perf_counter() - started < timeout:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    if r.status == 200:
                        ready = time.perf_counter() - started
                        memory = queries and serving(server.pid, port, queries)
                        if memory and memory["not 200"]:
                            log.seek(0)
                            memory["errors"] = [line.strip()[:300] for line in log
                                                if "Error" in line or "error" in line][-5:]
                        return ready, memory
            except OSError:
                time.sleep(0.05)
        return None, None
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def serving(pid, port, queries):
    """Each worker's memory (MB) after ``queries`` went through /api/search twice:
    {"rss", "pss", "anonymous"} per worker, and the statuses that were not 200."""
    statuses = {}
    for _, q in list(queries) * 2:
        url = f"http://127.0.0.1:{port}/api/search?" + urllib.parse.urlencode({"q": q})
        try:
            with urllib.request.urlopen(url, timeout=120) as r:
                status = r.status
        except urllib.error.HTTPError as error:
            status = error.code
            print(f"serving: {status} for {q!r}", file=sys.stderr)
        if status != 200:
            statuses[status] = statuses.get(status, 0) + 1
    return {"workers": [_memory(child) for child in _children(pid)], "not 200": statuses}


def _children(pid):
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        yield int(entry)
            except (OSError, IndexError, ValueError):
                continue


def _memory(pid):
    """MB of RSS, PSS and anonymous memory (``/proc/PID/smaps_rollup``)."""
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            name, _, value = line.partition(":")
            if value.strip().endswith("kB"):
                fields[name] = int(value.split()[0]) / 1024
    return {"rss": round(fields["Rss"]), "pss": round(fields["Pss"]),
            "anonymous": round(fields["Anonymous"])}


def p50_p95(values):
    p95 = statistics.quantiles(values, n=20, method="inclusive")[-1] if values[1:] else values[0]
    return round(statistics.median(values), 1), round(p95, 1)


def measure(code, index_dir, queries, serve):
    found = {}
    for query in FIRST:
        took, wall = first_answer(code, index_dir, query)
        found[f"first {query}"] = {"took_ms": took, "wall_s": round(wall, 2)}
    first, warm, error = two_passes(code, index_dir, queries)
    if error:
        found["failed"] = error
    found["first-asked p50/p95"] = p50_p95(first) if first else None
    found["warm p50/p95"] = p50_p95(warm) if warm else None
    kinds = sorted({kind for kind, _ in queries})
    for name, took in (("first-asked", first), ("warm", warm)):
        found[f"{name} p50/p95 by kind"] = {
            kind: p50_p95([t for (k, _), t in zip(queries, took) if k == kind])
            for kind in kinds if any(k == kind for (k, _), _ in zip(queries, took))}
    if serve:
        ready, memory = serve_ready(code, index_dir, queries)
        found["serve ready s"] = ready and round(ready, 2)
        found["serving workers MB (after the queries twice)"] = memory
    return found


def report(index_dir, queries):
    """Markdown lines of ``measure`` with this checkout's code (bench/scale.py)."""
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    return [f"- {name}: {value}" for name, value in
            measure(here, index_dir, queries, serve=True).items()]


def main():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from scale import CORPUS, make_queries, read_items
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", action="append", required=True, metavar="LABEL=CODE:INDEX")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--corpus", default=CORPUS)
    parser.add_argument("--serve", action="store_true", help="also the server's ready time")
    args = parser.parse_args()
    queries = make_queries(read_items(args.corpus), args.queries, args.seed)
    targets = [(t.split("=", 1)[0], *t.split("=", 1)[1].split(":", 1)) for t in args.target]
    for round_ in range(args.rounds):
        for label, code, index_dir in targets:
            found = measure(code, index_dir, queries, args.serve)
            print(json.dumps({"target": label, "round": round_ + 1, "load": os.getloadavg()[0],
                              **found}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
