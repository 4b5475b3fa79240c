"""What journalists and librarians reach for, over HTTP: exclusions, errors in
Chinese, help, concordance, export, feeds, citations, suggestions."""
import csv
import io
import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import feedparser
import pytest
from openapi_schema_validator import OAS31Validator

from indexer.reading.records import new_record
from indexer.searching.export import EXPORT_COLUMNS
from indexer.engines.embedded.lifecycle.writing import index_records
from search_app import create_app
from search_app.openapi import openapi_spec

DATED = [new_record(id=f"d{i}", kind="news", headline=f"职工之家第{i}期", body=f"职工之家开展第{i}次活动。",
                    date=f"2025-0{i}-1{i}", reporters=["马超"], districts=["朝阳区"],
                    source="d.jsonl") for i in range(1, 6)]
UNDATED = new_record(id="nodate", kind="news", headline="没有日期的简讯", body="职工之家。",
                     source="d.jsonl")


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory, seed_records):
    path = tmp_path_factory.mktemp("reader-tools") / "index"
    index_records(str(path), [*seed_records, *DATED, UNDATED])
    return str(path)


@pytest.fixture(scope="module")
def app(index_dir):
    return create_app({"TESTING": True, "BAOKU_INDEX": index_dir})


@pytest.fixture(scope="module")
def spec(app):
    return openapi_spec(app.config)


def conforms(spec, name, body):
    schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    OAS31Validator(schema).validate(body)


def total(client, **args):
    return client.get("/api/search", query_string=args).json["total"]


# --- exclusions ----------------------------------------------------------------

@pytest.mark.parametrize("q, excluded", [("-职工", "职工"), ("NOT 职工", "职工"),
                                         ('-"职工"', '"职工"'), ("-district:朝阳区", "district:朝阳区")],
                         ids=["minus", "NOT", "quoted", "field"])
def test_an_exclusion_alone_is_everything_else(client, q, excluded):
    everything, matches = total(client), total(client, q=excluded)
    assert 0 < matches < everything and total(client, q=q) == everything - matches
    hits = client.get("/api/search", query_string={"q": q, "per_page": 100}).json["hits"]
    assert not any("<mark>" in hit["snippet"] for hit in hits)


# --- errors ------------------------------------------------------------------------

ENGLISH = re.compile(r"\b(parameter|must|at most|Not Found|requested URL|Bad Request)\b")


@pytest.mark.parametrize("url, status", [
    ("/?q=职工之家&per_page=abc", 400), ("/?q=职工之家&per_page=99999", 400),
    ("/?q=职工之家&sort=newest", 400), ("/nowhere?q=职工之家", 404),
    ("/articles/no-such-id?q=职工之家", 404),
], ids=["per_page", "per_page-max", "sort", "route", "article"])
def test_error_pages_are_chinese_keep_the_query_and_say_what_to_do(client, url, status):
    response = client.get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == status and response.mimetype == "text/html"
    main = html[html.index("<main"):html.index("</main>")]
    assert not ENGLISH.search(main), main
    assert 'value="职工之家"' in html                       # still in the search box
    retry = re.search(r'class="retry" href="([^"]+)"', html)
    if status == 400:
        fixed = client.get(retry.group(1).replace("&amp;", "&"))
        assert fixed.status_code == 200 and "职工之家" in fixed.get_data(as_text=True)
    assert "/help" in main


@pytest.mark.parametrize("url", ["/api/search?page=99999", "/api/search?sort=newest",
                                 "/api/nowhere", "/api/kwic?width=0", "/api/export?format=xls"])
def test_api_errors_are_chinese_in_the_one_shape(client, spec, url):
    response = client.get(url)
    assert response.is_json and response.json["status"] == response.status_code >= 400
    assert not ENGLISH.search(response.json["error"])
    conforms(spec, "Error", response.json)


@pytest.mark.parametrize("path", ["/api/search", "/api/kwic", "/api/export", "/"])
def test_an_over_long_query_string_is_414_in_our_shape(client, path):
    response = client.get(path, query_string={"q": "职" * 10, "pad": "x" * 8100})
    assert response.status_code == 414
    if path.startswith("/api"):
        assert response.json == {"error": response.json["error"], "status": 414}
    else:
        assert "请求地址过长" in response.get_data(as_text=True)


def test_every_operation_documents_414(spec):
    for path, methods in spec["paths"].items():
        for operation in methods.values():
            assert "414" in operation["responses"], path


@pytest.mark.parametrize("q, code", [("date:2025-13", "bad_date"),
                                     ("date:2026..2022", "reversed_range")])
