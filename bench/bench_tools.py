"""The reader's tools against a plain search of the same query, in one process.

Usage:  python bench/bench_tools.py --index DIR [--query 疫情 --query 习近平 ...]

For each query: the search (first page, facets), the concordance (every
occurrence counted, first 1,000 lines), the whole CSV export (up to the cap)
and the suggestions for its first character; each as milliseconds (best of
three) and as a ratio to the search.  It also checks that the query's
exclusion alone finds every other document.
"""
import argparse
import time

from indexer.engines import embedded as searching


def best_ms(action, runs=3):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--query", action="append")
    args = parser.parse_args()
    ix = searching.open_index(args.index)
    everything = searching.search(ix, "", per_page=1)["total"]
    print(f"{everything} documents; {searching.index_version(ix)['version']}")
    for q in args.query or ["疫情", "习近平", '"王丙乾"']:
        found = searching.search(ix, q)
        excluded = searching.search(ix, "-" + q, per_page=1)["total"]
        kwic = searching.concordance(ix, q)
        rows = sum(1 for _ in searching.export_lines(ix, q)) - 2
        base = best_ms(lambda: searching.search(ix, q))
        timings = {"kwic": best_ms(lambda: searching.concordance(ix, q)),
                   "export csv": best_ms(lambda: sum(1 for _ in searching.export_lines(ix, q))),
                   "suggest": best_ms(lambda: searching.suggest(ix, q.strip('"')[:1]))}
        print(f"{q}: {found['total']} hits, -{q}: {excluded} "
              f"({'ok' if excluded == everything - found['total'] else 'WRONG'}); "
              f"{kwic['total']} occurrences; {rows} rows exported; search {base:.1f} ms")
        for name, ms in timings.items():
            print(f"    {name:<11}{ms:8.1f} ms  {ms / base:6.2f}x search")


if __name__ == "__main__":
    main()
