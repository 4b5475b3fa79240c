"""Date filters against a facet filter: ``date:`` ranges, ``from``/``to``, ``month``, ``year``.

One run, one index of the 24k-item archive, every variant in the same process
on the same queries (words drawn from the archive's headlines, and the empty
query): top-10 with facets and snippets, p50/p95 per variant and the ratio of
each p95 to the ``year=`` facet filter's.  The ``old`` rows compile ``date:``
as before this change (``TermRange`` / ``Prefix`` over the date terms), by
swapping the query compiler's ``DateRange`` for that, so the speed-up is
measured rather than remembered.

    python bench/bench_dates.py                      # the 24k-item archive
    python bench/bench_dates.py --limit 4000 --queries 40
    python bench/bench_dates.py --index /tmp/xwlb-index   # reuse (built when absent)
"""
import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from itertools import islice

from whoosh import query as wq

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from analyzers import word_analyzer  # noqa: E402
from indexer.reading.sources import read_records  # noqa: E402
from indexer.engines.embedded import open_index, search  # noqa: E402
from indexer.engines.embedded.compiling import query as compiler  # noqa: E402
from indexer.engines.embedded.lifecycle.writing import index_records  # noqa: E402

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora",
                      "xwlb_2022_2026.jsonl.gz")

VARIANTS = {        # name: (query suffix, search keywords)
    "year=2024 (facet)": ("", {"filters": {"year": ["2024"]}}),
    "year=2022..2026 (facet, all five)": ("", {"filters": {"year": [str(y) for y in
                                                                range(2022, 2027)]}}),
    "month=2024-05 (facet)": ("", {"filters": {"month": ["2024-05"]}}),
    "date:2024": (" date:2024", {}),
    "date:2022..2026": (" date:2022..2026", {}),
    "from=2022-01-01&to=2026-12-31": ("", {"date_from": "2022-01-01", "date_to": "2026-12-31"}),
    "from=2024-03-01&to=2024-03-31": ("", {"date_from": "2024-03-01", "date_to": "2024-03-31"}),
    "sort=date_asc": ("", {"sort": "date_asc"}),
}
OLD = ("date:2024", "date:2022..2026")


def old_date_query(low=None, high=None):
    """``date:`` as compiled before: a Prefix for one period, else a TermRange."""
    if low and low == high:
        return wq.Prefix("date", low)
    return wq.TermRange("date", low, high + "\uffff" if high else None)


def draw_queries(records, n, seed=2025):
    words = [t.text for r in random.Random(seed).sample(records, min(len(records), n * 4))
             for t in word_analyzer()(r["headline"]) if len(t.text) >= 2]
    return [""] + random.Random(seed).sample(sorted(set(words)), n - 1)


def percentiles(times):
    times = sorted(times)
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def time_variant(ix, queries, suffix, kwargs, rounds):
    times = []
    for _ in range(rounds):
        for q in queries:
            started = time.perf_counter()
            search(ix, (q + suffix).strip(), per_page=10, **kwargs)
            times.append((time.perf_counter() - started) * 1000)
    return percentiles(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="items of the archive")
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=2, help="passes over the queries")
    parser.add_argument("--index", help="index folder to reuse (built when absent)")
    args = parser.parse_args()
    records = list(islice(read_records([CORPUS]), args.limit))
    index_dir = args.index or os.path.join(tempfile.mkdtemp(prefix="bench-dates-"), "index")
    if not os.path.isdir(index_dir):
        started = time.perf_counter()
        index_records(index_dir, records)
        print(f"indexed {len(records)} items in {time.perf_counter() - started:.1f} s")
    ix = open_index(index_dir)
    queries = draw_queries(records, args.queries)
    for q in queries[:3] + [""]:                     # warm caches (columns, lengths)
        for suffix, kwargs in VARIANTS.values():
            search(ix, (q + suffix).strip(), **kwargs)
    rows = {name: time_variant(ix, queries, suffix, kwargs, args.rounds)
            for name, (suffix, kwargs) in VARIANTS.items()}
    new_range = compiler.DateRange
    compiler.DateRange = old_date_query
    try:
        for name in OLD:
            suffix, kwargs = VARIANTS[name]
            rows[f"{name} (old: TermRange/Prefix)"] = time_variant(ix, queries, suffix, kwargs, 1)
    finally:
        compiler.DateRange = new_range
    base = rows["year=2024 (facet)"][1]
    print(f"{len(queries)} queries x {args.rounds} rounds on {len(records)} items "
          f"(top-10, facets, snippets)")
    print(f"{'variant':44} {'p50 ms':>8} {'p95 ms':>8} {'p95 / year=':>12}")
    for name, (p50, p95) in rows.items():
        print(f"{name:44} {p50:8.1f} {p95:8.1f} {p95 / base:11.2f}x")


if __name__ == "__main__":
    main()
