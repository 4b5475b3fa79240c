"""Never miss: on the 24k-item archive, queries drawn at random from its text, on
each engine (the embedded index and a 3-node Sphinx cluster).

Quoted: the documents found are exactly those whose normalised headline or
body contains the string (computed by brute force).  Unquoted: every such
document is found.
"""
import random

import pytest

from analyzers import normalize_query_chars, word_analyzer
from indexer.engines import open_engine
from indexer.reading.records import KINDS

from conftest import ENGINES, engine_location

pytestmark = pytest.mark.slow
SEED = 20251121
EVERY_KIND = {"kind": list(KINDS)}      # no kind left out by default: the whole archive


@pytest.fixture(scope="module", params=ENGINES)
def engine(request, corpus_index, corpus_records):
    return open_engine(engine_location(request, "corpus", corpus_records, corpus_index))


@pytest.fixture(scope="module")
def texts(corpus_records):
    """id -> (normalised headline, normalised body), as the archive holds them."""
    latest = {str(r["id"]): r for r in corpus_records if r.get("id")}
    return {i: tuple(normalize_query_chars(r.get(f) or "") for f in ("headline", "body"))
            for i, r in latest.items()}


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


def found(engine, q):
    result = engine.search(q, filters=EVERY_KIND, per_page=0, snippets=False)
    assert not result["partial"]
    return {hit["id"] for hit in result["hits"]}


@pytest.mark.parametrize("kind, n", [("word", 60), ("phrase", 60), ("substring", 150)])
def test_quoted_finds_exactly_and_unquoted_never_misses(engine, corpus_records, texts, kind, n):
    wrong, missed = [], []
    for q in draw(corpus_records, kind, n):
        expected = truth(texts, q)
        if found(engine, f'"{q}"') != expected:
            wrong.append(q)
        if not expected <= found(engine, q):
            missed.append(q)
    assert not wrong, f"quoted queries with a wrong set: {wrong[:10]}"
    assert not missed, f"unquoted queries that missed documents: {missed[:10]}"


def test_search_totals_agree_with_the_sets(engine, corpus_records, texts):
    for q in draw(corpus_records, "substring", 20):
        result = engine.search(f'"{q}"', filters=EVERY_KIND, per_page=1, snippets=False)
        assert result["total"] == len(truth(texts, q))
