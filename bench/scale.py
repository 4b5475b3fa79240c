"""How indexing and query cost grow with the archive (issue 15, part 4).

Builds the N× news archive (copy k of each item: id ``{id}-x{k}``, date k*5
years later, so years never collide), indexes each with the real CLI
(``baoku index --rebuild``) and measures build wall time, peak memory (the
summed RSS and PSS of the whole process tree, sampled every 0.2 s from
/proc, against the indexer's bound; the largest single child's ``ru_maxrss``
is printed as a cross-check), index size on disk and segments, then query
latency p50/p95/max per query kind.  The queries (a fixed-seed mix drawn from
the 1× archive, the same for every N) run through
``indexer.engines.embedded.search(ix, q, per_page=10)`` with facets and snippets, in
this process, after one warm-up round; then a second mix (the next seed, its
queries not in the first) once each: ``unseen``, what a query costs the first
time its terms are asked for.

Then the incremental phase: 1,000 new items (the first 1,000 of the archive,
id ``{id}-add``, dates moved past the N× range) are added with ``baoku index``
while a thread here runs the query mix over and over (their p95 and any
error are reported), and the query mix is run again after it.  The added
items are deleted first, so a reused index takes them as new again.

Then, through the CLI (``scale_process``): the first answer of a new
``baoku search`` process (took_ms and wall), and the queries run twice in one
process (first-asked, then warm).

Two tables: build and query cost, a row per N, 1× first, each N's p95
against 1×'s; the incremental add, a row per N.

    python bench/scale.py                          # N = 1, 10: ~25 min, ~10 GB of disk
    python bench/scale.py --times 1 10 40          # 40× too: hours on 2 cores, ~40 GB
    python bench/scale.py --times 1 --queries 20   # a smoke test
    python bench/scale.py --work /tmp/scale        # keep archives/indexes; reuse them

How a run is measured (memory sampling, size, segments) is in ``scale_runs.py``.
"""
import argparse
import datetime
import gzip
import json
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time

import jieba

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from indexer.engines.embedded import open_index, search  # noqa: E402
from indexer.engines.embedded.lifecycle.writing import delete_ids  # noqa: E402
from scale_process import report as process_report  # noqa: E402
from scale_runs import build, disk_size, segment_count  # noqa: E402
from scale_tables import print_incremental, print_table  # noqa: E402

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared",
                      "corpora", "xwlb_2022_2026.jsonl.gz")
# The share of each kind in the mix (of --queries).
KINDS = {"word": 0.30, "phrase": 0.25, "substring": 0.25, "common": 0.08, "empty": 0.06,
         "daterange": 0.06}
CJK = re.compile(r"^[\u4e00-\u9fff]+$")
ADDED = 1000        # items of the incremental phase


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


def write_added(items, times, path):
    """The incremental phase's items: new ids, dates past the N× archive's."""
    ids = []
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as f:
        for item in items[:ADDED]:
            copy = dict(item, id=f"{item['id']}-add", date=shift_date(item.get("date"), 5 * times))
            ids.append(copy["id"])
            f.write(json.dumps(copy, ensure_ascii=False) + "\n")
    return ids


def incremental(index_dir, archive, ids, queries):
    """Add ``archive`` to the index while this process searches; then search again."""
    delete_ids(index_dir, ids)          # a reused index takes them as new again
    before = segment_count(index_dir)
    ix = open_index(index_dir)
    for _, q in queries:                # warm, as a serving index is
        search(ix, q, per_page=10)
    during, errors, stop = [], [], threading.Event()

    def searching():
        while not stop.is_set():
            for _, q in queries:
                if stop.is_set():
                    break
                started = time.perf_counter()
                try:
                    search(ix, q, per_page=10)
                except Exception as error:      # noqa: BLE001 - counted, not fatal
                    errors.append(repr(error)[:200])
                during.append((time.perf_counter() - started) * 1000)

    searcher = threading.Thread(target=searching, daemon=True)
    searcher.start()
    wall, peak, _ = build(archive, index_dir, rebuild=False)
    stop.set()
    searcher.join()
    return dict(wall=wall, peak=peak, during=during, errors=errors, before=before,
                after=segment_count(index_dir), lat=latencies(index_dir, queries))


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
                # no line breaks: `baoku search --queries` reads one query a line
                q = '"' + re.sub(r'[\s"]+', "", "".join(seq[start:start + rng.randint(2, 3)])) + '"'
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


def latencies(index_dir, queries, unseen=()):
    """ms per query by kind (after a warm-up round), and the total over all: wall
    time, and this thread's CPU time under ``cpu`` (other jobs on a shared machine
    stretch the first, hardly the second).  ``unseen``: queries run once each
    after the mix, the first time their terms and strings are asked for (no
    postings, evidence or scans of theirs cached), under ``unseen``."""
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
    for table in (by_kind, cpu):
        table["unseen"] = []
    for _, q in unseen:         # after the mix: what they read must not push its terms out
        started, used = time.perf_counter(), time.thread_time()
        search(ix, q, per_page=10)
        by_kind["unseen"].append((time.perf_counter() - started) * 1000)
        cpu["unseen"].append((time.thread_time() - used) * 1000)
    by_kind["cpu"] = cpu
    return by_kind


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--times", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--work", help="keep archives and indexes here; reuse a built index")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--corpus", default=CORPUS)
    parser.add_argument("--no-incremental", dest="incremental", action="store_false",
                        help="skip the incremental phase")
    args = parser.parse_args()
    times = sorted(set(args.times) | {1})
    work = args.work or tempfile.mkdtemp(prefix="baoku-scale-")
    os.makedirs(work, exist_ok=True)
    items = read_items(args.corpus)
    queries = make_queries(items, args.queries, args.seed)
    unseen = [(kind, q) for kind, q in make_queries(items, args.queries, args.seed + 1)
              if (kind, q) not in queries]
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
            rows[n] = dict(measured, items=len(items) * n, size=disk_size(index_dir),
                           segments=segment_count(index_dir))
        for n in times:  # queries after every build, so no build runs beside them
            print(f"{n}×: {len(queries)} queries ...", file=sys.stderr)
            rows[n]["lat"] = latencies(os.path.join(work, f"index-{n}x"), queries, unseen)
            rows[n]["process"] = process_report(os.path.join(work, f"index-{n}x"), queries)
        if args.incremental:
            for n in times:
                print(f"{n}×: adding {ADDED:,} items while searching ...", file=sys.stderr)
                added = os.path.join(work, f"add-{n}x.jsonl.gz")
                ids = write_added(items, n, added)
                rows[n]["add"] = incremental(os.path.join(work, f"index-{n}x"), added, ids,
                                             queries)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print_table(rows, queries, list(KINDS))
    for n, row in rows.items():     # a new `baoku search` process (scale_process)
        print(f"\n{n}×:\n" + "\n".join(row["process"]))
    if args.incremental:
        print_incremental(rows, ADDED)


if __name__ == "__main__":
    main()
