"""Behaviour of Baoku's Chinese analysis: what a search will and will not match."""

import csv
import gzip
import json
import os
import pickle
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import fields, query
from whoosh.filedb.filestore import RamStorage

import analyzers.segmenter as segmenter_module
from analyzers import (analysis_signature, char_analyzer, index_terms,
                       normalize_query_chars, word_analyzer)
from analyzers.normalize import normalize
from analyzers.segmenter import main_dict_path, user_entries

GAZETTEER = os.path.join(os.path.dirname(__file__), "..", "indexer", "reading", "data", "gazetteer.tsv")
CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora",
                      "xwlb_2022_2026.jsonl.gz")


def words(text, mode="query"):
    return [t.text for t in word_analyzer()(text, mode=mode)]


def spans(analyzer, text, **kwargs):
    """(token, original text it came from, pos) for each token."""
    return [(t.text, text[t.startchar:t.endchar], t.pos)
            for t in analyzer(text, positions=True, chars=True, **kwargs)]


# -- normalisation ---------------------------------------------------------

@pytest.mark.parametrize("text, normalised", [
    ("ＡＰＥＣ峰会", "apec峰会"),
    ("１０月３０日", "10月30日"),
    ("職工創新工作室", "职工创新工作室"),
    ("二〇二五年", "二〇二五年"),
    ("𠀀字", "𠀀字"),
    ("STRASSE Straße", "strasse strasse"),
    ("职工\u3000 \n\t之家", "职工 之家"),
    ("温度25℃……", "温度25°c......"),
], ids=["full-width-latin", "full-width-digits", "traditional", "ling-zero",
        "extension-b", "case-folding", "whitespace-runs", "expanding-chars"])
def test_normalize_query_chars(text, normalised):
    assert normalize_query_chars(text) == normalised


def test_traditional_characters_asked_one_at_a_time_convert_as_the_whole_table_does():
    """Every character OpenCC may convert, asked lazily, becomes what OpenCC's t2s makes
    of it among all the others (one line each), chains followed to their end, the
    characters simplified Chinese uses in its own right kept."""
    import opencc
    from analyzers.normalize import _SIMPLIFIED_IN_THEIR_OWN_RIGHT, _T2S_RANGES, char_table
    chars = [chr(cp) for lo, hi in _T2S_RANGES for cp in range(lo, hi + 1)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    whole = {c: s for c, s in zip(chars, converted)
             if s != c and len(s) == 1 and c not in _SIMPLIFIED_IN_THEIR_OWN_RIGHT}
    for c in whole:
        seen = {c}
        while whole[c] in whole and whole[c] not in seen:
            seen.add(whole[c])
            whole[c] = whole[whole[c]]
    t2s = char_table().t2s
    lazy = {c: t2s.get(c, c) for c in chars}
    assert {c: s for c, s in lazy.items() if s != c} == whole
    assert len(whole) > 4000 and whole["職"] == "职" and "乾" not in whole




# -- word analyzer ---------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("ＡＰＥＣ会议", ["apec", "会议"]),
    ("１０月举行", ["10", "月", "举行"]),
    ("職工之家", ["职工之家"]),
    ("二〇二五年", ["二", "〇", "二", "五年"]),
    ("𠀀字", ["𠀀", "字"]),
    ("跑了5km，用时30分钟。", ["跑", "了", "5km", "用时", "30", "分钟"]),
    ("“职工”、（家庭）！", ["职工", "家庭"]),
    ("GDP增长5.2%", ["gdp", "增长", "5", "2"]),
], ids=["full-width", "full-width-digits", "traditional", "ling-zero", "extension-b",
        "latin-digits", "punctuation-dropped", "decimal"])
