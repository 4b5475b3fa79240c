"""Titles in a real browser (Chromium): the home page, /titles and a day's issue page at
1280 and 390 px: each title named with its own holdings, nothing wider than the screen,
and a day's titles apart, each with its own previous and next issue."""
import os
import re
from urllib.parse import quote

import pytest

from browsing import needs_chromium, serving

pytestmark = needs_chromium
SHOTS = os.environ.get("BAOKU_SCREENSHOTS")     # a folder: keep the screenshots to look at


@pytest.fixture(scope="module")
def titled_service(titled_index, tmp_path_factory):
    with serving(titled_index, tmp_path_factory.mktemp("serve") / "stderr.log") as url:
        yield url


def fits(page):
    """Nothing on the page is wider than the window."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", [1280, 390])
def test_titles_home_titles_page_and_a_day_in_the_browser(titled_service, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(titled_service + "/")
    holdings = page.locator(".holdings-title")
    assert holdings.count() == 4 and holdings.first.is_visible()
    assert "《新闻联播》（广播电视节目）" in page.locator(".holdings").inner_text()
    assert fits(page)
    shots = [("home", page.screenshot(full_page=True))]

    page.locator(".holdings-link", has_text="全部报刊和节目").click()
    page.wait_for_url("**/titles")
    rows = page.locator(".titles-table tbody tr")
    assert rows.count() == 4 and fits(page)
    assert rows.nth(0).locator("th").inner_text() == "《劳动午报》"
    shots.append(("titles", page.screenshot(full_page=True)))
    rows.filter(has_text="新闻联播").locator("a.title-calendar").click()
    page.wait_for_url(f"**/titles/{quote('新闻联播')}")
    days = page.locator(".calendar-day").all_inner_texts()
    assert [re.match(r"\d+", d).group() for d in days] == ["28", "31", "2"]

    page.goto(titled_service + "/issues/2025-10-31")
    names = page.locator(".paper-name a").all_inner_texts()
    assert names == ["《劳动午报》", "《北京青年报》", "《新闻联播》", "《工人日报网》"]
    tv = page.locator(".issue-paper", has=page.locator(".paper-name", has_text="新闻联播"))
    assert tv.locator(".issue-prev").inner_text() == "← 上一期 2025-10-28"
    assert tv.locator(".issue-next").is_visible() and fits(page)
    shots.append(("issue", page.screenshot(full_page=True)))
    tv.locator(".issue-next").click()
    page.wait_for_url(f"**/titles/{quote('新闻联播')}/2025-11-02")
    assert page.locator(".paper-name").count() == 1
    if SHOTS:
        for name, png in shots:
            with open(os.path.join(SHOTS, f"titles-{name}-{width}.png"), "wb") as f:
                f.write(png)
