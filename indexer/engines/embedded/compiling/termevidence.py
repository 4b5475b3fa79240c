"""The evidence of one word or one character bigram, as BM25 scores per document.

* ``word_evidence``: a word over the word fields combined (BM25F: each field's
  term frequency and length weighted by ``FIELD_BOOSTS``, saturated once);
* ``bigram_evidence``: a bigram over ``chars2`` (BM25).

Both are kept per index version (``BOUNDS["evidence"]``): the same words and
bigrams come back query after query.  ``relevance`` adds them up into a term's
ranking; the weights were chosen by ``bench/bench_ranking.py``.
"""
import numpy as np

from indexer.engines.embedded.arrays.postingarrays import (all_field_lengths, members,
                                                           segment_ids, term_arrays)
from indexer.engines.embedded.opening.generation import generation_of
from indexer.searching.fields import FIELD_BOOSTS, TEXT_FIELDS

BIGRAM_WEIGHT = 1.0        # bigram evidence against word evidence
K1, B = 1.2, 0.75          # word saturation and length normalisation
BIGRAM_K1 = 0.9


def idf(df, n):
    return np.log(1 + (n - df + 0.5) / (df + 0.5))


def saturate(tf, length, average, k1, b):
    return tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / max(average, 1e-9)))


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
        combined, average = _combined_lengths(reader)
        found = kept.put(key, (docs, idf(len(docs), n) * saturate(
            tf, combined[docs], average, K1, B)))
    return found


def _boosted_frequencies(lists, n):
    """(docnums, boosted term frequencies) of a word's per-field (boost, docnums,
    weights) over ``n`` documents: its postings added up, field by field in the
    same order either way (the sums are equal bit for bit), over every document
    only when the postings are many."""
    lists = [(boost, ids, weights) for boost, ids, weights in lists if len(ids)]
    if not lists:
        return np.zeros(0, np.int32), np.zeros(0)
    if len(lists) == 1:         # one field: its postings as they are (0.0 + x is x)
        boost, ids, weights = lists[0]
        return ids, boost * weights
    if sum(len(ids) for _, ids, _ in lists) * 2 >= n:
        tf = np.zeros(n)
        for boost, ids, weights in lists:
            tf[ids] += boost * weights
        docs = np.flatnonzero(tf > 0).astype(np.int32)
        return docs, tf[docs]
    docs = max((ids for _, ids, _ in lists), key=len)
    for _, ids, _ in lists:     # the other fields' documents merged in, in order
        extra = ids[~members(docs, ids, n)]
        if len(extra):
            docs = np.insert(docs, np.searchsorted(docs, extra), extra)
    tf = np.zeros(len(docs))
    for boost, ids, weights in lists:
        tf[np.searchsorted(docs, ids)] += boost * weights
    return docs, tf


def bigram_evidence(reader, gram):
    """(docnums, scores) of one character bigram over ``chars2`` (cached per version)."""
    key = ("bigrams", gram) + segment_ids(reader)
    kept = generation_of(reader).cache("evidence")
    found = kept.get(key)
    if found is None:
        ids, weights = term_arrays(reader, "chars2", gram)
        chars, average = _chars_lengths(reader)
        weight = idf(len(ids), reader.doc_count_all())
        found = kept.put(key, (ids, BIGRAM_WEIGHT * weight * saturate(
            weights, chars[ids], average, BIGRAM_K1, B)))
    return found


def _combined_lengths(reader):
    """(each document's boosted length over the word fields, their mean), cached."""
    return _lengths_and_mean(reader, "words", lambda: sum(
        FIELD_BOOSTS[f] * all_field_lengths(reader, f) for f in TEXT_FIELDS))


def _chars_lengths(reader):
    """(each document's ``chars2`` length, their mean), cached."""
    return _lengths_and_mean(reader, "chars2", lambda: all_field_lengths(reader, "chars2"))


def _lengths_and_mean(reader, name, lengths):
    """(``lengths()``, their mean) of ``reader``'s version, kept under ``name``."""
    key = (name,) + segment_ids(reader)
    kept = generation_of(reader).cache("combined_lengths")
    found = kept.get(key)
    if found is None:
        values = lengths()
        found = kept.put(key, (values, (values.mean() if len(values) else 1.0)))
    return found
