"""The page by partial selection, exact strings scanned lazily, facets from columns and
postings parsed block by block give exactly what exhaustive scoring gives."""
import random
from unittest import mock
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from analyzers import normalize_query_chars
from indexer.engines.embedded import checkout, open_index, search
from indexer.engines.embedded.scoring import ordering, scoring
from indexer.engines.embedded.results import search as search_module
from indexer.engines.embedded.results.singlefacets import Combinations
from indexer.engines.embedded.arrays.doccolumns import DocColumns
from indexer.engines.embedded.arrays.valuecolumns import ValueColumn
from indexer.engines.embedded.compiling.query import char_tokens
from indexer.engines.embedded.whooshinternals import read_postings

FIXTURES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2)), max_size=60),
       st.integers(0, 70), st.sampled_from([1, 2, 256]))
def test_the_first_k_are_the_full_sorts_first_k(rows, k, block):
    """Any keys, ties included, bounded by blocks of any size first or not."""
    docs = np.arange(len(rows), dtype=np.int64) * 3
    keys = [np.array([r[0] for r in rows], dtype=float), np.array([r[1] for r in rows])]
    full = sorted(range(len(rows)), key=lambda i: (rows[i][0], rows[i][1], i))
    with mock.patch.object(ordering, "BLOCK", block):
        assert ordering.first(docs, keys, k).tolist() == [docs[i] for i in full[:k]]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcde"), max_size=3), max_size=40), st.data())
def test_value_columns_count_what_a_counter_counts(values, data):
    chosen = data.draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values)))
    column = ValueColumn([tuple(v) for v in values])
    mask = np.array(chosen, dtype=bool)
    expected = Counter(v for vs, keep in zip(values, chosen) if keep for v in vs)
    # over the matches, and over the documents outside them when they are fewer
    for counts in (column.counts(mask, np.flatnonzero(mask)),
                   column.counts(mask, np.flatnonzero(mask), np.flatnonzero(~mask))):
        assert {column.names[i]: int(c) for i, c in enumerate(counts) if c} == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "2024", "2025"]), st.sampled_from(["", "新闻", "图片"])),
                max_size=40), st.data())
def test_the_single_valued_facets_combinations_count_what_a_counter_counts(rows, data):
    """Year and kind counted together: per combination of values, over the
    matches or, when most documents match, every document's less the others'."""
    chosen = data.draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))
    columns = {name: ValueColumn([(row[i],) if row[i] else () for row in rows])
               for i, name in enumerate(("year", "kind"))}
    combinations = Combinations(columns)
    counts = combinations.counts(np.array(chosen, dtype=bool))
    named = {tuple(columns[name].names[v - 1] if v else "" for name, v in
                   zip(combinations.names, combinations.values[i])): int(c)
             for i, c in enumerate(counts) if c}
    assert named == Counter(row for row, keep in zip(rows, chosen) if keep)


@pytest.mark.parametrize("values", [[("人民日报",)] * 6, [()] * 6, [("人民日报",)] * 5 + [()],
                                    [("人民日报", "人民日报"), ()] + [("人民日报",)] * 4])
def test_a_facet_every_article_has_once_or_none_has_counts_what_a_counter_counts(values):
    mask = np.array([True, False, True, True, False, True])
    column = ValueColumn(values)
    expected = Counter(v for vs, keep in zip(values, mask) if keep for v in vs)
    counts = column.counts(mask, np.flatnonzero(mask))
    assert {column.names[i]: int(c) for i, c in enumerate(counts) if c} == expected


DATES = st.one_of(st.just(""), st.dates().map(str), st.text("0123456789-", max_size=10))