def test_word_tokens(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize("term", [
    "职工创新工作室", "暖心驿站", "劳模工匠", "工会联合会", "朝阳区总工会",
    "北京经济技术开发区", "将台地区", "将台乡",
])
def test_user_dictionary_terms_are_one_word(term):
    assert words(f"近日{term}开展活动") == ["近日", term, "开展", "活动"]


def test_every_current_gazetteer_unit_is_one_word():
    with open(GAZETTEER, encoding="utf-8", newline="") as f:
        names = [row["name"] for row in csv.DictReader(f, delimiter="\t") if not row["until"]]
    split = [name for name in names if words(name) != [name]]
    assert names and not split, f"rerun scripts/build_userdict.py: {split[:10]}"


def test_user_dictionary_adds_only_new_words_with_frequencies():
    with open(main_dict_path(), encoding="utf-8") as f:
        main_words = {line.split(" ")[0] for line in f}
    entries = list(user_entries(segmenter_module.USER_DICT))
    assert len(entries) > 300
    assert all(freq and freq > 0 for _word, freq, _tag in entries)
    assert not [word for word, _f, _t in entries if word in main_words]
    assert "区总工会" not in {word for word, _f, _t in entries}


@pytest.mark.parametrize("text, expected", [
    ("ＡＰＥＣ會議", [("apec", "ＡＰＥＣ", 0), ("会议", "會議", 1)]),
    ("…℃ ß职工", [("c", "℃", 0), ("ss", "ß", 1), ("职工", "职工", 2)]),
    ("  北京，　１０日", [("北京", "北京", 0), ("10", "１０", 1), ("日", "日", 2)]),
], ids=["full-width-and-traditional", "expanding-chars", "spaces-and-punctuation"])
def test_word_offsets_point_into_the_original_text(text, expected):
    assert spans(word_analyzer(), text, mode="query") == expected


def test_index_mode_adds_subwords_at_the_words_position():
    tokens = spans(word_analyzer(), "在职工创新工作室", mode="index")
    assert tokens[0] == ("在", "在", 0)
    whole = [tok for tok in tokens if tok[2] == 1]
    assert whole[0] == ("职工创新工作室", "职工创新工作室", 1)
    assert {"职工", "创新", "工作", "工作室"} <= {text for text, _o, _p in whole}
    assert all(text == original for text, original, _p in whole)
    assert spans(word_analyzer(), "在职工创新工作室", mode="query") == tokens[:1] + whole[:1]


# -- character n-grams -----------------------------------------------------

def test_char_bigrams_include_punctuation_and_one_space():
    text = "职工，\n\n 之家"
    assert spans(char_analyzer(2), text) == [
        ("职工", "职工", 0), ("工,", "工，", 1), (", ", "，\n\n ", 2),
        (" 之", "\n\n 之", 3), ("之家", "之家", 4)]


def test_char_unigrams_of_a_short_text_and_no_bigrams():
    assert spans(char_analyzer(1), "職") == [("职", "職", 0)]
    assert spans(char_analyzer(2), "職") == []


def test_char_analyzer_rejects_other_sizes():
    with pytest.raises(ValueError):
        char_analyzer(3)


# -- Whoosh's tokenizer contract, for any text -----------------------------

ANY_TEXT = st.text(alphabet=st.one_of(
    st.sampled_from("职工创新工作室朝阳区总工会將臺鄉〇𠀀ＡＰＥＣ１０…℃ß¼㍿Ⅲ薴乾於，。 \n\u3000-"),
    st.characters(codec="utf-8")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT)
def test_normalising_a_query_twice_changes_nothing(text):
    once = normalize_query_chars(text)
    assert normalize_query_chars(once) == once


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT, mode=st.sampled_from(["index", "query"]))
def test_word_tokens_come_from_their_original_text(text, mode):
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in word_analyzer()(text, positions=True, chars=True, mode=mode)]
    positions = [pos for _w, pos, _s, _e in tokens]
    if mode == "query":
        assert positions == list(range(len(tokens)))
    else:  # sub-words share their word's position
        assert sorted(set(positions)) == list(range(len(set(positions))))
        assert positions == sorted(positions)
    for word, _pos, start, end in tokens:
        original = normalize(text[start:end])
        assert word in original
        if len(original) == end - start:  # no character of it expanded
            assert word == original


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT, n=st.sampled_from([1, 2]))
def test_char_ngrams_cover_the_normalised_text(text, n):
    chars = normalize_query_chars(text)
    tokens = list((t.text, t.pos, t.startchar, t.endchar)
                  for t in char_analyzer(n)(text, positions=True, chars=True))
    assert [tok[0] for tok in tokens] == [chars[i:i + n] for i in range(len(chars) - n + 1)]
    assert [tok[1] for tok in tokens] == list(range(len(tokens)))
    for gram, _pos, start, end in tokens:
        assert gram in normalize_query_chars(text[start:end])


