"""A term over time: every point equals the filtered search's total for that period,
divided by the articles published in it; the API, the page, CSV and the CLI."""
import csv
import io
import json

import pytest

from conftest import engine_location
from indexer.engines import open_engine
from indexer.searching.trends import safe_cell, trends, trends_csv
from search_app.cli import cli

TERMS = ["职工", "工会", '"培训"', "职工 -运动会"]


@pytest.fixture(scope="module", params=["embedded", "sphinx"])
def engines(request, issue_records, issue_index):
    return open_engine(engine_location(request, "issues", issue_records, issue_index))


@pytest.fixture(scope="module")
def engine(issue_index):
    return open_engine(issue_index)


def check_points(engine, found, filters):
    by = found["by"]
    for period in found["periods"]:
        every = engine.search("", filters={**filters, by: [period["period"]]}, per_page=1,
                              snippets=False)["total"]
        assert period["articles"] == every > 0
    for s in found["series"]:
        for point in s["points"]:
            total = engine.search(s["q"], filters={**filters, by: [point["period"]]},
                                  per_page=1, snippets=False)["total"]
            articles = next(p["articles"] for p in found["periods"]
                            if p["period"] == point["period"])
            assert point["count"] == total
            assert point["share"] == pytest.approx(total / articles)


@pytest.mark.parametrize("by", ["month", "year"])
def test_each_point_is_the_searchs_total_over_the_periods_articles(engines, by):
    found = trends(engines, TERMS, by=by)
    assert len(found["periods"]) > 1 and all(s["total"] for s in found["series"][:3])
    check_points(engines, found, {})


def test_facet_filters_apply_to_both_the_counts_and_the_articles(engine):
    district = engine.search("", per_page=1, snippets=False)["facets"]["district"][0]["value"]
    found = trends(engine, TERMS[:2], filters={"district": [district]})
    check_points(engine, found, {"district": [district]})


def test_too_many_or_no_terms_are_refused(engine):
    with pytest.raises(ValueError):
        trends(engine, ["a"] * 6)
    with pytest.raises(ValueError):
        trends(engine, [" "])


def test_csv_cells_never_run_as_formulas():
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and safe_cell("@x") == "'@x"
    assert safe_cell("-1.5") == "-1.5" and safe_cell("劳模") == "劳模"
    found = {"by": "month", "periods": [{"period": "2025-01", "articles": 4}],
             "series": [{"q": "-疫情", "points": [{"period": "2025-01", "count": 1, "share": .25}]}]}
    rows = list(csv.reader(io.StringIO(trends_csv(found).lstrip("\ufeff"))))
    assert rows[0][2] == "'-疫情 count" and rows[1] == ["2025-01", "4", "1", "0.250000"]


def test_the_api_the_page_and_the_cli(issue_client, runner, engine, issue_index):
    client, seed_index = issue_client, issue_index
    got = client.get("/api/trends", query_string={"q": TERMS[:2], "by": "year"}).get_json()
    assert got == trends(engine, TERMS[:2], by="year")
    assert client.get("/api/trends", query_string={"q": ["a"] * 6}).status_code == 400
    assert client.get("/api/trends").status_code == 400
    assert client.get("/api/trends", query_string={"q": "a", "by": "day"}).status_code == 400
    data = client.get("/api/trends", query_string={"q": TERMS[:2], "format": "csv"})
    assert data.mimetype == "text/csv" and "工会 share" in data.get_data(as_text=True)
    page = client.get("/trends", query_string={"q": TERMS[:2]}).get_data(as_text=True)
    assert "<svg" in page and "<table" in page and "<title>" in page
    assert client.get("/trends").status_code == 200
    assert "/api/trends" in client.get("/api/openapi.json").get_json()["paths"]
    out = runner.invoke(cli, ["trends", *TERMS[:2], "--index", seed_index, "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output) == trends(engine, TERMS[:2])


def test_one_title_has_its_own_series_on_the_library_the_api_the_page_and_the_cli(
        titled_index, titled_client, runner):
    """Two titles in one index: each title's points are its filtered search's totals
    over its own articles of the period, and the API, the page and the CLI say the same."""
    engine = open_engine(titled_index)
    papers = {e["value"]: e["count"]
              for e in engine.search("", per_page=1, snippets=False)["facets"]["paper"]}
    assert {"劳动午报", "北京青年报"} <= set(papers)
    series = {}
    for paper in ("劳动午报", "北京青年报"):
        found = trends(engine, ["职工", "总工会"], filters={"paper": [paper]}, by="month")
        check_points(engine, found, {"paper": [paper]})
        assert sum(p["articles"] for p in found["periods"]) == papers[paper]
        series[paper] = found
        got = titled_client.get("/api/trends", query_string={
            "q": ["职工", "总工会"], "paper": paper}).get_json()
        assert got == found
        page = titled_client.get("/trends", query_string={"q": "职工", "paper": paper})
        first = found["series"][0]["points"][0]
        shown = f"{first['count']} / {found['periods'][0]['articles']} 篇"
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and shown in html and f"只计《{paper}》" in html
        assert f'<option value="{paper}" selected>' in html
        out = runner.invoke(cli, ["trends", "职工", "总工会", "--paper", paper,
                                  "--index", titled_index, "--json"])
        assert out.exit_code == 0, out.output
        assert json.loads(out.output) == found
    assert series["劳动午报"]["series"] != series["北京青年报"]["series"]
    every = trends(engine, ["职工"], by="month")
    for period in every["periods"]:
        parts = [p["articles"] for s in series.values() for p in s["periods"]
                 if p["period"] == period["period"]]
        assert sum(parts) <= period["articles"]
