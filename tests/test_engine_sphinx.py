"""The distributed engine on a real 3-node Sphinx cluster on loopback: the same answers
as the embedded index, shards that go down, atomic rebuilds, and ``baoku cluster``.

(The API, recall and facet tests run on both engines in test_api.py and
test_recall_slow.py; these are the cluster's own.)  Skipped without searchd on PATH.
"""
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzers import normalize_query_chars
from indexer.engines import open_engine
from indexer.engines.sphinx import client, processes, state
from indexer.engines.sphinx import searching as sphinx_searching
from indexer.errors import EngineUnavailable
from indexer.engines.sphinx.session import Session
from indexer.reading.records import KINDS, new_record
from indexer.searching import cursor as cursors
from indexer.searching import facets
from search_app import create_app
from search_app.cli import cli
from search_app.server import build_index, serving_state

from programs import needs

EVERY_KIND = {"kind": list(KINDS)}
TEXT_FIELDS = ("kicker", "headline", "subtitle", "dateline", "body")     # each one searched


@pytest.fixture(scope="module")
def both(sphinx_clusters, seed_index, seed_records):
    """(embedded, sphinx) engines over the seed pages."""
    return open_engine(seed_index), open_engine(sphinx_clusters("seeds", seed_records))


def ids(result):
    return {hit["id"] for hit in result["hits"]}


def counts(result):
    return {name: [(e["value"], e["count"], e["selected"]) for e in entries]
            for name, entries in result["facets"].items()}


@pytest.mark.parametrize("q, filters", [
    ("区总工会", {}), ('"职工创新工作室"', {}), ('"职工，创新"', {}), ('"，"', {}),
    ("马超 OR 陈曦 -疫情", {}), ("-工会", {}), ("NOT 职工", {}), ("reporter:孙妍", {}),
    ("district:朝阳", {}), ("union:市总工会", {}), ("level:street", {}), ("kind:photo", {}),
    ("(朝阳 OR 海淀) 职工", {}), ("林默娘得年多少？", {}), ("", {}),
    ("工会", {"district": ["朝阳区", "海淀区"]}), ("职工", {"union": ["北京市总工会"]}),
    ("", {"kind": ["banner", "news"]}), ("date:2020..2030", {}),
], ids=["term", "quoted", "quoted-punctuation-inside", "quoted-punctuation", "boolean",
        "exclusion-alone", "not", "reporter", "district-prefix", "union-short-form", "level",
        "kind", "grouped", "question", "browse", "two-districts", "union-filter",
        "kinds-chosen", "date-range"])
def test_the_cluster_finds_the_same_documents_and_counts_as_the_embedded_index(both, q, filters):
    embedded, sphinx = (engine.search(q, filters=filters, per_page=0) for engine in both)
    assert ids(sphinx) == ids(embedded)
    assert sphinx["total"] == embedded["total"] == len(ids(embedded))
    assert counts(sphinx) == counts(embedded)
    assert set(sphinx) == set(embedded)
    scored = {engine: {h["score"] is None for h in r["hits"]}
              for engine, r in (("embedded", embedded), ("sphinx", sphinx))}
    assert scored["sphinx"] == scored["embedded"]       # browsing by date has no scores
    assert sphinx["partial"] is False and sphinx["missing_shards"] == []


@pytest.mark.parametrize("q", ["区总工会", "职工之家", "劳模"])
def test_unquoted_names_rank_their_exact_matches_first(both, q):
    for engine in both:
        hits = engine.search(q, filters=EVERY_KIND, per_page=0)["hits"]
        exact = [any(q in normalize_query_chars(engine.get_article(h["id"]).get(f) or "")
                     for f in TEXT_FIELDS) for h in hits]
        assert any(exact) and exact == sorted(exact, reverse=True), engine
        assert all("<mark>" in h["snippet"] for h, found in zip(hits, exact) if found)


