"""Ranking benchmark: Baoku vs tantivy and Whoosh + jieba on questions nobody here wrote.

One run, every system in the same process, on the same records: for each of
``cmrc2018-trial`` and ``drcd-dev`` (in ../shared/corpora), its paragraphs are
mixed into the 24,102-item news archive and every question is asked of

* Baoku: ``search(ix, question)``, the default unquoted query, as
  ``baoku search --queries FILE --json`` runs it;
* tantivy 0.27, BM25 over OpenCC-simplified jieba search-mode words (title and
  body fields), an OR of the question's words;
* the same with character bigrams of the same text as two more fields;
* Whoosh with jieba's ``ChineseAnalyzer`` (reproduced inline from
  bench_index.py, never importing ``jieba.analyse``), an OR query over title
  and content.

Reported: MRR@10, Recall@10, Recall@100 and query latency p50/p95 (a top-100
search: the same call the metrics come from), then Baoku's latency for
60-character questions answered with facets and snippets, top 10.

    pip install -e '.[bench]'
    python bench/bench_ranking.py                    # about 10 minutes on 2 cores
    python bench/bench_ranking.py --every 4 --cache /tmp/rankbench   # quicker; indexes kept
"""
import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time

import jieba
import opencc
import tantivy
from whoosh import qparser

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench_index import build_baseline, chinese_analyzer  # noqa: E402
from indexer.reading.records import new_record  # noqa: E402
from indexer.reading.sources import read_records  # noqa: E402
from indexer.engines.embedded import open_index, search  # noqa: E402
from indexer.engines.embedded.lifecycle.writing import index_records  # noqa: E402

CORPORA = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora")
SETS = ("cmrc2018-trial", "drcd-dev")
_T2S = opencc.OpenCC("t2s")
_RUN = re.compile(r"\w+")


def load_set(name):
    """(paragraph records, [(question, relevant id)]) of one question set."""
    folder = os.path.join(CORPORA, name)
    with open(os.path.join(folder, "corpus.jsonl"), encoding="utf-8") as f:
        records = [new_record(id=item["id"], headline=item["title"], body=item["text"],
                              kind="news", source=name) for item in map(json.loads, f)]
    qrels = {}
    with open(os.path.join(folder, "qrels.tsv"), encoding="utf-8") as f:
        for line in f:
            qid, _, docid, rel = line.rstrip("\n").split("\t")
            if int(rel) > 0:
                qrels[qid] = docid
    with open(os.path.join(folder, "queries.tsv"), encoding="utf-8") as f:
        pairs = [line.rstrip("\n").split("\t", 1) for line in f]
    return records, [(text, qrels[qid]) for qid, text in pairs if qid in qrels]


def words(text):
    """OpenCC-simplified, lower-cased jieba search-mode words."""
    return [w for w in jieba.cut_for_search(_T2S.convert(text).lower()) if w.strip()]


def bigrams(text):
    """Overlapping character bigrams of each run of word characters."""
    runs = _RUN.findall(_T2S.convert(text).lower())
    return [r[i:i + 2] for r in runs for i in range(len(r) - 1)] or runs


class Tantivy:
    """BM25 over pre-tokenised words (and optionally bigrams), OR queries."""

    def __init__(self, path, records, with_bigrams):
        self.fields = ["title_w", "body_w"] + (["title_b", "body_b"] if with_bigrams else [])
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        for name in self.fields:
            builder.add_text_field(name, tokenizer_name="whitespace", index_option="freq")
        self.index = tantivy.Index(builder.build(), path=path)
        writer = self.index.writer(heap_size=200_000_000, num_threads=2)
        for r in records:
            doc = {"id": r["id"], "title_w": " ".join(words(r["headline"])),
                   "body_w": " ".join(words(r["body"]))}
            if with_bigrams:
                doc.update(title_b=" ".join(bigrams(r["headline"])),
                           body_b=" ".join(bigrams(r["body"])))
            writer.add_document(tantivy.Document(**doc))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def search(self, text, limit):
        tokens = {"_w": set(words(text)), "_b": set(bigrams(text))}
        schema = self.index.schema
        clauses = [(tantivy.Occur.Should, tantivy.Query.term_query(schema, name, t))
                   for name in self.fields for t in tokens[name[-2:]]]
        if not clauses:
            return []
        found = self.searcher.search(tantivy.Query.boolean_query(clauses), limit)
        return [self.searcher.doc(addr)["id"][0] for _, addr in found.hits]


