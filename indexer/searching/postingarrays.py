"""Postings and field lengths as numpy arrays, over every segment of a reader.

Shared by ``scoring`` (Whoosh's BM25F over query trees) and ``relevance``
(the evidence of unquoted terms).  Per-segment arrays are cached: segments
never change, and their ids are random.
"""
import threading

import numpy as np

from indexer.storing.whooshinternals import read_postings

_lengths = {}
_lock = threading.Lock()


def postings(leaf, field, text):
    """(leaf docnums, weights) of a term's postings, deleted documents included."""
    ids, weights = read_postings(leaf.postings(field, text))
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=float)


def term_arrays(reader, field, text):
    """(docnums, weights) of a term over all of ``reader``'s segments."""
    ids, weights = [], []
    for leaf, offset in reader.leaf_readers():
        if (field, text) in leaf:
            i, w = postings(leaf, field, text)
            ids.append(i + offset)
            weights.append(w)
    if not ids:
        return np.zeros(0, np.int64), np.zeros(0)
    return np.concatenate(ids), np.concatenate(weights)


def field_lengths(leaf, field):
    """Each document's length in ``field`` as Whoosh scores it (cached per segment)."""
    key = (leaf.segment().segment_id(), field)
    with _lock:
        found = _lengths.get(key)
    if found is None:
        found = np.nan_to_num(np.array([leaf.doc_field_length(d, field, 1)
                                        for d in range(leaf.doc_count_all())], dtype=float))
        with _lock:
            if len(_lengths) > 64:
                _lengths.clear()
            _lengths[key] = found
    return found


def all_field_lengths(reader, field):
    """``field_lengths`` of every segment of ``reader``, end to end."""
    return np.concatenate([field_lengths(leaf, field) for leaf, _ in reader.leaf_readers()]
                          or [np.zeros(0)])
