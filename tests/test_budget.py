"""A cost budget on every search (issue 23, 2): queries the budget refuses or bounds,
and a search out of time stopped where its work is done, on both engines."""
import re
import time

import pytest

from indexer.engines import open_engine
from indexer.errors import SearchTimeout
from indexer.searching import budget, querysyntax

NINE_RANGES = " ".join(f"date:{1900 + i}..2030" for i in range(9))
EXPENSIVE = ["的" * 256, '"' + "工" * 254 + '"', " ".join(f"词{i}" for i in range(40))]


@pytest.mark.parametrize("q", EXPENSIVE)
def test_the_web_refuses_a_query_past_the_budget_in_chinese(client, q):
    started = time.monotonic()
    answer = client.get("/api/search", query_string={"q": q})
    assert answer.status_code == 400 and answer.json["status"] == 400
    assert any("\u4e00" <= c <= "\u9fff" for c in answer.json["error"])
    assert time.monotonic() - started < 2
    page = client.get("/", query_string={"q": q})
    assert page.status_code == 400 and "最多" in page.get_data(as_text=True)


def test_ordinary_queries_are_within_the_budget(client):
    for q in ("工会", '"职工创新工作室" 朝阳', "date:2025-01..2025-06 工会 -疫情", "10000000名",
              NINE_RANGES):
        assert budget.limit_problem(q) is None
        assert re.fullmatch(budget.QUERY_PATTERN, q)
        assert client.get("/api/search", query_string={"q": q}).status_code == 200
    for q in EXPENSIVE:
        assert not re.fullmatch(budget.QUERY_PATTERN, q)


def test_the_library_bounds_what_it_is_given(seed_index):
    tree = querysyntax.parse_tree(querysyntax.lex("的" * 256))
    assert tree == ("term", "的" * budget.MAX_STRING_CHARS)
    tree = querysyntax.parse_tree(querysyntax.lex("工会 工会 工会 职工"))
    assert tree == ("and", [("term", "工会"), ("term", "职工")])
    tree = querysyntax.parse_tree(querysyntax.lex('"' + " ".join(["工"] * 200) + '"'))
    assert tree == ("phrase", "工 " * 16)
    words = querysyntax.plain_words(" ".join(f"w{i}" for i in range(100)))
    assert len(words) == budget.MAX_TERMS
    engine = open_engine(seed_index)
    started = time.monotonic()
    engine.search("的" * 256, per_page=5)
    engine.search('"' + "工" * 254 + '"', per_page=5)
    assert time.monotonic() - started < 5


def test_an_embedded_search_out_of_time_stops_in_its_loops(seed_index, monkeypatch):
    engine = open_engine(seed_index)
    monkeypatch.setattr(budget, "SEARCH_SECONDS", 0.0)
    with pytest.raises(SearchTimeout):
        engine.search('"职工" 工会 朝阳', per_page=5)
    with pytest.raises(SearchTimeout):
        engine.search("工会", per_page=5)


def test_a_search_out_of_time_is_a_chinese_503(client, monkeypatch):
    monkeypatch.setattr(budget, "SEARCH_SECONDS", 0.0)
    answer = client.get("/api/search?q=工会")
    assert answer.status_code == 503 and answer.json["error"].startswith("检索超时")
    page = client.get("/?q=工会")
    assert page.status_code == 503 and "检索超时" in page.get_data(as_text=True)


def test_the_deadline_is_checked_within_the_scan_of_texts(monkeypatch):
    from indexer.engines.embedded.compiling import charquery
    looks = []
    monkeypatch.setattr(budget, "check", lambda: looks.append(1))
    monkeypatch.setattr(charquery, "SCAN_CHUNK", 2)

    from indexer.engines.embedded.arrays import segmentcolumns
    from indexer.engines.embedded.arrays.segmentfiles import Strings
    texts = Strings(*Strings.pack(["ab", "b", "xab", "c"]))
    monkeypatch.setattr(segmentcolumns, "texts", lambda leaf: texts)
    import numpy as np
    found = charquery._scan(object(), charquery.contains("ab"), np.arange(4))
    assert found.tolist() == [True, False, True, False] and len(looks) == 2
    looks.clear()       # a proximity check scans the same way (the deadline between chunks)
    from indexer.searching.proximity import checker
    found = charquery._scan(object(), charquery.each_text(checker("a", "c", 5)), np.arange(4))
    assert found.tolist() == [False] * 4 and len(looks) == 2


def test_every_cluster_select_that_matches_carries_the_time_left():
    from indexer.engines.sphinx import client as sphinx_client
    from indexer.engines.sphinx.matching import compile_query
    from indexer.engines.sphinx.searching import conditions, facet_sql, hits_sql

    class Session:
        index = "dist_a"

        def facet_sizes(self):
            return {}
    compiled, conds = compile_query("工会"), conditions("工会", {}, None)
    with budget.within(2.0):
        hits = hits_sql(Session(), compiled, conds, "relevance", 0, 10)
        facet = facet_sql(Session(), compiled, conds, "district")
    for sql in (hits, facet):
        ms = int(sql.split("max_query_time=")[1].split(",")[0])
        assert 1500 < ms <= 2000
    assert sphinx_client.READ_SECONDS > budget.WHOLE_SET_SECONDS
    with pytest.raises(SearchTimeout):
        sphinx_client.check_time("query time exceeded max_query_time")


def test_a_cluster_search_out_of_time_is_stopped(sphinx_clusters, seed_records, monkeypatch):
    engine = open_engine(sphinx_clusters("seeds", seed_records))
    assert engine.search("工会", per_page=5)["total"] > 0
    monkeypatch.setattr(budget, "SEARCH_SECONDS", 0.0)
    with pytest.raises(SearchTimeout):
        engine.search("工会", per_page=5)


def test_a_concordance_has_the_whole_set_budget(seed_index, monkeypatch):
    engine = open_engine(seed_index)
    assert engine.concordance("工会")["total"] > 0
    monkeypatch.setattr(budget, "WHOLE_SET_SECONDS", 0.0)
    with pytest.raises(SearchTimeout):
        engine.concordance('"工会"')


def test_a_cheap_search_answers_while_expensive_ones_run(seed_index):
    import concurrent.futures
    engine = open_engine(seed_index)
    engine.search("工会", per_page=5)
    heavy = '"' + "的" * 300 + '" ' + " ".join(f"词{i}" for i in range(40))
    with concurrent.futures.ThreadPoolExecutor(5) as pool:
        running = [pool.submit(engine.search, heavy, per_page=5) for _ in range(4)]
        started = time.monotonic()
        assert engine.search("工会", per_page=5)["total"] > 0
        assert time.monotonic() - started < 3
        for future in running:
            future.result()
