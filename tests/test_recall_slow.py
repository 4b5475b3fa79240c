"""Never miss: on the 24k-item archive, queries drawn at random from its text.

Quoted: the documents found are exactly those whose normalised headline or
body contains the string (computed by brute force).  Unquoted: every such
document is found.
"""
import random

import pytest

from analyzers import normalize_query_chars, word_analyzer
from indexer.searching.query import parse
from indexer.searching import checkout, open_index, search
from indexer.storing.schema import stored_record

pytestmark = pytest.mark.slow
SEED = 20251121


@pytest.fixture(scope="module")
def texts(corpus_index):
    """docnum -> (normalised headline, normalised body)."""
    with checkout(open_index(corpus_index)) as searcher:
        return {docnum: tuple(normalize_query_chars(stored_record(fields)[f] or "")
                              for f in ("headline", "body"))
                for docnum, fields in searcher.reader().iter_docs()}


def draw(corpus_records, kind, n):
    """``n`` queries of one kind from the archive's own text, seeded."""
    rng = random.Random(f"{SEED}-{kind}")
    words = word_analyzer()
    queries = []
    while len(queries) < n:
        record = rng.choice(corpus_records)
        text = rng.choice([record["headline"], record["body"]]) or record["body"]
        norm = normalize_query_chars(text)
        if kind == "substring" and len(norm) > 6:
            size = rng.randint(1, 6)
            start = rng.randrange(len(norm) - size)
            q = norm[start:start + size]
        else:
            tokens = [t.text for t in words(text)]
            if not tokens:
                continue
            k = rng.randrange(len(tokens))
            q = "".join(tokens[k:k + (1 if kind == "word" else rng.randint(2, 4))])
        if q.strip() == q and q and '"' not in q:
            queries.append(q)
    return queries


def truth(texts, q):
    wanted = normalize_query_chars(q)
    return {d for d, (headline, body) in texts.items() if wanted in headline or wanted in body}


def found(ix, q):
    with checkout(ix) as searcher:
        return set(searcher.docs_for_query(parse(q, searcher.reader()).query))


@pytest.mark.parametrize("kind, n", [("word", 60), ("phrase", 60), ("substring", 150)])
def test_quoted_finds_exactly_and_unquoted_never_misses(corpus_index, corpus_records, texts,
                                                       kind, n):
    ix = open_index(corpus_index)
    wrong, missed = [], []
    for q in draw(corpus_records, kind, n):
        expected = truth(texts, q)
        if found(ix, f'"{q}"') != expected:
            wrong.append(q)
        if not expected <= found(ix, q):
            missed.append(q)
    assert not wrong, f"quoted queries with a wrong set: {wrong[:10]}"
    assert not missed, f"unquoted queries that missed documents: {missed[:10]}"


def test_search_totals_agree_with_the_sets(corpus_index, corpus_records, texts):
    ix = open_index(corpus_index)
    for q in draw(corpus_records, "substring", 20):
        assert search(ix, f'"{q}"', per_page=1, snippets=False)["total"] == len(truth(texts, q))
