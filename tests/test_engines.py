"""The storage seam: the web app and the CLI reach the archive through an engine chosen by
configuration (``BAOKU_ENGINE`` / ``--engine``), and a wrong choice is one clear error."""
import pytest

from indexer.engines import embedded as searching
from indexer.engines import open_engine, scheme_of
from indexer.engines.embedded import EmbeddedEngine
from indexer.errors import EngineUnavailable
from search_app import create_app
from search_app.cli import cli


@pytest.mark.parametrize("location, scheme", [
    ("instance/index", ""), ("/srv/baoku/index", ""), ("sphinx://127.0.0.1:9306", "sphinx"),
    ("C:/index", ""), ("manticore+x://h:1", "manticore+x"),
], ids=["relative", "absolute", "sphinx", "drive-like", "scheme-chars"])
def test_a_location_names_its_engine_by_scheme(location, scheme):
    assert scheme_of(location) == scheme


def test_a_folder_opens_the_embedded_engine_and_answers_like_the_library(seed_index):
    engine = open_engine(seed_index)
    assert isinstance(engine, EmbeddedEngine)
    through_engine = engine.search("工会", per_page=5)
    direct = searching.search(searching.open_index(seed_index), "工会", per_page=5)
    assert [h["id"] for h in through_engine["hits"]] == [h["id"] for h in direct["hits"]]
    assert through_engine["total"] == direct["total"] > 0
    assert through_engine["partial"] is False and through_engine["missing_shards"] == []
    assert engine.document_count() == searching.document_count(searching.open_index(seed_index))


def test_an_unknown_engine_is_one_error_naming_the_known_ones():
    with pytest.raises(EngineUnavailable, match="unknown engine 'elastic://h:9200'"):
        open_engine("elastic://h:9200")


def test_the_cli_reports_an_unknown_engine_in_one_line(runner):
    result = runner.invoke(cli, ["search", "工会", "--engine", "elastic://h:9200"])
    assert result.exit_code == 1
    assert result.output.strip().startswith("baoku: unknown engine 'elastic://h:9200'")
    assert "Traceback" not in result.output


def test_the_engine_setting_wins_over_the_index_folder(seed_index, tmp_path):
    app = create_app({"TESTING": True, "BAOKU_INDEX": str(tmp_path / "none"),
                      "BAOKU_ENGINE": seed_index})
    answer = app.test_client().get("/api/search?q=工会")
    assert answer.status_code == 200 and answer.json["total"] > 0
    assert answer.json["partial"] is False


def test_an_unknown_engine_in_the_settings_answers_503_in_the_error_shape(tmp_path):
    app = create_app({"TESTING": True, "BAOKU_ENGINE": "elastic://h:9200"})
    answer = app.test_client().get("/api/search?q=工会")
    assert answer.status_code == 503
    assert answer.json["status"] == 503 and "BAOKU_ENGINE" in answer.json["error"]


def test_the_server_warms_no_index_data_before_forking(tmp_path, seed_records):
    """Per-document data is memory-mapped per segment: the warm-up before the
    workers fork loads the dictionaries (one search) and builds no table."""
    from indexer.engines.embedded.opening.generation import generation_of
    from search_app.server import warm_up
    from indexer.engines.embedded.lifecycle.writing import index_records
    index_dir = str(tmp_path / "index")
    index_records(index_dir, seed_records[:10])
    index_records(index_dir, seed_records[10:])         # a second segment
    app = create_app({"BAOKU_ENGINE": index_dir, "TESTING": True})
    warm_up(app)
    with searching.checkout(searching.open_index(index_dir)) as searcher:
        generation = generation_of(searcher.reader())
        assert "issue_tables" not in generation._caches
    assert EmbeddedEngine(index_dir).search('"总工会"')["total"] > 0


@pytest.mark.parametrize("q", ["date:2025-13 工会", "date:2026..2022 职工"],
                         ids=["bad-date", "reversed-range"])
def test_the_engine_the_api_and_the_cli_give_the_same_notes(seed_index, client, runner, q):
    """Notes are attached once, by the engine: the API and the CLI pass them on."""
    import json
    engine = open_engine(seed_index)
    notes = engine.search(q)["notes"]
    assert notes and engine.concordance(q)["notes"] == notes
    assert client.get("/api/search", query_string={"q": q}).json["notes"] == notes
    assert client.get("/api/kwic", query_string={"q": q}).json["notes"] == notes
    for extra in ([], ["--kwic"]):
        found = runner.invoke(cli, ["search", "--index", seed_index, "--json", q, *extra])
        assert found.exit_code == 0 and json.loads(found.output)["notes"] == notes
