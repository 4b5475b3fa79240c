"""Character normalisation that keeps every character's place in the original text.

Each original character is normalised on its own: NFKC (full-width ``ＡＰＥＣ`` ->
``apec`` after folding), case folding, then traditional -> simplified Chinese at
the character level (``職`` -> ``职``).  Working per character means a normalised
character always comes from exactly one original character, so offsets can be
mapped back: a character that expands (``…`` -> ``...``, ``℃`` -> ``°c``) maps
each of its output characters to its own one-character span.

Traditional -> simplified uses OpenCC's ``t2s`` data, one character at a time
and only where the result is a single character.  Phrase-level conversions
(``瞭解`` -> ``了解``) are deliberately not applied: they would change the text's
length and the same characters would normalise differently in different
contexts, so a query could stop matching its own text.  A few characters
standard simplified Chinese uses in their own right (乾坤 / 乾隆, 哪吒, 蒜薹)
are left alone, so that simplified text is never rewritten into other words.
"""

import re
import threading
import unicodedata

_WHITESPACE_RUN = re.compile(r"\s+")

# Characters that can carry traditional forms OpenCC converts.
_T2S_RANGES = ((0x2E80, 0x2FDF), (0x3001, 0x303F), (0x3400, 0x4DBF),
               (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x323AF))

# t2s would map these to 干, 咤, 苔: wrong for the simplified text they occur in.
_SIMPLIFIED_IN_THEIR_OWN_RIGHT = frozenset("乾吒薹")

_lock = threading.Lock()
_table = None
_last = (None, None)  # (text, normalised) of the latest call: fields share a value


class _T2S:
    """Traditional -> simplified of one character, from OpenCC, asked per character
    as the character table meets it: converting every character OpenCC might
    (~100k) when the table was first used took 40-60 ms of each new process."""

    def __init__(self):
        import opencc

        self._convert, self._lock = opencc.OpenCC("t2s").convert, threading.Lock()

    def _step(self, c):
        """``c`` converted once, or None where it is kept: outside the ranges, one
        of those simplified Chinese uses in its own right, or not one character."""
        cp = ord(c)
        if c in _SIMPLIFIED_IN_THEIR_OWN_RIGHT or not any(lo <= cp <= hi for lo, hi in _T2S_RANGES):
            return None
        with self._lock:
            s = self._convert(c)
        return s if s != c and len(s) == 1 else None

    def get(self, c, default):
        """``c``'s simplified form, a few conversions chained (A -> B -> C: to the
        end), or ``default``."""
        s = self._step(c)
        if s is None:
            return default
        seen = {c}
        while s not in seen and (further := self._step(s)) is not None:
            seen.add(s)
            s = further
        return s


class _CharTable(dict):
    """``str.translate`` table (code point -> normalised string), filled lazily."""

    def __init__(self, t2s):
        super().__init__()
        self.t2s = t2s

    def __missing__(self, cp):
        s = unicodedata.normalize("NFKC", chr(cp)).casefold()
        s = unicodedata.normalize("NFKC", s)
        s = "".join(self.t2s.get(c, c) for c in s)
        self[cp] = s
        return s


def char_table():
    """The process-wide character table, built on first use."""
    global _table
    if _table is None:
        with _lock:
            if _table is None:
                _table = _CharTable(_T2S())
    return _table


def normalize(text):
    """The normalised form of ``text`` (may be longer than ``text``)."""
    global _last
    last_text, last_norm = _last
    if text is last_text or text == last_text:
        return last_norm
    norm = text.translate(char_table())
    _last = (text, norm)
    return norm


def source_index(text, norm):
    """For each character of ``norm``, the index of the original character it came from.

    Returns None when the mapping is the identity (the usual case): no
    character maps to nothing, so equal lengths mean one-to-one.
    """
    if len(norm) == len(text):
        return None
    table = char_table()
    expanding = [c for c in set(text) if len(table[ord(c)]) != 1]
    starts = sorted(i for c in expanding for i in _find_all(text, c))
    src, prev = [], 0
    for i in starts:
        src.extend(range(prev, i))
        src.extend([i] * len(table[ord(text[i])]))
        prev = i + 1
    src.extend(range(prev, len(text)))
    return src


def _find_all(text, char):
    i = text.find(char)
    while i >= 0:
        yield i
        i = text.find(char, i + 1)


def collapse_whitespace(norm):
    """``norm`` with each run of whitespace replaced by one ``' '``."""
    return _WHITESPACE_RUN.sub(" ", norm)


def char_spans(text):
    """The whitespace-collapsed normalised text and each character's original span.

    Returns ``(chars, starts, ends)``; ``starts``/``ends`` are None when
    ``chars[i]`` comes from ``text[i]`` for every i.
    """
    norm = normalize(text)
    src = source_index(text, norm)
    chars = collapse_whitespace(norm)
    if src is None and len(chars) == len(norm):
        return chars, None, None
    if src is None:
        src = range(len(norm))
    starts, ends, prev = [], [], 0
    for run in _WHITESPACE_RUN.finditer(norm):
        a, b = run.span()
        starts.extend(src[prev:a])
        starts.append(src[a])
        ends.extend(i + 1 for i in src[prev:a])
        ends.append(src[b - 1] + 1)
        prev = b
    starts.extend(src[prev:])
    ends.extend(i + 1 for i in src[prev:])
    return chars, starts, ends


def normalize_query_chars(text):
    """The character string the n-gram fields hold for ``text``.

    The same normalisation as the index (NFKC, case folding, character-level
    traditional -> simplified, whitespace runs -> one space), so that a query's
    n-grams are exactly the n-grams of every text containing it.  Leading and
    trailing whitespace is kept (collapsed): stripping is the caller's choice.
    """
    return collapse_whitespace(normalize(text))
