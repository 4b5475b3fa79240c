"""Snippets and article pages: matches in <mark>, everything else escaped."""
import pytest

from indexer.searching.highlight import article_html, highlight_all, snippet
from indexer.engines.embedded.compiling.query import parse


@pytest.mark.parametrize("text, q, expected", [
    ("北京市总工会召开会议", "总工会", "北京市<mark>总工会</mark>召开会议"),
    ("<b>职工</b> & 家属", "职工", "&lt;b&gt;<mark>职工</mark>&lt;/b&gt; &amp; 家属"),
    ("ＡＰＥＣ峰会", "apec", "<mark>ＡＰＥＣ</mark>峰会"),
    ("職工技能大賽", "职工", "<mark>職工</mark>技能大賽"),
    ("\"><script>alert(1)</script>", "<script>", "&quot;&gt;<mark>&lt;script&gt;</mark>alert(1)&lt;/<mark>script</mark>&gt;"),
], ids=["plain", "escaped", "full-width", "traditional", "xss"])
def test_matches_marked_at_their_original_offsets(text, q, expected):
    assert highlight_all(text, parse(q)) == expected


def test_quoted_phrase_is_one_mark():
    html = highlight_all("建设职工创新工作室联盟", parse('"职工创新工作室"'))
    assert html == "建设<mark>职工创新工作室</mark>联盟"


def test_unquoted_words_are_marked_when_the_whole_string_is_absent():
    html = highlight_all("职工的创新", parse("职工创新"))
    assert html == "<mark>职工</mark>的<mark>创新</mark>"


def test_negated_terms_are_not_marked():
    assert highlight_all("职工创新", parse("职工 -创新")) == "<mark>职工</mark>创新"


def test_snippet_is_a_window_around_the_match():
    text = "开头" * 200 + "职工创新工作室" + "结尾" * 200
    html = snippet(text, parse('"职工创新工作室"'))
    assert "<mark>职工创新工作室</mark>" in html
    assert html.startswith("…") and html.endswith("…") and len(html) < 200


def test_snippet_without_match_starts_at_the_beginning():
    assert snippet("第一段\n第二段", parse("无关")) == "第一段 第二段"


def test_article_html_has_marked_escaped_paragraphs():
    record = {"headline": "职工<大会>", "body": "第一段职工\n\n第二段 <i>"}
    html = article_html(record, parse("职工"))
    assert html["headline_html"] == "<mark>职工</mark>&lt;大会&gt;"
    assert html["paragraphs_html"] == ["第一段<mark>职工</mark>", "第二段 &lt;i&gt;"]
    assert html["body_html"] == "<p>第一段<mark>职工</mark></p><p>第二段 &lt;i&gt;</p>"


def test_snippet_prefers_the_exact_string_over_scattered_words():
    text = "职工们、职工代表、职工之家。" * 20 + "全市职工创新成果展开幕。" + "其他内容。" * 40
    html = snippet(text, parse("职工创新"))
    assert "<mark>职工创新</mark>" in html


def test_snippet_of_a_long_text_finds_a_match_far_into_it():
    text = "无关的内容。" * 5000 + "职工创新工作室" + "结尾" * 100
    html = snippet(text, parse('"职工创新工作室"'))
    assert "<mark>职工创新工作室</mark>" in html and html.startswith("…")


def test_snippet_marks_a_match_across_a_piece_boundary():
    from indexer.searching.highlight import SCAN_CHARS
    text = "甲" * (SCAN_CHARS - 3) + "职工创新工作室" + "乙" * SCAN_CHARS
    assert "<mark>职工创新工作室</mark>" in snippet(text, parse('"职工创新工作室"'))


def test_snippet_prefers_a_later_exact_match_over_earlier_words():
    text = "职工们来了。" * 500 + "全市职工创新成果展开幕。" + "其他内容。" * 40
    assert "<mark>职工创新</mark>" in snippet(text, parse("职工创新"))
