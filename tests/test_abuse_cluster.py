"""Shards that come back, and a cluster that says when it is partial (issue 23, deliverable 3).

One small cluster of the seed pages (two shards) for the module: a supervisor restarts a
searchd that dies (and leaves a node stopped on purpose alone); with shards down, /healthz is
a 503 with a generic reason, article pages a Chinese 503, and exports and concordances say
they are partial in the file and in ``X-Baoku-Partial``."""
import csv
import io
import json
import os
import signal
import time

import pytest

from indexer.engines import open_engine
from indexer.engines.sphinx import processes, supervisor
from search_app import create_app
from programs import require
from search_app.cli import cli

CJK = "\u4e00-\u9fff"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, seed_records):
    require("searchd")
    folder = tmp_path_factory.mktemp("abuse-cluster") / "cluster"
    url = processes.init(folder, 2)["url"]
    try:
        open_engine(url).index_records(seed_records)
        yield folder, url
    finally:
        supervisor.halt(folder)
        processes.stop(folder)


def answering(folder, name, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        node = next(n for n in processes.status(folder) if n["name"] == name)
        if node["answers"] and node["pid"]:
            return node
        time.sleep(0.2)
    return None


def test_a_shard_that_dies_is_restarted_and_one_stopped_on_purpose_is_not(cluster, runner):
    folder, url = cluster
    api = create_app({"TESTING": False, "BAOKU_ENGINE": url}).test_client()
    full = api.get("/api/search?q=工会").json["total"]
    supervisor.launch(folder)
    try:
        status = runner.invoke(cli, ["cluster", "status", "--dir", str(folder)])
        assert "restarts a node that dies" in status.output
        victim = answering(folder, "shard2", 5)
        os.kill(victim["pid"], signal.SIGKILL)             # a crash, as the OOM killer does
        back = answering(folder, "shard2", 30)
        assert back and back["pid"] != victim["pid"]
        again = api.get("/api/search?q=工会").json
        assert again["partial"] is False and again["total"] == full
        processes.stop(folder, ["shard1"])
        time.sleep(3 * supervisor.CHECK_SECONDS + 0.5)
        assert processes.status(folder)[1]["pid"] is None     # left down, as asked
    finally:
        supervisor.halt(folder)
        processes.start(folder)
    assert supervisor.supervisor_pid(folder) is None


def csv_of(response):
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_shards_down_say_so_generically_and_downloads_say_they_are_partial(cluster,
                                                                           seed_records):
    folder, url = cluster
    api = create_app({"TESTING": False, "BAOKU_ENGINE": url}).test_client()
    full = api.get("/api/search?q=工会&per_page=100").json
    assert full["partial"] is False and "X-Baoku-Partial" not in \
        api.get("/api/export?q=工会").headers
    processes.stop(folder, ["shard2"], kill=True)
    try:
        health = api.get("/healthz")
        assert health.status_code == 503 and health.json["missing_shards"] == ["shard2"]
        assert "127.0.0.1" not in health.get_data(as_text=True)
        export = api.get("/api/export?q=工会&format=csv")
        rows = csv_of(export)
        assert export.headers["X-Baoku-Partial"] == "1"
        assert rows[0][0] == "id"                   # the header first, the note last
        assert "partial=True" in rows[-1][0] and "shard2" in rows[-1][0]
        assert 0 < len(rows) - 2 < full["total"]
        jsonl = api.get("/api/export?q=工会&format=jsonl")
        first = json.loads(jsonl.get_data(as_text=True).splitlines()[0])
        assert first["partial"] is True and jsonl.headers["X-Baoku-Partial"] == "1"
        kwic = api.get("/api/kwic?q=工会")
        assert kwic.json["partial"] is True and kwic.headers["X-Baoku-Partial"] == "1"
        kwic_csv = api.get("/api/kwic?q=工会&format=csv")
        assert csv_of(kwic_csv)[0][0] == "id"      # the header first, the note last
        assert "partial=True" in csv_of(kwic_csv)[-1][0] and "shard2" in csv_of(kwic_csv)[-1][0]
        assert kwic_csv.headers["X-Baoku-Partial"] == "1"

        processes.stop(folder, ["shard1"], kill=True)     # every shard down
        health = api.get("/healthz")
        assert health.status_code == 503 and health.json["status"] == "unhealthy"
        said = health.get_data(as_text=True)
        assert not any(word in said for word in ("127.0.0.1", "agent", "errno", "dist_"))
        article_id = seed_records[0]["id"]
        page = api.get(f"/articles/{article_id}")
        assert page.status_code == 503 and "部分分片" in page.get_data(as_text=True)
        assert "Traceback" not in page.get_data(as_text=True)
        answer = api.get(f"/api/articles/{article_id}")
        assert answer.status_code == 503 and "部分分片" in answer.json["error"]
        assert "shard1、shard2" in csv_of(api.get("/api/export?q=工会"))[-1][0]
    finally:
        processes.start(folder)
    assert api.get("/healthz").status_code == 200
