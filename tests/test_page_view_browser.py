"""The page view in Chromium: a search opens the page with the name boxed, the issue
view links every region, keyboard users go region to region, axe finds nothing serious."""
import pytest

from browsing import needs_chromium, serving
from indexer.engines import open_engine
from indexer.reading.sources import read_records
from tests import printed_pages as pp

pytestmark = needs_chromium
NAME = "王卓"
SHOTS = None


@pytest.fixture(scope="module")
def paged_service(tmp_path_factory):
    folder = tmp_path_factory.mktemp("printed")
    pp.make_pdf(folder / "a.pdf")
    pp.make_pdf(folder / "b.pdf", header=False)
    (folder / "manifest.csv").write_text(
        "file,paper,date,page,page_name\na.pdf,劳动午报,2025-10-31,3,工会新闻\n"
        "b.pdf,劳动午报,2025-11-01,5,基层动态\n", encoding="utf-8")
    index = folder / "index"
    open_engine(str(index)).index_records(read_records([str(folder)]))
    with serving(index, folder / "serve.log") as url:
        yield url


def _overlap(a, b):
    return not (a["x"] + a["width"] < b["x"] or b["x"] + b["width"] < a["x"]
                or a["y"] + a["height"] < b["y"] or b["y"] + b["height"] < a["y"])


def test_a_search_opens_the_page_view_with_the_name_boxed(paged_service, page, tmp_path):
    page.goto(paged_service + f"/?q={NAME}&date=2025-10-31")
    page.get_by_role("link", name="在版面上查看").first.click()
    page.wait_for_selector(".pageview-zoomed")           # OpenSeadragon opened the page
    boxes = page.locator(".pageview-zoom rect.hitbox")
    assert boxes.count() == len(NAME)
    page.wait_for_timeout(1200)                          # the zoom to the article settles
    shapes = [boxes.nth(i).bounding_box() for i in range(boxes.count())]
    assert all(s and s["width"] > 3 and s["height"] > 3 for s in shapes)
    viewer = page.locator(".pageview-zoom").bounding_box()
    assert all(_overlap(s, viewer) for s in shapes)      # on screen, over the page
    focus = page.locator(".pageview-zoom .region-focus rect").first.bounding_box()
    assert all(_overlap(s, focus) for s in shapes)       # inside the article's region
    page.screenshot(path=str(tmp_path / "pageview.png"))


def test_without_javascript_the_page_and_its_links_work(paged_service, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(paged_service + "/issues/2025-10-31")
    image = page.locator(".pageview-image")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    shown = image.bounding_box()
    regions = page.locator(".pageview a.region")
    for i in range(regions.count()):                     # each region drawn over the image
        box = regions.nth(i).locator("rect").bounding_box()
        assert box["width"] > 10 and _overlap(box, shown)
    hrefs = {regions.nth(i).get_attribute("href") for i in range(regions.count())}
    issue = page.request.get(paged_service + "/api/issues/2025-10-31").json()
    articles = [a for paper in issue["papers"] for p in paper["pages"] for a in p["articles"]]
    assert {f"/articles/{a['id']}" for a in articles} == hrefs
    regions.first.locator("rect").click()
    assert "/articles/" in page.url
    context.close()


def test_keyboard_users_move_from_region_to_region(paged_service, page):
    page.goto(paged_service + "/issues/2025-10-31")
    page.wait_for_selector(".pageview-zoomed")
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        label = page.evaluate("document.activeElement.classList.contains('region') && "
                              "document.activeElement.getAttribute('aria-label')")
        if label and not seen:
            page.wait_for_timeout(800)                   # the viewer zooms to the region
            rect = page.locator("a.region:focus rect").bounding_box()
            viewer = page.locator(".pageview-zoom").bounding_box()
            assert rect["width"] > viewer["width"] * 0.5   # zoomed in on it
        if label:
            seen.append(label)
    assert len(seen) >= 3 and seen[0].startswith("1.") and seen[1].startswith("2.")


def test_axe_finds_no_serious_violation_on_the_page_view(paged_service, browser):
    from axe_playwright_python.sync_playwright import Axe
    context = browser.new_context()
    page = context.new_page()
    hit = page.request.get(paged_service + f"/api/search?q={NAME}&per_page=1").json()["hits"][0]
    for path in (f"/articles/{hit['id']}/page?q={NAME}", "/issues/2025-10-31"):
        page.goto(paged_service + path)
        page.wait_for_selector(".pageview-zoomed")
        results = Axe().run(page)
        serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                   for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert not serious, path
    context.close()
