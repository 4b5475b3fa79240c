"""Whoosh tokenizers for Chinese text: jieba words and character n-grams.

Both honour Whoosh's tokenizer contract (see ``RegexTokenizer.__call__``):
``pos`` is the ordinal token position (from ``start_pos``), ``startchar`` /
``endchar`` are offsets into the ORIGINAL text (from ``start_char``) even
though tokens are cut from the normalised text, and one ``Token`` is reused
for speed, as Whoosh's own tokenizers do.
"""

import re

from whoosh.analysis import Token, Tokenizer

from analyzers.normalize import char_spans, normalize, normalize_query_chars, source_index
from analyzers.segmenter import cut_han_runs

# Ideographs jieba's Han range leaves out: 々〆〇, Hangzhou numerals, CJK
# extension A, the end of the unified block, compatibility ideographs, and the
# supplementary planes.  Each becomes a one-character word.
_IDEOGRAPHS = ("\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u9fd6-\u9fff"
               "\uf900-\ufaff\U00020000-\U0003ffff")
_WORD_PIECES = re.compile(
    "(?P<han>[\u4e00-\u9fd5]+)"                             # segmented by jieba
    f"|(?P<ideograph>[{_IDEOGRAPHS}])"                      # one character each
    f"|[^\\W_\u4e00-\u9fd5{_IDEOGRAPHS}]+")                 # letters / digits run
# Punctuation, symbols and whitespace match nothing and are left out.


def can_be_word(norm):
    """Whether the normalised string ``norm`` could be a word (or a sub-word) the
    word analyzer indexes: each lies within one piece of the text (a Han run,
    one other ideograph, a run of letters and digits), so a string spanning
    pieces (with punctuation or a space, Han beside digits) is none."""
    return _WORD_PIECES.fullmatch(norm) is not None


def _words(norm, offsets=False):
    """The words of the normalised text in order; with offsets, (word, start) pairs."""
    pieces = list(_WORD_PIECES.finditer(norm))
    han_words = iter(cut_han_runs([m.group() for m in pieces if m.lastgroup == "han"]))
    words = []
    for m in pieces:
        if m.lastgroup != "han":
            words.append((m.group(), m.start()) if offsets else m.group())
            continue
        start = m.start()
        for word in han_words:
            if word == " ":  # the end of this run's words
                break
            if offsets:
                words.append((word, start))
                start += len(word)
            else:
                words.append(word)
    return words


class JiebaTokenizer(Tokenizer):
    """Words of the normalised text: jieba words for Han runs (precise mode,
    HMM), runs of letters/digits as whole words (``apec``, ``10``, ``5km``),
    other ideographs one per character; punctuation and spaces are dropped."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield _whole(t, value, keeporiginal, start_pos, start_char)
            return
        if not (chars or keeporiginal):  # the index build's path: words only
            for t.pos, t.text in enumerate(self.words(value), start_pos):
                t.boost = 1.0
                t.stopped = False
                yield t
            return
        norm = normalize(value)
        src = source_index(value, norm)
        for pos, (word, start) in enumerate(_words(norm, offsets=True), start_pos):
            t.text = word
            t.boost = 1.0
            t.stopped = False
            end = start + len(word)
            if src is not None:
                start, end = src[start], src[end - 1] + 1
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


    def words(self, value):
        """The words of ``value`` in order (the texts of its tokens)."""
        return _words(normalize(value))


class CharNgramTokenizer(Tokenizer):
    """Overlapping ``n``-character grams of the normalised text, punctuation
    included, each whitespace run collapsed to one ``' '``.

    With n=2 a string of length >= 2 occurs in a text exactly when its bigrams
    occur at consecutive positions: a phrase query on this field is an exact
    substring match.  Texts shorter than ``n`` give no tokens (the unigram
    field covers them).
    """

    def __init__(self, n=2):
        if n < 1:
            raise ValueError(f"n-gram size must be >= 1, not {n!r}")
        self.n = n

    def __eq__(self, other):
        return other.__class__ is self.__class__ and other.n == self.n

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield _whole(t, value, keeporiginal, start_pos, start_char)
            return
        if chars or keeporiginal:
            yield from self._with_offsets(t, value, positions, chars,
                                          keeporiginal, start_pos, start_char)
            return
        # The hot loop of an index build: assign straight into the token.
        for t.pos, t.text in enumerate(self.grams(value), start_pos):
            t.stopped = False
            yield t

    def grams(self, value):
        """The n-grams of ``value`` in order (the texts of its tokens)."""
        grams = normalize_query_chars(value)
        n = self.n
        if n > 1:
            grams = [grams[i:i + n] for i in range(len(grams) - n + 1)]
        return grams

    def _with_offsets(self, t, value, positions, chars, keeporiginal,
                      start_pos, start_char):
        grams, starts, ends = char_spans(value)
        n = self.n
        for i in range(len(grams) - n + 1):
            t.text = grams[i:i + n]
            t.boost = 1.0
            t.stopped = False
            start, end = (i, i + n) if starts is None else (starts[i], ends[i + n - 1])
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = start_pos + i
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


def _whole(t, value, keeporiginal, start_pos, start_char):
    """The ``tokenize=False`` token: the whole value, normalised."""
    t.text = normalize(value)
    t.boost = 1.0
    if keeporiginal:
        t.original = value
    if t.positions:
        t.pos = start_pos
    if t.chars:
        t.startchar = start_char
        t.endchar = start_char + len(value)
    return t
