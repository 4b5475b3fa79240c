"""The evidence of new terms, function by function: this checkout against another's.

An unquoted term's ranking adds up its words' BM25F scores (a word's fields
added up: ``termevidence._boosted_frequencies``), finds the documents holding
enough of its bigrams (``relevance._enough_bigrams``) and combines the pieces
with its exact string (``relevance.combine``); ``evidence`` is the whole of it
(``relevance.evidence``: the words' and bigrams' scores too, where the
documents can match), with the terms' evidence forgotten before each call, as
for a term asked for the first time.  For every unquoted term of the
200 held-out queries of ``scale.py`` (the same seed), this reads the inputs
once with this checkout's code (postings joined over the segments, as a
search reads them; the exact mask of documents holding a word, as if its
string were found there), then times each function on them, this checkout's
and the baseline's (``--against``: another checkout, its two modules loaded
from their files) in one process, each first for every other call.  Each
function's time is the least of ``--rounds``; printed: the sum over the terms, per function, and
whether both gave the same arrays (scores byte for byte, docnums by value).

    python bench/evidence_cost.py --against /work/old /work/scale2/index-10x
"""
import argparse
import importlib.util
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ARCHIVE = os.path.join(HERE, "..", "..", "shared", "corpora", "xwlb_2022_2026.jsonl.gz")
PARTS = "indexer/engines/embedded/compiling"


def load(checkout, name):
    """Module ``name`` of ``PARTS`` from ``checkout``'s file (its imports are this checkout's)."""
    spec = importlib.util.spec_from_file_location(f"baseline_{name}",
                                                  os.path.join(checkout, PARTS, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def inputs(reader, queries):
    """[(function name, args)] of every unquoted term of ``queries``, read once."""
    from indexer.engines.embedded.arrays.postingarrays import term_arrays
    from indexer.engines.embedded.compiling import relevance
    from indexer.engines.embedded.compiling.query import parse
    from indexer.engines.embedded.compiling.termevidence import idf, word_evidence
    from indexer.searching.fields import FIELD_BOOSTS, TEXT_FIELDS
    n, calls, seen = reader.doc_count_all(), [], set()
    for q in queries:
        for term in ranked_terms(parse(q, reader).query):
            if term.text in seen:
                continue
            seen.add(term.text)
            for word in term.words:
                calls.append(("_boosted_frequencies", ([(FIELD_BOOSTS[f], *term_arrays(reader, f, word))
                                                        for f in TEXT_FIELDS], n)))
            han = [(ids, idf(len(ids), n)) for ids in
                   (term_arrays(reader, "chars2", g)[0] for g in term.bigrams) if len(ids)]
            if len(han) >= 2:
                calls.append(("_enough_bigrams", (han, n, 2)))
            exact = np.zeros(n, bool)
            for word in term.words:
                exact[word_evidence(reader, word)[0]] = True
            other, pieces, _ = relevance._gather(reader, term, exact)
            calls.append(("combine", (term, exact, other, pieces)))
            calls.append(("evidence", (reader, term, exact)))
    return calls


def first_asked(relevance):
    """A holder of ``evidence``: ``relevance.evidence`` of a term (its words, its
    bigrams, its matches and its scores) with the terms' evidence forgotten first,
    as for a term asked for the first time (postings and lengths stay read)."""
    from indexer.engines.embedded.opening.generation import generation_of

    class Holder:
        @staticmethod
        def evidence(reader, term, exact):
            for name in ("evidence", "gathered"):
                generation_of(reader).cache(name).clear()
            return relevance.evidence(Searcher(reader), term, exact)
    return Holder


class Searcher:
    """What ``relevance.evidence`` asks of a searcher: its reader."""

    def __init__(self, reader):
        self._reader = reader

    def reader(self):
        return self._reader


def ranked_terms(query):
    from indexer.engines.embedded.compiling.relevance import RankedTerm
    if isinstance(query, RankedTerm):
        return [query]
    return [t for child in query.children() for t in ranked_terms(child)]


def least(function, args, rounds):
    best, found = None, None
    for _ in range(rounds):
        started = time.perf_counter()
        found = function(*args)
        spent = time.perf_counter() - started
        best = spent if best is None else min(best, spent)
    return best, found


def same(a, b):
    """Equal arrays: scores byte for byte, docnums by value (int32 or int64 alike)."""
    if isinstance(a, tuple):
        return all(same(x, y) for x, y in zip(a, b))
    if a.dtype.kind in "iu" and b.dtype.kind in "iu":
        return np.array_equal(a, b)
    return a.dtype == b.dtype and a.tobytes() == b.tobytes()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index")
    parser.add_argument("--against", required=True, help="the baseline checkout")
    parser.add_argument("--archive", default=ARCHIVE)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, HERE)
    from scale import make_queries, read_items      # noqa: E402 - bench/ is not a package
    from indexer.engines.embedded.compiling import relevance, termevidence
    from indexer.engines.embedded.opening.opening import checkout, open_index

    their_relevance, their_termevidence = load(args.against, "relevance"), load(args.against,
                                                                              "termevidence")
    # the baseline's whole evidence reads its own words and bigrams
    their_relevance.word_evidence = their_termevidence.word_evidence
    their_relevance.bigram_evidence = their_termevidence.bigram_evidence
    ours = {"_boosted_frequencies": termevidence, "_enough_bigrams": relevance,
            "combine": relevance, "evidence": first_asked(relevance)}
    theirs = {"_boosted_frequencies": their_termevidence, "_enough_bigrams": their_relevance,
              "combine": their_relevance, "evidence": first_asked(their_relevance)}
    queries = [q for _, q in make_queries(read_items(args.archive), 200, 16)]
    with checkout(open_index(args.index)) as searcher:
        calls = inputs(searcher.reader(), queries)
    totals, differ = {}, {}
    for i, (name, call_args) in enumerate(calls):
        # in turns, each first every other call: the second finds the inputs in cache
        if i % 2:
            spent, found = least(getattr(ours[name], name), call_args, args.rounds)
        base, expected = least(getattr(theirs[name], name), call_args, args.rounds)
        if not i % 2:
            spent, found = least(getattr(ours[name], name), call_args, args.rounds)
        total = totals.setdefault(name, [0, 0.0, 0.0])
        total[0] += 1
        total[1] += base
        total[2] += spent
        differ[name] = differ.get(name, 0) + (not same(expected, found))
    print(f"{args.index}: {len(calls)} calls, the least of {args.rounds} each, summed")
    for name, (count, base, spent) in totals.items():
        print(f"  {name:21} {count:4} calls  baseline {base * 1000:8.1f} ms  this {spent * 1000:8.1f} ms"
              f"  (×{spent / base:.2f})  arrays differing: {differ[name]}")


if __name__ == "__main__":
    main()
