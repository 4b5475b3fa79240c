"""Dates as an article mentions them: ``2025年``, ``10月30日``, ``2025年10月30日``.

Kept in their printed form (so a reader can find them in the text), once
each, in order of first mention.  ``2020年度`` counts as ``2020年``; a range
``10月23日至11月20日`` gives both ends.  Only four-digit years from 1800 to
2099 count, so amounts like ``4年来`` or ``100周年`` are not dates.
"""
import re

_YEAR = r"(?:1[89]|20)\d{2}年(?:度)?"
_MONTH_DAY = r"(?:1[0-2]|0?[1-9])月(?:(?:3[01]|[12]\d|0?[1-9])[日号])?"
# Anchored on a digit not preceded by a digit or a decimal point.
DATE_RE = re.compile(rf"(?<![\d.])(?=\d)(?:{_YEAR}(?:{_MONTH_DAY})?|{_MONTH_DAY})")


def find_dates(text):
    """Every date mentioned in ``text``, unique, in order."""
    found = []
    for match in DATE_RE.finditer(text or ""):
        value = match.group(0).replace("年度", "年")
        if value and value not in found:
            found.append(value)
    return found
