"""OCR-tolerant matching: a string, or it with one character misread.

``东城区总工会~`` (or any query with ``fuzzy=1``) also finds the string with
one character replaced by a visually confusable one (``confusables``: two
common characters with the same four-corner code, 四角号码, whose five digits
describe the shape of a character's four corners and its supplementary corner,
so 己/已, 土/士, 末/未/来, 戊/戌/戍, 日/曰/旦, 人/入/八 share one), and, for strings of ``MIN_EDIT_CHARS`` or
more characters, with one character missing or one extra inside it (not at
either end: ``总工`` for ``总工会`` is another word, not a misreading).  The alternatives
are spelled as one regular expression over the text as indexed; both engines
narrow the documents by the alternatives' fixed pieces and then check each
candidate's text with it, so the set is exact.  Without ``~`` or the switch
nothing changes.
"""
import functools
import re

from four_corner_method import FourCornerMethod

MIN_EDIT_CHARS = 4          # one character missing or extra only from this length
MAX_FUZZY_CHARS = 20        # longer strings are matched exactly
MAX_GROUP = 8               # a code shared by more common characters says too little of shape


def _common(char):
    """One of the 6,763 characters of GB 2312 (the common simplified ones)."""
    try:
        return len(char) == 1 and len(char.encode("gb2312")) == 2
    except UnicodeEncodeError:
        return False


@functools.lru_cache(maxsize=1)
def confusables():
    """{character: the characters it may be misread as}: the common characters that
    share its four-corner code, from the four-corner-method package's table (MIT)."""
    by_code = {}
    for char, code in FourCornerMethod().data.items():
        if _common(char):
            by_code.setdefault(code, []).append(char)
    return {c: "".join(sorted(set(group) - {c}))
            for group in by_code.values() if 1 < len(group) <= MAX_GROUP for c in group}


def alternatives(string):
    """``[(pieces, described)]``: every way ``string`` may appear misread.  ``pieces``
    are the fixed strings (in order, one unknown character between consecutive
    pieces); ``described`` says what differs ('己→已', '少“会”', '多一字')."""
    table, n = confusables(), len(string)
    found = [((string,), "")]
    if not 1 <= n <= MAX_FUZZY_CHARS:
        return found
    for i, c in enumerate(string):
        for other in table.get(c, ""):
            found.append(((string[:i] + other + string[i + 1:],), f"{c}→{other}"))
    if n >= MIN_EDIT_CHARS:     # inside the string: a shorter word is not a misreading
        for i in range(1, n - 1):
            found.append(((string[:i] + string[i + 1:],), f"少“{string[i]}”"))
        for i in range(1, n):
            found.append(((string[:i], string[i:]), "多一字"))
    return found


def spelled(pieces):
    """The regular expression of one alternative: its pieces, one character
    (not a space or a line break) between consecutive ones."""
    return "[^\\s\ue000]".join(re.escape(p) for p in pieces)


@functools.lru_cache(maxsize=1024)
def compiled(pieces):
    """``spelled(pieces)`` compiled (``pieces``: a tuple)."""
    return re.compile(spelled(pieces))


def pattern(string):
    """The regular expression of ``string`` and all its ``alternatives``."""
    return re.compile("|".join("(?:" + spelled(pieces) + ")"
                               for pieces, _ in alternatives(string)))


def differences(text, string):
    """What differs in the first misreading of ``string`` found in ``text``:
    ``{"found": the text matched, "differs": '己→已'}``, or None (exact or absent)."""
    if string in text:
        return None
    for pieces, described in alternatives(string)[1:]:
        m = re.search(spelled(pieces), text)
        if m:
            return {"found": m.group(0), "differs": described}
    return None
