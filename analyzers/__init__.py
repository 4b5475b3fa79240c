"""Chinese text analysis for Baoku: normalisation, jieba words, character n-grams.

Public interface (import paths are stable: the index's pickled schema uses them)::

    word_analyzer()            jieba words of the normalised text, true offsets
    char_analyzer(n)           overlapping n-grams (n = 1, 2) for exact substring search
    normalize_query_chars(s)   a query's character string as the n-gram fields hold it
    can_be_word(s)             could a normalised string be an indexed word (or sub-word)
    index_terms(analyzer, s)   an analyzer's index tokens as lists (texts, positions)
    analysis_signature()       jieba version, dictionary sha1, analysis version

The analyzers are Whoosh analysis components (``whoosh.analysis``); each name
is imported from its module when first asked for, so a caller that only
normalises text (the web app's highlighting) loads neither them nor Whoosh.
"""
import importlib

_HOMES = {"word_analyzer": "analyzers.analyzers", "char_analyzer": "analyzers.analyzers",
          "index_terms": "analyzers.indexing", "normalize_query_chars": "analyzers.normalize",
          "can_be_word": "analyzers.tokenizers",
          "analysis_signature": "analyzers.signature", "ANALYSIS_VERSION": "analyzers.signature"}


def __getattr__(name):
    if name not in _HOMES:
        raise AttributeError(f"module 'analyzers' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


__all__ = ["word_analyzer", "char_analyzer", "index_terms", "normalize_query_chars", "can_be_word",
           "analysis_signature", "ANALYSIS_VERSION"]
