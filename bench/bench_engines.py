"""The embedded index against a Sphinx cluster of 1 and of 3 shards (issue 16).

For each engine: build time (all records through ``Engine.index_records``; the
cluster's nodes started first, not counted), query latency p50/p95 with facets
and snippets (``search(q, per_page=10)``, the fixed-seed mix of
``bench/scale.py``: words, quoted phrases, substrings, common words, browsing
and a date range; one warm-up round first), and the held-out style recall
checks over the mix's texts: a quoted query must find exactly the documents
whose normalised headline or body contains the string (brute force over the
records), an unquoted one every such document.  All in this process; the
clusters run on loopback in a temporary folder and are stopped at the end.

    python bench/bench_engines.py                              # the 24k archive, 1 and 3 shards
    python bench/bench_engines.py --archive /tmp/scale15/xwlb-10x.jsonl.gz --recall 0
    python bench/bench_engines.py --queries 20 --shards 3      # a smoke test
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from analyzers import normalize_query_chars  # noqa: E402
from indexer.engines import open_engine  # noqa: E402
from indexer.engines.sphinx import processes  # noqa: E402
from indexer.reading.records import KINDS  # noqa: E402
from indexer.reading.sources import read_records  # noqa: E402

from scale import CORPUS, make_queries, read_items  # noqa: E402
from scale_tables import p95  # noqa: E402

EVERY_KIND = {"kind": list(KINDS)}
SEED = 1616
TEXT_KINDS = ("word", "phrase", "substring")


def build(engine, records):
    started = time.perf_counter()
    counts = engine.index_records(records, rebuild=True)
    return time.perf_counter() - started, counts["documents"]


def latencies(engine, queries):
    for _, q in queries:
        engine.search(q, per_page=10)
    found = []
    for _, q in queries:
        started = time.perf_counter()
        engine.search(q, per_page=10)
        found.append((time.perf_counter() - started) * 1000)
    return found


def truths(records, texts):
    norm = {str(r["id"]): (normalize_query_chars(r.get("headline") or ""),
                           normalize_query_chars(r.get("body") or "")) for r in records}
    wanted = {t: normalize_query_chars(t) for t in texts}
    return {t: {i for i, (h, b) in norm.items() if wanted[t] in h or wanted[t] in b}
            for t in texts}


def ids(engine, q):
    result = engine.search(q, filters=EVERY_KIND, per_page=0, snippets=False)
    return {hit["id"] for hit in result["hits"]}


def recall(engine, truth):
    """(quoted exact, unquoted complete, checked) over the texts."""
    exact = complete = 0
    for text, expected in truth.items():
        exact += ids(engine, f'"{text}"') == expected
        complete += expected <= ids(engine, text)
    return exact, complete, len(truth)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", default=CORPUS)
    parser.add_argument("--shards", type=int, nargs="+", default=[1, 3])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--recall", type=int, default=120,
                        help="texts of the mix checked for recall (0: none)")
    parser.add_argument("--no-embedded", action="store_true")
    args = parser.parse_args()
    if processes.searchd_path() is None:
        sys.exit("Sphinx is not installed (apt-get install sphinxsearch)")
    records = list(read_records([args.archive]))
    queries = make_queries(read_items(args.archive), args.queries, SEED)
    texts = list(dict.fromkeys(q.strip('"') for kind, q in queries
                               if kind in TEXT_KINDS and q.strip('"')))[:args.recall]
    truth = truths(records, texts) if texts else {}
    print(f"{len(records)} records from {args.archive}; {len(queries)} queries, "
          f"{len(truth)} recall texts", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-engines-") as work:
        engines = [] if args.no_embedded else [("embedded", os.path.join(work, "index"), None)]
        for n in args.shards:
            folder = os.path.join(work, f"cluster{n}")
            engines.append((f"sphinx, {n} shard{'s' if n > 1 else ''}",
                            processes.init(folder, n)["url"], folder))
        try:
            for name, location, _ in engines:
                engine = open_engine(location)
                seconds, documents = build(engine, records)
                ms = latencies(engine, queries)
                exact, complete, checked = recall(engine, truth) if truth else (0, 0, 0)
                size = engine.stats()["size_bytes"] / 1e6
                rows.append((name, documents, seconds, size, statistics.median(ms), p95(ms),
                             exact, complete, checked))
                print(f"{name}: built {documents} in {seconds:.1f} s, {size:.0f} MB; p50 "
                      f"{statistics.median(ms):.1f} ms, p95 {p95(ms):.1f} ms; quoted exact "
                      f"{exact}/{checked}, unquoted complete {complete}/{checked}", flush=True)
        finally:
            for _, _, folder in engines:
                if folder:
                    processes.stop(folder)
    print("\n| engine | documents | build | size | query p50 | query p95 | quoted = exact set "
          "| unquoted misses none |\n|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, documents, seconds, size, p50, p95_, exact, complete, checked in rows:
        print(f"| {name} | {documents:,} | {seconds:.1f} s | {size:.0f} MB | {p50:.1f} ms "
              f"| {p95_:.1f} ms | {exact}/{checked} | {complete}/{checked} |")


if __name__ == "__main__":
    main()
