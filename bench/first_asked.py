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

``--phases``: instead, the share of the first-asked pass's CPU time spent in
each phase of a search (parsing, matching and scoring, of which the unquoted
terms' evidence, the exact total, the facets, the page of hits; and the
exact-string scans, in whichever phase), over all 200 searches and over the
ten around the p95 (the 6th to the 15th slowest).

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


def held_out(index_dir, archive):
    """The 200 held-out queries of ``scale.py``, and the index's engine after its warm-up query."""
    sys.path.insert(0, HERE)
    from scale import make_queries, read_items      # noqa: E402 - bench/ is not a package
    from indexer.engines import open_engine
    engine = open_engine(index_dir)
    engine.search("工会", per_page=10)
    return [q for _, q in make_queries(read_items(archive), 200, 16)], engine


def measure(index_dir, archive, scans_apart):
    """{pass: {clock: [ms per query]}} and the answers' digest, in this process."""
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

    queries, engine = held_out(index_dir, archive)
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


# (module, attribute, label) of each phase timed by ``--phases``; indented labels
# are parts of the one above (their time is in it too)
PHASES = [
    ("indexer.engines.embedded.results.search", "parse", "parse"),
    ("indexer.engines.embedded.results.search", "_matches", "match and score"),
    ("indexer.engines.embedded.compiling.relevance", "gather", "  evidence: words, bigrams"),
    ("indexer.engines.embedded.compiling.relevance", "combine", "  evidence: combined"),
    ("indexer.engines.embedded.results.search", "total_exact", "exact total"),
    ("indexer.engines.embedded.results.facetcounts", "count", "facets"),
    ("indexer.engines.embedded.results.search", "_page", "page: first k, hits, snippets"),
    ("indexer.engines.embedded.arrays.segmentfiles", "Strings._finds", "exact-string scans (any phase)"),
]


def phases(index_dir, archive):
    """[(cpu ms, {label: cpu ms})] of each first-asked search, in this process."""
    import importlib

    spent = {}
    for module, attribute, label in PHASES:
        owner = importlib.import_module(module)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, name, _timed(getattr(owner, name), label, spent))
    queries, engine = held_out(index_dir, archive)
    per_query = []
    for q in queries:
        spent.clear()
        started = time.thread_time()
        engine.search(q, per_page=10)
        per_query.append(((time.thread_time() - started) * 1000, dict(spent)))
    return per_query


def _timed(function, label, spent):
    def timed(*args, **kwargs):
        started = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + (time.thread_time() - started) * 1000
    return timed


def summary(values):
    values = sorted(values)
    return (round(values[len(values) // 2], 1), round(values[int(len(values) * 0.95)], 1),
            round(values[-1], 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("indexes", nargs="*")
    parser.add_argument("--archive", default=ARCHIVE)
    parser.add_argument("--scans-apart", action="store_true")
    parser.add_argument("--phases", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, metavar="K")
    parser.add_argument("--one", help=argparse.SUPPRESS)    # the child: one index, JSON out
    args = parser.parse_args()
    if args.one:
        print(json.dumps(phases(args.one, args.archive) if args.phases
                         else measure(args.one, args.archive, args.scans_apart)))
        return
    if args.phases:
        for index_dir in args.indexes:
            done = subprocess.run([sys.executable, __file__, "--one", index_dir, "--phases",
                                   "--archive", args.archive],
                                  capture_output=True, text=True, check=True)
            per_query = json.loads(done.stdout.strip().splitlines()[-1])
            # the ten searches that decide the p95: the 6th to the 15th slowest of 200
            ranked = sorted(per_query, key=lambda found: -found[0])
            p95 = ranked[len(ranked) // 40:len(ranked) * 3 // 40]
            print(f"{index_dir}: cpu ms of the first-asked pass, and of the ten around its p95")
            for name, searches in (("all", per_query), ("at p95", p95)):
                whole = sum(ms for ms, _ in searches)
                shares = "  ".join(f"{label.strip()} {sum(p.get(label, 0) for _, p in searches) / whole:.0%}"
                                   for _, _, label in PHASES)
                print(f"  {name:8} {whole:7.0f} ms: {shares}")
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
