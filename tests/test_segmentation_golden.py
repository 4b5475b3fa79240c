"""Golden test: Baoku's fast segmentation gives exactly jieba's words.

The word tokenizer cuts Han runs with rjieba; this proves, on thousands of real
news sentences, that the words equal ``jieba.cut`` (precise mode, HMM) on the
same runs with the same user dictionary, and that index-mode sub-words are
``jieba.cut_for_search``'s plus longer nested dictionary words.  Skipped when the corpus is absent.
"""

import collections
import gzip
import json
import logging
import os
import re

import pytest

from analyzers.normalize import normalize
from analyzers.segmenter import HAN_RUN, USER_DICT
from analyzers.tokenizers import JiebaTokenizer
from analyzers.analyzers import word_analyzer

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora",
                      "xwlb_2022_2026.jsonl.gz")
SENTENCES = 5000
SENTENCE_END = re.compile(r"(?<=[。！？；\n])")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(CORPUS), reason="news corpus absent"),
]


def _sentences():
    """Sentences from items spread over the whole corpus (every 12th item)."""
    found = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for number, line in enumerate(f):
            if number % 12:
                continue
            item = json.loads(line)
            text = item["title"] + "\n" + item["body"]
            found += [s for s in SENTENCE_END.split(text)[:8] if s.strip()]
            if len(found) >= SENTENCES:
                return found[:SENTENCES]
    return found


@pytest.fixture(scope="module")
def sentences():
    return _sentences()


@pytest.fixture(scope="module")
def reference_jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    with open(USER_DICT, "rb") as f:  # given a path, jieba leaves the file open
        tokenizer.load_userdict(f)
    return tokenizer


def _han_words(tokens):
    return [t.text for t in tokens if "\u4e00" <= t.text[0] <= "\u9fd5"]


def test_words_equal_jieba_cut_on_every_han_run(sentences, reference_jieba):
    tokenizer = JiebaTokenizer()
    differences = []
    for sentence in sentences:
        runs = HAN_RUN.findall(normalize(sentence))
        expected = [w for run in runs for w in reference_jieba.cut(run, HMM=True)]
        actual = _han_words(tokenizer(sentence))
        if actual != expected:
            differences.append((sentence, expected, actual))
    assert len(sentences) >= 1000
    assert not differences, differences[:3]


def test_index_subwords_extend_jieba_cut_for_search(sentences, reference_jieba):
    """Index mode has all of jieba's search-mode words, plus only longer
    dictionary words nested inside a word (4+ characters)."""
    analyzer = word_analyzer()
    differences = []
    for sentence in sentences[:2000]:
        runs = HAN_RUN.findall(normalize(sentence))
        expected = collections.Counter(
            w for run in runs for w in reference_jieba.cut_for_search(run, HMM=True))
        actual = collections.Counter(_han_words(analyzer(sentence, mode="index")))
        extra = actual - expected
        if expected - actual or any(len(w) < 4 or not reference_jieba.FREQ.get(w)
                                    for w in extra):
            differences.append((sentence, expected - actual, extra))
    assert not differences, differences[:3]