def test_impossible_dates_get_a_chinese_hint(client, spec, q, code):
    body = client.get("/api/search", query_string={"q": q}).json
    assert body["total"] == 0 and [n["code"] for n in body["notes"]] == [code]
    conforms(spec, "SearchResult", body)
    html = client.get("/", query_string={"q": q}).get_data(as_text=True)
    assert body["notes"][0]["message"] in html


def test_zero_results_offer_looser_searches(client):
    html = client.get("/", query_string={"q": '"职工之家" date:2019', "district": "朝阳区"}
                      ).get_data(as_text=True)
    links = dict(re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', html))
    tried = {label: client.get(url.replace("&amp;", "&")).get_data(as_text=True)
             for url, label in links.items()}
    assert "去掉日期限制" in tried and "共 <strong>0</strong>" not in tried["去掉日期限制"]
    assert any(label.startswith("去掉筛选条件") for label in tried)
    assert "繁体" in html and "/help" in html


# --- help ----------------------------------------------------------------------------

def test_help_page_examples_are_live_links_that_find_something(client):
    html = client.get("/help").get_data(as_text=True)
    examples = re.findall(r'class="example" href="([^"]+)"', html)
    assert len(examples) >= 8 and "检索语法" in html
    for url in examples:
        q = parse_qs(urlsplit(url.replace("&amp;", "&")).query)["q"][0]
        assert total(client, q=q) > 0, q
    assert 'href="/help"' in client.get("/").get_data(as_text=True)     # linked from the box


# --- concordance -----------------------------------------------------------------------

@pytest.mark.parametrize("width", [3, 8])
def test_kwic_lines_have_the_match_at_the_centre(client, spec, width):
    body = client.get("/api/kwic", query_string={"q": "职工之家", "width": width,
                                                 "reporter": "马超"}).json
    conforms(spec, "Concordance", body)
    assert body["total"] == len(body["lines"]) == 2 * len(DATED)
    texts = {r["id"]: (r["headline"], r["body"]) for r in DATED}
    for line in body["lines"]:
        end = len(line["left"]) + len(line["match"])
        text = next(t for t in texts[line["id"]] if t.startswith(line["left"] + line["match"])
                    and t[end:].startswith(line["right"]))
        assert line["match"] == "职工之家" and line["left"] == text[:end - 4][-width:]
        assert line["right"] == text[end:end + width]          # as many as asked, or the rest


def test_kwic_exports_as_csv(client):
    args = {"q": "职工之家", "width": 4, "order": "right", "reporter": "马超"}
    lines = client.get("/api/kwic", query_string=args).json["lines"]
    response = client.get("/api/kwic", query_string={**args, "format": "csv"})
    assert response.data.startswith(b"\xef\xbb\xbfid,") and "attachment" in response.headers[
        "Content-Disposition"]        # the header first: a spreadsheet's filter reads it as it is
    assert unquote(response.headers["X-Baoku-Export-Query"]) == "职工之家"
    assert response.headers["X-Baoku-Export-Lines"] == str(len(lines))
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [(r["left"], r["match"], r["right"], r["url"]) for r in rows] == [
        (l["left"], l["match"], l["right"], l["url"]) for l in lines]


def test_kwic_view_on_the_page_sorts_and_links(client):
    html = client.get("/", query_string={"q": "职工之家", "view": "kwic", "order": "right"}
                      ).get_data(as_text=True)
    rights = re.findall(r'<td class="right">([^<]*)</td>', html)
    assert rights and rights == sorted(rights)
    assert 'class="match"><a href="/articles/' in html and "/api/kwic?" in html
    assert re.search(r'href="/api/kwic\?[^"]*format=csv', html)


# --- export ----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@pytest.mark.parametrize("cap", [3, 10000])
def test_export_streams_every_row_up_to_the_cap(index_dir, fmt, cap):
    client = create_app({"TESTING": True, "BAOKU_INDEX": index_dir,
                         "BAOKU_EXPORT_CAP": cap}).test_client()
    response = client.get("/api/export", query_string={"q": "职工", "format": fmt})
    assert response.status_code == 200 and response.is_streamed
    text = response.get_data().decode("utf-8-sig")
    expected = min(cap, total(client, q="职工"))
    if fmt == "csv":        # read as it is: the first row is the header
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert list(rows[0]) == list(EXPORT_COLUMNS)
        assert unquote(response.headers["X-Baoku-Export-Query"]) == "职工"
        assert "gen-" in response.headers["X-Baoku-Export-Index"]
    else:
        first, rest = text.split("\n", 1)
        assert json.loads(first)["query"] == "职工" and "gen-" in first
        rows = [json.loads(line) for line in rest.splitlines()]
    assert len(rows) == expected and all(row["url"].startswith("http") for row in rows)
    assert "attachment" in response.headers["Content-Disposition"]


def test_export_cells_are_never_formulas():
    from indexer.searching.export import export_of
    record = {"id": "x-1", "headline": "=HYPERLINK(\"http://evil\")", "body": "@SUM(1)",
              "reporters": ["+1", "-2"], "paper": "\tpaper"}
    nothing_marked = type("Parsed", (), {"phrases": [], "words": []})()
    text = "".join(export_of({}, [record], nothing_marked, "csv"))
    row = next(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert set(row) == set(EXPORT_COLUMNS)
    assert row["headline"].startswith("'=") and row["reporters"].startswith("'+")
    assert row["paper"].startswith("'\t") and row["id"] == "x-1"


def test_export_and_feed_are_linked_from_the_page(client):
    html = client.get("/", query_string={"q": "职工", "district": "朝阳区"}).get_data(as_text=True)
    assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*'
                     r'href="/feeds/search.atom\?[^"]*district=', html)
    assert "/api/export?" in html and "format=csv" in html and "format=jsonl" in html


# --- feeds ---------------------------------------------------------------------------------

def test_feed_is_valid_atom_with_the_newest_matches(client):
    # an alert on an exact phrase (unquoted, articles with enough of its bigrams match too)
    text = client.get("/feeds/search.atom", query_string={"q": '"职工之家"', "reporter": "马超"}).data
    feed = feedparser.parse(text)
    assert not feed.bozo, feed.bozo_exception
    dates = [entry.published[:10] for entry in feed.entries]
    assert dates == sorted((r["date"] for r in DATED), reverse=True)
    assert feed.feed.updated and all(entry.id and entry.link for entry in feed.entries)
    again = feedparser.parse(client.get("/feeds/search.atom",
                                        query_string={"q": '"职工之家"', "reporter": "马超"}).data)
    assert [e.id for e in again.entries] == [e.id for e in feed.entries]     # stable ids
    assert "职工之家" in feed.entries[0].summary
    raw = feedparser.parse(text, sanitize_html=False)
    assert "<mark>职工之家</mark>" in raw.entries[0].summary


def test_feed_size_is_configurable(index_dir):
    client = create_app({"TESTING": True, "BAOKU_INDEX": index_dir,
                         "BAOKU_FEED_SIZE": 2}).test_client()
    assert len(feedparser.parse(client.get("/feeds/search.atom?q=职工之家").data).entries) == 2


# --- citations ------------------------------------------------------------------------------

@pytest.mark.parametrize("article_id, expected", [
    ("d3", "马超. 职工之家第3期[N]. 2025-03-13."),
    ("nodate", "没有日期的简讯[N]."),
])
def test_articles_carry_a_gbt7714_citation(client, spec, article_id, expected):
    body = client.get(f"/api/articles/{article_id}").json
    conforms(spec, "Article", body)
    assert body["citation"] == expected
    assert expected in client.get(f"/articles/{article_id}").get_data(as_text=True)


@pytest.mark.parametrize("fmt, first", [("ris", "TY  - NEWS"), ("bib", "@article{")])
def test_ris_and_bibtex_downloads(client, fmt, first):
    response = client.get(f"/articles/d3/cite.{fmt}")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and text.startswith(first)
    assert "http://localhost/articles/d3" in text and "马超" in text
    assert "attachment" in response.headers["Content-Disposition"]
    assert client.get("/articles/no-such/cite.ris").status_code == 404


# --- suggestions and the way back -------------------------------------------------------------

def test_suggest_offers_reporters_and_opens_headlines(client, spec):
    body = client.get("/api/suggest", query_string={"q": "马"}).json
    conforms(spec, "Suggestions", body)
    typed, first = body["suggestions"][:2]      # the typed text first, then names
    assert typed == {"text": "马", "kind": "query", "url": "/?q=%E9%A9%AC"}
    assert {"text": "马超", "kind": "reporter"}.items() <= first.items() and first["count"] > 0
    headline = client.get("/api/suggest", query_string={"q": "职工之家第3"}).json["suggestions"][1]
    assert headline["kind"] == "headline" and headline["url"] == "/articles/d3"


def test_back_from_an_article_keeps_page_sort_and_facets(client):
    args = {"q": "职工", "sort": "date", "page": "2", "per_page": "3", "district": "朝阳区"}
    html = client.get("/", query_string=args).get_data(as_text=True)
    link = re.search(r'class="hit-title"><a href="([^"]+)"', html).group(1).replace("&amp;", "&")
    article = client.get(link).get_data(as_text=True)
    back = re.search(r'class="back"><a href="([^"]+)"', article).group(1).replace("&amp;", "&")
    assert {k: v[0] for k, v in parse_qs(urlsplit(back).query).items()} == args
