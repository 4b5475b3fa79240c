"""The page kept on a Sphinx cluster: images in the cluster's pages/ folder, boxes in
the records; the API and the page view answer as on the embedded index."""
import pytest

import programs
from indexer.engines import open_engine
from indexer.reading.sources import read_records
from tests import printed_pages as pp

NAME = "王卓"


@pytest.fixture()
def cluster(tmp_path):
    programs.require("searchd")
    from indexer.engines.sphinx import processes
    folder = tmp_path / "printed"
    pp.make_issue_folder(folder)
    where = tmp_path / "cluster"
    url = processes.init(where, 1)["url"]
    try:
        engine = open_engine(url)
        engine.index_records(read_records([str(folder)]))
        yield engine, where
    finally:
        processes.stop(where)


def test_the_cluster_keeps_pages_and_answers_hit_boxes(cluster):
    from search_app import create_app
    engine, where = cluster
    assert engine.page_store().folder == str(where / "pages")
    assert len(engine.page_store().pages()) == 2
    client = create_app({"TESTING": True, "BAOKU_ENGINE": engine.location}).test_client()
    hits = client.get(f"/api/search?q={NAME}").get_json()["hits"]
    assert len(hits) == 2 and all(h["page_key"] for h in hits)
    found = client.get(f"/api/articles/{hits[0]['id']}?q=%22{NAME}%22").get_json()
    assert len(found["hit_boxes"]) == len(NAME) and found["page_image"]["sizes"]
    view = client.get(f"/articles/{hits[0]['id']}/page?q={NAME}")
    assert view.status_code == 200 and view.get_data(as_text=True).count('class="hitbox"') == 2
    issue = client.get(f"/api/issues/{hits[0]['date']}").get_json()
    page = issue["papers"][0]["pages"][0]
    assert page["image"] and all(a["regions"] for a in page["articles"])
    engine.delete_ids([a["id"] for a in page["articles"]])
    assert len(engine.page_store().pages()) == 1      # the page went with its articles
