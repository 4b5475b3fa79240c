"""The exact string of an unquoted term, verified only where a page needs it.

An unquoted term matches its exact string, any of its words, or enough of
its bigrams (``relevance``).  Its exact string is found by scanning the text
of the documents holding all its bigrams (``charquery.containing``), the one
cost of a query that grows with the matches in Python: a string of common
bigrams (a paper's boilerplate) is in nearly every document.  But such a
document already matches by its bigrams, so the scan only decides its score
(``EXACT_SCORE``, for short terms), never whether it matches: those
documents stay ``unknown`` — scored as if they held the string, an upper
bound — until ``settle`` scans the ones a page would show.  Candidates that
do not match otherwise are scanned at once, so the matches, the total and the
facets are exact from the start.
"""
import numpy as np
from whoosh import query as wq

from indexer.engines.embedded.compiling.charquery import TextQuery, containing, having_all
from indexer.engines.embedded.arrays.doccolumns import doc_columns


def needle(q):
    """The string a phrase of overlapping ``chars2`` bigrams spells, or None."""
    words = q.words
    if (q.fieldname != "chars2" or q.slop != 1 or len(words) < 2
            or any(len(w) != 2 for w in words)
            or any(a[1] != b[0] for a, b in zip(words, words[1:]))):
        return None
    return words[0] + "".join(w[1] for w in words[1:])


def candidates(reader, q):
    """``(string, the live documents holding all its bigrams)`` of an exact-string
    query found by scanning texts; None for any other query."""
    if isinstance(q, TextQuery) and q.bigrams and q.boost == 1.0:
        string, bigrams = q.text, q.bigrams
    elif isinstance(q, wq.Phrase) and q.boost == 1.0 and needle(q) is not None:
        string, bigrams = needle(q), q.words
    else:
        return None
    return string, having_all(reader, "chars2", bigrams) & doc_columns(reader).alive


class Pending:
    """A term's exact string: ``true`` where found, ``unknown`` where not yet
    scanned (documents matching otherwise), with the term's other evidence."""

    def __init__(self, reader, term, string, found, other, pieces):
        self.term, self.string, self.other, self.pieces = term, string, other, pieces
        self.unknown = found & other
        self.true = containing(reader, string, found & ~other)
        self.matters = term.short       # only a short term's score depends on it

    def exact(self):
        """The exact mask, an upper bound where unknown."""
        return self.true | self.unknown

    def unsettled(self, docs):
        """Which of ``docs`` (docnums) would score lower were their string missing."""
        return self.unknown[docs] if self.matters else np.zeros(len(docs), bool)

    def settle(self, reader, chosen):
        """Scan the unknown documents of ``chosen`` (a boolean array over docnums)."""
        ask = self.unknown & chosen
        if ask.any():
            self.true |= containing(reader, self.string, ask)
            self.unknown &= ~ask
