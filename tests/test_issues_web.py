"""Browsing by issue on the web: /issues, /issues/<date>, /api/issues, /api/stats, and
time in the search page and API."""
import re
from urllib.parse import quote

import pytest
from openapi_spec_validator import validate

from conftest import ISSUE_MANIFEST
from indexer.reading.titles import UNKNOWN_TITLE
from search_app import create_app
from search_app.openapi import openapi_spec


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.data[:300]
    return response.json


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.data[:300]
    return response.get_data(as_text=True)


def test_api_issue_has_the_documented_shape_and_order(issue_client):
    found = get_json(issue_client, "/api/issues/2025-10-31")
    assert set(found) >= {"date", "papers", "prev", "next"}
    pages = found["papers"][0]["pages"]
    assert [p["page"] for p in pages] == sorted(p["page"] for p in pages)
    for page in pages:
        assert all(set(a) >= {"id", "headline", "kind", "seq"} for a in page["articles"])
    assert found["prev"] == "2025-10-30" and found["next"] == "2025-11-04"


@pytest.mark.parametrize(("url", "status"), [
    ("/api/issues/2025-02-30", 404), ("/api/issues/yesterday", 404), ("/api/issues/1999-01-01", 404),
    ("/api/issues?month=0", 400), ("/api/issues?year=25", 400), ("/api/issues?year=2025&month=13", 400),
    ("/api/search?from=2025-13-01", 400), ("/api/search?to=tomorrow", 400),
    ("/api/search?cursor=%E4%BD%A0%E5%A5%BD", 400), ("/api/search?sort=oldest", 400),
], ids=["no-such-day", "not-a-date", "no-issue", "month-0", "short-year",
        "month-13", "bad-from", "bad-to", "bad-cursor", "bad-sort"])
def test_bad_requests_get_the_error_shape(issue_client, url, status):
    body = get_json(issue_client, url, status)
    assert set(body) == {"error", "status"} and body["status"] == status and body["error"]


def test_api_calendar_narrows_by_year_and_month(issue_client):
    everything = get_json(issue_client, "/api/issues")
    assert [d["date"] for d in everything["dates"]] == sorted(d["date"] for d in everything["dates"])
    jan = get_json(issue_client, "/api/issues?year=2025&month=1")
    assert [d["date"] for d in jan["dates"]] == ["2025-01-02"] and jan["dates"][0]["articles"] == 2


def test_api_stats(issue_client, issue_records):
    stats = get_json(issue_client, "/api/stats")
    assert stats["papers"][0]["paper"] == "劳动午报"
    assert (stats["first_date"], stats["last_date"]) == ("2024-12-30", "2026-03-01")
    assert stats["issues"] == len({(r["date"], r["paper"]) for r in issue_records if r["date"]})
    assert stats["articles"] == sum(1 for r in issue_records if r["kind"] in ("news", "photo"))


def test_openapi_describes_the_new_operations():
    spec = openapi_spec(create_app().config)
    validate(spec)
    assert {"/api/issues", "/api/issues/{date}", "/api/stats"} <= set(spec["paths"])
    search = {p["name"]: p for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"from", "to", "cursor", "month", "kind"} <= set(search)
    assert "date_asc" in search["sort"]["schema"]["enum"]


def test_api_search_pages_with_a_cursor(issue_client):
    seen, cursor = [], ""
    while True:
        result = get_json(issue_client, f"/api/search?q=职工&per_page=3&cursor={cursor}")
        seen += [h["id"] for h in result["hits"]]
        cursor = result["next_cursor"]
        if not cursor:
            break
    everything = get_json(issue_client, "/api/search?q=职工&per_page=100")
    assert seen == [h["id"] for h in everything["hits"]]


def test_issue_calendar_page(issue_client):
    page = html(issue_client, "/issues")                     # the latest year's days
    assert "按日期浏览整报" in page and "劳动午报" in page
    assert '<strong aria-current="true">2026 年</strong>' in page
    assert 'href="/issues?year=2025"' in page and 'href="/issues/2026-03-01"' in page
    assert 'href="/issues/2025-10-31"' in html(issue_client, "/issues?year=2025")
    month = html(issue_client, "/issues?year=2025&month=10")
    assert 'href="/issues/2025-10-31"' in month and 'href="/issues/2025-11-04"' not in month


