"""Analysis speed: Baoku's analyzers vs jieba's ChineseAnalyzer, in one process.

Usage:  python bench/bench_analysis.py [--items 2000] [--corpus PATH]

Tokenizes title + body of the first N items of the news corpus the way an
index build does (positions on, no character offsets) and reports tokens/s,
MB/s (UTF-8 input) and the ratio to the baseline; the last line runs all three
Baoku analyzers on each text in turn, as the writer does for one document.  The baseline is what
``jieba.analyse.ChineseAnalyzer`` does -- ``jieba.tokenize(text,
mode="search")`` then lowercase, stop words and stemming -- rebuilt here from
Whoosh filters, because importing ``jieba.analyse`` is not allowed in Baoku.
"""

import argparse
import gzip
import json
import os
import re
import time

import jieba
from whoosh.analysis import (LowercaseFilter, StemFilter, StopFilter, Token,
                             Tokenizer)
from whoosh.lang.porter import stem

from analyzers import char_analyzer, word_analyzer
from analyzers.segmenter import segmenter

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora",
                      "xwlb_2022_2026.jsonl.gz")
# jieba/analyse/analyzer.py's STOP_WORDS
STOP_WORDS = frozenset(("a", "an", "and", "are", "as", "at", "be", "by", "can",
                        "for", "from", "have", "if", "in", "is", "it", "may",
                        "not", "of", "on", "or", "tbd", "that", "the", "this",
                        "to", "us", "we", "when", "will", "with", "yet",
                        "you", "your", "的", "了", "和"))
ACCEPTED = re.compile("[\u4E00-\u9FD5]+")


class BaselineTokenizer(Tokenizer):
    """jieba.analyse's ChineseTokenizer (including its pos = char offset bug)."""

    def __call__(self, text, **kargs):
        t = Token()
        for (w, start_pos, stop_pos) in jieba.tokenize(text, mode="search"):
            if not ACCEPTED.match(w) and len(w) <= 1:
                continue
            t.original = t.text = w
            t.pos = start_pos
            t.startchar = start_pos
            t.endchar = stop_pos
            yield t


def baseline_analyzer():
    return (BaselineTokenizer() | LowercaseFilter()
            | StopFilter(stoplist=STOP_WORDS, minsize=1)
            | StemFilter(stemfn=stem, ignore=None, cachesize=50000))


def load_texts(path, limit):
    texts = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            texts.append(item.get("title", "") + "\n" + item.get("body", ""))
            if len(texts) >= limit:
                break
    return texts


def measure(analyzer, texts):
    """(seconds, tokens) for analysing every text as an index build does."""
    start = time.perf_counter()
    count = 0
    for text in texts:
        for _ in analyzer(text, positions=True, mode="index"):
            count += 1
    return time.perf_counter() - start, count


def measure_together(analyzers, texts):
    """(seconds, tokens) analysing each text with every analyzer in turn, as the
    writer does for a document's fields (they share one normalisation)."""
    start = time.perf_counter()
    count = 0
    for text in texts:
        for analyzer in analyzers:
            for _ in analyzer(text, positions=True, mode="index"):
                count += 1
    return time.perf_counter() - start, count


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--corpus", default=CORPUS)
    args = parser.parse_args(argv)
    texts = load_texts(args.corpus, args.items)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    jieba.setLogLevel(30)
    jieba.initialize()
    segmenter()  # dictionaries load once per process; not part of the rate
    runs = [("baseline ChineseAnalyzer", baseline_analyzer()),
            ("word_analyzer()", word_analyzer()),
            ("char_analyzer(1)", char_analyzer(1)),
            ("char_analyzer(2)", char_analyzer(2))]
    results = {name: measure(analyzer, texts) for name, analyzer in runs}
    results["word + char(1) + char(2)"] = measure_together(
        [analyzer for _name, analyzer in runs[1:]], texts)
    base_seconds = results[runs[0][0]][0]
    print(f"{len(texts)} items, {megabytes:.1f} MB of UTF-8 text")
    print(f"{'analyzer':28} {'seconds':>8} {'tokens/s':>11} {'MB/s':>7} {'x baseline':>10}")
    for name, (seconds, count) in results.items():
        print(f"{name:28} {seconds:8.2f} {count / seconds:11,.0f} "
              f"{megabytes / seconds:7.2f} {base_seconds / seconds:10.2f}")


if __name__ == "__main__":
    main()
