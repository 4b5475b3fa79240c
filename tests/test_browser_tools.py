"""The reader's tools and the fixed rough edges in headless Chromium, against
`baoku serve` (gunicorn) on the seed index."""
import csv
import io
import json
import re
import socket
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest

from browsing import needs_chromium, other_origin, total

pytestmark = needs_chromium
PHONE = {"width": 390, "height": 844}


def query_args(url):
    return {k: v for k, v in parse_qs(urlsplit(url).query).items()}


# --- defects --------------------------------------------------------------------------

def test_an_exclusion_alone_shows_everything_else(service, page):
    page.goto(service + "/")
    everything = total(page)
    page.goto(service + "/?q=北京")        # in about half of the seed articles
    matches = total(page)
    page.locator("#q").fill("-北京")
    page.locator("#q").press("Enter")
    page.wait_for_url("**q=-*")
    assert total(page) == everything - matches > 0
    assert page.locator(".hit .snippet mark").count() == 0


def test_a_page_past_the_last_one_keeps_the_query_and_offers_narrowing(service, page):
    response = page.goto(f"{service}/?q=工会&page=99999")
    assert response.status == 200 and page.locator("#q").input_value() == "工会"
    note = page.locator(".beyond").inner_text()
    assert "下面是最后一页" in note and not re.search(r"parameter|must|at most", note)
    assert page.locator(".hit").count() > 0      # the last page's hits


@pytest.mark.parametrize("args", ["per_page=abc", "sort=newest", "per_page=99999"])
def test_a_bad_parameter_page_is_chinese_and_keeps_the_query(service, page, args):
    response = page.goto(f"{service}/?q=工会&{args}")
    assert response.status == 400
    assert page.locator("#q").input_value() == "工会"
    text = page.locator("main").inner_text()
    assert "参数" in text and not re.search(r"parameter|must|at most", text)
    page.locator("a.retry").click()
    page.wait_for_load_state()
    assert total(page) > 0 and page.locator("#q").input_value() == "工会"


def test_an_unknown_route_is_chinese(service, page):
    response = page.goto(service + "/no/such/page?q=职工")
    assert response.status == 404 and "找不到这个页面" in page.locator("h1").inner_text()
    assert "requested URL" not in page.content() and page.locator("#q").input_value() == "职工"


def test_gunicorn_and_the_app_answer_over_long_requests_in_our_shape(service):
    host, port = urlsplit(service).hostname, urlsplit(service).port

    def raw(target):
        with socket.create_connection((host, port), timeout=10) as s:
            s.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        return int(head.split()[1]), head.decode("latin-1"), body.decode("utf-8")

    status, head, body = raw("/api/search?q=" + "x" * 9000)         # gunicorn's own limit
    assert status == 414 and "application/json" in head
    assert json.loads(body) == {"error": json.loads(body)["error"], "status": 414}
    assert "请求地址过长" in json.loads(body)["error"]
    status, head, body = raw("/?q=" + "x" * 8100)                   # the app's limit
    assert status == 414 and "text/html" in head and "请求地址过长" in body


def test_help_is_linked_from_the_box_and_its_examples_run(service, page):
    page.goto(service + "/")
    page.locator(".searchbox .help-link").click()
    page.wait_for_url("**/help")
    examples = page.locator("a.example")
    assert examples.count() >= 8
    first = examples.first.inner_text()
    examples.first.click()
    page.wait_for_load_state()
    assert page.locator("#q").input_value() == first and total(page) > 0


def test_zero_results_offer_hints(service, page):
    page.goto(service + "/?q=" + "工会 date:2001")
    assert total(page) == 0
    hints = page.locator(".no-results .hints")
    assert "繁体" in hints.inner_text()
    hints.get_by_text("去掉日期限制").click()
    page.wait_for_load_state()
    assert total(page) > 0


