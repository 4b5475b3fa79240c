"""Segment writing in one process: Whoosh's SegmentWriter vs Baoku's SegmentBuilder.

Both write the same Baoku documents (schema.document of the first N archive
items) into one segment of a fresh index, one process, in the same run;
the builder's phases are timed separately.

    python bench/bench_writer.py                 # first 3,000 items
    python bench/bench_writer.py --limit 6000
"""
import argparse
import os
import shutil
import sys
import tempfile
import time
from itertools import islice

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from whoosh import index  # noqa: E402

from analyzers import word_analyzer  # noqa: E402
from indexer.engines.embedded.lifecycle import schema
from indexer.engines.embedded.building import segments  # noqa: E402
from indexer.engines.embedded.whooshinternals import codec  # noqa: E402
from indexer.reading.sources import read_records  # noqa: E402

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora",
                      "xwlb_2022_2026.jsonl.gz")


def new_index(path):
    os.mkdir(path)
    return index.create_in(path, schema.build_schema())


def whoosh_writer(path, docs):
    ix = new_index(path)
    with ix.writer(codec=codec(), limitmb=512) as writer:     # as Baoku used it
        for doc in docs:
            writer.add_document(**doc)


def segment_builder(path, docs):
    """The builder's phases: adding documents, then writing the segment."""
    ix = new_index(path)
    builder = segments.SegmentBuilder(ix)
    started = time.perf_counter()
    for doc in docs:
        builder.add_document(**doc)
    added = time.perf_counter()
    builder.finish()
    return {"add documents": added - started, "write segment": time.perf_counter() - added}


def timed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - started, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=CORPUS)
    parser.add_argument("--limit", type=int, default=3000)
    args = parser.parse_args()
    records = list(islice(read_records([args.corpus]), args.limit))
    list(word_analyzer()("预热"))                 # dictionaries loaded before timing
    docs = [schema.document(r) for r in records]
    work = tempfile.mkdtemp(prefix="baoku-bench-writer-")
    try:
        base, _ = timed(whoosh_writer, os.path.join(work, "whoosh"), docs)
        ours, phases = timed(segment_builder, os.path.join(work, "builder"), docs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(docs)} documents, one process")
    print(f"Whoosh SegmentWriter: {base:.1f} s")
    print(f"Baoku SegmentBuilder: {ours:.1f} s  ("
          + ", ".join(f"{k} {v:.1f} s" for k, v in phases.items()) + ")")
    print(f"ratio: {base / ours:.2f}x")


if __name__ == "__main__":
    main()