def test_cursor_pages_through_the_whole_result_without_overlap(both):
    sphinx = both[1]
    seen, cursor = [], None
    while True:
        result = sphinx.search("工会", per_page=4, cursor=cursor)
        seen += [h["id"] for h in result["hits"]]
        cursor = result["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == sphinx.search("工会")["total"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(0, 10 ** 6), start=st.integers(0, 10 ** 6), size=st.integers(1, 8))
def test_any_quoted_substring_finds_exactly_the_documents_containing_it(both, seed_records,
                                                                        which, start, size):
    record = seed_records[which % len(seed_records)]
    text = normalize_query_chars(record["body"] or record["headline"] or "x")
    start %= max(1, len(text))
    q = text[start:start + size].strip().replace('"', "")
    if not q:
        return
    truth = {r["id"] for r in seed_records if any(
        q in normalize_query_chars(r.get(f) or "") for f in TEXT_FIELDS)}
    found = ids(both[1].search(f'"{q}"', filters=EVERY_KIND, per_page=0, snippets=False))
    assert found == truth
    assert truth <= ids(both[1].search(q, filters=EVERY_KIND, per_page=0, snippets=False))


def test_no_statement_asks_a_shard_for_a_position_past_the_cursors_depth(both, monkeypatch):
    _, sphinx = both
    monkeypatch.setattr(cursors, "MAX_CURSOR_DEPTH", 7)
    sent = []
    monkeypatch.setattr(Session, "run", lambda self, sql, args=None: sent.append(sql)
                        or client.run(self.host, self.port, sql, args))
    seen, cursor = [], None
    while True:
        result = sphinx.search("工会", per_page=3, cursor=cursor)
        seen += [h["id"] for h in result["hits"]]
        cursor = result["next_cursor"]
        if cursor is None:
            break
    deepest = [int(n) for sql in sent if "WEIGHT() AS w" in sql
               for n in re.findall(r"max_matches=(\d+)", sql.split("; ")[0])]
    assert deepest and max(deepest) == 7
    assert sphinx.search("工会")["total"] > 7 and len(seen) == len(set(seen)) == 7
    with pytest.raises(cursors.CursorRefused):
        sphinx.search("工会", cursor=cursors.encode(6, seen[-1], _key("工会"), b"x" * 32))


def _key(q):
    return cursors.fingerprint(q, facets.selections({}), "relevance", None, None)


# --- shards down ------------------------------------------------------------------

@pytest.fixture()
def small_cluster(sphinx_clusters, seed_records):
    """A cluster of its own (nodes are stopped here), its folder and an app over it."""
    url = sphinx_clusters("faults", seed_records)
    folder = sphinx_clusters.folder("faults")
    yield folder, create_app({"TESTING": True, "BAOKU_ENGINE": url}).test_client()
    processes.start(folder)


def test_a_shard_down_gives_partial_results_and_its_return_full_ones(small_cluster):
    folder, api = small_cluster
    full = api.get("/api/search?q=工会&per_page=100").json
    assert full["partial"] is False and full["total"] > 0
    processes.stop(folder, ["shard2"], kill=True)
    down = api.get("/api/search?q=工会&per_page=100")
    assert down.status_code == 200
    assert down.json["partial"] is True and down.json["missing_shards"] == ["shard2"]
    assert 0 < down.json["total"] < full["total"]
    assert {h["id"] for h in down.json["hits"]} < {h["id"] for h in full["hits"]}
    assert [n["code"] for n in down.json["notes"]] == ["partial"]
    assert "shard2 没有响应，结果不完整" in api.get("/?q=工会").get_data(as_text=True)
    said = CliRunner().invoke(cli, ["search", "--engine", api.application.config["BAOKU_ENGINE"],
                                    "--json", "--limit", "100", "工会"])
    assert json.loads(said.output)["notes"] == down.json["notes"]      # the CLI says it too
    kwic = api.get("/api/kwic?q=工会").json
    said = CliRunner().invoke(cli, ["search", "--engine", api.application.config["BAOKU_ENGINE"],
                                    "--json", "--kwic", "工会"])
    assert json.loads(said.output)["notes"] == kwic["notes"] and kwic["notes"]
    for path in ("/?q=工会", "/api/kwic?q=工会", "/api/export?q=工会",
                 "/api/suggest?q=工", f"/articles/{full['hits'][0]['id']}"):
        assert api.get(path).status_code in (200, 503), path
    assert api.get("/healthz").status_code == 503       # part of the archive is missing
    processes.start(folder, ["shard2"])
    again = api.get("/api/search?q=工会&per_page=100").json
    assert again["partial"] is False and again["missing_shards"] == []
    assert again["total"] == full["total"]


def test_every_shard_down_is_an_empty_partial_result_and_no_coordinator_a_503(small_cluster):
    folder, api = small_cluster
    processes.stop(folder, ["shard1", "shard2", "shard3"], kill=True)
    answer = api.get("/api/search?q=工会")
    assert answer.status_code == 200 and answer.json["total"] == 0
    assert answer.json["missing_shards"] == ["shard1", "shard2", "shard3"]
    processes.stop(folder, ["coordinator"])
    answer = api.get("/api/search?q=工会")
    assert answer.status_code == 503 and answer.json["status"] == 503


# --- writing ------------------------------------------------------------------------

def _records(prefix, n, word):
    return [new_record(id=f"{prefix}-{i}", kind="news", headline=f"{word}{i}",
                       body=f"{word}的第{i}篇报道。", date="2025-01-0%d" % (1 + i % 9))
            for i in range(n)]


@pytest.fixture(scope="module")
def writable(sphinx_clusters):
    return open_engine(sphinx_clusters("writes", _records("old", 30, "旧闻")))


def test_rebuild_swaps_atomically_and_a_failed_one_leaves_the_old_archive(writable):
    seen = []

    def progress(done, total):      # a reader in the middle of the rebuild
        seen.append(writable.search('"旧闻"', per_page=1)["total"])

    def failing():
        yield from _records("bad", 5, "坏闻")
        raise OSError("the source broke off")

    with pytest.raises(OSError):
        writable.index_records(failing(), rebuild=True)
    assert writable.search('"旧闻"')["total"] == 30 and writable.search('"坏闻"')["total"] == 0
    counts = writable.index_records(_records("new", 450, "新闻"), rebuild=True, progress=progress)
    assert counts["rebuilt"] and counts["documents"] == 450
    assert seen and set(seen) == {30}               # the old archive, whole, until the flip
    assert writable.search('"旧闻"')["total"] == 0
    assert writable.search('"新闻"')["total"] == 450


def test_the_clusters_secret_is_made_once_and_its_cursors_survive_a_rebuild(writable):
    host, port = writable.address
    found = state.read(host, port)
    state.write(host, port, {k: v for k, v in found.items() if k != "secret"})   # an older one
    first = writable.search("新闻", sort="date_asc", per_page=200)
    secret = state.read(host, port)["secret"]
    assert len(bytes.fromhex(secret)) == 32
    writable.index_records(_records("new", 450, "新闻"), rebuild=True)
    assert state.read(host, port)["secret"] == secret
    other_server = open_engine(writable.location)
    rest = other_server.search("新闻", sort="date_asc", per_page=300, cursor=first["next_cursor"])
    ids = [h["id"] for h in first["hits"] + rest["hits"]]
    assert len(ids) == len(set(ids)) == 450 and rest["next_cursor"] is None


def test_records_replace_by_id_and_delete(writable):
    record = _records("one", 1, "单篇")[0]
    assert writable.index_records([record])["added"] == 1
    assert writable.index_records([dict(record, body="改过的单篇")])["replaced"] == 1
    assert writable.search('"改过的单篇"')["total"] == 1
    assert writable.get_article("one-0")["body"] == "改过的单篇"
    assert writable.delete_ids(["one-0", "nobody"]) == 1
    assert writable.delete_ids(["one-0"]) == 0
    assert writable.get_article("one-0") is None


# --- baoku cluster --------------------------------------------------------------------

@needs("searchd")
def test_cluster_init_status_and_stop(runner, tmp_path):
    folder = tmp_path / "cluster"
    made = runner.invoke(cli, ["cluster", "init", "--nodes", "2", "--dir", str(folder)])
    assert made.exit_code == 0, made.output
    url = made.output.strip()
    try:
        assert url.startswith("sphinx://127.0.0.1:")
        assert (folder / "engine.url").read_text().strip() == url
        status = runner.invoke(cli, ["cluster", "status", "--dir", str(folder), "--json"])
        nodes = [json.loads(line) for line in status.output.splitlines()]
        assert status.exit_code == 0
        assert [n["name"] for n in nodes] == ["coordinator", "shard1", "shard2"]
        assert all(n["answers"] and n["pid"] for n in nodes)
        indexed = runner.invoke(cli, ["index", "--engine", url, str(Path("seeds"))])
        assert indexed.exit_code == 0, indexed.output
        found = runner.invoke(cli, ["search", "--engine", url, "区总工会", "--json"])
        assert found.exit_code == 0 and json.loads(found.output)["total"] > 0
    finally:
        stopped = runner.invoke(cli, ["cluster", "stop", "--dir", str(folder)])
    assert stopped.exit_code == 0 and "stopped shard2" in stopped.output
    status = runner.invoke(cli, ["cluster", "status", "--dir", str(folder)])
    assert status.exit_code == 1 and status.output.count("DOWN") == 3
    with pytest.raises(EngineUnavailable):
        open_engine(url).search("工会")


@needs("searchd")
def test_cluster_init_refuses_a_folder_in_use(runner, tmp_path):
    (tmp_path / "x").write_text("")
    result = runner.invoke(cli, ["cluster", "init", "--dir", str(tmp_path)])
    assert result.exit_code == 1 and "is not empty" in result.output


def test_cluster_init_without_searchd_says_how_to_install_it(runner, tmp_path, monkeypatch):
    """Runs everywhere: with no ``searchd`` on PATH, one line says what to install."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = runner.invoke(cli, ["cluster", "init", "--dir", str(tmp_path / "cluster")])
    assert result.exit_code == 1
    assert "Sphinx is not installed" in result.output and "apt-get install sphinxsearch" \
        in result.output
    assert not (tmp_path / "cluster").exists()


# --- the rest of the interface ---------------------------------------------------------

@pytest.fixture(scope="module")
def issue_engines(sphinx_clusters, issue_index, issue_records):
    """(embedded, sphinx) over the dated, paged issue records."""
    return open_engine(issue_index), open_engine(sphinx_clusters("issues", issue_records))


@pytest.mark.parametrize("call", [
    lambda e: e.calendar(), lambda e: e.calendar("2025"), lambda e: e.calendar("2025", "10"),
    lambda e: e.issue("2025-10-31"), lambda e: e.issue("2025-01-02"), lambda e: e.issue("1999-01-01"),
    lambda e: e.summary(), lambda e: e.neighbours("n2"), lambda e: e.neighbours("nobody"),
    lambda e: e.suggest("朝阳"), lambda e: e.suggest("职工", limit=3),
    lambda e: e.concordance('"职工"', width=5), lambda e: e.concordance("工会", order="left"),
    lambda e: e.get_article("n4", q="职工创新"), lambda e: e.get_article("nobody"),
    lambda e: e.document_count(), lambda e: e.health()["documents"],
    lambda e: list(e.export_lines("职工", fmt="jsonl"))[1:],
    lambda e: list(e.export_lines("", fmt="csv"))[1:],
], ids=["calendar", "calendar-year", "calendar-month", "issue", "issue-news", "no-issue",
        "summary", "neighbours", "neighbours-unknown", "suggest-name", "suggest-limit",
        "kwic-quoted", "kwic-left", "article", "article-unknown", "count", "health",
        "export-jsonl", "export-csv"])
def test_every_other_method_answers_as_the_embedded_index(issue_engines, call):
    embedded, sphinx = (call(engine) for engine in issue_engines)
    if isinstance(embedded, dict) and "lines" in embedded:      # kwic: order of equal hits
        embedded["lines"].sort(key=json.dumps)
        sphinx["lines"].sort(key=json.dumps)
    if isinstance(embedded, list) and embedded and isinstance(embedded[0], str):
        embedded, sphinx = sorted(embedded), sorted(sphinx)     # export rows: same set
    assert sphinx == embedded


def test_related_articles_share_words_and_leave_the_article_out(issue_engines):
    sphinx = issue_engines[1]
    related = sphinx.related("n4", limit=3)
    assert related and "n4" not in {hit["id"] for hit in related}
    assert all(hit["snippet"] == "" for hit in related)


def test_version_and_stats_say_which_index_set_answers(issue_engines):
    sphinx = issue_engines[1]
    version, stats = sphinx.version(), sphinx.stats()
    assert version["version"] == f"{version['generation']}/{version['commit']}"
    assert version["generation"] == stats["generation"] and version["commit"] >= 1
    assert stats["documents"] == sum(s["documents"] for s in stats["shards"]) > 0
    assert stats["signature"]


def test_a_query_sphinx_refuses_is_searched_as_plain_words(both, monkeypatch):
    from indexer.engines.sphinx import searching
    from indexer.engines.sphinx.matching import Compiled
    refused = Compiled(match="@nosuchfield zz", phrases=["区总工会"])
    monkeypatch.setattr(searching, "compile_for", lambda session, q: refused)
    result = both[1].search("区总工会")
    assert result["total"] >= both[0].search("区总工会")["total"] > 0     # never misses


@needs("searchd")
def test_serve_indexes_the_seeds_into_a_cluster_never_written(tmp_path):
    """``baoku serve --engine URL`` on a new, empty cluster builds the archive from
    its seeds, as it does for an index folder that is not there yet."""
    folder = tmp_path / "new-cluster"
    url = processes.init(str(folder), 1)["url"]
    try:
        engine = open_engine(url)
        assert serving_state(engine, "seeds") == {"build": True}
        build_index(engine, ["seeds"])
        assert serving_state(engine, "seeds") == {}
        assert engine.document_count() > 0
    finally:
        processes.stop(str(folder))


@pytest.mark.parametrize("q", ["工会", '"职工"', ""], ids=["word", "quoted", "browse"])
def test_a_long_hit_list_fetches_its_records_by_id_in_chunks_and_loses_none(both, monkeypatch, q):
    """Every hit (``per_page=0``) comes back, in order, when the records are fetched by
    id a few at a time (as for the thousands of hits of a large archive)."""
    _, sphinx = both
    whole = sphinx.search(q, filters=EVERY_KIND, per_page=0, snippets=False)
    monkeypatch.setattr(sphinx_searching, "RECORDS_WITH_PAGE", 1)
    monkeypatch.setattr(sphinx_searching, "RECORDS_AT_ONCE", 2)
    chunked = sphinx.search(q, filters=EVERY_KIND, per_page=0, snippets=False)
    assert len(whole["hits"]) == whole["total"] > 2
    assert [h["id"] for h in chunked["hits"]] == [h["id"] for h in whole["hits"]]
    assert chunked["hits"] == whole["hits"]
