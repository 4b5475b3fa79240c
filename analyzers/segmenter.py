"""jieba's word segmentation, computed by rjieba from jieba's own dictionaries.

rjieba (jieba-rs) gives the same words as ``jieba.cut`` (precise mode, HMM on)
on runs of jieba's Han characters, many times faster; on Latin letters and
digits it differs, so the tokenizer only ever hands it Han runs
(tests/test_segmentation_golden.py proves the identity on the news corpus).

The dictionary rjieba uses is built here from the very files
``analysis_signature()`` hashes: jieba 0.42.1's ``dict.txt`` plus
``analyzers/data/userdict.txt``, loaded with ``jieba.load_userdict``'s rules.
It is loaded lazily, once per process; analyzer objects hold no reference to
it, so they pickle.
"""

import importlib.util
import os
import re
import threading

HAN_RUN = re.compile("[\u4e00-\u9fd5]+")  # jieba's own Han range (re_han_default)

USER_DICT = os.path.join(os.path.dirname(__file__), "data", "userdict.txt")

# jieba's add_word adds a word's frequency to the total even when it replaces an
# existing entry; jieba-rs first subtracts the old one.  The difference is given
# to this entry, which no Han run can contain, so both totals (and therefore
# every segmentation score) are equal.
_TOTAL_KEEPER = "\ue000"

_USER_LINE = re.compile(r"^(.+?)( [0-9]+)?( [a-z]+)?$")  # jieba's re_userdict

_lock = threading.Lock()
_segmenter = None


def main_dict_path():
    """jieba's bundled main dictionary (found without importing jieba)."""
    spec = importlib.util.find_spec("jieba")
    return os.path.join(spec.submodule_search_locations[0], "dict.txt")


def main_entries(path):
    """(word, freq, tag) for each line of a jieba main dictionary."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.strip().split(" ")
            if parts[0]:
                yield parts[0], int(parts[1]), parts[2] if len(parts) > 2 else None


def user_entries(path):
    """(word, freq or None, tag or None) per line, as ``jieba.load_userdict`` reads it."""
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            line = line.strip()
            if line:
                word, freq, tag = _USER_LINE.match(line).groups()
                yield word, int(freq) if freq else None, tag.strip() if tag else None


def _load():
    import rjieba

    seg = rjieba.Jieba.empty()
    freqs, jieba_total = {}, 0
    entries = [*main_entries(main_dict_path()), *user_entries(USER_DICT)]
    for word, freq, tag in entries:
        freq = seg.add_word(word, freq, tag)
        freqs[word] = freq
        jieba_total += freq
    missing = jieba_total - sum(freqs.values())
    if missing:
        seg.add_word(_TOTAL_KEEPER, missing, None)
    return seg


def segmenter():
    """The process-wide rjieba segmenter with the main and user dictionaries."""
    global _segmenter
    if _segmenter is None:
        with _lock:
            if _segmenter is None:
                _segmenter = _load()
    return _segmenter


def cut_han_runs(runs):
    """jieba's words for each Han run, in order, with ``' '`` between two runs' words.

    The runs are cut in one call, joined by spaces: a space ends a block for
    jieba-rs, so each run is segmented exactly as if cut on its own.
    """
    return segmenter().cut(" ".join(runs), True) if runs else []


def is_word(word):
    """Whether ``word`` is in the dictionary (jieba's ``FREQ.get(word)`` test)."""
    return segmenter().has_word(word)
