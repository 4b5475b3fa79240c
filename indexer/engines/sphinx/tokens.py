"""Baoku's text as Sphinx keywords: every keyword is ``[0-9a-z]+``.

Sphinx tokenises on its own character table, and its CJK n-gram mode drops
punctuation and spaces, so a phrase ``"职工，创新"`` would also match
``职工创新``.  Baoku therefore does the analysis itself and hands Sphinx
keywords it cannot re-cut:

* ``chars``: each character of the normalised, whitespace-collapsed text
  (``analyzers.normalize_query_chars``; punctuation, spaces and the field
  separator included) is one keyword, its code point in base 36.  A quoted
  string of n characters is then a Sphinx phrase of n keywords, and it
  matches exactly where the normalised string occurs: the same set as the
  embedded index's bigram phrase, with no over-match to filter.
* ``words``: each jieba word (the embedded index's word analyzer) is a
  64-bit hash in base 36, for BM25F ranking.
* ``meta``: field values (``reporter:``, ``district:`` prefixes, ``union:``,
  ``level:``, ``kind:``, ``year:``, ``source:``, dates at century, decade,
  year, month and day) as hashes, and ``EVERYTHING`` in every document, so a
  query made only of exclusions (``-疫情``) can be said in Sphinx.

No user text ever reaches a MATCH expression: nothing needs escaping.
"""
import functools
import hashlib

EVERYTHING = "zz"       # in every document's meta field
NOTHING = "zn"          # in none
EVERY_MATCH, NOTHING_MATCH = f"@meta {EVERYTHING}", f"@meta {NOTHING}"     # as MATCH expressions
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
DATE_LEVELS = (2, 3, 4, 6, 8)   # digits of YYYYMMDD: century, decade, year, month, day


def base36(number):
    out = []
    while True:
        number, digit = divmod(number, 36)
        out.append(_DIGITS[digit])
        if not number:
            return "".join(reversed(out))


def hash63(text):
    """A stable 63-bit number for ``text`` (document ids, facet values, words)."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


class _CharKeywords(dict):
    """code point -> keyword, filled as characters are met (an index build's hot loop)."""

    def __missing__(self, cp):
        self[cp] = found = base36(cp)
        return found


_CHARS = _CharKeywords()


def char_keyword(char):
    return _CHARS[ord(char)]


def char_keywords(chars):
    return [_CHARS[cp] for cp in map(ord, chars)]


@functools.lru_cache(maxsize=1 << 19)
def word_keyword(word):
    return "w" + base36(hash63(word))


def meta_keyword(name, value):
    """The keyword of a field value (``reporter``/``马超``)."""
    return "m" + base36(hash63(f"{name}\x00{value}"))


def value_id(facet, value):
    """The attribute value (a 63-bit id) of facet ``facet``'s ``value``."""
    return hash63(f"{facet}\x00{value}") or 1


def day_number(date):
    """``'2025-10-31'`` -> 20251031; a prefix pads with zeros; 0 when no date."""
    digits = "".join(c for c in str(date or "")[:10] if c.isdigit())
    return int(digits.ljust(8, "0")) if len(digits) >= 4 else 0


def date_keywords(date):
    """The meta keywords of a publication date: its century … day."""
    digits = "%08d" % day_number(date)
    if digits == "00000000":
        return []
    return [meta_keyword("date", digits[:n]) for n in DATE_LEVELS
            if n < 6 or digits[4:n].strip("0")]


def range_bounds(low, high):
    """Day numbers ``(first, last)`` of ISO prefixes (None: open)."""
    first = day_number(low) if low else 1
    last = int("".join(c for c in high if c.isdigit()).ljust(8, "9")) if high else 99999999
    return first, last


def range_keywords(low, high):
    """Meta keywords covering every date from ``low`` to ``high`` (ISO prefixes,
    inclusive): whole centuries, decades, years and months where they fit,
    days at the ragged ends (at most a few hundred keywords)."""
    first, last = range_bounds(low, high)
    found = []

    def cover(prefix, level):
        width = DATE_LEVELS[level] - len(prefix)
        for k in range(10 ** width):
            p = prefix + "%0*d" % (width, k)
            lo, hi = int(p.ljust(8, "0")), int(p.ljust(8, "9"))
            if hi < first or lo > last:
                continue
            if (first <= lo and hi <= last) or level == len(DATE_LEVELS) - 1:
                found.append(meta_keyword("date", p))
            else:
                cover(p, level + 1)

    cover("", 0)
    return found
