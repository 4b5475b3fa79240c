"""Index build and query benchmark: Baoku vs Whoosh + jieba's ChineseAnalyzer.

One run, both systems in the same process, on the same records:
build time, MB/s, index size, query latency (top-10 with facets and
highlights) p50/p95, and recall on a seeded query set (words, multi-word
phrases, random 1-6 character substrings of the normalised text).

    python bench/bench_index.py                      # the 24k-item archive
    python bench/bench_index.py --limit 3000 --queries 200

The baseline reproduces jieba's ``ChineseAnalyzer`` inline (never importing
``jieba.analyse``): ``jieba.tokenize(text, mode="search")`` with lowercase,
stop and stem filters, one writer process, title and content fields.
"""
import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from itertools import islice

import jieba
from whoosh import fields, index
from whoosh.analysis import LowercaseFilter, StemFilter, StopFilter, Token, Tokenizer
from whoosh.highlight import ContextFragmenter
from whoosh.qparser import MultifieldParser

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from analyzers import normalize_query_chars, word_analyzer  # noqa: E402
from indexer.engines.embedded import open_index, search  # noqa: E402
from indexer.reading.sources import read_records  # noqa: E402
from indexer.engines.embedded.lifecycle.writing import index_records  # noqa: E402

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora",
                      "xwlb_2022_2026.jsonl.gz")


class ChineseTokenizer(Tokenizer):
    """jieba's own Whoosh tokenizer (jieba/analyse/analyzer.py), reproduced."""

    def __call__(self, text, **kwargs):
        token = Token()
        for word, start, stop in jieba.tokenize(text, mode="search"):
            if not word.strip():
                continue
            token.original = token.text = word
            token.pos = start            # (sic) character offsets as positions
            token.startchar, token.endchar = start, stop
            yield token


def chinese_analyzer():
    return ChineseTokenizer() | LowercaseFilter() | StopFilter() | StemFilter()


def build_baseline(path, records):
    analyzer = chinese_analyzer()
    schema = fields.Schema(id=fields.ID(stored=True, unique=True),
                           title=fields.TEXT(stored=True, analyzer=analyzer),
                           content=fields.TEXT(stored=True, analyzer=analyzer))
    ix = index.create_in(path, schema)
    writer = ix.writer()
    for r in records:
        writer.add_document(id=r["id"], title=r["headline"], content=r["body"])
    writer.commit()
    return ix


def draw_queries(records, n, seed=2025):
    """Words, multi-word phrases and 1-6 character substrings, seeded."""
    rng = random.Random(seed)
    words = word_analyzer()
    queries = []
    while len(queries) < n:
        record = rng.choice(records)
        text = rng.choice([record["headline"], record["body"]]) or record["body"]
        norm = normalize_query_chars(text)
        kind = len(queries) % 3
        if kind == 2 and len(norm) > 6:
            size = rng.randint(1, 6)
            start = rng.randrange(len(norm) - size)
            q = norm[start:start + size]
        else:
            tokens = [t.text for t in words(text, chars=True) if t.text.strip()]
            if not tokens:
                continue
            k = rng.randrange(len(tokens))
            q = "".join(tokens[k:k + (1 if kind == 0 else rng.randint(2, 3))])
        if q.strip() and '"' not in q and q.strip() == q:
            queries.append(q)
    return queries


def truth_sets(records, queries):
    normalised = [(r["id"], normalize_query_chars(r["headline"] or ""),
                   normalize_query_chars(r["body"] or "")) for r in records]
    wanted = [normalize_query_chars(q) for q in queries]
    return [{i for i, h, b in normalised if w in h or w in b} for w in wanted]


def percentiles(times):
    times = sorted(times)
    return (statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000)


def run_baoku(ix, queries, truths):
    times, exact, recall = [], 0, []
    for q, truth in zip(queries, truths):
        started = time.perf_counter()
        search(ix, q, per_page=10, snippets=True)
        times.append(time.perf_counter() - started)
        quoted = {h["id"] for h in search(ix, f'"{q}"', per_page=0, snippets=False)["hits"]}
        unquoted = {h["id"] for h in search(ix, q, per_page=0, snippets=False)["hits"]}
        exact += quoted == truth
        recall.append(len(unquoted & truth) / len(truth) if truth else 1.0)
    return times, exact / len(queries), statistics.mean(recall)


