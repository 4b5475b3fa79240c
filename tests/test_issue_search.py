"""Search within an issue or one printed page of it: ``issue=``/``edition=`` on the API,
the CLI and the issue view's box; ``issue:``/``edition:`` on both engines."""
import json

import pytest

from conftest import engine_location
from indexer.engines import open_engine
from indexer.reading.records import KINDS
from search_app.cli import cli

EVERY_KIND = {"kind": list(KINDS)}


def ids(result):
    return {hit["id"] for hit in result["hits"]}


def truth(records, word, date, page=None):
    return {r["id"] for r in records if r.get("date") == date
            and (page is None or r.get("page") == page)
            and word in "".join(r.get(f) or "" for f in ("kicker", "headline", "subtitle",
                                                            "dateline", "body"))}


@pytest.fixture(scope="module", params=["embedded", "sphinx"])
def engines(request, issue_records, issue_index):
    return open_engine(engine_location(request, "issues", issue_records, issue_index))


@pytest.mark.parametrize("word", ["工会", "职工", "的"])
def test_issue_and_edition_fields_find_only_that_issue_and_page(engines, issue_records, word):
    dated = sorted({(r["date"], r["page"]) for r in issue_records if r.get("page")})
    assert len({d for d, _ in dated}) > 1
    for date, page in dated:
        found = ids(engines.search(f'"{word}" issue:{date}', filters=EVERY_KIND, per_page=0,
                                   snippets=False))
        assert found == truth(issue_records, word, date)
        found = ids(engines.search(f'"{word}" issue:{date} edition:{page}', filters=EVERY_KIND,
                                   per_page=0, snippets=False))
        assert found == truth(issue_records, word, date, page)


def test_the_api_the_cli_and_the_issue_views_box(issue_client, runner, issue_index,
                                                 issue_records):
    date, page = next((r["date"], r["page"]) for r in issue_records if r.get("page"))
    got = issue_client.get("/api/search", query_string={
        "q": '"工会"', "issue": date, "edition": page, "kind": list(KINDS),
        "per_page": 100}).get_json()
    assert ids(got) == truth(issue_records, "工会", date, page) and got["total"]
    for bad in ({"issue": "2025-10"}, {"edition": "0"}, {"edition": "x"}):
        assert issue_client.get("/api/search", query_string=bad).status_code == 400
    view = issue_client.get(f"/issues/{date}").get_data(as_text=True)
    assert f'name="issue" value="{date}"' in view and 'name="edition"' in view
    out = runner.invoke(cli, ["search", '"工会"', "--issue", date, "--edition", str(page),
                              "--index", issue_index, "--json", "--limit", "0",
                              *[x for k in KINDS for x in ("--kind", k)]])
    assert out.exit_code == 0, out.output
    assert ids(json.loads(out.output)) == truth(issue_records, "工会", date, page)
    out = runner.invoke(cli, ["search", "x", "--issue", "yesterday", "--index", issue_index])
    assert out.exit_code != 0 and "issue" in out.output
