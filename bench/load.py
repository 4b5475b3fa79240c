"""Load test: N concurrent clients against `baoku serve` (gunicorn) on the 24k-item archive.

Builds the index once (into bench/results/load-index, or --index), starts
`baoku serve` on 127.0.0.1 at a free port, and runs --clients threads for
--duration seconds with a mixed query set: words, quoted phrases, facet filters,
pagination, date sort, the HTML page, article pages, suggestions and the
empty-query browse.  After a warm-up under the same load, reports throughput,
p50/p99 latency, errors (anything but 200) and the server's memory at start and
end of the measured run (VmRSS and PSS summed over gunicorn's master and
workers), written to bench/results/load.json.  Traffic goes to 127.0.0.1 only.

    python bench/load.py                     # 32 clients, 60 s
    python bench/load.py --clients 8 --duration 10
"""
import argparse
import gzip
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "xwlb_2022_2026.jsonl.gz"
RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"
BAOKU = [sys.executable, "-c", "from search_app.cli import cli; cli()"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=RESULTS / "load-index")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds of load first")
    parser.add_argument("--max-requests", type=int, default=1_000_000, help="per client")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--seed", type=int, default=5)
    return parser.parse_args(argv)


def read_corpus():
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def ensure_index(index_dir):
    """Build the archive's index once; rebuild it when this version cannot search it."""
    from indexer.errors import IndexMismatch, IndexMissing
    from indexer.engines.embedded import open_index, search

    try:
        if search(open_index(index_dir), "", per_page=1)["total"]:
            return
    except IndexMissing:
        pass
    except IndexMismatch as error:
        print(f"{error}: rebuilding", file=sys.stderr)
    print(f"building {index_dir} from {CORPUS.name}...", file=sys.stderr)
    subprocess.run(BAOKU + ["index", "--rebuild", "--index", str(index_dir), str(CORPUS)],
                   cwd=ROOT, check=True)


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(index_dir, port, workers, threads):
    log = open(RESULTS / "load-server.log", "w")
    proc = subprocess.Popen(
        BAOKU + ["serve", "--index", str(index_dir), "--host", HOST, "--port", str(port),
                 "--workers", str(workers), "--threads", str(threads)],
        cwd=ROOT, stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"baoku serve exited ({proc.returncode}); see {log.name}")
        try:
            if get(port, "/healthz")[0] == 200:
                return proc
        except OSError:
            time.sleep(0.5)
    raise SystemExit("baoku serve did not answer /healthz within 180 s")


def get(port, path, conn=None):
    """(status, body) of one GET; reuses ``conn`` (keep-alive) when given."""
    own = conn is None
    conn = conn or http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        if own:
            conn.close()


