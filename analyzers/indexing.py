"""A text's index tokens read without Whoosh's token stream: the index build's hot path.

Whoosh's writer reads a field's terms from the analyzer's ``Token`` stream,
one generator step and several attribute writes a token: for this package's
own analyzers ``index_terms`` gives the same texts and positions as lists.
``tests/test_analyzers.py`` checks that they equal the stream's on any text.
"""
from whoosh.analysis import CompositeAnalyzer

from analyzers.filters import SubwordFilter, with_subwords
from analyzers.tokenizers import CharNgramTokenizer, JiebaTokenizer


def index_terms(analyzer, value):
    """``(texts, positions)``: the token texts ``analyzer`` gives the string
    ``value`` in mode ``'index'`` and their positions (from 0), in stream
    order; None for an analyzer this package did not compose."""
    if isinstance(analyzer, CharNgramTokenizer):
        grams = analyzer.grams(value)
        return grams, range(len(grams))
    if isinstance(analyzer, JiebaTokenizer):
        words = analyzer.words(value)
        return words, range(len(words))
    if isinstance(analyzer, CompositeAnalyzer) and [type(item) for item in analyzer.items] == [
            JiebaTokenizer, SubwordFilter]:
        return with_subwords(analyzer.items[0].words(value))
    return None
