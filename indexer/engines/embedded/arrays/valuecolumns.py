"""A facet's values for every document as arrays, and counts made elsewhere in their shape.

``ValueColumn`` holds one (document, value id) pair per value a document has,
so a facet's counts over any set of matches are one ``np.bincount``
(listed by ``indexer.searching.facets.Facet.entries``).
"""
import functools

import numpy as np


class ValueColumn:
    """One facet's values for every document, as arrays: ``names`` (the distinct
    values, sorted) and a (``docs``, ``ids``) pair per value a document has."""

    def __init__(self, per_document=None, *, pairs=None):
        """From each document's values, or ``pairs``: (names, starts, ids), the
        values of every document already numbered (``of_pairs``)."""
        if pairs is None:
            names = sorted({v for values in per_document for v in values})
            index = {name: i for i, name in enumerate(names)}
            sizes = np.fromiter(map(len, per_document), np.int64, len(per_document))
            starts = np.concatenate([[0], np.cumsum(sizes)])
            ids = np.fromiter((index[v] for values in per_document for v in values),
                              np.int64, int(sizes.sum()))
        else:
            names, starts, ids = pairs
            index = {name: i for i, name in enumerate(names)}
            sizes = np.diff(starts)
        self.names, self.starts, self.ids, self._index = names, starts, ids, index
        self._sizes = sizes
        self.single = not len(sizes) or sizes.max() <= 1
        if self.single:     # one value at most: each document's value id + 1 (0: none)
            if len(ids) == len(sizes):      # one each, in document order
                self.per_doc = ids + 1
            else:
                self.per_doc = np.zeros(len(sizes), np.int64)
                self.per_doc[sizes > 0] = ids + 1

    @functools.cached_property
    def docs(self):
        """The document of each (document, value id) pair (made when first counted
        over the pairs: a new process's first search builds every facet's column)."""
        return np.repeat(np.arange(len(self._sizes), dtype=np.int64), self._sizes)

    @classmethod
    def joined(cls, parts):
        """One column over segments end to end; ``parts``: each segment's
        ``segmentfiles.FacetValues`` (its own names, renumbered here)."""
        names = sorted(set().union(*(p.names for p in parts)))
        index = {name: i for i, name in enumerate(names)}
        starts, ids, base = [np.zeros(1, np.int64)], [], 0
        for part in parts:
            renumber = np.array([index[n] for n in part.names] or [0], np.int64)
            ids.append(renumber[part.ids])
            starts.append(np.asarray(part.starts[1:], np.int64) + base)
            base += int(part.starts[-1])
        return cls(pairs=(names, np.concatenate(starts),
                          np.concatenate(ids) if ids else np.zeros(0, np.int64)))

    def counts(self, mask, docs, outside=None):
        """Documents of ``mask`` (a boolean array over docnums; ``docs``: its
        docnums) per value, by value id.  A facet no document has, or whose one
        value every document has (one paper), is counted without a pass over
        the matches (3.5 ms each at 456k matches).  ``outside``: the docnums
        not in ``mask``; when they are fewer than the matches (a common word
        matches nearly every document), every document's counts less theirs."""
        if not len(self.names):
            return np.zeros(0, np.int64)
        if self.single and len(self.names) == 1 and len(self.ids) == len(self._sizes):
            return np.array([len(docs)], np.int64)
        if outside is not None and len(outside) < len(docs):
            return self._every - self._of(outside)
        if not self.single and len(docs) >= len(self.ids):  # fewer pairs than matches
            return np.bincount(self.ids[mask[self.docs]], minlength=len(self.names))
        return self._of(docs)

    @functools.cached_property
    def _every(self):
        """Every document's values counted, by value id (deleted ones too: what a
        count less the documents outside the matches starts from)."""
        if self.single:
            return np.bincount(self.per_doc, minlength=len(self.names) + 1)[1:]
        return np.bincount(self.ids, minlength=len(self.names))

    def _of(self, docs):
        """The values of ``docs`` (docnums) counted, by value id."""
        if self.single:
            return np.bincount(self.per_doc[docs], minlength=len(self.names) + 1)[1:]
        first, sizes = self.starts[docs], self.starts[docs + 1] - self.starts[docs]
        ends = np.cumsum(sizes)
        pairs = np.repeat(first - ends + sizes, sizes) + np.arange(ends[-1] if len(ends) else 0)
        return np.bincount(self.ids[pairs], minlength=len(self.names))

    def count_of(self, value, counts):
        i = self._index.get(value)
        return 0 if i is None else int(counts[i])

    def index(self, value):
        """A value's id, None when no document has it."""
        return self._index.get(value)
