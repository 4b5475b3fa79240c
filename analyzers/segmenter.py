"""jieba's word segmentation, computed by rjieba from jieba's own dictionaries.

rjieba (jieba-rs) gives the same words as ``jieba.cut`` (precise mode, HMM on)
on runs of jieba's Han characters, many times faster; on Latin letters and
digits it differs, so the tokenizer only ever hands it Han runs
(tests/test_segmentation_golden.py proves the identity on the news corpus).

The dictionary rjieba uses holds exactly the files ``analysis_signature()``
hashes: jieba 0.42.1's ``dict.txt`` plus ``analyzers/data/userdict.txt``,
loaded with ``jieba.load_userdict``'s rules.  rjieba carries ``dict.txt`` built
in (``BUILT_IN``): when the installed rjieba and ``dict.txt`` are the ones it
was verified for, the built-in dictionary is taken (~0.1 s) and only the user
dictionary is added; otherwise every line is added from Python (~1 s, ~349k
``add_word`` calls).  Both give the same dictionary and totals
(tests/test_analyzers.py compares them word by word).  It is loaded lazily,
once per process; analyzer objects hold no reference to it, so they pickle.
"""

import functools
import hashlib
import importlib.metadata
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


# What rjieba's built-in dictionary was verified to be (decompressed from the
# wheel and compared line by line): jieba 0.42.1's dict.txt with the same
# 349,045 words, frequencies and tags, less the second of its two identical
# "B超 3 n" lines, whose frequency jieba's total counts twice.
BUILT_IN = {"rjieba": "0.2.2", "main_sha1": "996ce5ef6d6e5c5d68dd7430a9822ef7d21b2c21",
            "repeated_freq": 3}


def built_in_holds_main_dict():
    """Whether the installed rjieba's built-in dictionary is jieba's ``dict.txt``."""
    if importlib.metadata.version("rjieba") != BUILT_IN["rjieba"]:
        return False
    with open(main_dict_path(), "rb") as f:
        return hashlib.sha1(f.read()).hexdigest() == BUILT_IN["main_sha1"]


def _add_entries(seg, entries, held):
    """Add ``entries`` as jieba does; returns how far jieba's total runs ahead.

    jieba adds every entry's frequency to its total, jieba-rs first takes off
    the frequency the word held: the difference is that old frequency.
    ``held(word)`` gives a word's frequency before this call's first add.
    """
    freqs, ahead = {}, 0
    for word, freq, tag in entries:
        if word in freqs:
            ahead += freqs[word]
        elif seg.has_word(word):
            ahead += held(word)
        freqs[word] = seg.add_word(word, freq, tag)
    return ahead


def _main_freqs():
    return {word: freq for word, freq, _tag in main_entries(main_dict_path())}


def _load(built_in=None, take_default=False):
    """rjieba with jieba's main and user dictionaries and jieba's total.

    ``built_in`` (default: when verified) starts from rjieba's built-in copy
    of the main dictionary instead of adding its lines one by one; with
    ``take_default``, from the instance ``import rjieba`` already built with it
    (``rjieba._DEFAULT_JIEBA``, in the verified version's stub: a second
    copy costs ~0.1 s quiet, ~1 s under load).  rjieba's module-level
    functions then cut with these dictionaries too; nothing here calls them.
    """
    import rjieba

    if built_in is None:
        built_in = built_in_holds_main_dict()
    if built_in:
        seg = rjieba._DEFAULT_JIEBA if take_default else rjieba.Jieba()
        ahead = BUILT_IN["repeated_freq"]
        main_freqs = functools.cache(_main_freqs)  # read only if a user word is a main word
        ahead += _add_entries(seg, user_entries(USER_DICT), lambda word: main_freqs()[word])
    else:
        seg = rjieba.Jieba.empty()
        ahead = _add_entries(seg, [*main_entries(main_dict_path()), *user_entries(USER_DICT)],
                             None)
    if ahead:
        seg.add_word(_TOTAL_KEEPER, ahead, None)
    return seg


def segmenter():
    """The process-wide rjieba segmenter with the main and user dictionaries."""
    global _segmenter
    if _segmenter is None:
        with _lock:
            if _segmenter is None:
                _segmenter = _load(take_default=True)     # once a process
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