class WhooshJieba:
    """Whoosh + jieba's ChineseAnalyzer (bench_index.py's baseline), OR queries."""

    def __init__(self, path, records):
        self.index = build_baseline(path, records)
        self.parser = qparser.MultifieldParser(["title", "content"], self.index.schema,
                                               group=qparser.OrGroup)
        self.searcher = self.index.searcher()

    def search(self, text, limit):
        query = self.parser.parse(" ".join(t.text for t in chinese_analyzer()(text)))
        return [hit["id"] for hit in self.searcher.search(query, limit=limit)]


class Baoku:
    def __init__(self, path, records):
        if not os.path.exists(os.path.join(path, "CURRENT")):
            index_records(path, records)
        self.index = open_index(path)

    def search(self, text, limit):
        return [h["id"] for h in search(self.index, text, per_page=limit, snippets=False)["hits"]]


def measure(system, questions):
    """MRR@10, Recall@10, Recall@100, p50 and p95 latency in ms."""
    reciprocal, at10, at100, took = [], [], [], []
    for text, relevant in questions:
        started = time.perf_counter()
        found = system.search(text, 100)
        took.append((time.perf_counter() - started) * 1000)
        rank = found.index(relevant) + 1 if relevant in found else None
        reciprocal.append(1 / rank if rank and rank <= 10 else 0.0)
        at10.append(bool(rank and rank <= 10))
        at100.append(bool(rank))
    n = len(questions)
    return (sum(reciprocal) / n, sum(at10) / n, sum(at100) / n,
            statistics.median(took), statistics.quantiles(took, n=20)[-1])


def long_questions(questions, size=60):
    """Questions of one set joined and cut into ``size``-character questions."""
    text = "".join(q for q, _ in questions)
    return [text[i:i + size] for i in range(0, len(text) - size, size)][:200]


def latency_60(ix, questions):
    """p50 and p95 ms of top-10 searches with facets and snippets."""
    took = []
    for q in questions:
        started = time.perf_counter()
        search(ix, q, per_page=10)
        took.append((time.perf_counter() - started) * 1000)
    return statistics.median(took), statistics.quantiles(took, n=20)[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--every", type=int, default=1, help="ask every n-th question")
    parser.add_argument("--cache", help="keep the indexes in this folder (reused when present)")
    parser.add_argument("--skip-whoosh", action="store_true",
                        help="leave out the Whoosh baseline (its index takes ~2 minutes)")
    args = parser.parse_args()
    work = args.cache or tempfile.mkdtemp(prefix="bench-ranking-")
    news = list(read_records([os.path.join(CORPORA, "xwlb_2022_2026.jsonl.gz")]))
    rows = []
    try:
        for name in SETS:
            paragraphs, questions = load_set(name)
            questions = questions[::args.every]
            records = news + paragraphs
            systems = {}
            for label, make in [
                    ("Baoku", lambda p: Baoku(p, records)),
                    ("tantivy words", lambda p: Tantivy(p, records, False)),
                    ("tantivy words+bigrams", lambda p: Tantivy(p, records, True)),
                    ("Whoosh+jieba ChineseAnalyzer", lambda p: WhooshJieba(p, records))]:
                if label.startswith("Whoosh") and args.skip_whoosh:
                    continue
                path = os.path.join(work, f"{name}-{label.split()[0]}-{len(label)}")
                if not label.startswith("Baoku"):
                    shutil.rmtree(path, ignore_errors=True)
                os.makedirs(path, exist_ok=True)
                started = time.perf_counter()
                systems[label] = make(path)
                print(f"{name}: {label} ready in {time.perf_counter() - started:.1f} s",
                      file=sys.stderr, flush=True)
            for label, system in systems.items():
                rows.append((name, len(questions), label) + measure(system, questions))
                print(rows[-1], file=sys.stderr, flush=True)
            rows.append((name, 200, "Baoku, 60-character questions, top 10 + facets + snippets",
                         None, None, None) + latency_60(systems["Baoku"].index,
                                                        long_questions(questions)))
    finally:
        if not args.cache:
            shutil.rmtree(work, ignore_errors=True)
    print("| set | questions | system | MRR@10 | R@10 | R@100 | p50 ms | p95 ms |")
    print("|---|---|---|---|---|---|---|---|")
    for name, n, label, *figures in rows:
        cells = ["" if v is None else f"{v:.3f}" if i < 3 else f"{v:.1f}"
                 for i, v in enumerate(figures)]
        print(f"| {name} | {n} | {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
