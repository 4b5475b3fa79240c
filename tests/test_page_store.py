"""The page kept: printed pages' images in the page store, regions and character boxes
in the records, hit boxes of a search -- through indexing, deleting and rebuilding,
and what the web app and the API show of them."""
import re

import pytest

from indexer.engines import open_engine
from indexer.reading.sources import read_records
from tests import printed_pages as pp

QUERY = "王卓"          # the lead's reporter: once in its dateline


def _line_break_pair():
    """Two characters of the lead's body printed at the end of one line and the
    start of the next: a match across the line break."""
    body = [line for _x, _top, line, size in pp.blocks()["lead"] if size == pp.BODY]
    return body[1][-1] + body[2][0]


@pytest.fixture()
def pages(tmp_path):
    """Two small PDF pages (different days) with a manifest, indexed into a fresh index."""
    folder = tmp_path / "pages"
    pp.make_issue_folder(folder)
    text = tmp_path / "text"
    text.mkdir()
    (text / "t.txt").write_text("职工书屋开放\n\n本报讯（记者 王卓）西城区职工书屋日前开放。\n",
                                encoding="utf-8")
    engine = open_engine(str(tmp_path / "index"))
    engine.index_records(read_records([str(folder), str(text)]))
    return engine


def _client(engine):
    from search_app import create_app
    return create_app({"TESTING": True, "BAOKU_INDEX": engine.location}).test_client()


def _lead(client, date, q=QUERY):
    hits = client.get(f"/api/search?q={q}&date={date}").get_json()["hits"]
    hit = next(h for h in hits if h["headline"] == pp.LEAD_HEAD)
    return client.get(f"/api/articles/{hit['id']}?q={q}").get_json()


def _px(region):
    return (region["x"] * pp.WIDTH, region["y"] * pp.HEIGHT,
            (region["x"] + region["w"]) * pp.WIDTH, (region["y"] + region["h"]) * pp.HEIGHT)


def _iou(a, b):
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


def _inside(box, region, slack=0.002):
    return (box["x"] >= region["x"] - slack and box["y"] >= region["y"] - slack
            and box["x"] + box["w"] <= region["x"] + region["w"] + slack
            and box["y"] + box["h"] <= region["y"] + region["h"] + slack)


def test_an_article_has_its_page_image_regions_and_hit_boxes(pages):
    client = _client(pages)
    lead = _lead(client, "2025-10-31")
    assert lead["page_image"]["width"] == round(pp.WIDTH * 150 / 72)   # rendered at 150 dpi
    assert _iou(_px(lead["regions"][0]), pp.block_box("lead")) >= 0.8
    text = lead["dateline"] + lead["body"] + lead["headline"]
    assert len(lead["hit_boxes"]) == text.count(QUERY) * len(QUERY) == 2
    assert all(_inside(b, lead["regions"][0]) for b in lead["hit_boxes"])
    assert "glyphs" not in lead and "page_file" not in lead
    info = client.get(lead["page_image"]["info_url"].replace("http://localhost", ""))
    assert info.status_code == 200 and info.get_json()["profile"][0].endswith("level0.json")
    for size in lead["page_image"]["sizes"]:
        with client.get(size["url"]) as image:
            assert image.status_code == 200 and image.data[:2] == b"\xff\xd8"


def test_hit_boxes_cross_a_printed_line_break(pages):
    client = _client(pages)
    pair = _line_break_pair()
    for q in (pair, f'"{pair}"'):
        lead = _lead(client, "2025-10-31", q)
        text = "".join("".join(lead[f] for f in ("kicker", "headline", "subtitle", "dateline",
                                                 "body")).split())
        boxes = lead["hit_boxes"]
        assert len(boxes) == text.count(pair) * 2 >= 2
        assert any(second["y"] > first["y"] + first["h"] / 2        # one runs on the next line
                   for first, second in zip(boxes[::2], boxes[1::2], strict=True))
        assert all(_inside(b, lead["regions"][0]) for b in lead["hit_boxes"])


def test_a_text_page_has_no_page_view(pages):
    client = _client(pages)
    hits = client.get("/api/search?q=职工书屋").get_json()["hits"]
    hit = next(h for h in hits if h["source"] == "t.txt")
    found = client.get(f"/api/articles/{hit['id']}?q=王卓").get_json()
    assert found["page_image"] is None and found["regions"] == [] and found["hit_boxes"] == []
    assert "在版面上查看" not in client.get(f"/articles/{hit['id']}").get_data(as_text=True)
    assert client.get(f"/articles/{hit['id']}/page").status_code == 404


