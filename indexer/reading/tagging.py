"""jieba's part-of-speech tagger, for reading layout and names (not for search).

Loaded once per process and quietly: jieba logs its dictionary loading to
stderr, which must not mix with the problems ``baoku extract`` reports.
"""
import logging
from functools import cache, lru_cache


@cache
def _jieba():
    import jieba
    import jieba.posseg
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@lru_cache(maxsize=8192)
def pos_cut(text, hmm=False):
    """((word, flag), ...) of ``text`` from jieba's default dictionary."""
    return tuple((pair.word, pair.flag) for pair in _jieba().posseg.cut(text, HMM=hmm))


@lru_cache(maxsize=4096)
def cut(text):
    """The words of ``text``, precise mode without HMM."""
    return tuple(_jieba().cut(text, HMM=False))


def frequency(word):
    """The word's frequency in jieba's default dictionary (0 when absent)."""
    return _jieba().dt.FREQ.get(word) or 0
