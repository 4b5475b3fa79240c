"""``东城区总工会~`` on the embedded index: the documents that may hold one of
the string's ``fuzzy.alternatives`` (every fixed piece's bigrams, or its
character), then their normalised texts checked with ``fuzzy.pattern``."""
import numpy as np

from indexer.engines.embedded.arrays.doccolumns import doc_columns
from indexer.engines.embedded.arrays import segmentcolumns
from indexer.engines.embedded.compiling.charquery import CharQuery
from indexer.engines.embedded.compiling.nearquery import _holding
from indexer.searching import fuzzy


class FuzzyQuery(CharQuery):
    """Documents whose normalised text holds ``string`` or it misread by one character."""

    def __init__(self, string, boost=1.0):
        super().__init__(f"{string}~", boost)
        self.fieldname, self.string = "chars2", string

    def __repr__(self):
        return f"FuzzyQuery({self.string!r})"

    def __unicode__(self):
        return f"chars2:{self.string!r}~"

    __str__ = __unicode__

    def doc_mask(self, reader):
        alive = doc_columns(reader).alive
        candidates = np.zeros(reader.doc_count_all(), bool)
        found = np.zeros(len(candidates), bool)
        for pieces, _ in fuzzy.alternatives(self.string):
            held = np.ones(len(candidates), bool)
            for piece in pieces:
                held &= _holding(reader, piece)
            if len(pieces) == 1 and len(pieces[0]) <= 2:
                found |= held & alive       # its posting (or character) is the answer
            else:
                candidates |= held
        candidates &= alive & ~found
        search = fuzzy.pattern(self.string).search
        for leaf, offset in reader.leaf_readers():
            size = leaf.doc_count_all()
            docs = np.flatnonzero(candidates[offset:offset + size])
            if not len(docs):
                continue
            texts = segmentcolumns.texts(leaf)
            hit = [d for d in docs.tolist() if search(texts[d])]
            found[np.asarray(hit, np.int64) + offset] = True
        return found

    def matching_docs(self, reader, keep=None):
        return np.flatnonzero(self.doc_mask(reader)).tolist()