@settings(max_examples=100, deadline=None)
@given(text=ANY_TEXT, start_pos=st.integers(0, 50), start_char=st.integers(0, 50))
def test_start_pos_and_start_char_shift_every_token(text, start_pos, start_char):
    for analyzer in (word_analyzer(), char_analyzer(2)):
        base = [(t.text, t.pos, t.startchar, t.endchar)
                for t in analyzer(text, positions=True, chars=True)]
        shifted = [(t.text, t.pos, t.startchar, t.endchar)
                   for t in analyzer(text, positions=True, chars=True,
                                     start_pos=start_pos, start_char=start_char)]
        assert shifted == [(w, p + start_pos, s + start_char, e + start_char)
                           for w, p, s, e in base]


@given(text=ANY_TEXT)
def test_positions_only_path_gives_the_same_tokens(text):
    for analyzer in (word_analyzer(), char_analyzer(1), char_analyzer(2)):
        fast = [(t.text, t.pos) for t in analyzer(text, positions=True)]
        full = [(t.text, t.pos) for t in analyzer(text, positions=True, chars=True)]
        assert fast == full


@given(text=ANY_TEXT)
def test_index_terms_are_the_index_token_stream_as_lists(text):
    """The index build reads these lists instead of the tokens: they must be the same."""
    for analyzer in (word_analyzer(), char_analyzer(1), char_analyzer(2)):
        texts, positions = index_terms(analyzer, text)
        stream = [(t.text, t.pos) for t in analyzer(text, positions=True, mode="index")]
        assert list(zip(texts, positions)) == stream


def test_index_terms_leave_other_analyzers_to_their_token_stream():
    assert index_terms(fields.KEYWORD().analyzer, "a,b") is None


def test_untokenized_value_is_one_normalised_token():
    for analyzer in (word_analyzer(), char_analyzer(2)):
        tokens = spans(analyzer, "職工 之家", tokenize=False)
        assert tokens == [("职工 之家", "職工 之家", 0)]


def test_keeporiginal_keeps_the_original_form():
    tokens = word_analyzer()("ＡＰＥＣ會議", keeporiginal=True, mode="query")
    assert [(t.text, t.original) for t in tokens] == [("apec", "ＡＰＥＣ"), ("会议", "會議")]


# -- in a Whoosh index -----------------------------------------------------

DOCS = {
    "a": "朝阳区总工会举办职工创新工作室联盟授牌仪式",
    "b": "北京市总工会走访慰问一线职工",
    "c": "職工創新工作室經驗交流會在京舉行",
    "d": "工会组织开展“暖心驿站”活动，服务户外劳动者",
    "e": "APEC会议期间，区总工会开展 志愿 服务",
}


@pytest.fixture(scope="module")
def index():
    schema = fields.Schema(id=fields.ID(stored=True),
                           words=fields.TEXT(analyzer=word_analyzer()),
                           chars1=fields.TEXT(analyzer=char_analyzer(1)),
                           chars2=fields.TEXT(analyzer=char_analyzer(2)))
    ix = RamStorage().create_index(schema)
    with ix.writer() as writer:
        for doc_id, text in DOCS.items():
            writer.add_document(id=doc_id, words=text, chars1=text, chars2=text)
    return ix


def substring_query(s):
    chars = normalize_query_chars(s)
    if len(chars) == 1:
        return query.Term("chars1", chars)
    return query.Phrase("chars2", [chars[i:i + 2] for i in range(len(chars) - 1)])


def found(ix, q):
    with ix.searcher() as searcher:
        return {hit["id"] for hit in searcher.search(q, limit=None)}


@pytest.mark.parametrize("s", [
    "创新工作室", "区总工会", "总工", "职工", "工", "職工創新", "暖心驿站”活", "志愿 服务",
    "apec", "ＡＰＥＣ会", "会在京", "朝阳区总工会举办职", "活动，服",
])
def test_substring_phrase_query_finds_exactly_the_containing_documents(index, s):
    target = normalize_query_chars(s)
    expected = {doc_id for doc_id, text in DOCS.items()
                if target in normalize_query_chars(text)}
    assert expected, "a query that matches nothing proves nothing"
    assert found(index, substring_query(s)) == expected