def test_suggest_escape_keeps_the_text_and_a_headline_opens_its_article(service, page):
    page.goto(service + "/")
    box = page.locator("#q")
    box.press_sequentially("马")
    page.locator("#q-suggestions li").first.wait_for()
    assert "马超" in page.locator("#q-suggestions").inner_text()
    box.press("Escape")
    assert page.locator("#q-suggestions").is_hidden() and box.input_value() == "马"
    headline = page.request.get(service + "/api/search?q=工会&per_page=1").json()["hits"][0]
    box.fill("")
    box.press_sequentially(headline["headline"][:6])
    option = page.locator("#q-suggestions li", has_text=headline["headline"]).first
    option.wait_for()
    index = page.locator("#q-suggestions li").all_inner_texts().index(option.inner_text())
    for _ in range(index + 1):
        box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/articles/**")
    assert page.locator("h1").inner_text() == headline["headline"]


HOSTILE_HOST = """<!doctype html><html><head><meta charset="utf-8"><style>
  * { font-size: 40px; color: rgb(255, 0, 0); font-family: serif; letter-spacing: 5px; }
</style></head><body><div id="baoku"></div>
<script src="%s/embed.js" data-target="#baoku" async></script></body></html>"""


def test_embed_keeps_its_font_size_and_colour_under_hostile_css(service, page):
    with other_origin({"/": HOSTILE_HOST % service}) as base:
        page.goto(base + "/")
        for part in ("input", "button"):
            element = page.locator(f"baoku-search {part}")
            style = element.evaluate("e => { const s = getComputedStyle(e); return "
                                     "[s.fontSize, s.color, s.fontFamily, s.letterSpacing]; }")
            assert style[0] == "15px" and style[1] != "rgb(255, 0, 0)", style
            assert "serif" != style[2].split(",")[-1].strip() or "sans" in style[2], style
            assert style[3] in ("normal", "0px")
        button = page.locator("baoku-search button")
        assert button.evaluate("e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight")


def test_back_from_an_article_returns_to_the_same_results(service, page):
    facets = page.request.get(service + "/api/search?q=工会").json()["facets"]
    name, value = next((name, item["value"]) for name, items in facets.items()
                       for item in items if item["count"] > 3)   # a value with two pages
    page.goto(service + "/?q=工会&sort=date&per_page=3")
    page.locator(f"#facet-{name} ~ * a.facet-value", has_text=value).first.click()
    page.wait_for_url(f"**{name}=*")
    page.locator(".pagination a", has_text="2").first.click()
    page.wait_for_url("**page=2*")
    before = query_args(page.url)
    assert set(before) == {"q", "sort", "per_page", name, "page"}
    first = page.locator(".hit-title a").first.inner_text()
    page.locator(".hit-title a").first.click()
    page.wait_for_url("**/articles/**")
    page.locator(".back a").click()
    page.wait_for_load_state()
    assert query_args(page.url) == before
    assert page.locator(".hit-title a").first.inner_text() == first


# --- accessibility ----------------------------------------------------------------------

def test_a_keyboard_user_reaches_the_first_facet_in_a_few_presses(service, page):
    page.goto(service + "/?q=工会")
    for presses in range(1, 6):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        if "跳到筛选" in focused:
            page.keyboard.press("Enter")
            page.keyboard.press("Tab")
            break
    assert page.evaluate("document.activeElement.closest('#facets') !== null")
    assert page.evaluate("document.activeElement.matches('a.facet-value')")
    assert presses <= 3


def test_the_current_sort_is_marked_by_more_than_colour(service, page):
    page.goto(service + "/?q=工会")
    current = page.locator(".sorting .current")
    assert "✓" in current.inner_text() and current.get_attribute("aria-current") == "true"
    other = page.locator(".sorting a").first
    assert "underline" in other.evaluate("e => getComputedStyle(e).textDecorationLine")


def test_on_a_phone_zero_count_districts_come_after_the_useful_facets(service, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(service + "/?q=工会")
    useful = page.locator("#facets a.facet-value:visible")
    zero = page.locator("#facets .facet-value.empty").first
    last_useful = max(box["y"] for box in (useful.nth(i).bounding_box() for i in range(useful.count())))
    assert zero.bounding_box()["y"] > last_useful
    context.close()


@pytest.mark.parametrize("path, viewport", [
    ("/?q=工会", None), ("/?q=工会&view=kwic", None), ("/help", None), ("article", None),
    ("/?q=工会", PHONE), ("article", PHONE),
], ids=["search", "kwic", "help", "article", "search-phone", "article-phone"])
def test_axe_finds_no_serious_violation(service, browser, path, viewport):
    from axe_playwright_python.sync_playwright import Axe
    context = browser.new_context(viewport=viewport) if viewport else browser.new_context()
    page = context.new_page()
    if path == "article":
        hit = page.request.get(service + "/api/search?q=工会&per_page=1").json()["hits"][0]
        path = urlsplit(hit["url"]).path + "?q=工会"
    page.goto(service + path)
    results = Axe().run(page)
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    context.close()
    assert not serious


# --- new tools ---------------------------------------------------------------------------

def test_kwic_view_aligns_sorts_and_links(service, page):
    page.goto(service + "/?q=工会")
    page.get_by_role("link", name="语境（KWIC）").click()
    page.wait_for_url("**view=kwic*")
    matches = page.locator(".kwic-lines td.match")
    assert matches.count() > 10 and set(matches.all_inner_texts()) == {"工会"}
    xs = {round(matches.nth(i).bounding_box()["x"]) for i in range(5)}
    assert len(xs) == 1                                     # one column, aligned
    page.get_by_role("link", name="按右侧排列").click()
    page.wait_for_url("**order=right*")
    rights = page.locator(".kwic-lines td.right").all_inner_texts()
    assert rights == sorted(rights)
    matches.first.locator("a").click()
    page.wait_for_url("**/articles/**")
    assert page.locator(".body mark").count() > 0


@pytest.mark.parametrize("label, fmt", [("CSV", "csv"), ("JSON Lines", "jsonl")])
def test_export_link_downloads_the_whole_result_set(service, page, label, fmt):
    page.goto(service + "/?q=工会")
    hits = total(page)
    with page.expect_download() as download:
        page.locator(".downloads").get_by_role("link", name=label, exact=True).click()
    data = Path(download.value.path()).read_bytes()
    text = data.decode("utf-8-sig")
    if fmt == "csv":        # read as it is: the header first, one row a hit
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert len(rows) == hits and all(row["id"] and row["url"] for row in rows)
    else:
        lines = text.splitlines()
        assert "工会" in lines[0] and "gen-" in lines[0] and len(lines) - 1 == hits
    assert data.startswith(b"\xef\xbb\xbf") == (fmt == "csv")


def test_feed_is_advertised_and_parses(service, page):
    page.goto(service + "/?q=工会&district=西城区")
    href = page.locator('link[rel=alternate][type="application/atom+xml"]').get_attribute("href")
    assert "district=" in href and page.locator(".downloads a.feed").get_attribute("href") == href
    feed = feedparser.parse(page.request.get(service + href).body())
    assert not feed.bozo and feed.entries and feed.feed.updated
    assert all(entry.link.startswith(service + "/articles/") for entry in feed.entries)


def test_an_article_offers_its_citation_and_downloads(service, page):
    page.goto(service + "/?q=工会")
    page.locator(".hit-title a").first.click()
    page.wait_for_url("**/articles/**")
    citation = page.locator(".citation").inner_text()
    assert "[N]." in citation and ".." not in citation
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("RIS")).click()
    ris = Path(download.value.path()).read_text(encoding="utf-8")
    assert ris.startswith("TY  - NEWS") and "UR  - " + service + "/articles/" in ris
