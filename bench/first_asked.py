"""First-asked and warm query cost on one index, in one process (issue 28, point 2).

The 200 held-out queries of ``scale.py`` (the same seed) are run twice through
``indexer.engines.open_engine(index).search(q, per_page=10)`` after one warm-up
query (``工会``): the first pass asks each term for the first time, the second
is warm.  Printed: p50 / p95 / max of each pass, on the wall clock and on the
searching thread's CPU clock (steal time on a shared machine moves the wall
clock by a third from run to run), and a digest of every answer's ids and
total, to check that a change leaves the answers alone.

``--scans-apart``: each query's time in exact-string scans (``Strings._finds``,
the texts read) is also taken off, to say what the first-asked p95 would be if
strings were verified without reading texts.

    python bench/first_asked.py /work/scale2/index-1x /work/scale2/index-10x
    python bench/first_asked.py --scans-apart --archive ../shared/corpora/xwlb_2022_2026.jsonl.gz IX

Each index is measured in a process of its own (a first-asked term is first
in that process only); ratios are against the first index given.

``--repeat K``: each index is measured in K processes, taken in turns, and
each query's least time of the K is kept: a shared machine's steal time moves a
whole run's p95 by a third, a query's least time much less.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ARCHIVE = os.path.join(HERE, "..", "..", "shared", "corpora", "xwlb_2022_2026.jsonl.gz")


def measure(index_dir, archive, scans_apart):
    """{pass: {clock: [ms per query]}} and the answers' digest, in this process."""
    sys.path.insert(0, HERE)
    from scale import make_queries, read_items      # noqa: E402 - bench/ is not a package
    from indexer.engines import open_engine
    from indexer.engines.embedded.arrays import segmentfiles

    scanned = [0.0]
    if scans_apart:
        finds = segmentfiles.Strings._finds

        def timed(self, docs, needle):
            started = time.thread_time()
            try:
                return finds(self, docs, needle)
            finally:
                scanned[0] += time.thread_time() - started
        segmentfiles.Strings._finds = timed

    queries = [q for _, q in make_queries(read_items(archive), 200, 16)]
    engine = open_engine(index_dir)
    engine.search("工会", per_page=10)
    found, answers = {}, []
    for name in ("first-asked", "warm"):
        times = found[name] = {"wall": [], "cpu": [], "cpu without scans": []}
        for q in queries:
            scanned[0] = 0.0
            wall, cpu = time.perf_counter(), time.thread_time()
            result = engine.search(q, per_page=10)
            cpu = time.thread_time() - cpu
            times["wall"].append((time.perf_counter() - wall) * 1000)
            times["cpu"].append(cpu * 1000)
            times["cpu without scans"].append((cpu - scanned[0]) * 1000)
            if name == "first-asked":
                answers.append((q, result["total"], [h["id"] for h in result["hits"]]))
        if not scans_apart:
            del times["cpu without scans"]
    digest = hashlib.md5(json.dumps(answers, ensure_ascii=False).encode()).hexdigest()
    return found, digest


def summary(values):
    values = sorted(values)
    return (round(values[len(values) // 2], 1), round(values[int(len(values) * 0.95)], 1),
            round(values[-1], 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("indexes", nargs="*")
    parser.add_argument("--archive", default=ARCHIVE)
    parser.add_argument("--scans-apart", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, metavar="K")
    parser.add_argument("--one", help=argparse.SUPPRESS)    # the child: one index, JSON out
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.archive, args.scans_apart)))
        return
    runs = {index_dir: [] for index_dir in args.indexes}
    for _ in range(args.repeat):
        for index_dir in args.indexes:
            command = [sys.executable, __file__, "--one", index_dir, "--archive", args.archive]
            done = subprocess.run(command + (["--scans-apart"] if args.scans_apart else []),
                                  capture_output=True, text=True, check=True)
            runs[index_dir].append(json.loads(done.stdout.strip().splitlines()[-1]))
    base = {}
    for index_dir, found in runs.items():
        digests = sorted({digest for _, digest in found})
        print(f"{index_dir}: digest {' '.join(digests)}"
              + (f" (each query's least of {len(found)} runs)" if len(found) > 1 else ""))
        for name, clocks in found[0][0].items():
            for clock in clocks:
                values = [min(times) for times in zip(*(f[name][clock] for f, _ in found))]
                p50, p95, top = summary(values)
                key = (name, clock)
                ratio = f" (p95 ×{p95 / base[key]:.1f})" if key in base else ""
                base.setdefault(key, p95)
                print(f"  {name:11} {clock:17} p50 {p50:6} p95 {p95:6} max {top:7}{ratio}")


if __name__ == "__main__":
    main()
