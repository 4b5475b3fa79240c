"""One term's BM25F scores, as Whoosh computes them: for every document, or
only at given documents (then its postings are looked up there, and no array
over the whole index is made).  Both give the same numbers, bit for bit.
And a term's documents alone (``term_mask``), kept when they are many."""
import numpy as np
from whoosh import scoring as ws

from indexer.engines.embedded.arrays.postingarrays import all_field_lengths
from indexer.engines.embedded.arrays.postingarrays import idf as term_idf
from indexer.engines.embedded.arrays.postingarrays import positions_of, term_arrays, term_docs
from indexer.engines.embedded.arrays.versioncache import version_key
from indexer.engines.embedded.opening.generation import generation_of
from indexer.engines.embedded.whooshinternals import bm25_b

DENSE_SHARE = 8     # scores at more than 1/8 of the documents: computed for them all


class Unsupported(Exception):
    """The query has a node numpy scoring does not know."""


def term_scores(searcher, field, text, boost, n):
    """(mask, scores): Whoosh's BM25F score of one term in one field, for every document."""
    mask, scores = np.zeros(n, bool), np.zeros(n)
    reader = searcher.reader()
    if not _known(searcher, field, text):
        return mask, scores
    ids, weights = term_arrays(reader, field, text)
    mask[ids] = True
    scores[ids] = _weights(searcher, field, text, ids, weights) * boost
    return mask, scores


def term_mask(searcher, q, n, share):
    """A ``Term``'s documents (a boolean array over ``n`` docnums), kept per index
    version with the common nodes when they are 1/``share`` of the documents or
    more: a search that counts its exact total asks for an unquoted term's
    exact string again (``消息``: 240k postings scattered, 0.5 ms at 10x)."""
    reader = searcher.reader()
    key = (("mask", q), version_key(reader))
    nodes = generation_of(reader).cache("nodes")
    found = nodes.get(key)
    if found is not None:
        return found[0]
    docs = term_docs(reader, q.fieldname, q.text)
    mask = np.zeros(n, bool)
    mask[docs] = True
    if len(docs) * share >= n > 0:
        nodes.put(key, (mask,), size=mask.nbytes)
    return mask


def term_at(searcher, field, text, boost, docs):
    """(mask, scores) of ``term_scores`` at ``docs`` (ascending docnums) alone."""
    mask, scores = np.zeros(len(docs), bool), np.zeros(len(docs))
    reader = searcher.reader()
    if not len(docs) or not _known(searcher, field, text):
        return mask, scores
    n = reader.doc_count_all()
    if len(docs) * DENSE_SHARE > n:     # most documents: one pass over them is cheaper
        mask, scores = term_scores(searcher, field, text, boost, n)
        return mask[docs], scores[docs]
    ids, weights = term_arrays(reader, field, text)
    mask, where = positions_of(ids, docs)
    scores[mask] = _weights(searcher, field, text, docs[mask], weights[where]) * boost
    return mask, scores


def summed(scores, size=None):
    """The element-wise sum of ``scores`` (arrays) added in order, as Whoosh's
    matchers add their children's scores (zeros of ``size`` when there are none)."""
    total = np.zeros(size if size is not None else len(scores[0]))
    for s in scores:
        total += s
    return total


def _known(searcher, field, text):
    """Has the term postings?  (They are read: scoring reads them next.)"""
    if field not in searcher.schema:
        raise Unsupported(field)
    return len(term_arrays(searcher.reader(), field, text)[0])


def _weights(searcher, field, text, docs, weights):
    """The postings' ``weights`` at ``docs`` as Whoosh scores them."""
    if not searcher.schema[field].scorable:     # Whoosh's WeightScorer: the weight
        return weights
    weighting = searcher.weighting
    idf, avgfl = term_idf(searcher, field, text), searcher.avg_field_length(field) or 1
    return ws.bm25(idf, weights, np.take(all_field_lengths(searcher.reader(), field), docs), avgfl,
                   bm25_b(weighting, field), weighting.K1)
