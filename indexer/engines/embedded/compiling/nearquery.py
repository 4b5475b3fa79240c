"""``a NEAR/n b`` on the embedded index: the documents holding both strings
(their ``chars2`` bigram postings, or the character column for a single
character), then their normalised texts checked by ``proximity.checker`` —
the same texts the exact-string scans read, so the set is exact.  What a
segment's texts answered is kept in the generation's scan cache (as exact
strings' scans are), so the next page or facet of the same query reads none.
"""
import numpy as np

from indexer.engines.embedded.arrays.doccolumns import doc_columns
from indexer.engines.embedded.compiling.charquery import CharQuery, each_text, having_all, passing
from indexer.searching import proximity
from indexer.searching.querysyntax import MAX_DISTANCE
from indexer.searching.terms import char_tokens


def _holding(reader, string):
    """Documents (a boolean array) that may contain ``string``: all its bigrams."""
    if len(string) == 1:
        return CharQuery(string).doc_mask(reader)
    return having_all(reader, "chars2", char_tokens(string, 2))


class NearQuery(CharQuery):
    """Documents with normalised ``a`` and ``b`` at most ``n`` characters apart."""

    def __init__(self, a, b, n, boost=1.0):
        super().__init__(f"{a}~{n}~{b}", boost)
        self.fieldname, self.a, self.b, self.n = "chars2", a, b, n

    def __repr__(self):
        return f"NearQuery({self.a!r}, {self.b!r}, {self.n})"

    def __unicode__(self):
        return f"chars2:{self.a!r} NEAR/{self.n} {self.b!r}"

    __str__ = __unicode__

    def doc_mask(self, reader):
        candidates = _holding(reader, self.a) & _holding(reader, self.b) & doc_columns(reader).alive
        check = proximity.checker(self.a, self.b, self.n)
        key = ("near", self.a, self.b, min(self.n, MAX_DISTANCE))
        return passing(reader, key, candidates, each_text(check))

    def matching_docs(self, reader, keep=None):
        return np.flatnonzero(self.doc_mask(reader)).tolist()
