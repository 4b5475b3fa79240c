"""Chinese text analysis for Baoku: normalisation, jieba words, character n-grams.

Public interface (import paths are stable: the index's pickled schema uses them)::

    word_analyzer()            jieba words of the normalised text, true offsets
    char_analyzer(n)           overlapping n-grams (n = 1, 2) for exact substring search
    normalize_query_chars(s)   a query's character string as the n-gram fields hold it
    index_terms(analyzer, s)   an analyzer's index tokens as lists (texts, positions)
    analysis_signature()       jieba version, dictionary sha1, analysis version
"""

from analyzers.analyzers import char_analyzer, word_analyzer
from analyzers.indexing import index_terms
from analyzers.normalize import normalize_query_chars
from analyzers.signature import ANALYSIS_VERSION, analysis_signature

__all__ = ["word_analyzer", "char_analyzer", "index_terms", "normalize_query_chars",
           "analysis_signature", "ANALYSIS_VERSION"]
