"""Postings and field lengths as numpy arrays, over every segment of a reader.

Shared by ``scoring`` (Whoosh's BM25F over query trees) and ``relevance``
(the evidence of unquoted terms).  Per-segment arrays are cached: segments
never change, and their ids are random, so a commit that adds a segment
leaves the others' arrays in place.

Docnums of postings are int32: a gather by them is ``np.take``, which reads
them as they are, where indexing casts them first (twice the time: 0.67 ms
for 240k docnums at 241k items, 0.33 with ``np.take``; the same values).
"""
import math

import numpy as np
from whoosh.reading import TermNotFound

from indexer.engines.embedded.arrays import segmentcolumns
from indexer.engines.embedded.arrays.postingfiles import FIELDS
from indexer.engines.embedded.arrays.versioncache import kept_on
from indexer.engines.embedded.opening.generation import generation_of
from indexer.engines.embedded.whooshinternals import read_postings, segment_folder
from indexer.engines.embedded.whooshinternals.termtable import TermTable

_NONE = (np.zeros(0, np.int32), np.zeros(0))
LOOKED_UP = 16      # ``members``: documents looked up in a list this many times longer
TABLED = 32         # ``positions_of``: a table when the documents are this share of the span


def postings(leaf, field, text):
    """(leaf docnums, weights) of a term's postings, deleted documents included."""
    return read_postings(leaf.postings(field, text))


def term_arrays(reader, field, text):
    """(docnums, weights) of a term over all of ``reader``'s segments (read-only arrays).

    Each segment's arrays are kept, the most recent up to the generation's bound
    (``BOUNDS["postings"]``): names and common words come back query after query;
    so are the most recent terms' arrays joined over the segments.
    Postings include deleted documents, so a segment's arrays never go stale.
    """
    key = (segment_ids(reader), field, text)
    joined = generation_of(reader).cache("joined_postings")
    found = joined.get(key)
    if found is None:
        ids, weights = [], []
        for leaf, offset in reader.leaf_readers():
            i, w = _segment_term(leaf, field, text)
            if len(i):
                ids.append(i + np.int32(offset))
                weights.append(w)
        found = joined.put(key, (np.concatenate(ids), np.concatenate(weights).astype(float))
                           if ids else _NONE)
    return found


def positions_of(ids, docs):
    """(held, where): which of ``docs`` are in ``ids`` (both ascending docnums),
    and where the held ones are in ``ids`` (``ids[where] == docs[held]``).

    A few documents are bisected in ``ids``; many (a quarter of ``ids`` and a
    ``TABLED``-th of the docnums spanned) are read from a table of each
    docnum's place in ``ids``: a pass over both lists, not a bisect each
    (``习近平`` in a headline looked up in the body's list at 241k items,
    32k documents in 72k: 0.5 ms where the bisects took 1.2)."""
    if not len(ids) or not len(docs):
        return np.zeros(len(docs), bool), np.zeros(0, np.intp)
    size = int(max(ids[-1], docs[-1])) + 1
    if len(docs) * 4 >= len(ids) and len(docs) * TABLED >= size:
        listed = np.zeros(size, bool)
        listed[ids] = True
        held = np.take(listed, docs)
        place = np.empty(size, np.intp)     # read only where ``listed``
        place[ids] = np.arange(len(ids))
        return held, np.take(place, docs[held])
    at = np.minimum(np.searchsorted(ids, docs), len(ids) - 1)
    held = ids[at] == docs
    return held, at[held]


def members(ids, docs, size):
    """Which of ``docs`` are in ``ids`` (both ascending docnums below ``size``): a
    few documents are looked up in a long list (a bisect each), more are read
    from a mask of it (a pass over both, not a bisect each)."""
    if len(docs) * LOOKED_UP < len(ids):
        return positions_of(ids, docs)[0]
    held = np.zeros(size, bool)
    held[ids] = True
    return np.take(held, docs)


def intersection(lists, size, between=None):
    """The docnums (ascending) in every one of ``lists`` (ascending docnums below
    ``size``, one list at least): the shortest narrowed by each other in turn
    (``members``); ``between()`` runs before each narrowing (a search's deadline)."""
    lists = sorted(lists, key=len)
    docs = lists[0]
    for ids in lists[1:]:
        if between is not None:
            between()
        docs = docs[members(ids, docs, size)]
    return docs


def term_docs(reader, field, text):
    """The docnums of a term's postings over all of ``reader``'s segments (read-only)."""
    return term_arrays(reader, field, text)[0]


def segment_term_docs(leaf, field, text):
    """The leaf docnums of a term's postings in one segment (read-only)."""
    return _segment_term(leaf, field, text)[0]


