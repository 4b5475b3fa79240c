"""A query's terms as every engine indexes them: words, character n-grams, names.

The query syntax (``querysyntax``) gives terms and ``name:value`` fields; these
say what they are in the index's own terms: ``word_tokens`` and
``search_words`` (jieba, as the word fields hold them), ``char_tokens`` (the
character n-grams of exact strings), ``union_names`` (a union as typed and its
canonical name) and ``FIELD_NAMES`` (the query's field names -> the index's).
"""
import analyzers
from indexer.reading.records import union_level_value
from indexer.reading.unions import canonical_union

FIELD_NAMES = {"reporter": "reporter", "district": "district", "union": "union",
               "level": "union_level", "year": "year", "date": "date",
               "kind": "kind", "source": "source", "paper": "paper",
               "issue": "date", "edition": "page"}    # one day's paper; a printed page


def field_value(name, value):
    """A ``name:value`` query's value as the index holds it (``level:市级`` -> municipal)."""
    return union_level_value(value) if name == "level" else value


def word_tokens(text):
    """The distinct words of ``text`` as the word fields index them."""
    return list(dict.fromkeys((t.text for t in _analyzer('word')(text))))


def search_words(text):
    """The distinct words of ``text`` with their sub-words (jieba's search mode)."""
    return list(dict.fromkeys((t.text for t in _analyzer('word')(text, mode="index"))))


_ANALYZERS = {}


def _analyzer(kind):
    """The analyzers, made once per process (they load dictionaries)."""
    if kind not in _ANALYZERS:
        _ANALYZERS[kind] = (analyzers.word_analyzer() if kind == "word"
                            else analyzers.char_analyzer(kind))
    return _ANALYZERS[kind]


def char_tokens(text, n):
    """The character n-grams of ``text`` exactly as the index holds them."""
    return [t.text for t in _analyzer(n)(text)]


def union_names(value):
    """The union as typed plus its canonical name ('市总工会' -> '北京市总工会')."""
    return list(dict.fromkeys(n for n in (value, canonical_union(value)) if n))
