"""The HTML pages, as a browser without JavaScript gets them (Flask test client)."""
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from indexer.reading.districts import DISTRICTS
from indexer.reading.records import new_record
from indexer.engines.embedded.lifecycle.writing import index_records
from search_app import create_app

PAYLOAD = '"><script>alert(1)</script><img src=x onerror=alert(1)>'


class Links(HTMLParser):
    """Every <a> (href, class, text) and every <input> of a page."""

    def __init__(self, html):
        super().__init__()
        self.links, self.inputs, self._open = [], [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self._open = {"href": attrs.get("href", ""), "class": attrs.get("class", ""), "text": ""}
            self.links.append(self._open)
        elif tag == "input":
            self.inputs.append(attrs)

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data.strip()

    def with_class(self, name):
        return [link for link in self.links if name in link["class"].split()]


def args_of(href):
    return parse_qs(urlsplit(href).query)


@pytest.fixture(scope="module")
def web(tmp_path_factory, seed_records):
    hostile = new_record(id="hostile-page", kind="news", headline=f"职工之家{PAYLOAD}",
                         body=f"职工之家开放。{PAYLOAD}", reporters=[PAYLOAD], districts=["朝阳区"],
                         source="hostile.jsonl", date="2024-01-02")
    path = tmp_path_factory.mktemp("pages-index") / "index"
    index_records(str(path), list(seed_records) + [hostile])
    return create_app({"TESTING": True, "BAOKU_INDEX": str(path)}).test_client()


def page(web, url, status=200):
    response = web.get(url)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_results_show_highlighted_snippets_and_totals(web):
    html = page(web, "/?q=职工")
    assert '<html lang="zh-CN">' in html
    assert "<mark>职工</mark>" in html
    assert re.search(r"共 <strong>\d+</strong> 篇", html) and "毫秒" in html
    hits = Links(html).with_class("hit-title") or [a for a in Links(html).links
                                                   if a["href"].startswith("/articles/")]
    assert hits and all("q=" in a["href"] for a in hits)


def test_search_form_is_a_plain_get_form_keeping_selections(web):
    html = page(web, "/?q=职工&district=朝阳区&district=海淀区&sort=date")
    assert re.search(r'<form class="searchbox" role="search" method="get" action="/"', html)
    inputs = Links(html).inputs
    assert {"q": "职工"}.items() <= {i["name"]: i.get("value") for i in inputs if i.get("name") == "q"}.items()
    hidden = [(i["name"], i["value"]) for i in inputs if i.get("type") == "hidden"]
    assert hidden == [("district", "朝阳区"), ("district", "海淀区"), ("sort", "date")]


def test_all_districts_listed_and_links_toggle_one_value(web):
    html = page(web, "/?q=工会&district=朝阳区")
    values = Links(html).with_class("facet-value")
    assert all(f'<span class="label">{name}</span>' in html for name in DISTRICTS)
    selected = Links(html).with_class("selected")
    assert len(selected) == 1 and "朝阳区" in selected[0]["text"]
    assert "district" not in args_of(selected[0]["href"])          # clicking it deselects
    others = [a for a in values if a not in selected and a["text"].rstrip("0123456789") in DISTRICTS]
    assert others
    for link in others:
        chosen = args_of(link["href"])
        assert chosen["district"][0] == "朝阳区" and len(chosen["district"]) == 2
        assert chosen["q"] == ["工会"]


def test_unions_are_grouped_by_level_in_chinese(web):
    html = page(web, "/")
    assert '<h4 class="level">市级</h4>' in html
    assert '<h4 class="level">区级</h4>' in html


def test_chips_remove_one_selection_each(web):
    html = page(web, "/?q=工会&district=朝阳区&district=海淀区&reporter=马超")
    chips = Links(html).with_class("chip")
    assert [c["text"] for c in chips] == ["区域朝阳区×", "区域海淀区×", "记者马超×"]
    assert args_of(chips[0]["href"]) == {"q": ["工会"], "district": ["海淀区"], "reporter": ["马超"]}
    assert args_of(chips[2]["href"]) == {"q": ["工会"], "district": ["朝阳区", "海淀区"]}


def test_pagination_links_reach_every_result(web):
    html = page(web, "/?q=工会&per_page=3")
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S).group(0)
    next_link = [a for a in Links(nav).links if a["text"] == "下一页"][0]
    assert args_of(next_link["href"]) == {"q": ["工会"], "page": ["2"], "per_page": ["3"]}
    first = set(re.findall(r'href="/articles/([^"?]+)', html))
    second = set(re.findall(r'href="/articles/([^"?]+)', page(web, next_link["href"])))
    assert first and second and not first & second


def test_sort_links_switch_order(web):
    html = page(web, "/?q=职工")
    date_link = [a for a in Links(html).links if a["text"] == "最新在前"][0]
    assert args_of(date_link["href"]) == {"q": ["职工"], "sort": ["date"]}
    assert ('<strong class="current" aria-current="true"><span aria-hidden="true">✓</span>最新在前</strong>'
            in page(web, date_link["href"]))


def test_query_payload_is_escaped_everywhere(web):
    html = page(web, "/?q=" + PAYLOAD)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_document_payload_is_escaped_in_results_and_article(web):
    for url in ("/?q=职工之家", "/articles/hostile-page?q=职工之家"):
        html = page(web, url)
        assert "职工之家" in html
        assert "<script>alert" not in html and "<img src=x" not in html


def test_article_page_has_highlights_metadata_links_permalink_related(web):
    results = page(web, "/?q=劳模")
    href = re.search(r'href="(/articles/[^"]+)"', results).group(1).replace("&amp;", "&")
    html = page(web, href)
    assert "<mark>劳模</mark>" in html
    links = Links(html)
    facet_links = [a for a in links.links if a["href"].startswith("/?")
                   and set(args_of(a["href"])) & {"district", "union", "reporter"}]
    assert facet_links
    permalink = [i for i in links.inputs if i.get("id") == "permalink"][0]["value"]
    assert permalink.startswith("http://localhost/articles/") and "q=" not in permalink
    related = re.search(r'<aside class="related".*?</aside>', html, re.S).group(0)
    assert len(re.findall(r'href="/articles/', related)) >= 1


def test_unknown_article_is_a_404_page(web):
    html = page(web, "/articles/no-such-article", status=404)
    assert "找不到这个页面" in html and '<html lang="zh-CN">' in html


def test_bad_parameter_is_a_400_page(web):
    html = page(web, "/?page=abc", status=400)
    assert "请求参数有误" in html and "page" in html


def test_empty_result_offers_to_drop_filters(web):
    html = page(web, "/?q=不存在的词语组合xyz&district=朝阳区")
    assert "没有找到匹配的文章" in html and "去掉筛选条件" in html


def test_opensearch_description_is_linked(web):
    assert 'rel="search" type="application/opensearchdescription+xml"' in page(web, "/")
    response = web.get("/opensearch.xml")
    assert response.mimetype == "application/opensearchdescription+xml"
    assert 'template="http://localhost/?q={searchTerms}"' in response.get_data(as_text=True)


def test_pages_carry_a_strict_content_security_policy(web):
    policy = web.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_each_hit_discloses_why_it_matched_without_javascript(web):
    html = page(web, "/?q=职工之家")
    assert html.count("<summary>为什么匹配</summary>") == html.count('<li class="hit">') > 0
    assert "完整出现在" in html and "正文" in html
    assert "<script>alert" not in html and "<img src=x" not in html
