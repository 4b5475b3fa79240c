"""Limits and abuse: request size caps, and the optional per-client rate limit.

The rate limit is off unless ``BAOKU_RATELIMIT`` is set; when on, a client over
its allowance gets 429 in the service's one error shape (JSON under /api, a page
elsewhere) while other clients and /healthz are unaffected.
"""
import pytest

from indexer.reading.records import new_record
from indexer.searching.querysyntax import MAX_QUERY_CHARS
from indexer.engines.embedded.lifecycle.writing import index_records
from search_app import create_app


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("limits") / "index"
    index_records(path, [new_record(id=f"l{n}", kind="news", headline=f"职工之家第{n}期",
                                    body="职工之家开展活动。", date="2024-01-01")
                         for n in range(3)])
    return path


def make_client(index_dir, **config):
    app = create_app({"TESTING": True, "BAOKU_INDEX": str(index_dir), **config})
    return app.test_client()


def test_rate_limit_is_off_by_default(index_dir, monkeypatch):
    monkeypatch.delenv("BAOKU_RATELIMIT", raising=False)
    client = make_client(index_dir)
    codes = {client.get("/api/suggest", query_string={"q": "职"}).status_code
             for _ in range(150)}
    assert codes == {200}


def test_rate_limit_answers_429_in_the_error_shape(index_dir):
    client = make_client(index_dir, BAOKU_RATELIMIT="5/minute")
    codes = [client.get("/api/search", query_string={"q": "职工"}).status_code
             for _ in range(5)]
    assert codes == [200] * 5
    refused = client.get("/api/search", query_string={"q": "职工"})
    assert refused.status_code == 429
    assert refused.get_json() == {"error": refused.get_json()["error"], "status": 429}
    assert refused.headers.get("Retry-After")
    pages = [client.get("/", query_string={"q": "职工"}) for _ in range(6)]
    assert [p.status_code for p in pages] == [200] * 5 + [429]
    assert pages[-1].mimetype == "text/html"
    assert "Traceback" not in pages[-1].get_data(as_text=True)


def test_rate_limit_is_per_client_and_spares_healthz(index_dir):
    client = make_client(index_dir, BAOKU_RATELIMIT="3/minute")
    for _ in range(3):
        assert client.get("/api/suggest", query_string={"q": "职"}).status_code == 200
    assert client.get("/api/suggest", query_string={"q": "职"}).status_code == 429
    other = {"REMOTE_ADDR": "192.0.2.7"}
    assert client.get("/api/suggest", query_string={"q": "职"},
                      environ_base=other).status_code == 200
    assert {client.get("/healthz").status_code for _ in range(5)} == {200}


def test_rate_limit_from_the_environment(index_dir, monkeypatch):
    monkeypatch.setenv("BAOKU_RATELIMIT", "2/minute")
    monkeypatch.setenv("BAOKU_INDEX", str(index_dir))
    client = create_app().test_client()             # the environment's settings apply
    codes = [client.get("/api/suggest", query_string={"q": "职"}).status_code
             for _ in range(3)]
    assert codes == [200, 200, 429]


@pytest.mark.parametrize("path", ["/api/search", "/"])
def test_large_request_bodies_are_refused(index_dir, path):
    client = make_client(index_dir)
    response = client.get(path, data=b"x" * (64 * 1024 + 1),
                          content_type="application/octet-stream")
    assert response.status_code == 413
    assert "Traceback" not in response.get_data(as_text=True)
    if path.startswith("/api"):
        assert response.get_json()["status"] == 413
    small = client.get(path, data=b"x" * 100, content_type="application/octet-stream")
    assert small.status_code == 200


def test_size_limit_is_configurable(index_dir):
    client = make_client(index_dir, MAX_CONTENT_LENGTH=1000)
    assert client.get("/api/search", data=b"x" * 1001).status_code == 413
    assert client.get("/api/search", data=b"x" * 999).status_code == 200


@pytest.mark.parametrize("path", ["/api/search", "/api/suggest", "/"])
def test_over_long_query_strings_are_refused(index_dir, path):
    client = make_client(index_dir)
    response = client.get(path, query_string={"q": "职", "pad": "x" * 9000})
    assert response.status_code == 414
    assert "Traceback" not in response.get_data(as_text=True)
    if path.startswith("/api"):
        assert response.get_json()["status"] == 414


def test_query_length_cap(index_dir):
    """One limit: what the box allows, the API accepts, the help says and the engines read."""
    client = make_client(index_dir)
    pieces = ["职" * 31] * 7 + ["职" * 32]      # 256 characters within the budget's pieces
    assert len(" ".join(pieces)) == MAX_QUERY_CHARS
    assert client.get("/api/search", query_string={"q": " ".join(pieces)}).status_code == 200
    response = client.get("/api/search", query_string={"q": " ".join(pieces + ["职"])})
    assert response.status_code == 400
    assert "q" in response.get_json()["error"]
    assert f'maxlength="{MAX_QUERY_CHARS}"' in client.get("/").get_data(as_text=True)
    assert f"检索式最长 {MAX_QUERY_CHARS} 个字" in client.get("/help").get_data(as_text=True)


def test_nothing_changes_the_index_over_http(index_dir):
    """No route accepts a write: one added later must come with a token check (and this test)."""
    app = create_app({"TESTING": True, "BAOKU_INDEX": str(index_dir)})
    writable = [(rule.rule, sorted(rule.methods - {"GET", "HEAD", "OPTIONS"}))
                for rule in app.url_map.iter_rules()
                if rule.methods - {"GET", "HEAD", "OPTIONS"}]
    assert not writable
    client = app.test_client()
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        response = client.open("/api/articles/l1", method=method)
        assert response.status_code == 405
        assert response.get_json()["status"] == 405
    assert client.get("/api/articles/l1").status_code == 200


def test_init_limits_works_on_its_own_and_spares_static_files():
    """limits.init_limits is complete by itself (create_app also installs CORS etc.)."""
    from flask import Flask

    from search_app.limits import init_limits
    app = Flask("bare")
    app.add_url_rule("/a", "a", lambda: "a")
    app.config["BAOKU_RATELIMIT"] = "2/minute"
    assert init_limits(app) is not None
    client = app.test_client()
    assert [client.get("/a").status_code for _ in range(3)] == [200, 200, 429]
    assert [client.get("/static/none.css").status_code for _ in range(3)] == [404] * 3
    assert init_limits(Flask("off")) is None
