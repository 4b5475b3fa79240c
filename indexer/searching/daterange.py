"""Publication dates from the ``date`` column: range filters.

``date:2022..2026`` as a Whoosh ``TermRange`` reads the postings of every
distinct date in the range (2.1 s on the 24k archive); here the column is read
once per index version into a numpy array of ``YYYY-MM-DD`` bytes
(``doccolumns``) and a range of any width is two comparisons over it, about
what a facet filter costs.
``DateRange`` is a column-scan query like ``CharQuery`` (a constant weight),
so ``scoring.py`` scores it without a change, and Whoosh can still run it.
"""
import re

import numpy as np

from indexer.searching.charquery import CharQuery
from indexer.searching.doccolumns import doc_columns

# ASCII digits only: ``\d`` also takes ２０２５ and ٢٠٢٥, which no date column holds
_ISO_PREFIX = re.compile(r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?")
HIGHEST = "~"     # sorts after every digit and '-': '2025-10~' ends the month


def is_iso_prefix(value):
    """'2025', '2025-10' or '2025-10-31' (a real month and day number)."""
    return bool(_ISO_PREFIX.fullmatch(value or ""))


class DateRange(CharQuery):
    """Documents published from ``low`` to ``high`` (ISO prefixes, inclusive; None: open)."""

    def __init__(self, low=None, high=None, boost=1.0):
        super().__init__(f"{low or ''}..{high or ''}", boost)
        self.fieldname, self.low, self.high = "date", low, high

    def __repr__(self):
        return f"DateRange({self.low!r}, {self.high!r})"

    def __unicode__(self):
        return f"date:{self.text}"

    __str__ = __unicode__

    def mask(self, dates):
        """True where a date array's value is in the range."""
        keep = dates != b""
        if self.low:
            keep &= dates >= self.low.encode("ascii")
        if self.high:
            keep &= dates <= (self.high + HIGHEST).encode("ascii")
        return keep

    def doc_mask(self, reader):
        columns = doc_columns(reader)
        return self.mask(columns.dates) & columns.alive

    def matching_docs(self, reader):
        return np.flatnonzero(self.doc_mask(reader)).tolist()
