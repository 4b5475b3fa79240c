"""Ranking of unquoted terms: what a journalist sees on names, phrases and questions."""
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from indexer.reading.records import new_record
from indexer.engines.embedded import open_index, search
from indexer.engines.embedded.lifecycle.writing import index_records

ARTICLES = [
    ("mazu", "妈祖", "妈祖，本名林默娘，福建莆田人，得年二十八岁，后世奉为海神。"),
    ("spring", "今年春节怎么过", "什么是年味？多少人回家过年？哪些地方最热闹？大家怎么说？"
               "为什么要回家？多少年了，年味还在。得到了什么？"),
    ("lijianguo", "社区来了新书记", "李建国到社区任职，走访了多少户居民。"),
    ("zhang-exact", "张建国获奖", "张建国获得劳动模范称号。"),
    ("zhang-apart", "小张建了新家", "小张建了新家。建国门外，小张建房，建国路边小张建成花园。"),
    ("harbour", "海港", "海港城市的港口，吞吐量多少年来位居前列，建国以后扩建。"),
    ("temple", "天后宫", "天后宫供奉妈祖，庙会期间游客众多。"),
    ("sundew", "锦地罗", "茅膏菜科的草本植物，叶缘有腺毛。"),
    # the phrasing of a question: common (in 30 of ~200 articles), though not so
    # common (over a fifth) that it is no evidence at all
    *((f"alias{i}", f"别称之{i}", f"这座城市又被称之为“第{i}城”。") for i in range(30)),
    *((f"filler{i}", f"第{i}期简报", f"本期共有{i}条消息，详见附表。") for i in range(170)),
]


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    records = [new_record(id=i, headline=h, body=b, kind="news", source="t.jsonl")
               for i, h, b in ARTICLES]
    path = tmp_path_factory.mktemp("relevance") / "index"
    index_records(str(path), records)
    return open_index(str(path))


def ids(ix, q, **kwargs):
    return [hit["id"] for hit in search(ix, q, per_page=0, **kwargs)["hits"]]


def test_a_question_finds_a_name_jieba_segments_differently(ix):
    # the query's words (林默娘 / 得 / 年 / 多少) are not the document's
    assert ids(ix, "林默娘得年多少？")[0] == "mazu"


def test_stray_punctuation_beside_a_question_is_not_required(ix):
    assert ids(ix, "林默娘得年多少 ？")[0] == "mazu"      # the article has no question mark
    assert set(ids(ix, "？")) == {"spring"}               # alone, it is what was typed


def test_question_words_do_not_decide(ix):
    found = ids(ix, "妈祖得年多少？")
    assert found[0] == "mazu" and found.index("temple") < found.index("spring")


def test_a_rare_name_is_found_beside_a_question_common_bigrams(ix):
    # 锦地罗 is one word in the article, 锦地 / 罗 in the question: its two rare bigrams
    # are all that match, two of seven, but they outweigh the phrasing's common ones
    # (又被, 被称, 称之, 之为) by idf
    assert "sundew" in ids(ix, "锦地罗又被称之为什么？")
    assert "sundew" not in ids(ix, "又被称之为什么？")


def test_bigrams_find_a_longer_name(ix):
    assert "lijianguo" in ids(ix, "unknown:李建")


def test_a_short_name_puts_the_exact_string_first(ix):
    found = ids(ix, "张建国")
    assert found[0] == "zhang-exact" and "zhang-apart" in found


@pytest.mark.parametrize("traditional, simplified", [
    ("媽祖得年多少？", "妈祖得年多少？"), ("張建國", "张建国"), ("天后宮廟會", "天后宫庙会")])
def test_traditional_and_simplified_queries_rank_the_same(ix, traditional, simplified):
    def ranking(q):
        return [(h["id"], h["score"]) for h in search(ix, q, per_page=0)["hits"]]
    assert ranking(traditional) == ranking(simplified) != []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(alphabet="妈祖林默娘得年多少张建国李社区港口天后宫 \"-", max_size=12))
def test_explanations_add_up_to_the_scores(ix, q):
    for hit in search(ix, q, per_page=0, explain=True)["hits"]:
        if hit["score"] is not None:
            assert hit["explain"]["score"] == pytest.approx(hit["score"], abs=1e-3)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 3000), st.lists(st.sets(st.integers(0, 2999), min_size=1, max_size=400),
                                      max_size=5), st.integers(1, 3))
