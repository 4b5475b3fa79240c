"""Searching: what a journalist typing a query sees."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzers import normalize_query_chars
from indexer.reading.records import KINDS, new_record
from indexer.engines.embedded import get_article, index_stats, open_index, related, search, suggest
from indexer.engines.embedded.lifecycle.writing import index_records

ARTICLES = [
    dict(id="a1", headline="朝阳区总工会开展职工创新工作室评选", body="区总工会表彰了十家职工创新工作室。",
         date="2025-10-30", districts=["朝阳区"], unions=["朝阳区总工会"],
         union_levels={"朝阳区总工会": "district"}, reporters=["马超"]),
    dict(id="a2", headline="海淀区总工会慰问一线职工", body="李建国代表区总工会看望环卫工人。",
         date="2025-10-02", districts=["海淀区"], unions=["海淀区总工会"],
         union_levels={"海淀区总工会": "district"}, reporters=["孙艳"]),
    dict(id="a3", headline="北京市总工会召开全委会", body="会议由李建主持，市总工会领导出席。",
         date="2025-03-15", districts=[], unions=["北京市总工会"],
         union_levels={"北京市总工会": "municipal"}, reporters=["马超", "孙艳"]),
    dict(id="a4", headline="琥珀色的秋天", body="区里的工会组织职工秋游，志愿者总体安排得当。",
         date="2024-09-01", districts=["朝阳区"], reporters=["陈曦"]),
    dict(id="a5", headline="職工技能大賽在京舉行", body="ＡＰＥＣ会议期间，职工志愿者服务１０天。",
         date="2024-11-11", districts=["西城区", "海淀区"], reporters=["陈曦"]),
    dict(id="a6", headline="无日期的简讯", body="工作室联盟成立。李 建 两字分开。", date=None,
         districts=["海淀区"]),
    dict(id="a7", headline="《战国无双3》游戏", body="该游戏由光荣和Omega Force合作开发。",
         date="2023-01-05"),
    dict(id="a8", headline="脚本", body="正文里有<script>alert(1)</script>和“引号”。",
         date="2023-02-01"),
]


@pytest.fixture(scope="module")
def records():
    return [new_record(kind="news", source="test.jsonl", **a) for a in ARTICLES]


@pytest.fixture(scope="module")
def ix(tmp_path_factory, records):
    path = tmp_path_factory.mktemp("search") / "index"
    index_records(str(path), records)
    return open_index(str(path))


def ids(result):
    return [hit["id"] for hit in result["hits"]]


def containing(records, text):
    """Brute force: ids whose normalised text contains ``text``."""
    wanted = normalize_query_chars(text)
    return {r["id"] for r in records
            if any(wanted in normalize_query_chars(r[f] or "") for f in ("headline", "body"))}


@pytest.mark.parametrize("phrase", ["区总工会", "职工创新工作室", "李建", "珀", "工作室联盟",
                                    "总工", "apec", "职工技能", "会，", "工会组织"])
def test_quoted_phrase_finds_exactly_the_documents_containing_it(ix, records, phrase):
    result = search(ix, f'"{phrase}"', per_page=0)
    assert set(ids(result)) == containing(records, phrase)
    assert result["total"] == len(containing(records, phrase))


@pytest.mark.parametrize("text", ["区总工会", "李建", "珀", "职工创新", "总体", "工会"])
def test_unquoted_finds_every_document_containing_it_and_ranks_them_first(ix, records, text):
    found = ids(search(ix, text, per_page=0))
    exact = containing(records, text)
    assert exact <= set(found)
    assert set(found[:len(exact)]) == exact


def test_unquoted_ranks_exact_then_all_words_then_any_word(ix):
    found = ids(search(ix, "职工志愿者", per_page=0))
    # a5 has the string, a4 both words apart, a1 and a2 only 职工
    assert found[:2] == ["a5", "a4"] and set(found[2:4]) == {"a1", "a2"}


def test_traditional_and_full_width_queries_find_simplified_text(ix):
    assert ids(search(ix, '"職工技能"')) == ["a5"]
    assert "a5" in ids(search(ix, "ＡＰＥＣ"))
    assert set(ids(search(ix, '"技能大赛"'))) == {"a5"}


def test_long_question_returns_best_match_first(ix):
    assert ids(search(ix, "《战国无双3》是由哪两个公司合作开发的？"))[0] == "a7"


@pytest.mark.parametrize("query, expected", [
    ("reporter:马超", {"a1", "a3"}),
    ("district:朝阳区", {"a1", "a4"}),
    ("district:朝阳", {"a1", "a4"}),
    ("union:北京市总工会", {"a3"}),
    ("level:district", {"a1", "a2"}),
    ("date:2025-10", {"a1", "a2"}),
    ("date:2025", {"a1", "a2", "a3"}),
    ("year:2024", {"a4", "a5"}),
    ("date:2024-10..2025-03", {"a3", "a5"}),
    ("date:[2023-01 TO 2023-01]", {"a7"}),
    ("date:2025-04..", {"a1", "a2"}),
    ("reporter:马超 date:2025-10", {"a1"}),
], ids=lambda v: v if isinstance(v, str) else "")
def test_field_queries(ix, query, expected):
    assert set(ids(search(ix, query, per_page=0))) == expected


@pytest.mark.parametrize("query, expected", [
    ('"区总工会" AND "李建"', {"a2"}),
    ('"区总工会" -"李建"', {"a1"}),
    ('"区总工会" NOT "李建"', {"a1"}),
    ('"琥珀" OR "工作室联盟"', {"a4", "a6"}),
    ('("琥珀" OR "工作室联盟") -district:朝阳区', {"a6"}),
    ('-"工会" "职工"', {"a5"}),
], ids=lambda v: v if isinstance(v, str) else "")
def test_boolean_queries(ix, query, expected):
    assert set(ids(search(ix, query, per_page=0))) == expected


@pytest.mark.parametrize(("query", "text"), [
    ('"区总工会', "区总工会"),            # a lone quote is ignored
    ("\x00李建", "李建"),                # a control character is a space
    ("区总工会)", "区总工会"),            # an unmatched parenthesis is a character …
    ("*工会", "工会"),                    # … and so is a wildcard
    ("unknown:工作室联盟", "工作室联盟"),   # an unknown field is text
])
def test_malformed_queries_degrade_to_plain_text(ix, records, query, text):
    result = search(ix, query, per_page=0)
    assert containing(records, text) <= set(ids(result))
    assert result["total"] == len(result["hits"])


@pytest.mark.parametrize("query", ["AND OR NOT", "reporter:", "date:[2025", "??", ")(",
                                   "李" * 5000])
def test_malformed_queries_without_matching_text_find_nothing(ix, query):
    result = search(ix, query, per_page=0)
    assert result["total"] == 0 and result["hits"] == []


def test_a_query_the_compiler_fails_on_is_logged_and_searched_as_text(ix, monkeypatch, caplog):
    from indexer.engines.embedded.compiling import query as compiler

    def broken(*args, **kwargs):
        raise RuntimeError("compiler bug")

    monkeypatch.setattr(compiler, "_compile", broken)
    with caplog.at_level("WARNING", logger="indexer.engines.embedded.compiling.query"):
        result = search(ix, "李建 OR 琥珀", per_page=0)
    assert "could not be compiled" in caplog.text and "compiler bug" in caplog.text
    assert set(ids(result)) == set()        # every plain word required: none has all three
    assert set(ids(search(ix, "李建", per_page=0))) >= {"a2", "a3"}


def test_unbalanced_quote_still_finds_the_text(ix):
    assert set(ids(search(ix, '"李建'))) >= {"a2", "a3"}


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80) | st.text(alphabet='"()-:*? ANDORT区总工会李建date', max_size=30))
def test_any_text_never_raises(ix, query):
    result = search(ix, query, per_page=3)
    assert result["total"] >= len(result["hits"])


def test_facet_counts_equal_the_totals_of_the_filtered_searches(ix):
    result = search(ix, "工会")
    for name in ("district", "union", "year", "reporter"):
        assert result["facets"][name], name
        for entry in result["facets"][name]:
            narrowed = search(ix, "工会", filters={name: [entry["value"]]}, per_page=1)
            assert narrowed["total"] == entry["count"], (name, entry)


def test_a_facet_ignores_its_own_selection_but_not_the_others(ix):
    result = search(ix, "", filters={"district": ["朝阳区"], "year": ["2025"]})
    assert set(ids(result)) == {"a1"}
    district = {e["value"]: e for e in result["facets"]["district"]}
    # district counts: year 2025 applied, district selection not
    assert district["朝阳区"]["count"] == 1 and district["朝阳区"]["selected"]
    assert district["海淀区"]["count"] == 1 and not district["海淀区"]["selected"]
    years = {e["value"]: e["count"] for e in result["facets"]["year"]}
    assert years == {"2025": 1, "2024": 1}
    unions = {e["value"]: e for e in search(ix, "")["facets"]["union"]}
    assert unions["北京市总工会"]["level"] == "municipal"


def test_or_within_a_facet(ix):
    result = search(ix, "", filters={"district": ["朝阳区", "西城区"]}, per_page=0)
    assert set(ids(result)) == {"a1", "a4", "a5"}


def test_sort_by_date_newest_first_undated_last(ix):
    hits = search(ix, "", sort="date", per_page=0)["hits"]
    dates = [h["date"] for h in hits]
    assert dates[-1] is None and dates[:-1] == sorted(dates[:-1], reverse=True)


def test_pages_do_not_overlap_and_cover_all_hits(ix):
    pages = [ids(search(ix, "工会", page=p, per_page=2)) for p in (1, 2, 3, 4)]
    flat = [i for page in pages for i in page]
    assert len(flat) == len(set(flat)) == search(ix, "工会")["total"]


@pytest.mark.parametrize("kwargs", [dict(page=0), dict(per_page=-1), dict(sort="random"),
                                    dict(page=10**6, per_page=10), dict(filters={"colour": ["x"]})])
def test_bad_paging_or_sort_is_a_value_error(ix, kwargs):
    with pytest.raises(ValueError):
        search(ix, "工会", **kwargs)


def test_hit_shape_and_no_snippets_when_not_asked(ix):
    result = search(ix, "工会", snippets=False)
    hit = result["hits"][0]
    assert set(hit) >= {"id", "kind", "headline", "kicker", "subtitle", "snippet", "date", "year",
                        "districts", "unions", "union_levels", "reporters", "correspondents",
                        "photographers", "source", "score"}
    assert hit["snippet"] == ""
    assert set(result) == {"total", "total_exact", "page", "per_page", "took_ms", "query",
                           "hits", "facets", "facets_truncated", "next_cursor"}


def test_get_article_marks_the_query_and_escapes_html(ix):
    article = get_article(ix, "a8", q="script")
    assert "<mark>script</mark>" in article["body_html"]
    assert "<script>" not in article["body_html"]
    assert article["headline"] == "脚本" and article["paragraphs_html"]
    assert get_article(ix, "missing") is None


def test_related_returns_other_similar_articles(ix):
    found = [h["id"] for h in related(ix, "a1", limit=3)]
    assert "a1" not in found and found and found[0] in {"a2", "a3"}


def test_suggest_completes_unions_districts_and_headlines(ix):
    assert [s["text"] for s in suggest(ix, "朝阳")[:2]] == ["朝阳区", "朝阳区总工会"]
    assert suggest(ix, "朝阳")[0] == {"text": "朝阳区", "kind": "district", "facet": "district",
                                    "count": 2}
    headline = next(s for s in suggest(ix, "北京市") if s["text"] == "北京市总工会召开全委会")
    assert headline == {"text": "北京市总工会召开全委会", "kind": "headline", "id": "a3"}
    assert suggest(ix, "") == []


@pytest.mark.parametrize("prefix, text, kind", [
    ("马", "马超", "reporter"),
    ("孙", "孙艳", "reporter"),
    ("海淀", "海淀区", "district"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_suggest_offers_reporters_streets_and_districts(ix, prefix, text, kind):
    assert {"text": text, "kind": kind} in [{k: s[k] for k in ("text", "kind")}
                                            for s in suggest(ix, prefix, limit=20)]


def test_suggest_offers_no_street_without_articles(ix):
    """月坛街道 is in the gazetteer but in none of these articles: it would lead nowhere."""
    assert "月坛街道" not in [s["text"] for s in suggest(ix, "月坛", limit=20)]


def test_index_stats(ix):
    info = index_stats(ix.storage.folder.rsplit("/", 1)[0])
    assert info["documents"] == len(ARTICLES) and info["terms"] > 100
    assert info["signature"]["jieba"] and info["size_bytes"] > 0


def test_seed_index_finds_every_seed_article_containing_a_headline_word(seed_index, seed_records):
    ix = open_index(seed_index)
    for record in seed_records[:10]:
        text = (record["headline"] or record["body"])[:4]
        found = set(ids(search(ix, f'"{text}"', per_page=0)))
        shown = [r for r in seed_records if r["kind"] not in ("banner", "ad", "fragment")]
        assert found == containing(shown, text), text
        asked = set(ids(search(ix, f'"{text}"', filters={"kind": list(KINDS)}, per_page=0)))
        assert asked == containing(seed_records, text), text


def test_a_facet_cut_to_its_most_frequent_values_says_so(ix, monkeypatch):
    from indexer.searching import facets
    assert search(ix, "")["facets_truncated"] == []
    monkeypatch.setattr(facets, "MAX_VALUES", 2)
    result = search(ix, "")
    assert "district" in result["facets_truncated"]         # four districts have hits
    assert [e["value"] for e in result["facets"]["district"]] == ["海淀区", "朝阳区"]
    assert "year" not in result["facets_truncated"]          # years are never cut


@pytest.mark.parametrize("query, excluded", [
    ("-工会", "工会"),
    ("NOT 工会", "工会"),
    ('-"工会"', '"工会"'),
    ("-district:朝阳区", "district:朝阳区"),
    ("-职工 -工会", "职工 OR 工会"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_an_exclusion_alone_finds_everything_else(ix, query, excluded):
    everything = set(ids(search(ix, "", per_page=0)))
    matches = set(ids(search(ix, excluded, per_page=0)))
    result = search(ix, query, per_page=0)
    assert matches and set(ids(result)) == everything - matches
    assert result["total"] == len(everything) - len(matches)
    assert all("<mark>" not in hit["snippet"] for hit in result["hits"])
