"""Two strings within n characters of each other (``职工 NEAR/10 书屋``).

The distance is counted in characters of the text as indexed (normalised,
whitespace runs collapsed to one space, OCR line breaks mended by the body's
reading), from the end of one string to the start of the other: the number
of characters between them.  ``职工书屋`` is at distance 0, ``职工之家书屋``
at 2; either order qualifies, and so do overlapping occurrences.  The same
check decides both engines' answers, so their result sets are the same.
"""
import bisect
import functools

from indexer.searching.querysyntax import MAX_DISTANCE


def needle(text):
    """The normalised string a term or quoted string is searched as ('' if none)."""
    from indexer.searching.terms import char_tokens     # the analyzers load Whoosh
    return "".join(char_tokens(text, 1))


def occurrences(text, string):
    """Start offsets of every (overlapping) occurrence of ``string`` in ``text``."""
    found, i = [], text.find(string)
    while i != -1:
        found.append(i)
        i = text.find(string, i + 1)
    return found


def within(text, a, b, n):
    """Whether normalised ``a`` and ``b`` occur in ``text`` with at most ``n``
    characters between the end of one and the start of the other."""
    n = min(n, MAX_DISTANCE)
    starts_a = occurrences(text, a)
    if not starts_a:
        return False
    starts_b = occurrences(text, b)
    for i in starts_a:
        # b may start from (n + len(b)) before a's start to n after a's end
        k = bisect.bisect_left(starts_b, i - n - len(b))
        if k < len(starts_b) and starts_b[k] <= i + len(a) + n:
            return True
    return False


@functools.lru_cache(maxsize=256)
def checker(a, b, n):
    """``within`` for one pair as a function of the text, in C where it counts:
    each occurrence of the longer string (``str.find``) looks for the other in
    the window around it where an occurrence qualifies (overlaps included).
    Three times faster than one regular expression of both orders, which the
    regex engine cannot start from a fixed prefix."""
    n = min(n, MAX_DISTANCE)
    first, second = (a, b) if len(a) >= len(b) else (b, a)
    before, after = n + len(second), len(first) + n + len(second)

    def check(text):
        find = text.find
        i = find(first)
        while i != -1:
            # the other starts from n + its length before this one to n after its end
            if find(second, max(0, i - before), i + after) != -1:
                return True
            i = find(first, i + 1)
        return False
    return check


def pairs(tree):
    """Every ``(a, b, n)`` of the tree's proximity nodes (for snippets, notes)."""
    if tree is None:
        return []
    if tree[0] in ("and", "or"):
        return [p for node in tree[1] for p in pairs(node)]
    if tree[0] == "not":
        return []
    return [tree[1:]] if tree[0] == "near" else []