def test_enough_bigrams_are_found_alike_over_few_postings_and_many(n, lists, least):
    """A document matches by bigrams when it holds ``least`` of them and a third of
    their idf: the same documents whether counted over every document (many
    postings) or over the postings alone (few, at a million items)."""
    import numpy as np
    from indexer.engines.embedded.compiling import relevance
    han = [(np.array(sorted(d for d in docs if d < n), np.int32),) for docs in lists]
    han = [(ids, relevance.idf(len(ids), n)) for (ids,) in han if len(ids)]
    total = sum(weight for _, weight in han)
    expected = [d for d in range(n)
                if sum(d in set(ids.tolist()) for ids, _ in han) >= least
                and sum(w for ids, w in han if d in set(ids.tolist())) >= relevance.BIGRAM_SHARE * total]
    for size in (n, n * 100):       # postings many against the documents, then few
        found = relevance._enough_bigrams(han, size, least)
        assert [int(d) for d in found] == expected


@settings(max_examples=150, deadline=None)
@example(3000, [(3.0, {3: 1, 5: 1, 40: 2, 2999: 1}), (1.5, {3: 2, 40: 1, 41: 3, 300: 1}),
                (1.0, {d: 1 + d % 7 for d in range(0, 3000, 3)})])   # a word of the body
@given(st.integers(1, 3000),
       st.lists(st.tuples(st.sampled_from([1.0, 1.5, 2.0, 3.0]),
                          st.dictionaries(st.integers(0, 2999), st.integers(1, 40), max_size=600)),
                max_size=4))
def test_a_words_fields_add_up_alike_over_few_postings_and_many(n, fields):
    """A word's term frequencies over its fields, boosted and added field by field:
    the same documents and the same sums, bit for bit, whether added over every
    document (many postings) or merged list by list (few, at a million items)."""
    import numpy as np
    from indexer.engines.embedded.compiling import termevidence
    lists = []
    for boost, postings in fields:
        docs = sorted(d for d in postings if d < n)
        lists.append((boost, np.array(docs, np.int32), np.array([postings[d] for d in docs], float)))
    expected = {}
    for boost, docs, weights in lists:
        for d, w in zip(docs.tolist(), weights.tolist()):
            expected[d] = expected.get(d, 0.0) + boost * w
    for size in (n, n * 100):       # postings many against the documents, then few
        docs, tf = termevidence._boosted_frequencies(lists, size)
        assert docs.tolist() == sorted(expected)
        assert tf.tolist() == [expected[d] for d in sorted(expected)]


@pytest.fixture(scope="module")
def ix_with_models(tmp_path_factory):
    """``ARTICLES`` and articles naming models: a string inside a longer token is no
    word of it, so it matches by its exact string alone."""
    models = [("model", "新型号发布", "型号为ABC123X的设备今日发布，编号1230。"),
              ("model-2", "旧型号", "XABC12的设备停产，编号4123。")]
    records = [new_record(id=i, headline=h, body=b, kind="news", source="t.jsonl")
               for i, h, b in ARTICLES + models]
    path = tmp_path_factory.mktemp("models") / "index"
    index_records(str(path), records)
    return open_index(str(path))


@pytest.mark.parametrize("q", ["林默娘得年多少？", "锦地罗又被称之为什么？", "张建国", "建国门外小张",
                               "多少年来", "城市的港口", "本期共有", "第3城", "BC123", "C12"])
def test_a_term_scores_alike_whether_its_bigrams_were_kept_or_scored_where_it_matches(
        ix_with_models, q):
    """A bigram whose scores are not kept is scored only where its term can match
    (its words, enough bigrams, its exact string): every document gets the same
    score, bit for bit, as from the whole list kept."""
    import numpy as np
    from indexer.engines.embedded.compiling import termevidence
    from indexer.engines.embedded.compiling.query import parse
    from indexer.engines.embedded.compiling.relevance import RankedTerm
    from indexer.engines.embedded.opening.generation import generation_of
    from indexer.engines.embedded.opening.opening import checkout
    from indexer.engines.embedded.scoring import scoring

    def terms(node):
        return [node] if isinstance(node, RankedTerm) else [
            t for child in node.children() for t in terms(child)]

    with checkout(ix_with_models) as searcher:
        reader = searcher.reader()
        caches = [generation_of(reader).cache(name) for name in ("evidence", "gathered", "nodes")]
        parsed = parse(q, reader).query
        rankings = []
        # the whole lists kept first or not; exact strings scanned at once, or
        # settled later (bigrams scored where the strings' candidates are)
        for kept_first, lazy in ((False, False), (True, False), (False, True)):
            for cache in caches:
                cache.clear()
            if kept_first:
                for term in terms(parsed):
                    for gram in term.bigrams:
                        termevidence.bigram_evidence(reader, gram)
            found = scoring.match(searcher, parsed, lazy=lazy)
            found.settle(np.flatnonzero(found.mask))
            rankings.append((found.mask.tobytes(), found.scores.tobytes()))
        assert rankings[0] == rankings[1] == rankings[2] and rankings[0][0].count(1) > 0
