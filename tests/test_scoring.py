"""Vectorised scoring and text scans give exactly what Whoosh would."""
import json

import pytest
from whoosh import query as wq
from whoosh import sorting

from analyzers import normalize_query_chars
from indexer.engines.embedded.compiling import query as baoku_query
from indexer.engines.embedded.results import articles
from indexer.engines.embedded.scoring import scoring
from indexer.engines.embedded.compiling.charquery import TextQuery
from indexer.engines.embedded.compiling.query import parse, substring_query
from indexer.engines.embedded import checkout, open_index, related

QUERIES = ["工会", "职工", "北京市总工会", "区总工会", '"总工会"', "职工 创新", "工会 OR 职工",
           "工会 -职工", "工会 NOT 北京", "reporter:马超", "kind:news 工会", "一个不存在的词语组合",
           "《战国无双3》是由哪两个公司合作开发的？", "的"]


def whoosh_ranking(searcher, q):
    return [(hit.docnum, hit.score) for hit in searcher.search(q, limit=None, terms=False)]


@pytest.mark.parametrize("text", QUERIES, ids=range(len(QUERIES)))
def test_vectorised_scores_equal_whooshs_ranking(seed_index, text):
    with checkout(open_index(seed_index)) as searcher:
        q = parse(text, searcher.reader()).query
        found = scoring.score_all(searcher, q)
        expected = whoosh_ranking(searcher, q)
    assert found is not None, "a usual query shape fell back to Whoosh"
    docs, scores = found[0].tolist(), found[1].tolist()
    assert docs == [d for d, _ in expected]
    assert scores == pytest.approx([s for _, s in expected], rel=1e-9)


def test_shapes_it_does_not_know_are_left_to_whoosh(seed_index):
    with checkout(open_index(seed_index)) as searcher:
        assert scoring.score_all(searcher, wq.Prefix("date", "20")) is None
        assert scoring.score_all(searcher, wq.TermRange("date", "2020", "2030")) is None


@pytest.mark.parametrize("text", ["", "工会", "职工 创新", "工会 -职工"])
def test_date_order_is_newest_first_like_whooshs(seed_index, text):
    sortedby = sorting.MultiFacet([sorting.FieldFacet("date", reverse=True),
                                   sorting.ScoreFacet()])
    with checkout(open_index(seed_index)) as searcher:
        q = parse(text, searcher.reader()).query
        docs = scoring.score_all(searcher, q, by_date=True)[0].tolist()
        expected = [hit.docnum for hit in searcher.search(q, limit=None, sortedby=sortedby)]
        dates = [searcher.stored_fields(d)["record"] for d in docs]
    assert set(docs) == set(expected)
    # newest first, documents without a date last (ties may differ: see scoring.py)
    day = [json.loads(r).get("date") or "" for r in dates]
    assert day == sorted(day, reverse=True)
    if not text:    # one constant score: ties by document number, exactly Whoosh's order
        assert docs == expected


def substrings(records, n=60):
    """Strings of 3-6 characters taken from the records' normalised text."""
    found = []
    for record in records:
        text = normalize_query_chars(record["body"] or "")
        for size in (3, 4, 6):
            if len(text) > 40 and len(found) < n:
                found.append(text[20:20 + size])
    return found


def test_text_scan_finds_the_same_documents_as_the_phrase_query(seed_index, seed_records):
    with checkout(open_index(seed_index)) as searcher:
        for text in substrings(seed_records) + ["工会工作", "总工会召开", "不存在的字符串"]:
            phrase = substring_query(text)      # without a reader: the positional phrase
            scan = TextQuery(normalize_query_chars(text))
            assert set(searcher.docs_for_query(scan)) == set(searcher.docs_for_query(phrase)), text


def test_strings_of_common_bigrams_are_scanned(seed_index, monkeypatch):
    with checkout(open_index(seed_index)) as searcher:
        monkeypatch.setattr(baoku_query, "SCAN_SHARE", 0.0)
        assert isinstance(substring_query("总工会", searcher.reader()), TextQuery)
        monkeypatch.setattr(baoku_query, "SCAN_SHARE", 1.0)
        assert isinstance(substring_query("总工会", searcher.reader()), wq.Phrase)


def test_related_articles_are_whooshs_more_like_this(seed_index, seed_records):
    ix = open_index(seed_index)
    for record in seed_records[:15]:
        with checkout(ix) as searcher:
            docnum = searcher.document_number(id=record["id"])
            text = "\n".join(p for p in (record["headline"], record["body"]) if p)
            expected = [hit["id"] for hit in searcher.more_like(
                docnum, "body", text=text, top=5, numterms=articles.RELATED_TERMS)]
        assert [hit["id"] for hit in related(ix, record["id"], limit=5)] == expected