@settings(max_examples=200, deadline=None)
@given(st.lists(DATES, max_size=40))
def test_articles_ordered_by_date_follow_their_dates_undated_lowest(dates):
    """The date order (``date_rank``) sorts articles as their dates sort, ties kept
    as ties, an article without a date lowest, dates of another shape too."""
    columns = DocColumns.__new__(DocColumns)
    columns.dates = np.array([d.encode() for d in dates], "S10")
    columns.undated = columns.dates == b""
    rank = columns.date_rank
    for i in range(len(dates)):
        for j in range(len(dates)):
            assert (rank[i] < rank[j]) == (dates[i] < dates[j])


def test_postings_are_whooshs_own(seed_index):
    with checkout(open_index(seed_index)) as searcher:
        for leaf, _ in searcher.reader().leaf_readers():
            for field in ("body", "chars2", "headline", "kind", "district"):
                for text in list(leaf.lexicon(field))[::7]:
                    m = leaf.postings(field, text)
                    expected = []
                    while m.is_active():
                        expected.append((m.id(), m.weight()))
                        m.next()
                    ids, weights = read_postings(leaf.postings(field, text))
                    assert list(zip(ids.tolist(), weights.tolist())) == expected, (field, text)


def _strings(records, rng, n):
    """Strings taken anywhere in the records' normalised text (across fields too)."""
    texts = [normalize_query_chars("\n".join(filter(None, (r.get("headline"), r.get("body")))))
             for r in records]
    texts = [t for t in texts if len(t) > 10]
    found = []
    while len(found) < n:
        text = rng.choice(texts)
        start = rng.randrange(len(text) - 6)
        found.append(text[start:start + rng.randint(2, 6)].strip() or "工会")
    return found


@pytest.fixture(scope="module")
def strings(seed_records):
    return _strings(seed_records, random.Random(15), 120)


def test_phrases_are_whooshs_phrases(seed_index, strings):
    with checkout(open_index(seed_index)) as searcher:
        for text in strings:
            bigrams = char_tokens(text, 2)
            if len(bigrams) < 2:
                continue
            phrase = wq.Phrase("chars2", bigrams, slop=1)
            expected = {hit.docnum: hit.score
                        for hit in searcher.search(phrase, limit=None, terms=False)}
            ranking = scoring.match(searcher, phrase)
            docs = np.flatnonzero(ranking.mask).tolist()
            assert docs == sorted(expected), text
            assert ranking.scores[docs].tolist() == pytest.approx(
                [expected[d] for d in docs], rel=1e-9), text


def _query(strings, picks):
    shape, a, b = picks
    a, b = strings[a % len(strings)], strings[b % len(strings)]
    return {"word": a, "two": f"{a} {b}", "or": f"{a} OR {b}", "not": f"{a} -{b}",
            "phrase": f'"{a}"', "joined": a[:2] + b[-2:]}[shape]


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURES)
@given(picks=st.tuples(st.sampled_from(["word", "two", "or", "not", "phrase", "joined"]),
                       st.integers(0, 10**6), st.integers(0, 10**6)),
       page=st.integers(1, 3), per_page=st.integers(1, 10),
       sort=st.sampled_from(["relevance", "relevance", "date", "date_asc"]))
def test_a_page_is_the_exhaustive_rankings_slice(seed_index, strings, monkeypatch, picks,
                                                 page, per_page, sort):
    ix = open_index(seed_index)
    q = _query(strings, picks)
    with monkeypatch.context() as patch:
        # a search that counts its exact strings scans them all at once: make
        # this one settle its pages, as one whose exact reading is too long does
        patch.setattr(search_module, "counts_exact", lambda q: False)
        lazy = search(ix, q, sort=sort, page=page, per_page=per_page)
    with monkeypatch.context() as patch:
        patch.setattr(scoring, "LAZY", False)
        everything = search(ix, q, sort=sort, per_page=0)
    start = (page - 1) * per_page
    assert [(h["id"], h["score"]) for h in lazy["hits"]] == [
        (h["id"], h["score"]) for h in everything["hits"][start:start + per_page]], q
    assert lazy["total"] == everything["total"] and lazy["facets"] == everything["facets"], q
