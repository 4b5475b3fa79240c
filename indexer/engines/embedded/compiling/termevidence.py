"""The evidence of one word or one character bigram, as BM25 scores per document.

* ``word_evidence``: a word over the word fields combined (BM25F: each field's
  term frequency and length weighted by ``FIELD_BOOSTS``, saturated once);
* ``bigram_evidence``: a bigram over ``chars2`` (BM25).

Both are kept per index version (``BOUNDS["evidence"]``): the same words and
bigrams come back query after query.  ``relevance`` adds them up into a term's
ranking; the weights were chosen by ``bench/bench_ranking.py``.
"""
import numpy as np

from indexer.engines.embedded.arrays.postingarrays import (LOOKED_UP, all_field_lengths, members,
                                                           positions_of, segment_ids, term_arrays)
from indexer.engines.embedded.opening.generation import generation_of
from indexer.searching.fields import FIELD_BOOSTS, TEXT_FIELDS

BIGRAM_WEIGHT = 1.0        # bigram evidence against word evidence
K1, B = 1.2, 0.75          # word saturation and length normalisation
BIGRAM_K1 = 0.9
DENSE_PART = 8             # postings over n / DENSE_PART: counted over every document


def idf(df, n):
    return np.log(1 + (n - df + 0.5) / (df + 0.5))


def saturate(tf, norm, k1):
    """BM25's saturation of ``tf`` given each document's ``norm`` (``_norms``)."""
    return tf * (k1 + 1) / (tf + norm)


def length_norm(lengths, average, k1, b):
    """BM25's length part of the saturation, ``k1 * (1 - b + b * length / average)``,
    of every document: computed once per index version, where each term's
    postings would compute it again (the same values, element by element)."""
    return k1 * (1 - b + b * lengths / max(average, 1e-9))


def word_evidence(reader, word):
    """(docnums, scores) of one word over the word fields combined (cached per
    index version: common words come back query after query)."""
    key = ("words", word) + segment_ids(reader)
    kept = generation_of(reader).cache("evidence")
    found = kept.get(key)
    if found is None:
        n = reader.doc_count_all()
        docs, tf = _boosted_frequencies([(FIELD_BOOSTS[field], *term_arrays(reader, field, word))
                                         for field in TEXT_FIELDS], n)
        found = kept.put(key, (docs, idf(len(docs), n) * saturate(
            tf, np.take(_word_norms(reader), docs), K1)))
    return found


def _boosted_frequencies(lists, n):
    """(docnums, boosted term frequencies) of a word's per-field (boost, docnums,
    weights) over ``n`` documents: its postings added up, field by field in the
    same order each way (the sums are equal bit for bit): the other fields merged
    into the last when it holds nearly all of them (a bisect per posting of
    theirs), else over every document when the postings are many (an eighth of
    the documents: merging the lists' docnums costs a bisect per posting, the
    pass a few per document), else merged list by list."""
    lists = [(boost, ids, weights) for boost, ids, weights in lists if len(ids)]
    if not lists:
        return np.zeros(0, np.int32), np.zeros(0)
    if len(lists) == 1:         # one field: its postings as they are (0.0 + x is x)
        boost, ids, weights = lists[0]
        return ids, boost * weights
    *rest, (boost, ids, weights) = lists
    if sum(len(docs) for _, docs, _ in rest) * LOOKED_UP < len(ids):
        # nearly every posting in the last field (a word of the body): the others
        # added up first, then the last's added to theirs, (0.0 + a) + b as field by
        # field; its documents that are in no other field keep 0.0 + b, which is b
        docs, tf = _boosted_frequencies(rest, n)
        last = boost * weights
        held, where = positions_of(ids, docs)
        np.add.at(last, where, tf[held])
        if held.all():
            return ids, last
        at = np.searchsorted(ids, docs[~held])
        return np.insert(ids, at, docs[~held]), np.insert(last, at, tf[~held])
    if sum(len(ids) for _, ids, _ in lists) * DENSE_PART >= n:
        tf = np.zeros(n)
        for boost, ids, weights in lists:
            np.add.at(tf, ids, boost * weights)
        docs = np.flatnonzero(tf > 0).astype(np.int32)
        return docs, np.take(tf, docs)
    docs = max((ids for _, ids, _ in lists), key=len)
    for _, ids, _ in lists:     # the other fields' documents merged in, in order
        extra = ids[~members(docs, ids, n)]
        if len(extra):
            docs = np.insert(docs, np.searchsorted(docs, extra), extra)
    tf = np.zeros(len(docs))
    for boost, ids, weights in lists:
        np.add.at(tf, np.searchsorted(docs, ids), boost * weights)
    return docs, tf


def bigram_evidence(reader, gram, within=None):
    """(docnums, scores) of one character bigram over ``chars2`` (cached per version).

    ``within``: a boolean array over docnums; when the bigram's scores are not
    kept and it holds less than half of the bigram's documents, only theirs are
    computed (the same numbers, element by element) and not kept; else the
    whole list's, kept (about the same passes, and the next query's)."""
    key = ("bigrams", gram) + segment_ids(reader)
    kept = generation_of(reader).cache("evidence")
    found = kept.get(key)
    if found is not None:
        return found
    ids, weights = term_arrays(reader, "chars2", gram)
    weight = idf(len(ids), reader.doc_count_all())
    held = np.take(within, ids) if within is not None else None
    if held is not None and np.count_nonzero(held) * 2 < len(ids):
        ids, weights = ids[held], weights[held]
        return ids, BIGRAM_WEIGHT * weight * saturate(weights, np.take(_bigram_norms(reader), ids),
                                                      BIGRAM_K1)
    return kept.put(key, (ids, BIGRAM_WEIGHT * weight * saturate(
        weights, np.take(_bigram_norms(reader), ids), BIGRAM_K1)))


def _word_norms(reader):
    """Each document's ``length_norm`` over the word fields combined (their boosted
    lengths), kept per index version."""
    return _norms(reader, "words", K1, lambda: sum(
        FIELD_BOOSTS[f] * all_field_lengths(reader, f) for f in TEXT_FIELDS))


def _bigram_norms(reader):
    """Each document's ``length_norm`` in ``chars2``, kept per index version."""
    return _norms(reader, "chars2", BIGRAM_K1, lambda: all_field_lengths(reader, "chars2"))


def _norms(reader, name, k1, lengths):
    """``length_norm`` of ``lengths()`` (with their mean) for ``reader``'s version,
    kept under ``name``."""
    key = (name,) + segment_ids(reader)
    kept = generation_of(reader).cache("length_norms")
    found = kept.get(key)
    if found is None:
        values = lengths()
        found = kept.put(key, length_norm(values, values.mean() if len(values) else 1.0, k1, B))
    return found