def run_baseline(ix, queries, truths):
    parser = MultifieldParser(["title", "content"], ix.schema)
    times, exact, recall = [], 0, []
    with ix.searcher() as searcher:
        for q, truth in zip(queries, truths):
            started = time.perf_counter()
            results = searcher.search(parser.parse(q), limit=10)
            results.fragmenter = ContextFragmenter()
            for hit in results:
                hit.highlights("content")
            times.append(time.perf_counter() - started)
            quoted = {h["id"] for h in searcher.search(parser.parse(f'"{q}"'), limit=None)}
            unquoted = {h["id"] for h in searcher.search(parser.parse(q), limit=None)}
            exact += quoted == truth
            recall.append(len(unquoted & truth) / len(truth) if truth else 1.0)
    return times, exact / len(queries), statistics.mean(recall)


def size_mb(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs) / 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="first N records only")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--index", default=None,
                        help="an index of the same records: only Baoku's query figures, no builds")
    args = parser.parse_args()
    records = list(islice(read_records([args.corpus]), args.limit))
    mb = sum(len((r["headline"] + r["body"]).encode("utf-8")) for r in records) / 1e6
    jieba.initialize()
    list(word_analyzer()("预热"))           # both systems start with dictionaries loaded
    if args.index:
        return queries_only(open_index(args.index), records, args.queries)
    work = tempfile.mkdtemp(prefix="baoku-bench-")
    try:
        started = time.perf_counter()
        base_ix = build_baseline(work, records)
        base_build = time.perf_counter() - started
        started = time.perf_counter()
        index_records(os.path.join(work, "baoku"), records, rebuild=True)
        ours_build = time.perf_counter() - started
        ix = open_index(os.path.join(work, "baoku"))
        queries = draw_queries(records, args.queries)
        truths = truth_sets(records, queries)
        search(ix, "预热")                  # per-index caches (facets, characters)
        ours = run_baoku(ix, queries, truths)
        base = run_baseline(base_ix, queries, truths)
        base_size = size_mb(work) - size_mb(os.path.join(work, "baoku"))
        rows = [
            ("documents", len(records), len(records)),
            ("text MB", f"{mb:.1f}", f"{mb:.1f}"),
            ("build s", f"{base_build:.1f}", f"{ours_build:.1f}"),
            ("build MB/s", f"{mb / base_build:.3f}", f"{mb / ours_build:.3f}"),
            ("index MB", f"{base_size:.1f}", f"{size_mb(os.path.join(work, 'baoku')):.1f}"),
            ("query p50 ms", f"{percentiles(base[0])[0]:.1f}", f"{percentiles(ours[0])[0]:.1f}"),
            ("query p95 ms", f"{percentiles(base[0])[1]:.1f}", f"{percentiles(ours[0])[1]:.1f}"),
            ("quoted: exact set", f"{base[1]:.1%}", f"{ours[1]:.1%}"),
            ("unquoted: recall", f"{base[2]:.1%}", f"{ours[2]:.1%}"),
        ]
        print(f"| {len(queries)} queries | Whoosh + jieba ChineseAnalyzer | Baoku |")
        print("|---|---|---|")
        for row in rows:
            print("| %s | %s | %s |" % row)
        print(f"\nbuild speed ratio (Baoku / baseline MB/s): {base_build / ours_build:.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def queries_only(ix, records, n):
    """Baoku's query rows on an existing index of ``records`` (no baseline, no build)."""
    queries = draw_queries(records, n)
    truths = truth_sets(records, queries)
    search(ix, "预热")
    search(ix, '"新闻联播"')           # per-index caches (facets, characters, texts)
    times, exact, recall = run_baoku(ix, queries, truths)
    p50, p95 = percentiles(times)
    slowest = sorted(zip(times, queries), reverse=True)[:5]
    print(f"{len(queries)} queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
          f"exact set {exact:.1%}, recall {recall:.1%}")
    print("slowest:", ", ".join(f"{q} {t * 1000:.0f} ms" for t, q in slowest))


if __name__ == "__main__":
    main()
