"""The facets a document has one value of at most (year, month, kind), counted together.

Each of them would be a pass over the matches (a gather and an
``np.bincount``), and kind once more, since it is counted without its own
filter.  Instead each document's combination of their values is one id
(``Combinations``): one pass counts the matches per combination, and each
facet's counts are sums over the few combinations — a few thousand, however
many documents there are.  A selection in one of these facets is a choice of
values, so it is applied to the combinations, not to the documents.
"""
import functools

import numpy as np


class Combinations:
    """The combinations of ``columns``' values ({name: ValueColumn}, each with
    ``per_doc``: a document's value id + 1, 0 for none) and each document's."""

    def __init__(self, columns):
        self.names = tuple(columns)
        self.columns = columns
        self.values, self.code = _combined([columns[name].per_doc for name in self.names],
                                           [len(columns[name].names) + 1 for name in self.names])

    def counts(self, mask):
        """Matches per combination, of ``mask`` (a boolean array over docnums):
        over the documents outside it when they are fewer (every document's
        combinations less theirs: a common word matches nearly all)."""
        if np.count_nonzero(mask) * 2 > len(mask):
            outside = np.flatnonzero(~mask)
            return self._every - np.bincount(self.code[outside], minlength=len(self.values))
        return np.bincount(self.code[np.flatnonzero(mask)], minlength=len(self.values))

    @functools.cached_property
    def _every(self):
        """Every document's combination counted (deleted ones too)."""
        return np.bincount(self.code, minlength=len(self.values))

    def facet_counts(self, name, per_combination, allowed):
        """``name``'s counts by value id, over the combinations every other facet's
        ``allowed`` ({name: boolean array by value id + 1}) lets through."""
        keep = np.ones(len(self.values), bool)
        for other, ok in allowed.items():
            if other != name:
                keep &= ok[self.values[:, self.names.index(other)]]
        column = self.values[keep, self.names.index(name)]
        counted = np.bincount(column, weights=per_combination[keep],
                              minlength=len(self.columns[name].names) + 1)
        return counted[1:].round().astype(np.int64)

    def allowed(self, name, values=None, hidden=()):
        """Which value ids + 1 a filter lets through: ``values`` when given, else
        every value but ``hidden`` (documents with no value among them)."""
        column = self.columns[name]
        ok = np.full(len(column.names) + 1, values is None)
        ids = (column.index(v) for v in (values if values is not None else hidden))
        ok[[i + 1 for i in ids if i is not None]] = values is not None
        return ok


def _combined(per_doc, sizes):
    """(the distinct rows of the ``per_doc`` columns, each document's row number).
    Each document's values are one integer (mixed radix, ``sizes`` the bases)
    when the product fits, so the rows are found among integers (``_distinct``): the
    row-wise ``np.unique(axis=0)`` sorted 964k rows in 2.2 s, a new process's
    first search at a million articles."""
    if not per_doc:
        return np.zeros((0, 0), np.int64), np.zeros(0, np.int64)
    if float(np.prod(sizes, dtype=float)) >= 2**62:
        values, code = np.unique(np.stack(per_doc, axis=1), axis=0, return_inverse=True)
        return values, code.reshape(-1)
    scales = np.cumprod([1] + sizes[:0:-1], dtype=np.int64)[::-1]    # the first column leads
    keys = np.zeros(len(per_doc[0]), np.int64)
    for column, scale in zip(per_doc, scales):
        keys += np.asarray(column, np.int64) * scale
    distinct, code = _distinct(keys, int(np.prod(sizes, dtype=np.int64)))
    values = np.stack([(distinct // scale) % size for scale, size in zip(scales, sizes)], axis=1)
    return values, code.reshape(-1)


def _distinct(keys, bound):
    """``np.unique(keys, return_inverse=True)`` of integers in ``[0, bound)``: by
    counting, not sorting, when ``bound`` is within a few times their number
    (year x month x kind x paper: thousands; a sort of 241k keys was 10 ms of a
    new process's first search)."""
    if bound > max(4 * len(keys), 1 << 16):
        distinct, code = np.unique(keys, return_inverse=True)
        return distinct, code.reshape(-1)
    present = np.bincount(keys, minlength=bound) > 0
    return np.flatnonzero(present), (np.cumsum(present) - 1)[keys]
