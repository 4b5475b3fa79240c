"""Junk items: what an exporter wrote where it had no article.

A scraper that failed writes a placeholder instead of the text
(``TITLE_NOT_FOUND``, ``CONTENT NOTFOUND``, ``NULL``, ``N/A``): a title or a
body whose first line is nothing but an upper-case ASCII token (letters,
digits, ``_``, ``/``, ``-`` and spaces), either an identifier joined by ``_`` or
words saying nothing is there (an all-caps headline such as ``APEC`` is kept).  A news
item with a title and no body at all is junk too (a photo or an ad may have
no body).  ``placeholder_reason`` says why an item is junk, or '' when it is not;
the reader skips it and reports the line, so junk is never indexed.
"""
import re

_TOKEN = re.compile(r"[A-Z][A-Z0-9]*(?:[ _/-]+[A-Z0-9]+)*")
# words that say "nothing here"; a token of other capitals (APEC, NBA FINALS) may be a headline
_NOTHING = re.compile(r"NULL|NONE|NIL|N/A|TBD|TODO|UNDEFINED|UNKNOWN|EMPTY|MISSING|"
                      r"PLACEHOLDER|NOT ?FOUND|ERROR|NO ?(TITLE|CONTENT|BODY|TEXT)")
TEXTLESS_KINDS = ("photo", "banner", "ad", "fragment")


def is_placeholder(text):
    """Whether ``text`` (its first line) is a placeholder token, not words."""
    line = (text or "").strip().split("\n", 1)[0].strip()
    if not line or not _TOKEN.fullmatch(line):
        return False
    # an identifier (TITLE_NOT_FOUND) or words saying nothing is here (CONTENT NOTFOUND)
    return "_" in line or bool(_NOTHING.search(line.replace("_", " ")))


def placeholder_reason(headline, body, kind=None):
    """Why an item is junk (a sentence for the report), or ''."""
    if is_placeholder(headline):
        return f"the title is a placeholder ({headline.strip()[:40]!r}), not an article"
    if is_placeholder(body):
        first = body.strip().split("\n", 1)[0].strip()
        return f"the body is a placeholder ({first[:40]!r}), not an article"
    if headline and not body.strip() and (kind or "news") not in TEXTLESS_KINDS:
        return "the article has a title but no body"
    return ""
