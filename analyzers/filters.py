"""Whoosh filters for the jieba word field."""

from whoosh.analysis import Filter

from analyzers.segmenter import is_word


_SUBWORDS = {}  # word -> its sub-words, memoised per process (bounded below)


def _subwords(word):
    """(offset, size) of every dictionary word of 2+ characters inside ``word``."""
    found = tuple((i, size) for size in range(2, len(word))
                  for i in range(len(word) - size + 1)
                  if is_word(word[i:i + size]))
    if len(_SUBWORDS) > 200_000:
        _SUBWORDS.clear()
    _SUBWORDS[word] = found
    return found


def subwords_of(word):
    """(offset, size) of the sub-words indexed with ``word``; none for a word
    of two characters or fewer, or of letters and digits (never sub-divided)."""
    if len(word) <= 2 or not "\u4e00" <= word[0] <= "\u9fd5":
        return ()
    found = _SUBWORDS.get(word)
    return _subwords(word) if found is None else found


def with_subwords(words):
    """``(texts, positions)`` of ``words`` (a text's words in order) as the
    filter indexes them: each word at its position, then its sub-words there."""
    texts, positions = [], []
    for pos, word in enumerate(words):
        texts.append(word)
        positions.append(pos)
        for i, size in subwords_of(word):
            texts.append(word[i:i + size])
            positions.append(pos)
    return texts, positions


class SubwordFilter(Filter):
    """When indexing, add the dictionary words inside a long word at its position.

    Like jieba's search mode, which adds the 2- and 3-character dictionary
    words inside a word longer than 2 (``职工创新工作室`` -> ``职工``, ``创新``,
    ``工作``, ``工作室``), but longer ones too, so that a term nested in a
    longer dictionary word (``城市副中心`` in ``北京城市副中心``, ``技能竞赛``
    in ``职业技能竞赛``) still matches the word field, which the ranking uses.
    Sub-words share the word's position, so phrase positions stay ordinal.
    Only mode ``'index'`` (what Whoosh's writer passes) adds them: a query
    word (mode ``'query'``) must not turn into a conjunction of its parts.
    """

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(self, tokens):
        for t in tokens:
            yield t
            text = t.text
            if t.mode != "index":
                continue
            subwords = subwords_of(text)
            if not subwords:
                continue
            one_to_one = t.chars and t.endchar - t.startchar == len(text)
            start = t.startchar if t.chars else 0
            original = getattr(t, "original", None)
            for i, size in subwords:
                t.text = text[i:i + size]
                if one_to_one:
                    t.startchar, t.endchar = start + i, start + i + size
                if original is not None and len(original) == len(text):
                    t.original = original[i:i + size]
                yield t