def server_pids(pid):
    """``pid`` and all its descendants (gunicorn's master and workers)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += children.get(current, [])
    return pids


def memory_mb(pid):
    """{rss, pss} in MB summed over the server's processes.

    VmRSS counts pages shared between master and workers (fork, the mapped
    index) once per process; PSS splits them, so its sum is the real total.
    """
    totals = {"rss": 0, "pss": 0}
    for current in server_pids(pid):
        for name, key, field in (("status", "rss", "VmRSS:"), ("smaps_rollup", "pss", "Pss:")):
            try:
                for line in Path(f"/proc/{current}/{name}").read_text().splitlines():
                    if line.startswith(field):
                        totals[key] += int(line.split()[1])
            except OSError:
                pass
    return {key: round(kb / 1024, 1) for key, kb in totals.items()}


def query_mix(items, facets, rng):
    """A list of (kind, path) requests drawn from the archive: words, phrases, filters..."""
    def substring(text, low, high):
        text = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
        if len(text) < high:
            return text or "中国"
        n = rng.randint(low, high)
        start = rng.randrange(len(text) - n + 1)
        return text[start:start + n]

    def api(**params):
        return "/api/search?" + urlencode(params, doseq=True)

    def facet_value(name):
        values = [f["value"] for f in facets.get(name, []) if f["count"]]
        return rng.choice(values) if values else None

    mix = []
    for _ in range(2000):
        item = rng.choice(items)
        word = substring(item["title"], 2, 4)
        choice = rng.random()
        if choice < 0.25:
            mix.append(("word", api(q=word)))
        elif choice < 0.35:
            mix.append(("phrase", api(q=f'"{substring(item["body"], 4, 8)}"')))
        elif choice < 0.45:
            params = {"q": rng.choice([word, ""]), "year": item["date"][:4]}
            for name in ("district", "union", "reporter"):
                value = facet_value(name)
                if value and rng.random() < 0.3:
                    params[name] = value
            mix.append(("facets", api(**params)))
        elif choice < 0.50:
            mix.append(("page", api(q=word[:2], page=rng.randint(2, 5))))
        elif choice < 0.55:
            mix.append(("date-sort", api(q=word, sort="date")))
        elif choice < 0.65:
            mix.append(("html-search", "/?" + urlencode({"q": word})))
        elif choice < 0.75:
            prefix = rng.choice(["/articles/", "/api/articles/"])
            mix.append(("article", prefix + quote(item["id"], safe="")))
        elif choice < 0.90:
            mix.append(("suggest", "/api/suggest?" + urlencode({"q": word[:rng.randint(1, 2)]})))
        else:
            mix.append(("browse", rng.choice(["/api/search", "/", "/api/search?page=3"])))
    return mix


def client(port, mix, deadline, max_requests, seed, out):
    """One client: requests from ``mix`` in random order until the deadline."""
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    records = []
    for _ in range(max_requests):
        if time.monotonic() >= deadline:
            break
        kind, path = rng.choice(mix)
        started = time.perf_counter()
        try:
            status = get(port, path, conn)[0]
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
        records.append((kind, status, time.perf_counter() - started))
    conn.close()
    out.extend(records)


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def run_load(args, port, server_pid, mix, duration):
    """Run the clients for ``duration`` s; return (records, elapsed, memory every ~5 s)."""
    records, trace = [], []
    deadline = time.monotonic() + duration
    threads = [threading.Thread(target=client, args=(port, mix, deadline, args.max_requests,
                                                     args.seed + n, records))
               for n in range(args.clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):
        trace.append(memory_mb(server_pid)["pss"])
        time.sleep(5.0)
    for thread in threads:
        thread.join()
    return records, time.monotonic() - started, trace


def report(args, records, elapsed, memory, trace):
    """The figures: throughput, latency, errors (anything but 200), memory."""
    latencies = sorted(r[2] for r in records)
    errors, kinds = {}, {}
    for kind, status, seconds in records:
        kinds.setdefault(kind, []).append(seconds)
        if status != 200:
            errors[f"{kind}:{status}"] = errors.get(f"{kind}:{status}", 0) + 1
    return {
        "clients": args.clients, "workers": args.workers, "threads": args.threads,
        "duration_s": round(elapsed, 1), "requests": len(records),
        "throughput_rps": round(len(records) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "errors": sum(errors.values()), "error_kinds": errors,
        "memory_start_mb": memory["start"], "memory_end_mb": memory["end"],
        "pss_trace_mb": trace,
        "p50_ms_by_kind": {k: round(percentile(sorted(v), 0.5) * 1000, 1)
                           for k, v in sorted(kinds.items())},
    }


def main(argv=None):
    args = parse_args(argv)
    if not CORPUS.exists():
        raise SystemExit(f"{CORPUS} is missing: the load test needs the 24k-item archive")
    RESULTS.mkdir(parents=True, exist_ok=True)
    items = read_corpus()
    ensure_index(args.index)
    port = free_port()
    server = start_server(args.index, port, args.workers, args.threads)
    try:
        browse = json.loads(get(port, "/api/search?per_page=1")[1])
        mix = query_mix(items, browse["facets"], random.Random(args.seed))
        # Warm-up under the same load, so every worker thread has opened its searcher.
        run_load(args, port, server.pid, mix, args.warmup)
        memory = {"start": memory_mb(server.pid)}
        records, elapsed, trace = run_load(args, port, server.pid, mix, args.duration)
        memory["end"] = memory_mb(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    summary = report(args, records, elapsed, memory, trace)
    (RESULTS / "load.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2),
                                       encoding="utf-8")
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
