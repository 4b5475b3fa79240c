"""The description and the validation come from one definition (issue 23, 7): what
/api/openapi.json allows the API accepts, what it refuses is refused in Chinese."""
import re

import pytest

from search_app.parameters import PARAMETERS

HAN = re.compile("[\u4e00-\u9fff]")


def described(client, path):
    spec = client.get("/api/openapi.json").json
    return {p["name"]: p["schema"] for p in spec["paths"][path]["get"]["parameters"]}


def test_the_description_is_the_tables(client, app):
    search, issues = described(client, "/api/search"), described(client, "/api/issues")
    for name in ("from", "to", "cursor", "page", "per_page"):
        assert search[name] == PARAMETERS[name].schema(app.config)
    for name in ("year", "month"):
        assert issues[name] == PARAMETERS[name].schema(app.config)


@pytest.mark.parametrize("value", ["2025", "2025-10", "2025-10-31", "0662-12-31", ""])
def test_a_date_the_description_allows_is_accepted(client, value):
    pattern = described(client, "/api/search")["to"]["pattern"]
    assert re.fullmatch(pattern, value)
    assert client.get("/api/search", query_string={"q": "工会", "to": value}).status_code == 200


@pytest.mark.parametrize("value", ["0662-48-20", "２０２５", "2025-1", "2025-10-31\n", "x"])
def test_a_date_it_refuses_is_a_chinese_400_and_not_described(client, value):
    pattern = described(client, "/api/search")["from"]["pattern"]
    assert not re.fullmatch(pattern, value)
    answer = client.get("/api/search", query_string={"from": value})
    assert answer.status_code == 400 and HAN.search(answer.json["error"])


def test_year_and_month_as_described(client):
    assert client.get("/api/issues?year=").status_code == 200
    alone = client.get("/api/issues?month=10")
    assert alone.status_code == 200
    assert all(d["date"][5:7] == "10" for d in alone.json["dates"])
    for url in ("/api/issues?year=25", "/api/issues?month=13", "/api/issues?month=x"):
        answer = client.get(url)
        assert answer.status_code == 400 and HAN.search(answer.json["error"]), url


def test_a_cursor_it_did_not_give_out_is_a_documented_chinese_400(client):
    spec = client.get("/api/openapi.json").json["paths"]["/api/search"]["get"]
    assert "400" in spec["responses"] and "refused with 400" in [
        p for p in spec["parameters"] if p["name"] == "cursor"][0]["description"]
    answer = client.get("/api/search?q=工会&cursor=made-up")
    assert answer.status_code == 400 and HAN.search(answer.json["error"])
