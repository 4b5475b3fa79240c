"""Hostile queries: whatever a user types reaches no 5xx, no traceback, no file.

Hypothesis throws arbitrary Unicode, query syntax fragments (unbalanced quotes
and parentheses, unknown fields, leading wildcards), control characters and
NUL at the JSON API (search, suggest, articles), the search page and `baoku
search`; path-traversal article ids and malformed raw query strings must be
refused cleanly, and the length of a query, the page size and the paging depth
are capped.
"""
import json
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from hostile import FRAGMENTS, FUZZ, assert_inert, check_response, markup, queries
from hypothesis import given
from hypothesis import strategies as st

from search_app.cli import cli


@pytest.fixture(scope="module")
def client(hostile_client):
    """The shared client over the hostile index, under the name the tests use."""
    return hostile_client


@pytest.fixture(scope="module")
def index_dir(hostile_index_dir):
    """The shared hostile index, under the name the CLI test uses."""
    return hostile_index_dir


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


# --- the command line --------------------------------------------------------

@FUZZ
@given(q=queries)
def test_cli_search_survives_any_query(index_dir, q):
    result = CliRunner().invoke(cli, ["search", "--index", str(index_dir), "--json", "--", q])
    # Any query is a search (a malformed one is read as plain text): one JSON
    # result on stdout, exit 0, never a traceback.  Only no query at all is a
    # usage error.
    if q == "":
        assert result.exit_code == 2 and "give a QUERY" in result.output
        return
    assert result.exception is None, f"q={q!r}: {result.exception!r}"
    assert result.exit_code == 0, f"q={q!r}: {result.output}"
    assert "Traceback" not in result.output
    lines = result.stdout.rstrip("\n").split("\n")      # not splitlines(): U+2028
    assert len(lines) == 1, f"q={q!r}: {lines!r}"
    found = json.loads(lines[0])
    assert isinstance(found["total"], int) and found["total"] >= len(found["hits"])
