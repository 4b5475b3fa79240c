"""Suggest that leads somewhere, and a readable concordance, in headless Chromium
against `baoku serve` on the seed index (1280 and 390 px wide)."""
from urllib.parse import parse_qs, urlsplit

import pytest

from browsing import needs_chromium, serving

pytestmark = needs_chromium
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def issue_service(issue_index, tmp_path_factory):
    """`baoku serve` over the seed pages with a manifest and dated news items (3 years)."""
    with serving(issue_index, tmp_path_factory.mktemp("serve") / "stderr.log") as url:
        yield url


def args(url):
    return parse_qs(urlsplit(url).query)


def test_escape_twice_closes_the_list_and_keeps_the_text(service, page):
    page.goto(service + "/")
    box = page.locator("#q")
    box.press_sequentially("马")
    page.locator("#q-suggestions li").first.wait_for()
    box.press("Escape")
    assert page.locator("#q-suggestions").is_hidden() and box.input_value() == "马"
    box.press("Escape")
    assert box.input_value() == "马"


def test_the_typed_text_comes_first_and_every_name_has_articles(service, page):
    page.goto(service + "/")
    box = page.locator("#q")
    box.press_sequentially("马")
    page.locator("#q-suggestions li").first.wait_for()
    options = page.locator("#q-suggestions li").all_inner_texts()
    assert options[0].startswith("搜索 马")
    found = page.request.get(service + "/api/suggest?q=马&limit=20").json()["suggestions"]
    for item in found[1:]:
        if item["kind"] != "headline":
            assert item["count"] > 0
            shown = page.request.get(service + item["url"].replace("/?", "/api/search?")
                                     ).json()["total"]
            assert shown > 0, item


def test_choosing_a_reporter_keeps_the_query(service, page):
    page.goto(service + "/?q=工会")
    box = page.locator("#q")
    box.fill("工会 ")
    box.press_sequentially("马")
    option = page.locator("#q-suggestions li", has_text="记者").first
    option.wait_for()
    name = option.locator(".suggestion-text").inner_text()
    option.dispatch_event("mousedown")
    page.wait_for_url("**/?*reporter=*")
    assert args(page.url)["q"] == ["工会"] and args(page.url)["reporter"] == [name]
    assert page.locator("#q").input_value() == "工会"


@pytest.mark.parametrize("size", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_concordance_line_shows_its_source_without_scrolling_sideways(service, page,
                                                                            size):
    page.set_viewport_size(size)
    page.goto(service + "/?q=职工&view=kwic")
    lines = page.locator(".kwic tbody tr")
    assert lines.count() > 3
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = page.locator(".kwic")
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth")     # no sideways-scrolling box
    for i in range(min(lines.count(), 10)):
        line = lines.nth(i)
        source = line.locator("td.src").bounding_box()
        match = line.locator("td.match").bounding_box()
        assert source and source["x"] >= 0 and source["x"] + source["width"] <= width + 1
        assert match and match["x"] + match["width"] <= width + 1
    left = lines.first.locator("td.left").inner_text()
    assert len(left.strip()) >= 10      # a phone still shows some context on each side


@pytest.mark.parametrize("size", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_month_histogram_shows_every_month_with_year_labels_and_zooms_to_a_year(
        issue_service, page, size):
    page.set_viewport_size(size)
    page.goto(issue_service + "/")
    histogram = page.locator(".histogram")
    bars = histogram.locator(".bar-cell")
    assert bars.count() > 12
    assert histogram.evaluate("e => e.scrollWidth <= e.clientWidth")     # every bar in view
    box = histogram.bounding_box()
    last = bars.last.bounding_box()
    assert last["x"] + last["width"] <= box["x"] + box["width"] + 1
    years = histogram.locator(".bar-year").all_inner_texts()
    assert len(years) >= 2 and years == sorted(set(years)) and all(len(y) == 4 for y in years)
    page.locator(".histogram-years a", has_text=years[1]).click()
    page.wait_for_url(f"**year={years[1]}**")
    assert page.locator(".histogram .bar-cell").count() == 12
    assert page.locator(".histogram .bar-month").all_inner_texts()[:3] == ["1", "2", "3"]


@pytest.mark.parametrize("size", WIDTHS.values(), ids=WIDTHS.keys())
def test_why_matched_fits_the_screen_and_shows_no_score(service, page, size):
    page.set_viewport_size(size)
    page.goto(service + "/?q=职工创新工作室")
    why = page.locator("details.why").first
    why.locator("summary").click()
    text = why.inner_text()
    assert "得分" not in text and "完整出现在" in text
    card = why.bounding_box()
    assert why.locator(".why-pct").count() > 0
    for pct in why.locator(".why-pct").all():
        box = pct.bounding_box()
        assert box["x"] + box["width"] <= card["x"] + card["width"] + 1
