"""How indexing and query cost grow with the archive (issue 15, part 4).

Builds the N× news archive (copy k of each item: id ``{id}-x{k}``, date k*5
years later, so years never collide), indexes each with the real CLI
(``baoku index --rebuild``) and measures build wall time, peak memory (the
summed RSS and PSS of the whole process tree, sampled every 0.2 s from
/proc; the largest single child's ``ru_maxrss`` is printed as a cross-check), index size
on disk, then query latency p50/p95/max per query kind.  The queries (a
fixed-seed mix drawn from the 1× archive, the same for every N) run through
``indexer.searching.search(ix, q, per_page=10)`` with facets and snippets, in
this process, after one warm-up round.  One table: a row per N, 1× first, and
each N's p95 against 1×'s.

    python bench/scale.py                          # N = 1, 10: ~10 min, ~5 GB
    python bench/scale.py --times 1 10 40          # 40×: long, ~20 GB?
    python bench/scale.py --times 1 --queries 20   # a smoke test
    python bench/scale.py --work /tmp/scale        # keep archives/indexes; reuse them
"""
import argparse
import datetime
import gzip
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import jieba

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from indexer.searching import open_index, search  # noqa: E402

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared",
                      "corpora", "xwlb_2022_2026.jsonl.gz")
BAOKU = os.path.join(os.path.dirname(sys.executable), "baoku")
# The share of each kind in the mix (of --queries).
KINDS = {"word": 0.30, "phrase": 0.25, "substring": 0.25, "common": 0.08, "empty": 0.06,
         "daterange": 0.06}
CJK = re.compile(r"^[\u4e00-\u9fff]+$")


def read_items(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def shift_date(value, years):
    """An ISO date ``years`` later (Feb 29 -> Feb 28 when the new year has none)."""
    try:
        d = datetime.date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return value
    try:
        moved = d.replace(year=d.year + years)
    except ValueError:
        moved = d.replace(year=d.year + years, day=28)
    return moved.isoformat() + value[10:]


def write_archive(items, times, path):
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as f:
        for k in range(times):
            for item in items:
                copy = dict(item)
                if k:
                    copy["id"] = f"{item['id']}-x{k}"
                    copy["date"] = shift_date(item.get("date"), 5 * k)
                f.write(json.dumps(copy, ensure_ascii=False) + "\n")


def tree_memory(root):
    """Summed (RSS, PSS) bytes of ``root`` and its descendants.  The forked builders
    share copy-on-write pages: summed RSS counts them in each, summed PSS once."""
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(name))
    rss = pss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                fields = dict(line.split()[:2] for line in f if line.endswith("kB\n"))
        except OSError:
            continue
        rss += int(fields.get("Rss:", 0)) * 1024
        pss += int(fields.get("Pss:", 0)) * 1024
    return rss, pss