def test_substring_query_does_not_match_scattered_characters(index):
    assert found(index, substring_query("职工工会")) == set()


def test_word_field_phrase_uses_ordinal_positions(index):
    assert found(index, query.Phrase("words", ["走访", "慰问", "一线"])) == {"b"}
    assert found(index, query.Term("words", "工作室")) == {"a", "c"}


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists(CORPUS), reason="news corpus absent")
def test_archive_substrings_match_exactly_the_documents_containing_them():
    """Random 1-6 character substrings of real news: found set == containing set."""
    texts = {}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for number, line in enumerate(f):
            if number % 60 == 0:
                item = json.loads(line)
                texts[item["id"]] = item["title"] + "\n" + item["body"]
    schema = fields.Schema(id=fields.ID(stored=True),
                           chars1=fields.TEXT(analyzer=char_analyzer(1)),
                           chars2=fields.TEXT(analyzer=char_analyzer(2)))
    ix = RamStorage().create_index(schema)
    with ix.writer() as writer:
        for doc_id, text in texts.items():
            writer.add_document(id=doc_id, chars1=text, chars2=text)
    normalised = {doc_id: normalize_query_chars(text) for doc_id, text in texts.items()}
    rng = random.Random(3)
    ids = sorted(texts)
    for _ in range(300):
        text = texts[rng.choice(ids)]
        start = rng.randrange(max(1, len(text) - 6))
        s = text[start:start + rng.randint(1, 6)]
        target = normalize_query_chars(s)
        expected = {doc_id for doc_id, chars in normalised.items() if target in chars}
        assert found(ix, substring_query(s)) == expected, s


def test_schema_with_analyzers_pickles():
    schema = fields.Schema(words=fields.TEXT(analyzer=word_analyzer()),
                           chars=fields.TEXT(analyzer=char_analyzer(2)))
    clone = pickle.loads(pickle.dumps(schema))
    assert [t.text for t in clone["words"].analyzer("職工之家", mode="query")] == ["职工之家"]
    assert clone["chars"].analyzer == char_analyzer(2) != char_analyzer(1)


# -- signature ---------------------------------------------------------------

def test_signature_names_jieba_and_the_dictionary():
    signature = analysis_signature()
    assert signature["jieba"] == "0.42.1"
    assert re.fullmatch("[0-9a-f]{40}", signature["dictionary"])
    assert isinstance(signature["analysis"], int)
    assert analysis_signature() == signature


def test_signature_changes_with_the_user_dictionary(tmp_path, monkeypatch):
    before = analysis_signature()
    changed = tmp_path / "userdict.txt"
    with open(segmenter_module.USER_DICT, encoding="utf-8") as f:
        changed.write_text(f.read() + "新词条 5\n", encoding="utf-8")
    monkeypatch.setattr("analyzers.signature.USER_DICT", str(changed))
    assert analysis_signature()["dictionary"] != before["dictionary"]


@pytest.mark.parametrize("mode", ["index", "query"])
def test_every_indexed_word_can_be_a_word_and_strings_across_pieces_cannot(mode):
    """``can_be_word`` lets an exact count skip the word look-ups of a string no word
    can equal (issue 28): it must hold for every word and sub-word the analyzer makes
    of real text, in any written form, and fail for punctuation or Han beside digits."""
    from analyzers import can_be_word
    texts = ["本报讯(记者 马超 通讯员 李建国)10月30日，北京市总工会在月坛街道召开APEC峰会；"
             "職工創新工作室5km、二〇二五年、𠀀字、COVID-19。"]
    if os.path.exists(CORPUS):
        with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
            texts += [json.loads(line)["body"] for _, line in zip(range(300), f)]
    found = [w for text in texts for w in words(text, mode=mode)]
    assert len(found) > 50
    assert all(can_be_word(normalize(w)) for w in found), [
        w for w in found if not can_be_word(normalize(w))][:5]
    assert not any(can_be_word(s) for s in ["势,推", "3日", "总工会 召开", "covid-19", "a_b"])
    assert all(can_be_word(s) for s in ["总工会", "apec", "5km", "〇", "𠀀"])
