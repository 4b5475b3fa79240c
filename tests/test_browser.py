"""The service in a real browser: headless Chromium against `baoku serve` on the seed index."""
import pytest

from browsing import needs_chromium, other_origin, serving, total

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def issue_service(issue_index, tmp_path_factory):
    """`baoku serve` over the seed pages with a manifest, and dated news items."""
    with serving(issue_index, tmp_path_factory.mktemp("serve") / "stderr.log") as url:
        yield url


def district_links(page):
    """The district facet's clickable values (unselected, count > 0)."""
    return page.locator("#facet-district ~ ul a.facet-value:not(.selected)")


def test_type_a_query_and_see_highlighted_results(service, page):
    page.goto(service + "/")
    page.locator("#q").press_sequentially("职工")
    page.locator("#q-suggestions li").first.wait_for()      # suggest-as-you-type
    assert "职工" in page.locator("#q-suggestions").inner_text()
    page.locator("#q").press("Enter")
    page.wait_for_url("**/?q=*")
    assert page.locator(".hit").count() > 0
    assert page.locator(".hit .snippet mark").first.inner_text() == "职工"


def test_select_districts_narrows_then_widens(service, page):
    page.goto(service + "/?q=工会")
    everything = total(page)
    first = district_links(page).first
    first_name, first_count = first.locator(".label").inner_text(), int(first.locator(".count").inner_text())
    first.click()
    page.wait_for_url("**district=*")
    assert total(page) == first_count < everything
    assert page.locator(".chip").inner_text().split() == ["区域", first_name, "×"]
    for tags in page.locator(".hit .tags").all_inner_texts():
        assert first_name in tags
    second = district_links(page).first
    second_name, second_count = second.locator(".label").inner_text(), int(second.locator(".count").inner_text())
    second.click()
    page.wait_for_url("**district=*district=*")
    both = total(page)
    assert max(first_count, second_count) <= both <= first_count + second_count
    assert page.locator(".chip").count() == 2
    for tags in page.locator(".hit .tags").all_inner_texts():
        assert first_name in tags or second_name in tags
    assert page.locator("a.facet-value.selected").count() == 2
    page.locator(".chip").first.click()                       # one click removes one
    page.wait_for_load_state()
    assert total(page) == second_count and page.locator(".chip").count() == 1


def test_open_an_article(service, page):
    page.goto(service + "/?q=劳模")
    headline = page.locator(".hit-title a").first.inner_text()
    page.locator(".hit-title a").first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator("h1").inner_text() == headline
    assert page.locator(".body mark").count() > 0
    assert page.locator(".related li").count() > 0


HOST_PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
  * { color: rgb(0, 128, 0) !important; font-size: 9px !important; }
  input, button, li, ol { display: none !important; }
  mark { background: rgb(0, 0, 255); }
</style></head><body>
<h1>另一个网站</h1><mark id="own">host mark</mark>
<div id="baoku"></div>
<script src="%s/embed.js" data-target="#baoku" async></script>
</body></html>"""


@pytest.fixture()
def host_page(service):
    """A page on another origin (another port) that embeds the box."""
    with other_origin({"/": HOST_PAGE % service}) as base:
        yield base + "/"


def test_embedded_box_on_another_origin_gets_results(service, host_page, page):
    page.goto(host_page)
    box = page.locator("baoku-search input")           # Playwright pierces the open shadow root
    box.fill("职工")
    box.press("Enter")
    page.locator("baoku-search li").first.wait_for()
    assert page.locator("baoku-search li").count() == 5
    assert page.locator("baoku-search li mark").first.inner_text() == "职工"
    link = page.locator("baoku-search li a").first.get_attribute("href")
    assert link.startswith(service + "/articles/")
    # The host's CSS did not reach inside, and the box's did not leak out.
    assert page.locator("baoku-search input").is_visible()
    assert page.locator("baoku-search li a").first.evaluate("e => getComputedStyle(e).color") != "rgb(0, 128, 0)"
    assert page.locator("#own").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 0, 255)"


def test_embedded_box_says_how_many_contain_the_whole_string(service, host_page, page):
    page.goto(host_page)
    box = page.locator("baoku-search input")
    box.fill("职工创新工作室")
    box.press("Enter")
    page.locator("baoku-search li").first.wait_for()
    api = page.request.get(service + "/api/search?q=职工创新工作室").json()
    status = page.locator("baoku-search .status").inner_text()
    assert 0 < api["total_exact"] < api["total"]
    assert status == (f"{api['total_exact']:,} 篇含完整检索词，"
                      f"另 {api['total'] - api['total_exact']:,} 篇相关")


# --- browsing by issue, time in search -------------------------------------------

def test_calendar_then_an_issue_page_by_page(issue_service, page):
    page.goto(issue_service + "/issues")
    assert page.locator("h1").inner_text() == "按日期浏览整报"
    page.locator(".calendar-years a", has_text="2025").click()
    page.wait_for_url("**/issues?year=2025")
    page.locator(".calendar-months a", has_text="10 月").click()
    page.wait_for_url("**month=10")
    days = page.locator("a.calendar-day")
    assert days.count() == 2                      # 30 (news) and 31 (the paper)
    days.last.click()
    page.wait_for_url("**/issues/2025-10-31")
    assert page.locator(".page-title").all_inner_texts()[:3] == ["第 1 版 · 要闻", "第 2 版", "第 3 版 · 工会新闻"]
    assert page.locator("#page-3 .page-article").count() > 3
    page.locator("a.issue-next").click()                # the paper's own next issue
    page.wait_for_url("**/titles/*/2025-11-04")
    page.locator("a.issue-prev").click()
    page.wait_for_url("**/titles/*/2025-10-31")
    page.locator("#page-3 .page-article a").nth(1).click()
    page.wait_for_url("**/articles/**")
    assert "第3版 · 工会新闻" in page.locator(".issue-fact").inner_text()
    assert page.locator(".page-neighbours a").count() == 2


def test_month_histogram_and_date_inputs(issue_service, page):
    page.goto(issue_service + "/?year=2025")
    bars = page.locator(".histogram .bar-cell")
    assert bars.count() == 12
    assert page.locator(".histogram a.bar").count() >= 2
    tall = page.locator(".histogram a.bar").evaluate_all("bars => bars.map(b => b.offsetHeight)")
    assert max(tall) > min(tall) > 0                    # heights follow the counts
    page.locator(".histogram a.bar").first.click()      # January
    page.wait_for_url("**month=2025-01")
    assert total(page) == 2
    page.goto(issue_service + "/?q=职工")
    page.fill("#date-from", "2025-10-31")
    page.fill("#date-to", "2025-10-31")
    page.locator(".date-range button").click()
    page.wait_for_url("**from=2025-10-31**")
    metas = page.locator(".hit .issue-label").all_inner_texts()
    assert metas and all(m.startswith("劳动午报 2025年10月31日") for m in metas)
    assert page.locator("#date-from").input_value() == "2025-10-31"
    assert page.locator("#q").input_value() == "职工"
