"""Hostile markup: script and attribute payloads come out escaped wherever they are shown.

Articles whose every shown field (headline, kicker, subtitle, dateline, body,
reporter, source, url) carries a script, event-handler or image payload, an
article id full of quotes and angle brackets, and the same payloads typed as a
query or a filter must run nothing on the results and article pages, in the
API's snippets and HTML fields, in links, and in the embeddable search box
running in a real browser on another origin.
"""
import threading
from urllib.parse import urlsplit

import pytest
from browsing import other_origin
from hostile import (
    ATTRIBUTE,
    IMAGE,
    PAYLOADS,
    SCRIPT,
    assert_inert,
    check_response,
    markup,
)

from search_app import create_app


@pytest.fixture(scope="module")
def client(hostile_client):
    """The shared client over the hostile index, under the name the tests use."""
    return hostile_client


# --- the HTML page -----------------------------------------------------------

@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_queries_are_escaped_on_the_page(client, payload):
    for params in ({"q": payload}, {"q": "职工之家", "district": payload},
                   {"q": "职工之家", "reporter": payload}):
        response = client.get("/", query_string=params)
        body = check_response(response, str(params))
        found = assert_inert(body, str(params))
        assert "img" not in found.tags
        if "district" not in params and "reporter" not in params:
            assert payload.strip() in found.input_values    # the box keeps what was typed


def test_payloads_in_documents_are_escaped_on_the_page_and_article(client):
    page = client.get("/", query_string={"q": "职工之家"})
    found = assert_inert(check_response(page, "results"), "results page")
    assert "img" not in found.tags
    assert SCRIPT in "".join(found.text)            # shown as text, not run
    article = client.get("/articles/xss-1", query_string={"q": "职工之家"})
    assert article.status_code == 200
    found = assert_inert(article.get_data(as_text=True), "article page")
    assert "img" not in found.tags
    assert SCRIPT in "".join(found.text) and ATTRIBUTE.strip() in "".join(found.text)


def test_odd_ids_are_escaped_in_links(client):
    page = client.get("/", query_string={"q": "奇怪编号"})
    found = assert_inert(check_response(page, "odd id"), "odd id results")
    assert "img" not in found.tags
    hits = client.get("/api/search", query_string={"q": "奇怪编号"}).get_json()["hits"]
    odd = next(h for h in hits if h["id"].startswith("evil"))
    assert client.get(urlsplit(odd["url"]).path).status_code == 200


def test_payloads_in_documents_are_escaped_in_the_api(client):
    result = client.get("/api/search", query_string={"q": "职工之家"}).get_json()
    hit = next(h for h in result["hits"] if h["id"] == "xss-1")
    assert SCRIPT in hit["headline"]              # raw text in JSON, the client escapes
    assert_inert(hit["snippet"], "snippet")
    assert markup(hit["snippet"]).tags <= {"mark"}
    article = client.get("/api/articles/xss-1", query_string={"q": SCRIPT}).get_json()
    for name in ("headline_html", "body_html"):
        assert_inert(article[name], name)
        assert markup(article[name]).tags <= {"mark", "p", "br"}
    for paragraph in article["paragraphs_html"]:
        assert markup(paragraph).tags <= {"mark"}


# --- the embeddable box, in a real browser -----------------------------------

@pytest.fixture(scope="module")
def live_server(hostile_index_dir):
    """The app on 127.0.0.1 at a free port (the embed fetches across origins)."""
    from werkzeug.serving import make_server
    app = create_app({"TESTING": True, "BAOKU_INDEX": str(hostile_index_dir)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


EMBED_SHADOW = "document.querySelector('baoku-search')?.shadowRoot"


def test_embed_shows_payloads_as_text_and_runs_nothing(browser, live_server):
    host = ("<!doctype html><meta charset=utf-8>"
            "<script>window.__xss = 0; window.alert = function () { window.__xss++; };</script>"
            f'<div id="box"></div><script src="{live_server}/embed.js" data-target="#box" '
            'data-q="夜莺计划"></script>')
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with other_origin({"/": host}) as url:
        page.goto(url + "/")
        page.wait_for_function(f"{EMBED_SHADOW}?.querySelectorAll('li').length > 0")
        shown = page.evaluate(f"{EMBED_SHADOW}.querySelector('ol').innerHTML")
        found = assert_inert(shown, "embedded results")
        assert found.tags <= {"li", "a", "div", "p", "mark"}, found.tags
        assert "夜莺计划" + SCRIPT in "".join(found.text)
        # A payload typed into the box: shown as a query, never run.
        page.fill("baoku-search >> input", IMAGE + ATTRIBUTE)
        page.press("baoku-search >> input", "Enter")
        status = f"{EMBED_SHADOW}.querySelector('.status').textContent"
        page.wait_for_function(f"!{status}.includes('正在')")
        assert_inert(page.evaluate(f"{EMBED_SHADOW}.innerHTML"), "embed after a hostile query")
        page.wait_for_timeout(300)          # let any injected handler fire, if one got in
        assert page.evaluate("window.__xss") == 0 and not dialogs
    page.close()
