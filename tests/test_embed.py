"""The embeddable box: /embed.js served right, documented, and safe with hostile documents."""
import re
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from indexer.reading.records import new_record
from indexer.engines.embedded.lifecycle.writing import index_records
from search_app import create_app

from browsing import needs_chromium, other_origin

ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def test_embed_script_is_served_as_javascript_for_other_sites(client):
    with client.get("/embed.js") as response:
        assert response.status_code == 200 and response.mimetype == "text/javascript"
        assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
        assert "attachShadow" in response.get_data(as_text=True)


def test_readme_shows_a_copyable_snippet():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Embedding the search box"):]
    assert re.search(r'<script src="https?://[^"]+/embed\.js" data-target="#baoku" async></script>',
                     section)
    assert '<div id="baoku"></div>' in section and "<baoku-search" in section


@pytest.fixture(scope="module")
def hostile_service(tmp_path_factory):
    """The app over an index whose only documents carry script payloads, on a thread."""
    path = tmp_path_factory.mktemp("embed-index") / "index"
    index_records(str(path), [
        new_record(id=f"evil-{i}", kind="news", headline=f"职工之家{PAYLOAD}",
                   body=f"职工之家开放日 {PAYLOAD} 欢迎职工", source="evil.jsonl")
        for i in range(3)])
    server = make_server("127.0.0.1", 0, create_app({"BAOKU_INDEX": str(path)}), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def host(hostile_service):
    """Another origin serving pages that embed the box both ways."""
    page = "<!doctype html><meta charset=utf-8>"
    pages = {
        "/script": page + f'<div id="baoku"></div><script src="{hostile_service}/embed.js" '
                          'data-target="#baoku" data-per-page="3" async></script>',
        "/element": page + f'<script src="{hostile_service}/embed.js"></script>'
                           '<baoku-search q="职工之家"></baoku-search>',
    }
    with other_origin(pages) as base:
        yield base


def shadow_html(page):
    return page.locator("baoku-search").evaluate("e => e.shadowRoot.innerHTML")


@needs_chromium
@pytest.mark.parametrize("path", ["/script", "/element"])
def test_hostile_results_stay_text_with_marks_kept(browser, host, path):
    page = browser.new_page()
    page.set_default_timeout(10_000)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(host + path)
    if path == "/script":
        page.locator("baoku-search input").fill("职工之家")
        page.locator("baoku-search button").click()
    page.locator("baoku-search li").first.wait_for()
    assert page.locator("baoku-search li").count() == 3
    assert PAYLOAD in page.locator("baoku-search li a").first.inner_text()
    assert page.locator("baoku-search li mark").first.inner_text() == "职工之家"
    html = shadow_html(page)
    assert "<img" not in html and "<script" not in html
    tags = page.locator("baoku-search ol").evaluate(
        "ol => [...new Set([...ol.querySelectorAll('*')].map(e => e.tagName))]")
    assert sorted(tags) == ["A", "DIV", "LI", "MARK", "P"]
    page.wait_for_timeout(200)
    assert dialogs == []
    page.close()
