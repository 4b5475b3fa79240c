"""Suggestions follow deletions, and every cache of the cluster has a bound
(issue 23, 6: "suggestions follow deletions; every cache has a bound")."""
import pytest

from conftest import engine_location
from indexer.engines import open_engine
from indexer.reading.records import new_record


def _records():
    kept = new_record(id="kept-1", kind="news", headline="留下的报道", body="职工之家的报道。",
                      reporters=["常留记者"], unions=["常留区总工会"], date="2025-02-01")
    gone = new_record(id="gone-1", kind="news", headline="删去的报道", body="删去之前的报道。",
                      reporters=["删去记者"], unions=["删去区总工会"], date="2025-02-02")
    return [kept, gone]


@pytest.fixture(params=["embedded", "sphinx"])
def engine(request, tmp_path):
    location = engine_location(request, f"deletions-{tmp_path.name}", _records(),
                               tmp_path / "index")
    found = open_engine(location)
    if request.param == "embedded":
        found.index_records(_records())
    return found


def texts(engine, prefix):
    return {s["text"] for s in engine.suggest(prefix, limit=20)}


def test_a_deleted_articles_reporter_and_union_are_no_longer_suggested(engine):
    assert "删去记者" in texts(engine, "删去") and "删去区总工会" in texts(engine, "删去")
    assert engine.delete_ids(["gone-1"]) == 1
    left = texts(engine, "删去")
    assert "删去记者" not in left and "删去区总工会" not in left and "删去的报道" not in left
    assert {"常留记者", "常留区总工会"} <= texts(engine, "常留")


def test_the_keyword_cache_keeps_at_most_its_bound(monkeypatch):
    from indexer.engines.sphinx import session as sessions

    class Fake(sessions.Session):
        def __init__(self):
            self.version, self.index = ("test", 0, "a", "1"), "dist_a"

        def run(self, sql, args=None):
            words = sql.split("(", 3)[3].split(")")[0].split(" | ")
            meta = [(f"keyword[{i}]", w) for i, w in enumerate(words)]
            return [[], meta + [(f"docs[{i}]", "3") for i in range(len(words))]]

    monkeypatch.setitem(sessions.BOUNDS, "keywords", 50)
    monkeypatch.setattr(sessions, "_caches", {})
    fake = Fake()
    for at in range(0, 400, 20):
        found = fake.keyword_documents([f"w{i}" for i in range(at, at + 20)])
        assert found == {f"w{i}": 3 for i in range(at, at + 20)}
    assert len(fake.cache("keywords")) <= 50
