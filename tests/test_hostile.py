"""Hostile input: whatever a user types or an archive holds, no 5xx, no traceback, no XSS.

Hypothesis throws arbitrary Unicode, query syntax fragments (unbalanced quotes
and parentheses, unknown fields, leading wildcards), control characters and
NUL at the JSON API, the search page and `baoku search`.  Documents carrying
script and attribute payloads must come out escaped everywhere they are shown,
and no id or file option may reach outside the index.
"""
import json
import threading
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.records import new_record
from indexer.sources import read_records
from indexer.writing import index_records
from search_app import create_app
from search_app.cli import cli

from archive_batches import SEEDS
from browsing import other_origin

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '" onmouseover="alert(2)'
IMAGE = "<img src=x onerror=alert(3)>"
PAYLOADS = (SCRIPT, ATTRIBUTE, IMAGE)

FRAGMENTS = ['"', "'", "(", ")", "[", "]", "{", "}", "*", "?", "~", "^", ":", "\\", "-",
             "+", "AND", "OR", "NOT", "TO", "foo:bar", "district:", "reporter:马超",
             "date:2025-10", "date:[2024 TO", "union:", "*职工", "?工会", "职工*", "朝阳区",
             "职工之家", "\x00", "\x07", "\u200b", "\u202e", "\ufeff", "𠀀", "%00", "&",
             "<", ">", "</mark>", "<mark>", SCRIPT, ATTRIBUTE, " ", "  ", "\t", "\n"]

queries = st.one_of(
    st.text(max_size=60),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x3000,
                          exclude_categories=("Cs",)), max_size=40),
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join),
    st.lists(st.sampled_from(FRAGMENTS), max_size=6).map(" ".join),
    st.text(alphabet="职工之家朝阳区工会*?\"()", min_size=400, max_size=520),
)
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


