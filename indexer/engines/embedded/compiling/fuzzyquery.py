"""``东城区总工会~`` on the embedded index: each of the string's
``fuzzy.alternatives`` in turn, over the documents not yet found that hold
every fixed piece's bigrams (or its character): a piece of one or two
characters is its own posting, a longer single piece is an exact-string scan
(shared with quoted queries of that string), and two pieces with a character
between them are checked with that alternative's expression alone (one
fixed prefix: the regex engine skips to it in C, which it cannot do for the
alternation of all of them).  The union is what ``fuzzy.pattern`` finds in the
same texts, so the set is exact; what the scans answered is kept per segment
in the generation's scan cache."""
import numpy as np

from indexer.engines.embedded.arrays.doccolumns import doc_columns
from indexer.engines.embedded.compiling.charquery import CharQuery, contains, each_text, passing
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
        found = np.zeros(reader.doc_count_all(), bool)
        alive = doc_columns(reader).alive
        for pieces, _ in fuzzy.alternatives(self.string):
            held = alive & ~found
            for piece in pieces:
                held &= _holding(reader, piece)
            if not held.any():
                continue
            if len(pieces) == 1 and len(pieces[0]) <= 2:
                found |= held       # its posting (or character) is the answer
            elif len(pieces) == 1:
                found |= passing(reader, pieces[0], held, contains(pieces[0]))
            else:
                search = fuzzy.compiled(pieces).search
                found |= passing(reader, ("fuzzy", pieces), held,
                                 each_text(lambda text: search(text) is not None))
        return found

    def matching_docs(self, reader, keep=None):
        return np.flatnonzero(self.doc_mask(reader)).tolist()
