"""Ready-made analyzers, composed as Whoosh's own (``StandardAnalyzer``)."""

from analyzers.filters import SubwordFilter
from analyzers.tokenizers import CharNgramTokenizer, JiebaTokenizer


def word_analyzer():
    """jieba words of the normalised text, with true offsets; for ranking.

    Indexing adds the dictionary sub-words of long words (search mode) at the
    word's position; queries get the precise-mode words only.
    """
    return JiebaTokenizer() | SubwordFilter()


def char_analyzer(n):
    """Overlapping ``n``-character grams (n = 1 or 2) of the normalised text.

    Positions are ordinal, so a phrase of a query's bigrams is an exact
    substring match; a one-character query uses the unigram field.
    """
    if n not in (1, 2):
        raise ValueError(f"char_analyzer supports n=1 or n=2, not {n!r}")
    return CharNgramTokenizer(n)
