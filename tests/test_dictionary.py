"""rjieba's built-in dictionary stands in for jieba's dict.txt only where it is the same.

The segmenter starts from rjieba's built-in copy of jieba 0.42.1's ``dict.txt``
(~0.1 s) instead of adding its 349k lines from Python (~1 s).  The built-in copy,
decompressed from rjieba's extension module, is dict.txt line for line (less a
repeated line whose frequency ``BUILT_IN`` keeps for the total); both ways of
loading then hold the same words and cut alike.
"""

import collections
import re
import subprocess

import pytest

import analyzers.segmenter as segmenter_module
from analyzers.segmenter import BUILT_IN, USER_DICT, main_dict_path, main_entries, user_entries
import programs

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


@pytest.fixture(scope="module")
def both():
    return segmenter_module._load(built_in=True), segmenter_module._load(built_in=False)


def test_the_installed_rjieba_and_dict_txt_take_the_built_in_dictionary():
    assert segmenter_module.built_in_holds_main_dict()


def test_the_repeated_lines_frequency_is_what_jieba_counts_twice():
    seen, repeated = set(), 0
    for word, freq, _tag in main_entries(main_dict_path()):
        repeated += freq if word in seen else 0
        seen.add(word)
    assert repeated == BUILT_IN["repeated_freq"]


@pytest.mark.slow
def test_built_in_and_line_by_line_dictionaries_agree_word_by_word(both):
    built_in, line_by_line = both
    words = [w for w, _f, _t in main_entries(main_dict_path())]
    words += [w for w, _f, _t in user_entries(USER_DICT)]
    assert len(words) > 349_000
    missing = [w for w in words if not built_in.has_word(w)]
    assert not missing, missing[:10]
    # suggest_freq reads the word's frequency (to within one), its pieces'
    # frequencies and the total: a coarse check beside the line-for-line one.
    differing = [w for w in words if built_in.suggest_freq(w) != line_by_line.suggest_freq(w)]
    assert not differing, differing[:10]
    # a pair of frequent words reads the total closely: f1 * f2 / total
    for pair in ("的的", "中国中国", "一个一个", "我们我们"):
        assert built_in.suggest_freq(pair) == line_by_line.suggest_freq(pair)


def test_both_dictionaries_cut_news_text_alike(both):
    built_in, line_by_line = both
    text = ("全国总工会召开劳模座谈会，市总工会和区总工会的干部参加。"
            "国务院总理主持会议，研究部署稳就业、保民生工作。江苏省南京市玄武区")
    assert built_in.cut(text, True) == line_by_line.cut(text, True)
    assert built_in.cut(text, True) != []


def _built_in_dictionary_text():
    """rjieba's built-in dictionary, decompressed from its extension module.

    jieba-rs embeds dict.txt as one zstd frame (include_flate); each frame
    header in the module is tried and the one that decodes to lines of
    ``word freq tag`` is it.
    """
    import rjieba.rjieba as extension

    zstd = programs.require("zstd")
    with open(extension.__file__, "rb") as f:
        module = f.read()
    start = module.find(ZSTD_MAGIC)
    while start >= 0:
        done = subprocess.run([zstd, "-dcq"], input=module[start:], capture_output=True)
        text = done.stdout.decode("utf-8", "replace")
        if re.match(r"\S+ \d+ [a-z]+\n", text) and len(text) > 1_000_000:
            return text
        start = module.find(ZSTD_MAGIC, start + 1)
    pytest.fail("no dictionary found in rjieba's extension module")


def test_the_built_in_dictionary_is_dict_txt_line_for_line():
    built_in = collections.Counter(_built_in_dictionary_text().splitlines())
    with open(main_dict_path(), encoding="utf-8") as f:
        lines = f.read().splitlines()
    first_time, seen = collections.Counter(), set()
    for line in lines:
        if line.split(" ")[0] not in seen:
            first_time[line] += 1
            seen.add(line.split(" ")[0])
    assert len(lines) - sum(first_time.values()) == 1  # the second "B超 3 n"
    assert built_in == first_time


def test_the_process_segmenter_is_rjiebas_own_instance_with_the_user_words():
    import rjieba
    seg = segmenter_module.segmenter()
    assert seg is rjieba._DEFAULT_JIEBA
    assert all(seg.has_word(w) for w, _f, _t in user_entries(USER_DICT))
    assert seg.suggest_freq("市总工会") == segmenter_module._load(built_in=True).suggest_freq(
        "市总工会")
