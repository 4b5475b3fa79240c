"""How bench/scale.py prints its figures: latency cells and the Markdown tables."""
import statistics

from indexer.engines.embedded.lifecycle.writing import DEFAULT_MEMORY


def p95(values):
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if values[1:] else values[0]


def cell(values, digits=0):
    if not values:
        return "–"
    return " / ".join(f"{v:.{digits}f}" for v in (statistics.median(values), p95(values),
                                                   max(values)))


def ratio(values, base):
    return f"×{p95(values) / p95(base):.1f}" if values and base else "–"


def mb(value):
    return "–" if value is None else f"{value / 2**20:,.0f}"


def print_table(rows, queries, order):
    """The run's table: a row per N, 1× first, each p95 against 1×'s; then CPU times."""
    kinds = [k for k in order if any(kind == k for kind, _ in queries)] + ["all", "unseen"]
    print(f"\n{len(queries)} queries: " + ", ".join(
        f"{k} {sum(kind == k for kind, _ in queries)}" for k in kinds[:-2])
        + f"; all: the {len(queries)} after a warm-up round; unseen: "
        f"{len(rows[1]['lat']['unseen'])} others, once each; ms p50 / p95 / max; (×) = p95 "
        f"against 1×; peak memory against the indexer's bound of {mb(DEFAULT_MEMORY)} MB\n")
    print("| N | items | build s | peak MB: RSS / PSS / child | index MB | segments | "
          + " | ".join(kinds) + " |")
    print("|---" * (6 + len(kinds)) + "|")
    base = rows[1]["lat"]
    for n, row in rows.items():
        build_s = "–" if row["wall"] is None else f"{row['wall']:.0f}"
        rss = "–" if row["peak"] is None else " / ".join(map(mb, row["peak"] + [row["maxrss"]]))
        cells = [f"{cell(row['lat'][k])} ({ratio(row['lat'][k], base[k])})" for k in kinds]
        print(f"| {n}× | {row['items']:,} | {build_s} | {rss} | {mb(row['size'])} | "
              f"{row['segments']} | " + " | ".join(cells) + " |")
    print("\nThe same queries, CPU ms of the searching thread (time.thread_time):\n")
    print("| N | " + " | ".join(kinds) + " |")
    print("|---" * (1 + len(kinds)) + "|")
    for n, row in rows.items():
        cpu, cpu_base = row["lat"]["cpu"], base["cpu"]
        print(f"| {n}× | " + " | ".join(
            f"{cell(cpu[k], 1)} ({ratio(cpu[k], cpu_base[k])})" for k in kinds) + " |")



def print_incremental(rows, added):
    """The incremental phase: ``added`` items while the mix runs, a row per N."""
    print(f"\nIncremental: {added:,} new items added with `baoku index` while the query mix "
          "runs in a thread; ms p50 / p95 / max\n")
    print("| N | add s | peak MB: RSS / PSS | segments before → after | queries during "
          "(errors) | during | before the add: all | after the add: all |")
    print("|---" * 8 + "|")
    for n, row in rows.items():
        add = row["add"]
        during = cell(add["during"]) if add["during"] else "–"
        print(f"| {n}× | {add['wall']:.1f} | {' / '.join(map(mb, add['peak']))} | "
              f"{add['before']} → {add['after']} | {len(add['during'])} "
              f"({len(add['errors'])}) | {during} | {cell(row['lat']['all'])} | "
              f"{cell(add['lat']['all'])} |")
        for error in add["errors"][:3]:
            print(f"  error: {error}")