def build(archive, index_dir):
    """Run ``baoku index --rebuild``: wall s, peak tree (RSS, PSS), largest child's maxrss."""
    peak = [0, 0]
    started = time.perf_counter()
    proc = subprocess.Popen([BAOKU, "index", "--rebuild", "--index", index_dir, archive],
                            stdout=subprocess.DEVNULL)
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[:] = map(max, peak, tree_memory(proc.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if code:
        sys.exit(f"baoku index exited {code} on {archive}")
    maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
    return wall, peak, maxrss


def disk_size(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path)
               for f in files if not os.path.islink(os.path.join(d, f)))


def words_of(text):
    return [w for w in jieba.lcut(text) if len(w) >= 2 and CJK.match(w)]


def make_queries(items, count, seed):
    """A fixed-seed list of (kind, query) drawn from the 1× items' own text."""
    rng = random.Random(seed)
    sample = rng.sample(items, min(300, len(items)))
    counts = {}
    for item in sample:
        for w in words_of(item.get("body", "")):
            counts[w] = counts.get(w, 0) + 1
    common = sorted(counts, key=counts.get, reverse=True)[:20]
    queries = []
    for kind, share in KINDS.items():
        for _ in range(max(1, round(count * share))):
            body = rng.choice(sample).get("body", "") or "新闻"
            words = words_of(body) or ["新闻"]
            if kind == "word":
                q = rng.choice(words)
            elif kind == "phrase":
                seq = jieba.lcut(body)
                start = rng.randrange(max(1, len(seq) - 3))
                q = '"' + "".join(seq[start:start + rng.randint(2, 3)]).replace('"', "") + '"'
            elif kind == "substring":
                n = rng.randint(3, 5)
                text = re.sub(r"\s+", "", body)
                start = rng.randrange(max(1, len(text) - n))
                q = text[start:start + n]
            elif kind == "common":
                q = rng.choice(common)
            elif kind == "empty":
                q = ""
            else:
                q = "date:2022..2030"
            queries.append((kind, q))
    rng.shuffle(queries)
    return queries[:count] if len(queries) > count else queries


def latencies(index_dir, queries):
    """ms per query by kind (after a warm-up round), and the total over all: wall
    time, and this thread's CPU time under ``cpu`` (other jobs on a shared machine
    stretch the first, hardly the second)."""
    ix = open_index(index_dir)
    for _, q in queries:
        search(ix, q, per_page=10)
    by_kind, cpu = {}, {}
    for kind, q in queries:
        started, used = time.perf_counter(), time.thread_time()
        search(ix, q, per_page=10)
        ms = (time.perf_counter() - started) * 1000
        for table, value in ((by_kind, ms), (cpu, (time.thread_time() - used) * 1000)):
            table.setdefault(kind, []).append(value)
            table.setdefault("all", []).append(value)
    by_kind["cpu"] = cpu
    return by_kind


def p95(values):
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if values[1:] else values[0]


def cell(values, digits=0):
    return " / ".join(f"{v:.{digits}f}" for v in (statistics.median(values), p95(values),
                                                   max(values)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--times", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--work", help="keep archives and indexes here; reuse a built index")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--corpus", default=CORPUS)
    args = parser.parse_args()
    times = sorted(set(args.times) | {1})
    work = args.work or tempfile.mkdtemp(prefix="baoku-scale-")
    os.makedirs(work, exist_ok=True)
    items = read_items(args.corpus)
    queries = make_queries(items, args.queries, args.seed)
    rows = {}
    try:
        for n in times:
            archive = os.path.join(work, f"xwlb-{n}x.jsonl.gz")
            index_dir = os.path.join(work, f"index-{n}x")
            figures = os.path.join(work, f"build-{n}x.json")  # a reused index keeps its own
            if os.path.isdir(index_dir) and os.listdir(index_dir):
                print(f"{n}×: reusing {index_dir}", file=sys.stderr)
                measured = dict(wall=None, peak=None, maxrss=None)
                if os.path.exists(figures):
                    with open(figures) as f:
                        measured = json.load(f)
            else:
                if not os.path.exists(archive):
                    write_archive(items, n, archive)
                print(f"{n}×: indexing {len(items) * n:,} items ...", file=sys.stderr)
                measured = dict(zip(("wall", "peak", "maxrss"), build(archive, index_dir)))
                print(f"{n}×: built {measured}", file=sys.stderr)
                with open(figures, "w") as f:
                    json.dump(measured, f)
                if not args.work:
                    os.remove(archive)
            rows[n] = dict(measured, items=len(items) * n, size=disk_size(index_dir))
        for n in times:  # queries after every build, so no build runs beside them
            print(f"{n}×: {len(queries)} queries ...", file=sys.stderr)
            rows[n]["lat"] = latencies(os.path.join(work, f"index-{n}x"), queries)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print_table(rows, queries)


def print_table(rows, queries):
    kinds = [k for k in KINDS if any(kind == k for kind, _ in queries)] + ["all"]
    mb = (lambda v: "–" if v is None else f"{v / 2**20:,.0f}")
    print(f"\n{len(queries)} queries: " + ", ".join(
        f"{k} {sum(kind == k for kind, _ in queries)}" for k in kinds[:-1])
        + "; ms p50 / p95 / max; (×) = p95 against 1×\n")
    print("| N | items | build s | peak MB: RSS / PSS / child | index MB | "
          + " | ".join(kinds) + " |")
    print("|---" * (5 + len(kinds)) + "|")
    base = rows[1]["lat"]
    for n, row in rows.items():
        build_s = "–" if row["wall"] is None else f"{row['wall']:.0f}"
        rss = "–" if row["peak"] is None else " / ".join(map(mb, row["peak"] + [row["maxrss"]]))
        cells = [f"{cell(row['lat'][k])} (×{p95(row['lat'][k]) / p95(base[k]):.1f})"
                 for k in kinds]
        print(f"| {n}× | {row['items']:,} | {build_s} | {rss} | {mb(row['size'])} | "
              + " | ".join(cells) + " |")
    print("\nThe same queries, CPU ms of the searching thread (time.thread_time):\n")
    print("| N | " + " | ".join(kinds) + " |")
    print("|---" * (1 + len(kinds)) + "|")
    for n, row in rows.items():
        cpu, cpu_base = row["lat"]["cpu"], base["cpu"]
        print(f"| {n}× | " + " | ".join(
            f"{cell(cpu[k], 1)} (×{p95(cpu[k]) / p95(cpu_base[k]):.1f})" for k in kinds) + " |")

if __name__ == "__main__":
    main()