def _segment_term(leaf, field, text):
    """(docnums, weights) of a term in one segment.  Where the segment has
    posting files: a short list (or none) from its mapped term table, a long
    one as slices of the files (nothing decoded, nothing kept but the page
    cache's); else decoded from Whoosh's blocks and kept up to the generation's
    bound."""
    table = _term_table(leaf) if field in FIELDS else None
    if table is not None:
        short = table.postings(field, text)
        if short is not None:       # inlined in the term table, or no such term
            ids, weights = short
            return (np.array(ids, np.int32), _compact(np.array(weights, float))) if ids else _NONE
        files = segmentcolumns.posting_files(leaf, field)
        found = files.get(text) if files is not None else None
        if found is not None:
            return found
    found = _held(leaf, field, text)
    if found is not None:
        return found
    try:        # one lookup in the segment's term table, not two
        ids, weights = postings(leaf, field, text)
    except TermNotFound:
        found = _NONE
    else:
        found = ids.astype(np.int32), _compact(weights)
    return generation_of(leaf).cache("postings").put(
        (leaf.segment().segment_id(), field, text), found)


def _held(leaf, field, text):
    """A term's (docnums, weights) in one segment without a decode: from its
    posting files, or as the generation keeps them; None when neither has them."""
    files = segmentcolumns.posting_files(leaf, field) if field in FIELDS else None
    found = files.get(text) if files is not None else None
    if found is None:
        found = generation_of(leaf).cache("postings").get(
            (leaf.segment().segment_id(), field, text))
    return found


def _term_table(leaf):
    """The segment's term table read through a map (``whooshinternals.termtable``),
    kept on its reader, when the segment has posting files (then a term not in
    them has a short list or none), else None."""
    return kept_on(leaf, "term_table", lambda: TermTable.of(leaf, segment_folder(leaf))
                   if segmentcolumns.posting_files(leaf, FIELDS[0]) is not None else None)


def _compact(weights):
    """``weights`` in the smallest type that holds them exactly (uint16 for term
    frequencies; the index holds float32)."""
    for kind in (np.uint16, np.float32):
        small = weights.astype(kind)
        if np.array_equal(small, weights):
            return small
    return weights


def field_lengths(leaf, field):
    """Each document's length in ``field`` as Whoosh scores it (one segment's file)."""
    return segmentcolumns.lengths(leaf, field)


def all_field_lengths(reader, field):
    """``field_lengths`` of every segment of ``reader``, end to end (cached, read-only)."""
    key = (segment_ids(reader), field)
    kept = generation_of(reader).cache("joined_lengths")
    found = kept.get(key)
    if found is None:
        found = np.concatenate([field_lengths(leaf, field) for leaf, _ in reader.leaf_readers()]
                               or [np.zeros(0)])
        found.flags.writeable = False
        kept.put(key, found)
    return found


def doc_frequency(reader, field, text):
    """Whoosh's ``reader.doc_frequency`` (deleted documents included), cached per
    index version: Whoosh looks a term up in every segment's term table."""
    key = (segment_ids(reader), field, text)
    generation = generation_of(reader)
    kept = generation.cache("frequencies")
    found = kept.get(key)
    if found is None:
        joined = generation.cache("joined_postings").get(key)
        found = kept.put(key, len(joined[0]) if joined is not None else sum(
            _segment_frequency(leaf, field, text) for leaf, _ in reader.leaf_readers()))
    return found


def _segment_frequency(leaf, field, text):
    """A term's postings in one segment: as ``_segment_term`` reads them where the
    segment has posting files and a mapped term table; else from its kept
    arrays, or, where it has posting files (so its list is short or absent),
    read and kept (the look-up scoring would make next, made once); else from
    Whoosh's term table."""
    if field in FIELDS and _term_table(leaf) is not None:
        return len(_segment_term(leaf, field, text)[0])
    found = _held(leaf, field, text)
    if found is None and field in FIELDS and segmentcolumns.posting_files(leaf, field):
        found = _segment_term(leaf, field, text)
    return len(found[0]) if found is not None else leaf.doc_frequency(field, text)


def idf(searcher, field, text):
    """Whoosh's ``WeightingModel.idf`` (``log(N / (n + 1)) + 1``) from the cached
    frequencies (``doc_frequency``) rather than every segment's term table."""
    reader = searcher.get_parent().reader()
    return math.log(reader.doc_count_all() / (doc_frequency(reader, field, text) + 1)) + 1


class CachedFrequencies:
    """``reader``'s document counts as ``relevance.evidence_terms`` asks them
    (``doc_count_all``, ``doc_frequency``), each term's cached per index version."""

    def __init__(self, reader):
        self.reader = reader

    def doc_count_all(self):
        return self.reader.doc_count_all()

    def doc_frequency(self, field, text):
        return doc_frequency(self.reader, field, text)


def segment_ids(reader):
    """What identifies ``reader``'s documents: its segments, in order (kept on the
    reader, whose segments never change: a search asks it for each term and cache,
    53 µs each at 22 segments)."""
    return kept_on(reader, "segment_ids", lambda: tuple(
        leaf.segment().segment_id() for leaf, _ in reader.leaf_readers()))
