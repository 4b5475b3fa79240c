"""The JSON API under /api, through Flask's test client, against real indexes on disk."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate as validate_spec

from indexer.reading.records import new_record
from indexer.engines.embedded.lifecycle.writing import index_records
from search_app import create_app
from search_app.openapi import openapi_spec

from conftest import ENGINES, engine_location

PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


def extra_records():
    """Dated records (the seed pages carry no dates) and one hostile record."""
    return [
        new_record(id="web-hostile", kind="news", headline=f"职工之家{PAYLOAD}",
                   body=f"职工之家开放日。{PAYLOAD} 工会组织职工参观。",
                   reporters=["<b>记者</b>"], districts=["朝阳区"], unions=["北京市总工会"],
                   union_levels={"北京市总工会": "municipal"}, date="2024-05-01",
                   source="hostile.jsonl", url="javascript:alert(1)"),
        new_record(id="web-2023", kind="news", headline="海淀区职工运动会开幕",
                   body="海淀区职工运动会今天开幕，区总工会组织。", districts=["海淀区"],
                   reporters=["测试记者"], date="2023-03-02", source="t.jsonl"),
        new_record(id="web-2022", kind="news", headline="职工书屋建设", body="职工书屋在顺义区建成。",
                   districts=["顺义区", "海淀区"], date="2022-08-09", source="t.jsonl"),
    ]


@pytest.fixture(scope="module")
def mixed_index(tmp_path_factory, seed_records):
    path = tmp_path_factory.mktemp("web-index") / "index"
    index_records(str(path), list(seed_records) + extra_records())
    return str(path)


@pytest.fixture(scope="module", params=ENGINES)
def api(request, mixed_index, seed_records):
    """The app over the mixed records on each engine (the embedded index, a Sphinx cluster)."""
    location = engine_location(request, "mixed", list(seed_records) + extra_records(),
                               mixed_index)
    return create_app({"TESTING": True, "BAOKU_INDEX": mixed_index,
                       "BAOKU_ENGINE": location}).test_client()


@pytest.fixture(scope="module")
def spec():
    spec = openapi_spec(create_app({"TESTING": True}).config)
    validate_spec(spec)
    return spec


def conforms(spec, name, body):
    """Validate ``body`` against components/schemas/``name`` (refs resolved in ``spec``)."""
    schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    OAS31Validator(schema).validate(body)


def search(api, **args):
    response = api.get("/api/search", query_string=args)
    assert response.status_code == 200, response.json
    return response.json


# --- parameters ----------------------------------------------------------------

def test_search_returns_hits_with_every_documented_field(api, spec):
    result = search(api, q="职工")
    assert result["total"] >= 3 and result["page"] == 1 and result["per_page"] == 10
    hit = result["hits"][0]
    for field in ("id", "headline", "kicker", "subtitle", "snippet", "url", "date",
                  "districts", "unions", "reporters", "source", "score"):
        assert field in hit
    assert "<mark>职工</mark>" in "".join(h["snippet"] for h in result["hits"])
    assert hit["url"].startswith("http://localhost/articles/")
    conforms(spec, "SearchResult", result)


def test_empty_query_browses_everything_with_facets(api, seed_records):
    result = search(api)
    everything = seed_records + extra_records()
    hidden = [r for r in everything if r["kind"] in ("banner", "ad", "fragment")]
    assert hidden, "the seeds have banners and ads"
    assert result["total"] == len(everything) - len(hidden)
    assert sum(item["count"] for item in result["facets"]["kind"]) == len(everything)
    assert search(api, kind=["banner", "ad", "fragment"])["total"] == len(hidden)
    assert {item["value"] for item in result["facets"]["year"]} >= {"2022", "2023", "2024"}


def test_every_district_is_listed_even_at_zero(api):
    from indexer.reading.districts import DISTRICTS
    facet = search(api, q="职工书屋")["facets"]["district"]
    assert {item["value"] for item in facet} == set(DISTRICTS)
    assert any(item["count"] == 0 for item in facet)


@pytest.mark.parametrize("name, value, field", [
    ("district", "海淀区", "districts"), ("union", "北京市总工会", "unions"),
    ("reporter", "测试记者", "reporters"), ("year", "2023", "date"),
], ids=["district", "union", "reporter", "year"])
def test_each_filter_narrows_to_matching_hits(api, name, value, field):
    result = search(api, **{name: value}, per_page=100)
    assert 0 < result["total"] < search(api)["total"]
    for hit in result["hits"]:
        assert value in (hit[field] if field != "date" else hit["date"][:4])


def test_values_of_one_facet_are_ored_and_facets_anded(api):
    one = search(api, district="顺义区")["total"]
    both = search(api, district=["顺义区", "朝阳区"])["total"]
    assert both > one
    assert search(api, district=["顺义区", "朝阳区"], year="2022")["total"] == 1


def test_sort_by_date_puts_newest_first(api):
    dates = [h["date"] for h in search(api, q="职工", sort="date", per_page=100)["hits"] if h["date"]]
    assert dates == sorted(dates, reverse=True) and len(dates) == 3


def test_pages_do_not_overlap_and_cover_the_total(api):
    total = search(api, q="工会")["total"]
    ids = [h["id"] for page in (1, 2, 3, 4) for h in search(api, q="工会", per_page=5, page=page)["hits"]]
    assert len(ids) == len(set(ids)) == min(total, 20)


def test_unknown_parameters_are_ignored(api):
    assert search(api, q="职工", utm_source="x")["total"] == search(api, q="职工")["total"]


# --- facet arithmetic ------------------------------------------------------------

@pytest.mark.parametrize("base", [{}, {"q": "职工"}, {"q": "工会", "district": "朝阳区"}],
                         ids=["browse", "query", "query+selection"])
def test_each_facet_count_is_the_total_with_that_value(api, base):
    result = search(api, **base)
    for facet, items in result["facets"].items():
        for item in [i for i in items if i["count"]][:6]:
            narrowed = dict(base, **{facet: item["value"]})
            assert search(api, **narrowed)["total"] == item["count"], (facet, item)


def test_a_selected_facet_keeps_its_other_values(api):
    facet = search(api, district="朝阳区")["facets"]["district"]
    chosen = [i for i in facet if i["selected"]]
    assert [i["value"] for i in chosen] == ["朝阳区"]
    assert sum(1 for i in facet if i["count"]) > 1


# --- errors --------------------------------------------------------------------

@pytest.mark.parametrize("args, name", [
    ({"page": "0"}, "page"), ({"page": "x"}, "page"), ({"page": "-1"}, "page"),
    ({"page": "1.5"}, "page"), ({"per_page": "0"}, "per_page"), ({"per_page": "101"}, "per_page"),
    ({"per_page": ""}, "per_page"), ({"sort": "random"}, "sort"),
    ({"page": "101", "per_page": "100"}, "page"), ({"page": "9999999"}, "page"),
    ({"q": "职" * 501}, "q"), ({"year": "二〇二四"}, "year"), ({"year": "24"}, "year"),
    ({"district": "区" * 101}, "district"), ({"union": ["x"] * 51}, "union"),
], ids=["page0", "page-text", "page-negative", "page-float", "per_page0", "per_page-over-cap",
        "per_page-empty", "sort", "too-deep", "page-huge", "q-too-long", "year-chinese",
        "year-short", "facet-value-too-long", "too-many-values"])
def test_bad_parameters_are_400_in_the_error_shape(api, spec, args, name):
    response = api.get("/api/search", query_string=args)
    assert response.status_code == 400
    assert response.json == {"error": response.json["error"], "status": 400}
    assert name in response.json["error"]
    conforms(spec, "Error", response.json)


def test_deepest_allowed_page_is_answered(api):
    assert search(api, page=100, per_page=100)["hits"] == []


@pytest.mark.parametrize("method, path, status", [
    ("get", "/api/articles/no-such-id", 404), ("get", "/api/nowhere", 404),
    ("get", "/api", 404), ("post", "/api/search", 405), ("delete", "/api/articles/x", 405),
], ids=["unknown-id", "unknown-route", "api-root", "post", "delete"])
def test_http_errors_are_json(api, spec, method, path, status):
    response = getattr(api, method)(path)
    assert response.status_code == status and response.is_json
    assert response.json["status"] == status
    conforms(spec, "Error", response.json)


def test_oversized_request_body_is_413(api):
    response = api.get("/api/search", data="x" * (65 * 1024), content_type="text/plain")
    assert response.status_code == 413 and response.json["status"] == 413


def test_unexpected_failure_is_a_generic_500_without_traceback(mixed_index, monkeypatch):
    from indexer.engines.embedded import EmbeddedEngine

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail")
    monkeypatch.setattr(EmbeddedEngine, "run_search", broken)
    response = create_app({"BAOKU_INDEX": mixed_index}).test_client().get("/api/search?q=x")
    assert response.status_code == 500
    assert response.json == {"error": "服务器内部错误，请稍后再试", "status": 500}
    assert "secret" not in response.get_data(as_text=True)


def test_missing_index_is_503_with_a_hint(tmp_path):
    client = create_app({"TESTING": True, "BAOKU_INDEX": str(tmp_path / "none")}).test_client()
    response = client.get("/api/search?q=x")
    assert response.status_code == 503 and "baoku index" in response.json["error"]
    assert client.get("/healthz").status_code == 503


# --- articles, suggestions, health ----------------------------------------------

def test_article_has_text_highlights_related_and_permalink(api, spec):
    hit = search(api, q="职工运动会")["hits"][0]
    article = api.get(f"/api/articles/{hit['id']}", query_string={"q": "运动会"}).json
    assert article["id"] == hit["id"] and article["url"] == hit["url"]
    assert "<mark>运动会</mark>" in "".join(article["paragraphs_html"])
    assert article["related"] and all(r["id"] != hit["id"] for r in article["related"])
    conforms(spec, "Article", article)


def test_suggest_completes_headlines_and_names(api, spec):
    body = api.get("/api/suggest", query_string={"q": "海淀"}).json
    assert body["q"] == "海淀" and body["suggestions"]
    assert all("海淀" in s["text"] for s in body["suggestions"])
    assert {s["kind"] for s in body["suggestions"]} >= {"district", "headline"}
    for s in body["suggestions"]:
        assert api.get(s["url"]).status_code == 200       # choosing it opens a page
    conforms(spec, "Suggestions", body)
    assert api.get("/api/suggest").json["suggestions"] == []
    assert api.get("/api/suggest?limit=21").status_code == 400


def test_healthz_counts_documents(api, seed_records):
    assert api.get("/healthz").json == {"status": "ok",
                                        "documents": len(seed_records) + len(extra_records())}


def test_new_documents_are_visible_without_restart(tmp_path):
    index_dir = str(tmp_path / "index")
    index_records(index_dir, [new_record(id="a", headline="第一篇", body="原有文章")])
    client = create_app({"TESTING": True, "BAOKU_INDEX": index_dir}).test_client()
    assert client.get("/api/search?q=新增").json["total"] == 0
    index_records(index_dir, [new_record(id="b", headline="第二篇", body="新增文章")])
    assert client.get("/api/search?q=新增").json["total"] == 1
    assert client.get("/healthz").json["documents"] == 2


# --- escaping, CORS, OpenAPI ----------------------------------------------------

def test_hostile_document_comes_out_escaped(api):
    hit = search(api, q="职工之家")["hits"][0]
    assert hit["id"] == "web-hostile"
    assert "<script" not in hit["snippet"] and "<img" not in hit["snippet"]
    assert "&lt;script&gt;" in hit["snippet"]
    article = api.get("/api/articles/web-hostile").json
    html = article["headline_html"] + "".join(article["paragraphs_html"])
    assert "<script" not in html and "<img" not in html
    assert article["source_url"] is None    # a javascript: url never becomes a link


def test_cors_on_api_only(api):
    headers = {"Origin": "https://other.example"}
    assert api.get("/api/search?q=x", headers=headers).headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in api.get("/", headers=headers).headers


def test_cors_origins_are_configurable(mixed_index):
    client = create_app({"TESTING": True, "BAOKU_INDEX": mixed_index,
                         "BAOKU_CORS_ORIGINS": "https://a.example, https://b.example"}).test_client()
    allowed = client.get("/api/search", headers={"Origin": "https://b.example"})
    refused = client.get("/api/search", headers={"Origin": "https://c.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://b.example"
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_settings_come_from_environment(mixed_index, monkeypatch):
    monkeypatch.setenv("BAOKU_INDEX", mixed_index)
    monkeypatch.setenv("BAOKU_PAGE_SIZE", "3")
    app = create_app()
    app.config["TESTING"] = True
    result = app.test_client().get("/api/search").json
    assert result["per_page"] == 3 and len(result["hits"]) == 3


def test_a_test_configuration_ignores_the_environment(mixed_index, monkeypatch):
    monkeypatch.setenv("BAOKU_INDEX", "/nonexistent/developer/index")
    monkeypatch.setenv("BAOKU_PAGE_SIZE", "3")
    app = create_app({"TESTING": True, "BAOKU_INDEX": mixed_index})
    assert app.config["BAOKU_INDEX"] == mixed_index
    result = app.test_client().get("/api/search").json
    assert result["per_page"] == 10 and len(result["hits"]) == 10


def test_openapi_document_is_served_and_valid(api, spec):
    served = api.get("/api/openapi.json").json
    validate_spec(served)
    assert set(served["paths"]) == {"/api/search", "/api/articles/{id}", "/api/suggest",
                                    "/api/issues", "/api/issues/{date}", "/api/stats",
                                    "/api/kwic", "/api/export", "/pages/{key}/info.json",
                                    "/pages/{key}/full/{size}/0/default.jpg",
                                    "/api/titles",
                                    "/api/titles/{paper}", "/api/titles/{paper}/{date}", "/api/trends"}
    names = {p["name"] for p in served["paths"]["/api/search"]["get"]["parameters"]}
    assert names == {"q", "district", "union", "level", "year", "month", "reporter", "kind",
                     "paper", "sort",
                     "page", "per_page", "from", "to", "cursor", "explain",
                     "fuzzy", "issue", "edition", "near_a", "near_b", "near_n"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=80), district=st.text(max_size=10))
def test_any_text_gets_an_answer_never_a_5xx(api, q, district):
    response = api.get("/api/search", query_string={"q": q, "district": district})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("q", ["职工", "区总工会", "海淀区职工运动会今天开幕在哪里举行？", '"职工书屋" 顺义',
                               "工会 -职工", "reporter:测试记者 职工", "職工之家"],
                         ids=["word", "name", "question", "quoted", "negated", "field", "traditional"])
def test_explain_adds_up_to_each_hits_score(api, spec, q):
    result = search(api, q=q, explain=1, per_page=5)
    conforms(spec, "SearchResult", result)
    assert result["hits"]
    for hit in result["hits"]:
        why = hit["explain"]
        assert why["score"] == pytest.approx(hit["score"], abs=1e-3)
        assert sum(s["score"] for s in why["signals"]) == pytest.approx(hit["score"], abs=1e-3)
        assert sum(m["score"] for m in why["matches"]) == pytest.approx(hit["score"], abs=1e-3)
        assert sum(s["share"] for s in why["signals"]) == pytest.approx(1.0, abs=1e-3)
        assert all(m["fields"] for m in why["matches"] if m["signal"] in ("words", "exact"))


def test_explain_names_the_strings_and_fields_that_matched(api):
    hit = search(api, q="海淀区职工运动会", explain=1)["hits"][0]
    assert hit["id"] == "web-2023"
    exact = [m for m in hit["explain"]["matches"] if m["signal"] == "exact"]
    assert [m["text"] for m in exact] == ["海淀区职工运动会"]
    assert exact[0]["fields"] == ["headline", "body"]
    assert "explain" not in search(api, q="海淀区职工运动会")["hits"][0]


def test_explain_must_be_0_or_1(api):
    response = api.get("/api/search", query_string={"q": "职工", "explain": "yes"})
    assert response.status_code == 400 and "explain" in response.json["error"]
