"""Publication dates: what a date bound or a ``date:`` value in a query may be.

``is_iso_prefix`` checks a bound (``from``/``to``: YYYY, YYYY-MM or
YYYY-MM-DD); ``date_prefix`` reads a date as a reader types it (2025年10月,
2025/10/31) into one; ``HIGHEST`` closes a range's upper prefix.  Each engine
filters by them (``engines/embedded/compiling/dates``, ``engines/sphinx/tokens``).
"""
import re

# YYYY, YYYY-MM or YYYY-MM-DD in ASCII digits (``\d`` also takes ２０２５ and ٢٠٢٥, which no
# date column holds); the web's description says this same pattern
ISO_PREFIX_PATTERN = r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?"
_ISO_PREFIX = re.compile(ISO_PREFIX_PATTERN)
HIGHEST = "~"     # sorts after every digit and '-': '2025-10~' ends the month


def is_iso_prefix(value):
    """'2025', '2025-10' or '2025-10-31' (a real month and day number)."""
    return bool(_ISO_PREFIX.fullmatch(value or ""))


_DATE = re.compile(r"^(\d{4})年?(?:[-/.]?(\d{1,2})月?)?(?:[-/.]?(\d{1,2})日?)?$")


def date_prefix(value):
    """'2025', '2025-1', '2025年10月' -> ISO prefix ('2025-01'); None if not a date.

    Digits of any script ('２０２５年') are read as the number they write."""
    m = _DATE.match(value.strip())
    if not m:
        return None
    return "-".join(["%04d" % int(m.group(1))] + ["%02d" % int(g) for g in m.groups()[1:] if g])
