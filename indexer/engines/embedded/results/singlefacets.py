"""The facets a document has one value of at most (year, month, kind), counted together.

Each of them would be a pass over the matches (a gather and an
``np.bincount``), and kind once more, since it is counted without its own
filter.  Instead each document's combination of their values is one id
(``Combinations``): one pass counts the matches per combination, and each
facet's counts are sums over the few combinations — a few thousand, however
many documents there are.  A selection in one of these facets is a choice of
values, so it is applied to the combinations, not to the documents.
"""
import numpy as np


class Combinations:
    """The combinations of ``columns``' values ({name: ValueColumn}, each with
    ``per_doc``: a document's value id + 1, 0 for none) and each document's."""

    def __init__(self, columns):
        self.names = tuple(columns)
        self.columns = columns
        rows = (np.stack([columns[name].per_doc for name in self.names], axis=1)
                if self.names else np.zeros((0, 0), np.int64))
        self.values, code = np.unique(rows, axis=0, return_inverse=True)
        self.code = code.reshape(-1)

    def counts(self, docs):
        """Matches per combination, of ``docs`` (docnums)."""
        return np.bincount(self.code[docs], minlength=len(self.values))

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
