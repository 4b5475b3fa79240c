"""A query's scores at given documents only, the same numbers ``scoring``
computes for every document.

Settling a page (``scoring.Ranking.settle``) changes the scores of a few
documents, and a phrase's words only add to the phrase's matches: computing
the whole tree again over every document costs passes over every match, but
its value at those documents is a lookup of each piece's postings there.
Each node adds its children in the same order as over every document, so the
sums are equal bit for bit.  A node this module does not know is computed
for every document (``dense``) and read at the documents.
"""
import numpy as np
from whoosh import query as wq

from indexer.engines.embedded.arrays.postingarrays import positions_of
from indexer.engines.embedded.compiling.relevance import EXACT_SCORE, RankedTerm
from indexer.engines.embedded.scoring.termscores import DENSE_SHARE, summed, term_at


def at(searcher, q, docs, pending, dense):
    """(mask, scores) of ``q`` at ``docs`` (ascending docnums).

    ``pending``: the unquoted terms' exact strings (``exactstrings.Pending``) by
    term; ``dense(q)``: (mask, scores) of ``q`` for every document.
    """
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return np.zeros(len(docs), bool), np.zeros(len(docs))
    if isinstance(q, RankedTerm) and pending and q in pending:
        return _ranked_at(q, pending[q], docs)
    if type(q) is wq.Term and len(docs) * DENSE_SHARE <= searcher.reader().doc_count_all():
        return term_at(searcher, q.fieldname, q.text, q.boost, docs)
    if type(q) in (wq.Or, wq.And) and q.boost == 1.0 and not (
            type(q) is wq.Or and (q.minmatch or q.scale)) and q.subqueries:
        found = [at(searcher, sub, docs, pending, dense) for sub in q.subqueries]
        combine = np.logical_or if type(q) is wq.Or else np.logical_and
        mask = combine.reduce([m for m, _ in found])
        return mask, summed([s for _, s in found]) * mask
    if type(q) is wq.AndMaybe and q.boost == 1.0:
        mask, scores = at(searcher, q.a, docs, pending, dense)
        return mask, (scores + at(searcher, q.b, docs, pending, dense)[1]) * mask
    mask, scores = dense(q)
    return mask[docs], scores[docs]


def _ranked_at(term, entry, docs):
    """``relevance.combine`` of an unquoted term at ``docs``."""
    exact = entry.exact()[docs]
    score = exact * EXACT_SCORE if term.short else np.zeros(len(docs))
    for _, _, found, s in entry.pieces:
        held, where = positions_of(found, docs)
        score[held] += s[where]
    matched = exact | entry.other[docs]
    return matched, score * matched
