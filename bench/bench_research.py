"""The research tools' speed: proximity and OCR-tolerant queries against a plain
query's p95 in the same run (target: within 3x), and trends for 5 terms (< 1 s).

One run, one index of the 24k-item archive (built when absent), the embedded
engine through ``open_engine`` (top-10 with facets and snippets, as the page):

* plain: a word of a headline (``劳模``);
* proximity: two words of the same headline, ``a NEAR/10 b``;
* fuzzy: the same word marked ``~`` (one confusable, missing or extra character);
* trends: 5 of those words by month, then by year.

The index is opened as ``baoku serve`` opens it (nothing read before a query).
Each variant then runs each query once for the first time ("first": nothing
of that query kept yet), then ``--rounds`` passes ("again": what a generation
keeps of it, as the next page or another facet of the same query would).

    python bench/bench_research.py --index /tmp/xwlb-index     # reuse (built when absent)
    python bench/bench_research.py --limit 4000 --queries 30
"""
import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from itertools import islice

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from analyzers import word_analyzer  # noqa: E402
from indexer.engines import open_engine  # noqa: E402
from indexer.engines.embedded.lifecycle.writing import index_records  # noqa: E402
from indexer.reading.sources import read_records  # noqa: E402
from indexer.searching.trends import trends  # noqa: E402

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora",
                      "xwlb_2022_2026.jsonl.gz")


def draw(records, n, seed=27):
    """(word, other word of the same headline) pairs, words of 2+ characters."""
    rng, pairs = random.Random(seed), []
    for r in rng.sample(records, min(len(records), n * 6)):
        words = sorted({t.text for t in word_analyzer()(r["headline"]) if len(t.text) >= 2})
        if len(words) >= 2:
            pairs.append(tuple(rng.sample(words, 2)))
        if len(pairs) == n:
            break
    return pairs


def percentiles(times):
    times = sorted(times)
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def timed(engine, queries, rounds):
    first = []
    for q in queries:
        started = time.perf_counter()
        engine.search(q, per_page=10)
        first.append((time.perf_counter() - started) * 1000)
    times = []
    for _ in range(rounds):
        for q in queries:
            started = time.perf_counter()
            engine.search(q, per_page=10)
            times.append((time.perf_counter() - started) * 1000)
    return percentiles(first) + percentiles(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="items of the archive")
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--index", help="index folder to reuse (built when absent)")
    args = parser.parse_args()
    records = list(islice(read_records([CORPUS]), args.limit))
    index_dir = args.index or os.path.join(tempfile.mkdtemp(prefix="bench-research-"), "index")
    if not os.path.isdir(index_dir):
        started = time.perf_counter()
        index_records(index_dir, records)
        print(f"indexed {len(records)} items in {time.perf_counter() - started:.1f} s")
    engine = open_engine(index_dir)     # opened as serve opens it: nothing read before a query
    pairs = draw(records, args.queries)
    variants = {"plain (word)": [a for a, _ in pairs],
                "proximity (a NEAR/10 b)": [f"{a} NEAR/10 {b}" for a, b in pairs],
                "proximity (\"a b\"~50)": [f'"{a} {b}"~50' for a, b in pairs],
                "fuzzy (word~)": [f"{a}~" for a, _ in pairs],
                "fuzzy (\"a b\" words~)": [f"{a}~ {b}~" for a, b in pairs]}
    rows = {name: timed(engine, qs, args.rounds) for name, qs in variants.items()}
    first, again = rows["plain (word)"][1], rows["plain (word)"][3]
    print(f"{len(pairs)} queries, first run then {args.rounds} rounds, on "
          f"{engine.document_count()} documents (top-10, facets, snippets)")
    print(f"{'variant':28} {'first p50':>9} {'p95':>7} {'/plain':>7}   "
          f"{'again p50':>9} {'p95':>7} {'/plain':>7}")
    for name, (p50, p95, a50, a95) in rows.items():
        print(f"{name:28} {p50:9.1f} {p95:7.1f} {p95 / first:6.2f}x   "
              f"{a50:9.1f} {a95:7.1f} {a95 / again:6.2f}x")
    for by in ("month", "year"):
        terms = [a for a, _ in pairs[:5]] if by == "month" else [b for _, b in pairs[:5]]
        started = time.perf_counter()
        trends(engine, terms, by=by)            # first: these terms never searched before
        first = time.perf_counter() - started
        took = []
        for _ in range(3):
            started = time.perf_counter()
            trends(engine, terms, by=by)
            took.append(time.perf_counter() - started)
        print(f"trends, 5 terms by {by}: first {first * 1000:.0f} ms, then median "
              f"{statistics.median(took) * 1000:.0f} ms  {terms}")


if __name__ == "__main__":
    main()