def test_deleting_an_article_takes_its_boxes_and_the_last_one_its_page(pages):
    store = pages.page_store()
    assert len(store.pages()) == 2
    client = _client(pages)
    issue = client.get("/api/issues/2025-11-01").get_json()
    ids = [a["id"] for paper in issue["papers"] for page in paper["pages"] for a in page["articles"]]
    pages.delete_ids(ids[:1])
    assert client.get(f"/api/articles/{ids[0]}").status_code == 404
    assert len(store.pages()) == 2                  # the page's other articles still refer to it
    pages.delete_ids(ids[1:])
    assert len(store.pages()) == 1                  # the page went with its last article


def test_a_rebuild_keeps_the_new_archive_pages_and_the_old_until_the_next_run(pages, tmp_path):
    store = pages.page_store()
    pages.index_records(read_records([str(tmp_path / "pages" / "a.pdf")]), rebuild=True)
    assert store.check()["stale"] == 1 and len(store.pages()) == 2   # recover may go back
    client = _client(pages)
    assert _lead(client, "2025-10-31")["page_image"] is not None
    pages.index_records(read_records([str(tmp_path / "text")]))      # the next run
    assert len(store.pages()) == 1
    assert _lead(client, "2025-10-31")["page_image"] is not None


def test_check_reports_a_damaged_page_and_recover_removes_it(pages):
    import os
    store = pages.page_store()
    key = store.pages()[0]
    os.remove(store.image_path(key, "400,"))
    report = pages.check()["page_store"]
    assert report["problems"] == [(key, "sizes missing: [400]")] and report["bytes"] > 0
    done = pages.recover()
    assert done["pages_removed"] == [key] and store.pages() != [] and key not in store.pages()
    client = _client(pages)
    hits = client.get("/api/search?q=王卓").get_json()["hits"]
    shown = [client.get(f"/api/articles/{h['id']}").get_json() for h in hits]
    assert sum(a["page_image"] is None for a in shown if a["page_key"]) == 1   # no 500, no image


def test_the_issue_view_links_every_region_and_the_page_view_boxes_the_hits(pages):
    client = _client(pages)
    issue = client.get("/api/issues/2025-10-31").get_json()
    page = issue["papers"][0]["pages"][0]
    assert page["image"]["info_url"].endswith("/info.json")
    with_regions = [a for a in page["articles"] if a["regions"]]
    assert len(with_regions) == len(page["articles"]) >= 3
    html = client.get("/issues/2025-10-31").get_data(as_text=True)
    for article in with_regions:
        assert re.search(r'<a class="region[^"]*" href="/articles/%s["?]' % re.escape(article["id"]),
                         html)
    lead = _lead(client, "2025-10-31")
    view = client.get(f"/articles/{lead['id']}/page?q={QUERY}")
    assert view.status_code == 200
    html = view.get_data(as_text=True)
    assert html.count('class="hitbox"') == 2 and "region region-focus" in html
    article = client.get(f"/articles/{lead['id']}?q={QUERY}").get_data(as_text=True)
    assert 'class="article-clip"' in article and "在版面上查看" in article
    results = client.get(f"/?q={QUERY}").get_data(as_text=True)
    assert results.count("在版面上查看") == 2        # the two PDF pages' leads, not the text page


@pytest.mark.parametrize("path", ["/pages/zz/info.json", "/pages/0123456789abcdef-1/info.json",
                                  "/pages/0123456789abcdef-1/full/800,/0/default.jpg",
                                  "/pages/../full/800,/0/default.jpg"])
def test_unknown_page_files_are_404(pages, path):
    assert _client(pages).get(path).status_code == 404


@pytest.mark.parametrize("form", ["alto", "hocr"])
def test_markup_pages_keep_the_image_beside_them_and_none_without(tmp_path, form):
    from PIL import Image

    from indexer.reading.printed.pdfpages import read_pdf
    (_n, page), = read_pdf(pp.make_pdf(tmp_path / "p.pdf"))
    with_image, without = tmp_path / "with", tmp_path / "without"
    for folder in (with_image, without):
        folder.mkdir()
        text = pp.alto(page) if form == "alto" else pp.hocr(page)
        (folder / f"p.{'xml' if form == 'alto' else 'hocr'}").write_text(text, encoding="utf-8")
    Image.new("RGB", (int(pp.WIDTH), int(pp.HEIGHT)), "white").save(with_image / "p.png")
    for folder, pages_kept in ((with_image, 1), (without, 0)):
        engine = open_engine(str(folder / "index"))
        engine.index_records(read_records([str(folder)]))
        assert len(engine.page_store().pages()) == pages_kept
        lead = next(r for r in (engine.get_article(h["id"]) for h in
                                engine.search(QUERY)["hits"]) if r["headline"] == pp.LEAD_HEAD)
        assert bool(lead["page_key"]) == bool(pages_kept)
        assert len(lead["regions"]) == 1 and _iou(_px(lead["regions"][0]),
                                                   pp.block_box("lead")) >= 0.8
    info = open_engine(str(with_image / "index")).page_store()
    assert info.info(info.pages()[0])["width"] == int(pp.WIDTH)          # the scan as it is
