"""Cursors: signed by the installation, bounded, refused in Chinese when they do not verify,
on both engines (the API and the page through Flask's test client, the library, the CLI)."""
import base64
import json
import os
import stat

import pytest

from indexer.engines import open_engine
from indexer.reading.records import new_record
from indexer.engines.embedded import open_index, search
from indexer.engines.embedded.lifecycle.secret import SECRET
from indexer.searching import cursor as cursors
from indexer.searching import facets
from indexer.engines.embedded.lifecycle.writing import index_records
from search_app import create_app
from search_app.cli import cli

from conftest import ENGINES, engine_location

# The audit's request: a cursor for q=工会 written by hand, at offset 2e9 (it took
# every searchd of a cluster down with out-of-memory)
FORGED = "WyI0MjlmM2MyMTI4NDYiLCAyMDAwMDAwMDAwLCAieCJd"


@pytest.fixture(scope="module", params=ENGINES)
def app(request, seed_index, seed_records):
    location = engine_location(request, "seeds", seed_records, seed_index)
    return create_app({"TESTING": True, "BAOKU_INDEX": seed_index, "BAOKU_ENGINE": location})


@pytest.fixture()
def api(app):
    return app.test_client()


def made_up(offset, last_id="x", q="工会"):
    """A cursor as the old, unsigned format spelled it, for ``q``'s search."""
    key = cursors.fingerprint(q, facets.selections({}), "relevance", None, None)
    raw = json.dumps([key, offset, last_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def walk(api, q, per_page):
    """Every hit id a cursor walk of the API gives, in order."""
    seen, cursor = [], None
    while True:
        args = {"q": q, "per_page": per_page, **({"cursor": cursor} if cursor else {})}
        answer = api.get("/api/search", query_string=args)
        assert answer.status_code == 200, answer.json
        seen += [hit["id"] for hit in answer.json["hits"]]
        cursor = answer.json["next_cursor"]
        if cursor is None:
            return seen


def refused(api, cursor, q="工会", **args):
    """The API's and the page's answers to ``cursor``: both 400, in Chinese."""
    answer = api.get("/api/search", query_string={"q": q, "per_page": 100, "cursor": cursor,
                                                  **args})
    assert answer.status_code == 400, answer.json
    assert answer.json == {"error": answer.json["error"], "status": 400}
    page = api.get("/", query_string={"q": q, "cursor": cursor, **args})
    assert page.status_code == 400 and "翻页标记" in page.get_data(as_text=True)
    return answer.json["error"]


def all_shards_answer(api):
    answer = api.get("/api/search", query_string={"q": "工会"}).json
    assert answer["total"] > 0 and answer["partial"] is False and answer["missing_shards"] == []


@pytest.mark.parametrize("cursor", [FORGED, made_up(2 * 10 ** 9), made_up(5), made_up(0)],
                         ids=["the-audits", "huge-offset", "small-offset", "zero"])
def test_a_made_up_cursor_is_a_400_in_chinese_and_every_shard_lives_on(api, cursor):
    message = refused(api, cursor)
    assert "cursor（翻页标记）" in message and "不是本站给出的翻页标记" in message
    all_shards_answer(api)


def test_a_cursor_walk_gives_every_hit_once_in_the_order_of_pages(api):
    walked = walk(api, "工会", 3)
    everything = api.get("/api/search?q=工会&per_page=100").json
    assert everything["total"] > 6 and everything["next_cursor"] is None
    assert walked == [hit["id"] for hit in everything["hits"]]


def test_an_altered_cursor_is_refused(api):
    genuine = api.get("/api/search?q=工会&per_page=2").json["next_cursor"]
    payload, signature = genuine.split(".")
    flipped = signature[:5] + ("A" if signature[5] != "A" else "B") + signature[6:]
    raw = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    raw[1] = 2 * 10 ** 9
    deeper = base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")
    for cursor in (f"{payload}.{flipped}", f"{deeper}.{signature}", payload, genuine + "x",
                   genuine.replace(".", "..")):
        assert "不是本站给出的翻页标记" in refused(api, cursor)
    all_shards_answer(api)


def test_a_cursor_signed_by_another_installation_is_refused(api):
    genuine = api.get("/api/search?q=工会&per_page=2").json["next_cursor"]
    key, offset, last_id = json.loads(base64.urlsafe_b64decode(genuine.split(".")[0] + "=="))
    elsewhere = cursors.encode(offset, last_id, key, os.urandom(32))
    assert "不是本站给出的翻页标记" in refused(api, elsewhere)


def test_a_cursor_of_another_search_is_refused(api):
    genuine = api.get("/api/search?q=工会&per_page=2").json["next_cursor"]
    assert "属于另一次检索" in refused(api, genuine, q="职工")
    assert "属于另一次检索" in refused(api, genuine, sort="date")


def test_the_cli_says_a_cursor_is_refused(app, runner):
    location = app.config["BAOKU_ENGINE"]
    found = runner.invoke(cli, ["search", "工会", "--engine", location, "--limit", "2", "--json"])
    genuine = json.loads(found.output)["next_cursor"]
    rest = runner.invoke(cli, ["search", "工会", "--engine", location, "--limit", "2", "--json",
                               "--cursor", genuine])
    assert rest.exit_code == 0, rest.output
    assert json.loads(rest.output)["hits"][0]["id"] not in found.output
    forged = runner.invoke(cli, ["search", "工会", "--engine", location, "--cursor", FORGED])
    assert forged.exit_code == 2 and "cursor is not one this service gave out" in forged.output


def test_cursors_stop_at_their_depth(app, monkeypatch):
    monkeypatch.setattr(cursors, "MAX_CURSOR_DEPTH", 7)
    api = app.test_client()
    assert api.get("/api/search?q=工会").json["total"] > 7
    walked = walk(api, "工会", 3)
    everything = api.get("/api/search?q=工会&per_page=100").json
    assert walked == [hit["id"] for hit in everything["hits"]][:7]


# --- the embedded index's secret ---------------------------------------------------

def _records(n, word="续翻"):
    return [new_record(id=f"c{i}", kind="news", headline=word, body=f"第{i}条",
                       date=f"2025-01-{i + 1:02d}") for i in range(n)]


def test_the_secret_is_made_on_first_use_readable_by_its_owner_only(tmp_path):
    path = str(tmp_path / "ix")
    index_records(path, _records(5))
    first = search(open_index(path), "续翻", per_page=2)
    secret = tmp_path / "ix" / SECRET
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert len(bytes.fromhex(secret.read_text())) == 32
    assert not [p for p in os.listdir(path) if p.endswith(".tmp")]
    again = search(open_index(path), "续翻", per_page=2)
    assert again["next_cursor"] == first["next_cursor"]


def test_the_secret_and_its_cursors_survive_a_rebuild(tmp_path):
    path = str(tmp_path / "ix")
    index_records(path, _records(6))
    first = search(open_index(path), "续翻", sort="date_asc", per_page=3)
    secret = (tmp_path / "ix" / SECRET).read_text()
    index_records(path, _records(6), rebuild=True)
    assert (tmp_path / "ix" / SECRET).read_text() == secret
    rest = search(open_index(path), "续翻", sort="date_asc", per_page=3,
                  cursor=first["next_cursor"])
    assert [h["id"] for h in first["hits"] + rest["hits"]] == [f"c{i}" for i in range(6)]


def test_another_index_refuses_this_ones_cursors(tmp_path):
    for name in ("one", "two"):
        index_records(str(tmp_path / name), _records(6))
    cursor = search(open_index(str(tmp_path / "one")), "续翻", per_page=2)["next_cursor"]
    with pytest.raises(cursors.CursorRefused, match="not one this service gave out"):
        search(open_index(str(tmp_path / "two")), "续翻", per_page=2, cursor=cursor)
    engine = open_engine(str(tmp_path / "one"))
    assert engine.search("续翻", per_page=2, cursor=cursor)["hits"][0]["id"] == "c2"


def test_without_a_readable_secret_searches_answer_without_cursors(tmp_path, caplog):
    path = str(tmp_path / "ix")
    index_records(path, _records(6))
    os.mkdir(os.path.join(path, SECRET))       # unreadable as a file, even by root
    found = search(open_index(path), "续翻", per_page=2)
    assert found["total"] == 6 and len(found["hits"]) == 2 and found["next_cursor"] is None
    assert "cursors are off" in caplog.text and SECRET in caplog.text
    api = create_app({"TESTING": True, "BAOKU_INDEX": path}).test_client()
    assert api.get("/api/search?q=续翻").status_code == 200
    answer = api.get("/api/search", query_string={"q": "续翻", "cursor": made_up(2, "c1", "续翻")})
    assert answer.status_code == 400 and "无法验证翻页标记" in answer.json["error"]