class Markup(HTMLParser):
    """Collects what a browser would execute: script tags, event-handler attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inline_scripts, self.handlers, self.tags, self.text = [], [], set(), []
        self.input_values = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        names = dict(attrs)
        if tag == "input":
            self.input_values.append(names.get("value"))
        if tag == "script" and not names.get("src"):
            self.inline_scripts.append(attrs)
        self.handlers += [(tag, name) for name, _ in attrs if name.startswith("on")]
        self.handlers += [(tag, name) for name, value in attrs
                          if value and value.strip().lower().startswith("javascript:")]

    def handle_data(self, data):
        self.text.append(data)


def markup(html):
    parser = Markup()
    parser.feed(html)
    parser.close()
    return parser


def assert_inert(html, where):
    """Nothing in ``html`` runs script: no inline <script>, no on* handler, no javascript: URL."""
    found = markup(html)
    assert not found.inline_scripts, f"{where}: inline script {found.inline_scripts}"
    assert not found.handlers, f"{where}: event handlers {found.handlers}"
    return found


def hostile_records():
    """Articles whose every shown field carries a payload."""
    return [
        new_record(id="xss-1", kind="news", headline=f"职工之家夜莺计划{SCRIPT}",
                   kicker=ATTRIBUTE, subtitle=IMAGE, dateline=f"本报讯(记者 {SCRIPT})",
                   body=f"职工之家活动{SCRIPT}开展。\n第二段{ATTRIBUTE}职工之家{IMAGE}。",
                   reporters=[f"马超{IMAGE}"], districts=["朝阳区"], date="2024-03-01",
                   source=f"page{ATTRIBUTE}.txt", url=f"javascript:alert(4)//{ATTRIBUTE}"),
        new_record(id='evil"><img src=x onerror=alert(5)>', kind="news",
                   headline="职工之家的奇怪编号", body="职工之家。编号里有引号和尖括号。",
                   date="2024-03-02", source="page.txt"),
    ]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "index"
    index_records(path, [*read_records([SEEDS]), *hostile_records()])
    return path


@pytest.fixture(scope="module")
def client(index_dir):
    return create_app({"TESTING": True, "BAOKU_INDEX": str(index_dir)}).test_client()


def check_response(response, where):
    """Never a 5xx; errors in the one shape; no traceback anywhere."""
    body = response.get_data(as_text=True)
    assert response.status_code < 500, f"{where}: {response.status_code} {body[:500]}"
    assert "Traceback" not in body and 'File "' not in body, where
    if response.is_json and response.status_code >= 400:
        error = response.get_json()
        assert set(error) == {"error", "status"} and error["status"] == response.status_code
    return body


# --- the JSON API ------------------------------------------------------------

@FUZZ
@given(q=queries)
def test_api_search_survives_any_query(client, q):
    response = client.get("/api/search", query_string={"q": q})
    check_response(response, f"q={q!r}")
    if response.status_code == 200:
        result = response.get_json()
        assert len(result["hits"]) <= result["per_page"] <= 100
        for hit in result["hits"]:
            assert_inert(hit["snippet"], f"snippet for q={q!r}")
            assert markup(hit["snippet"]).tags <= {"mark"}
    else:
        assert response.status_code in (400, 414)


@FUZZ
@given(params=st.dictionaries(
    st.sampled_from(["page", "per_page", "sort", "district", "union", "year", "reporter",
                     "q", "limit", "foo"]),
    st.one_of(queries, st.integers(-10**12, 10**12).map(str),
              st.sampled_from(["0", "-1", "1e9", "99999999999999999999", "１", "date",
                               "relevance", " 2 ", "NaN"])),
    max_size=5))
def test_api_search_parameters_never_5xx(client, params):
    response = client.get("/api/search", query_string=params)
    check_response(response, f"params={params!r}")
    assert response.status_code in (200, 400, 414)
    if response.status_code == 200:
        result = response.get_json()
        assert result["per_page"] <= 100
        assert result["page"] * result["per_page"] <= 10_000


@FUZZ
@given(q=queries)
def test_api_suggest_survives_any_prefix(client, q):
    response = client.get("/api/suggest", query_string={"q": q})
    check_response(response, f"q={q!r}")
    assert response.status_code in (200, 400, 414)


@FUZZ
@given(article_id=st.one_of(st.text(min_size=1, max_size=80),
                            st.lists(st.sampled_from(FRAGMENTS + ["..", "/", "%2e", "%2f"]),
                                     min_size=1, max_size=10).map("".join)))
def test_api_article_survives_any_id(client, article_id):
    for path in (f"/api/articles/{quote(article_id, safe='')}",
                 f"/articles/{quote(article_id, safe='')}"):
        response = client.get(path, follow_redirects=True)
        body = check_response(response, f"id={article_id!r}")
        assert response.status_code in (200, 400, 404)
        assert "root:x:0:0" not in body


TRAVERSALS = ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/etc/passwd",
              "%252e%252e%252fetc%252fpasswd", "....//....//etc/passwd", "/etc/passwd",
              "..\\..\\etc\\passwd", "%00", "x%00.json", "%ff%fe", "gen-000001",
              "CURRENT", "WRITELOCK", "signature.json", "../CURRENT", "x" * 5000]


@pytest.mark.parametrize("article_id", TRAVERSALS)
@pytest.mark.parametrize("prefix", ["/api/articles/", "/articles/"])
def test_ids_never_reach_files(client, prefix, article_id):
    response = client.get(prefix + article_id, follow_redirects=True)   # '//' is merged
    body = check_response(response, prefix + article_id)
    assert response.status_code in (400, 404)
    assert "root:x:0:0" not in body


RAW_QUERY_STRINGS = ["q=%00", "q=%ff%fe%fd", "q=%E4%B8", "q=%", "q=%%%", "q=%zz",
                     "q=a&q=b&q=c", "per_page=%00", "page=%ff", "district=%00&district=",
                     "q=" + "%22" * 300, "q=" + "(" * 400, "q=*", "q=?", "q=*:*",
                     "q=" + "a" * 4000, "sort[]=date", "q[$ne]=1"]


@pytest.mark.parametrize("query_string", RAW_QUERY_STRINGS)
@pytest.mark.parametrize("path", ["/api/search", "/api/suggest", "/"])
def test_raw_query_strings(client, path, query_string):
    response = client.get(f"{path}?{query_string}")
    check_response(response, f"{path}?{query_string}")
    assert response.status_code in (200, 400, 414)


def test_query_length_is_capped(client):
    """A bound on the work one request can ask for: a 10,000-character query is refused."""
    response = client.get("/api/search", query_string={"q": "职工" * 5000})
    assert response.status_code in (400, 414)
    assert response.get_json()["status"] == response.status_code


@pytest.mark.parametrize("params", [{"per_page": "100000"}, {"page": "100000000"},
                                    {"page": "2000", "per_page": "100"}])
def test_per_page_and_page_depth_are_capped(client, params):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 400
    assert response.get_json() == {"error": response.get_json()["error"], "status": 400}


# --- the HTML page -----------------------------------------------------------

@FUZZ
@given(q=queries)
def test_search_page_survives_any_query(client, q):
    response = client.get("/", query_string={"q": q})
    body = check_response(response, f"q={q!r}")
    assert response.status_code in (200, 400, 414)
    assert_inert(body, f"page for q={q!r}")


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
def live_server(index_dir):
    """The app on 127.0.0.1 at a free port (the embed fetches across origins)."""
    from werkzeug.serving import make_server
    app = create_app({"TESTING": True, "BAOKU_INDEX": str(index_dir)})
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


# --- the command line --------------------------------------------------------

@FUZZ
@given(q=queries)
def test_cli_search_survives_any_query(index_dir, q):
    result = CliRunner().invoke(cli, ["search", "--index", str(index_dir), "--json", "--", q])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"q={q!r}: {result.exception!r}"
    assert "Traceback" not in result.output
    if result.exit_code == 0 and result.stdout.strip():
        for line in result.stdout.strip("\n").split("\n"):   # not splitlines(): U+2028
            json.loads(line)


@pytest.mark.parametrize("where", ["/etc", "/etc/passwd", "../../etc", "/nonexistent/x"])
def test_cli_index_option_never_reads_other_files(where):
    result = CliRunner().invoke(cli, ["search", "--index", where, "职工"])
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "root:x:0:0" not in result.output
    assert "Traceback" not in result.output


def test_indexing_into_a_folder_leaves_its_other_files_alone(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mine.txt").write_text("我的笔记", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "keep.txt").write_text("保留", encoding="utf-8")
    batch = tmp_path / "a.jsonl"
    batch.write_text(json.dumps({"id": "n1", "title": "标题", "body": "正文"},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    for extra in ([], ["--rebuild"]):
        result = CliRunner().invoke(cli, ["index", "--index", str(folder), str(batch), *extra])
        assert result.exit_code == 0, result.output
    assert (folder / "mine.txt").read_text(encoding="utf-8") == "我的笔记"
    assert (folder / "sub" / "keep.txt").read_text(encoding="utf-8") == "保留"
