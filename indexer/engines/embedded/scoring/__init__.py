"""BM25F over numpy arrays: where a change to the embedded engine's scoring goes.

``scoring`` scores a compiled query over every match at once (``Ranking``),
``termscores`` one term's BM25F, ``pointwise`` a query tree at given documents
only; ``ordering`` selects a page without sorting every match.  The ranking's
signals and weights (exact, words, bigrams) are in ``compiling.relevance``.
"""
