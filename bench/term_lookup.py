"""A term looked up in every segment: Baoku's reading against Whoosh's (issue 28, point 2).

A search asks each segment for each of its terms in each field it reads.  For
terms a segment's posting files lack (a short list inlined in the term table,
or none), and for terms they hold, this times in one process, per segment
and term:

* ``whoosh``: Whoosh's own look-up (``SegmentReader.postings``, its hash reader
  seeking and reading the compound file), the postings read as before;
* ``baoku``: ``postingarrays._segment_term`` (the term table through a map of
  the segment file, the posting files' terms bisected in place).

Each term is new to both (distinct generated terms for absent ones; the
present ones are asked of Whoosh first, then of Baoku, each once).

    python bench/term_lookup.py /work/scale2/index-10x [--field body] [--terms 1000]
"""
import argparse
import random
import time

from whoosh.reading import TermNotFound

from indexer.engines.embedded import api as searching
from indexer.engines.embedded.arrays import postingarrays, segmentcolumns
from indexer.engines.embedded.whooshinternals import read_postings


def per_lookup(leaves, field, terms, look):
    """µs per (segment, term) look-up of ``look``."""
    started = time.perf_counter()
    for leaf in leaves:
        for term in terms:
            look(leaf, field, term)
    return (time.perf_counter() - started) / (len(leaves) * len(terms)) * 1e6


def whoosh(leaf, field, term):
    try:
        return read_postings(leaf.postings(field, term))
    except TermNotFound:
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index")
    parser.add_argument("--field", default="body")
    parser.add_argument("--terms", type=int, default=1000)
    args = parser.parse_args()
    with searching.checkout(searching.open_index(args.index)) as searcher:
        leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
        files = segmentcolumns.posting_files(leaves[0], args.field)
        chosen = random.Random(28).sample(range(len(files.terms)), min(args.terms, len(files.terms)))
        long_terms = [files.terms[i] for i in chosen]
        absent = [[f"未见{k}词{n}" for n in range(args.terms)] for k in range(2)]
        rows = [("absent", per_lookup(leaves, args.field, absent[0], whoosh),
                 per_lookup(leaves, args.field, absent[1], postingarrays._segment_term)),
                ("in the posting files", per_lookup(leaves, args.field, long_terms, whoosh),
                 per_lookup(leaves, args.field, long_terms, postingarrays._segment_term))]
    print(f"{args.index}: {len(leaves)} segments, field {args.field}, {args.terms} terms each")
    for name, theirs, ours in rows:
        print(f"  {name:21} whoosh {theirs:7.1f} µs  baoku {ours:6.1f} µs  (×{ours / theirs:.2f})")


if __name__ == "__main__":
    main()