def test_issue_page_lists_pages_and_links_neighbour_issues(issue_client, issue_records):
    page = html(issue_client, "/issues/2025-10-31")
    assert "2025年10月31日" in page
    titles = re.findall(r'<h3 class="page-title">([^<]*)</h3>', page)
    assert [t.split("·")[0].strip() for t in titles] == ["第 1 版", "第 2 版", "第 3 版"]
    first_page = [r["headline"] for r in issue_records if r["source"] == ISSUE_MANIFEST[0][0]]
    positions = [page.index(h) for h in first_page if h]
    assert positions == sorted(positions)
    # each title its own previous and next: 劳动午报 has none before, the news items do
    paper = quote("劳动午报")
    assert f'rel="next" class="issue-next" href="/titles/{paper}/2025-11-04"' in page
    assert f'href="/titles/{paper}/2025-10-30"' not in page
    news = html(issue_client, f"/titles/{quote(UNKNOWN_TITLE)}/2026-03-01")   # skips 劳动午报's days
    assert f'rel="prev" class="issue-prev" href="/titles/{quote(UNKNOWN_TITLE)}/2025-10-30"' in news
    assert "第 1 版" not in news
    assert html(issue_client, "/issues/2025-10-32", 404).count("不是日期") == 1


def test_article_page_links_its_issue_and_page_neighbours(issue_client, issue_records):
    page = [r for r in issue_records if r["source"] == ISSUE_MANIFEST[1][0]]
    text = html(issue_client, f"/articles/{page[1]['id']}")
    assert "劳动午报 2025年10月31日 第3版 · 工会新闻" in text
    assert f'href="/titles/{quote("劳动午报")}/2025-10-31#page-3"' in text
    assert f'href="/articles/{page[0]["id"]}"' in text and f'href="/articles/{page[2]["id"]}"' in text
    assert ISSUE_MANIFEST[1][0] in text          # the file is still named, as the source
    api = get_json(issue_client, f"/api/articles/{page[1]['id']}")
    assert api["issue_label"] == "劳动午报 2025年10月31日 第3版 · 工会新闻"
    assert (api["neighbours"]["previous"]["id"], api["neighbours"]["next"]["id"]) == \
        (page[0]["id"], page[2]["id"])
    assert api["source"] == ISSUE_MANIFEST[1][0] and api["page"] == 3


def test_hits_show_the_issue_label_not_the_file_name(issue_client):
    text = html(issue_client, "/?from=2025-10-31&to=2025-10-31")
    hits = re.findall(r'<li class="hit">.*?</li>\n', text, re.S)
    assert hits and all("劳动午报 2025年10月31日 第" in hit for hit in hits)
    assert not any(".txt" in hit for hit in hits)


def test_search_page_has_date_inputs_and_a_month_histogram(issue_client):
    text = html(issue_client, "/?year=2025")
    assert re.search(r'<input id="date-from" name="from" type="date" form="search-form"', text)
    assert re.search(r'<input id="date-to" name="to" type="date" form="search-form"', text)
    bars = re.findall(r'<li class="bar-cell">', text)
    assert len(bars) == 12                                   # a year selected: its months
    assert 'href="/?year=2025&amp;month=2025-10"' in text
    dated = html(issue_client, "/?from=2025-01-01&to=2025-01-31")
    assert 'value="2025-01-01"' in dated and "日期起" in dated


def test_home_page_says_what_the_archive_holds(issue_client):
    text = html(issue_client, "/")
    assert "《劳动午报》" in text and "2024-12-30" in text and "2 期，" in text


def test_past_the_last_page_the_page_offers_dates_in_chinese(issue_index):
    client = create_app({"TESTING": True, "BAOKU_INDEX": issue_index,
                         "BAOKU_MAX_PAGE": 3}).test_client()
    assert client.get("/api/search?per_page=1&page=4").status_code == 400   # the API: cursors
    last = html(client, "/?per_page=1&page=3")
    assert "结果太多" in last and '<strong aria-current="page">3</strong>' in last
    text = html(client, "/?per_page=1&page=100000")
    assert "结果太多" in text and "按日期缩小范围" in text and "parameter" not in text
    assert re.search(r'href="/\?year=2025[^"]*"', text)
