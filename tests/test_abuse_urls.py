"""Absolute URLs follow the configured public address, never a client's Host header
(issue 23, deliverable 6): permalinks, canonical link, feed ids, export and concordance
URLs, citations, opensearch.xml and openapi.json."""
import re

import pytest

from search_app import create_app

EVIL = "evil.example"
# every answer that writes an absolute URL, with a query that finds something
ANSWERS = ["/api/search?q=职工", "/api/kwic?q=职工之家", "/api/kwic?q=职工之家&format=csv",
           "/api/export?q=职工&format=csv", "/api/export?q=职工&format=jsonl",
           "/feeds/search.atom?q=职工", "/opensearch.xml", "/api/openapi.json", "ARTICLE",
           "ARTICLE/cite.ris", "ARTICLE/cite.bib", "/api/articles/ID"]


def client_of(seed_index, **settings):
    return create_app({"TESTING": True, "BAOKU_INDEX": seed_index, **settings}).test_client()


def answers(client, **request):
    first = client.get("/api/search", query_string={"q": "职工"}, **request).json["hits"][0]
    article_id = first["id"]
    for path in ANSWERS:
        path = path.replace("ARTICLE", f"/articles/{article_id}").replace("ID", article_id)
        response = client.get(path, **request)
        assert response.status_code == 200, path
        yield path, response.get_data(as_text=True)


def absolute_urls(text):
    return re.findall(r"https?://[^\s\"'<>,;}\\]+", text)


@pytest.mark.parametrize("base", ["https://baoku.example.org", "https://example.org:8443/baoku/"])
def test_a_base_url_is_every_absolute_url_whatever_the_host_header(seed_index, base):
    client = client_of(seed_index, BAOKU_BASE_URL=base)
    hostile = {"headers": {"Host": EVIL, "X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "http"}}
    for path, text in answers(client, **hostile):
        assert EVIL not in text, path
        ours = [url for url in absolute_urls(text) if "w3.org" not in url
                and "a9.com" not in url and "mozilla.org" not in url]
        assert ours, path
        root = base.rstrip("/")
        assert all(url == root or url.startswith(root + "/") for url in ours), (path, ours)


def test_a_path_prefix_is_served_with_or_without_the_prefix(seed_index):
    client = client_of(seed_index, BAOKU_BASE_URL="https://example.org/baoku")
    for path in ("/baoku/api/search?q=职工", "/api/search?q=职工"):
        hit = client.get(path).json["hits"][0]
        assert hit["url"].startswith("https://example.org/baoku/articles/")


def test_forwarded_headers_are_believed_only_when_told(seed_index):
    forwarded = {"headers": {"X-Forwarded-Host": "proxy.example", "X-Forwarded-Proto": "https",
                             "X-Forwarded-For": "203.0.113.9"}}
    plain = client_of(seed_index).get("/api/search?q=职工", **forwarded).json["hits"][0]
    assert plain["url"].startswith("http://localhost/")
    trusting = client_of(seed_index, BAOKU_TRUST_PROXY=1)
    hit = trusting.get("/api/search?q=职工", **forwarded).json["hits"][0]
    assert hit["url"].startswith("https://proxy.example/articles/")


@pytest.mark.parametrize("bad", ["baoku.example.org", "ftp://x.example/", "https://x.example/?a=1",
                                 "https://user:pw@x.example/"])
def test_a_malformed_base_url_is_refused_at_start(seed_index, bad):
    with pytest.raises(ValueError, match="BAOKU_BASE_URL"):
        client_of(seed_index, BAOKU_BASE_URL=bad)
