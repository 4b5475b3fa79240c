"""BM25F scores of every match at once, with numpy, for Baoku's usual query shapes.

Whoosh scores matches one document at a time in Python (~8 µs each through
its matcher tree): a word found in nearly every document costs ~200 ms on the
24k archive.  For trees made of ``Term``, ``Or``, ``And``,
``AndMaybe``, ``Not``, ``ConstantScoreQuery`` (of any query) and the
text-scan queries of
``charquery.py`` — what ``query.py`` builds for words and strings — the same
scores are computed here over arrays: Whoosh's own ``bm25`` formula, idf,
average field lengths and per-document lengths, so the ranking is Whoosh's.
Any other shape returns None and the caller lets Whoosh score it.
"""
import threading

import numpy as np
from whoosh import query as wq
from whoosh import scoring as ws

from indexer.searching import relevance
from indexer.searching.charquery import CharQuery
from indexer.searching.postingarrays import field_lengths, postings
from indexer.searching.relevance import RankedTerm
from indexer.storing.schema import TEXT_FIELDS
from indexer.storing.whooshinternals import bm25_b

_lengths = {}
_lock = threading.Lock()


class Unsupported(Exception):
    """The query has a node this module does not score."""


def score_all(searcher, query, *, by_date=False):
    """(docnums, scores) of every match, best first (ties: lower docnum), or None.

    ``by_date``: newest first (the order of Whoosh's reversed ``FieldFacet("date")``),
    then by the relevance score.  (Whoosh's ``ScoreFacet`` breaks such ties with
    a score that leaves out ``ConstantScoreQuery`` tiers, so exact matches of
    the same day could come after looser ones; here they come first.)
    """
    if not isinstance(searcher.weighting, ws.BM25F):
        return None
    try:
        mask, scores = _node(searcher, query)
    except Unsupported:
        return None
    mask &= _alive(searcher)
    docs = np.flatnonzero(mask)
    keys = (docs, -scores[docs])
    if by_date:
        # Whoosh ranks the raw column values (bytes, sorted); '' (no date) sorts last
        _, rank = np.unique(_dates(searcher), return_inverse=True)
        keys += (-rank[docs],)
    order = np.lexsort(keys)
    return docs[order], scores[docs][order]


def _dates(searcher):
    """Every document's raw ``date`` column value (cached per segment)."""
    parts = []
    for leaf, _ in searcher.reader().leaf_readers():
        key = (leaf.segment().segment_id(), "date")
        with _lock:
            found = _lengths.get(key)
        if found is None:
            found = (np.array(list(leaf.column_reader("date", translate=False)), dtype=bytes)
                     if leaf.has_column("date") else np.zeros(leaf.doc_count_all(), "S1"))
            with _lock:
                _lengths[key] = found
        parts.append(found)
    return np.concatenate(parts)


def _node(searcher, q, parts=None):
    """(mask, scores) of ``q``; ``parts`` collects (signal, field, string, scores) per leaf
    (field None: the string was searched in all text)."""
    n = searcher.reader().doc_count_all()
    first = len(parts) if parts is not None else 0
    mask, scores = _scored(searcher, q, n, parts)
    if parts is not None:
        # a leaf's share counts only where every node above it matched
        parts[first:] = [(signal, field, text, np.where(mask, s, 0.0))
                         for signal, field, text, s in parts[first:]]
    return mask, scores


def _scored(searcher, q, n, parts):
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return np.zeros(n, bool), np.zeros(n)
    if getattr(q, "boost", 1.0) != 1.0 and not isinstance(q, (wq.Term, CharQuery, wq.Every)):
        raise Unsupported(q)
    if isinstance(q, RankedTerm):
        return relevance.evidence(searcher, q, _mask(searcher, q.exact, n), parts)
    if isinstance(q, wq.Every) and not q.fieldname:
        return _leaf(parts, "all", None, "", np.ones(n, bool), np.full(n, float(q.boost)))
    if isinstance(q, wq.Term):
        signal = ("words" if q.fieldname in TEXT_FIELDS else
                  "exact" if q.fieldname == "chars2" else "field")
        return _leaf(parts, signal, None if signal == "exact" else q.fieldname, q.text,
                     *_term(searcher, q.fieldname, q.text, q.boost, n))
    if isinstance(q, CharQuery):        # CharQuery and TextQuery: a constant weight
        mask = np.zeros(n, bool)
        mask[np.asarray(q.matching_docs(searcher.reader()), dtype=np.int64)] = True
        return _leaf(parts, "exact", None, q.text, mask, np.where(mask, float(q.boost), 0.0))
    if isinstance(q, wq.ConstantScoreQuery):
        mask = _mask(searcher, q.child, n)
        return _leaf(parts, "constant", None, str(q.child), mask,
                     np.where(mask, float(q.score), 0.0))
    if isinstance(q, wq.Not):           # Whoosh's InverseMatcher: weight 1.0
        mask = ~_mask(searcher, q.query, n)
        return _leaf(parts, "filter", None, "", mask, np.where(mask, 1.0, 0.0))
    if isinstance(q, wq.AndMaybe):
        mask, scores = _node(searcher, q.a, parts)
        _, maybe = _node(searcher, q.b, parts)
        return mask, np.where(mask, scores + maybe, 0.0)
    if type(q) in (wq.Or, wq.And) and not (type(q) is wq.Or and (q.minmatch or q.scale)):
        found = [_node(searcher, sub, parts) for sub in q.subqueries]
        if not found:
            return np.zeros(n, bool), np.zeros(n)
        combine = np.logical_or if type(q) is wq.Or else np.logical_and
        mask = combine.reduce([m for m, _ in found])
        return mask, np.where(mask, np.sum([s for _, s in found], axis=0), 0.0)
    raise Unsupported(q)


def _leaf(parts, signal, field, text, mask, scores):
    if parts is not None:
        parts.append((signal, field, text, scores))
    return mask, scores


def explain(searcher, query, docnums):
    """{docnum: [(signal, field, string, score)]} for ``docnums``: each hit's score in pieces.

    The pieces add up to the score ``score_all`` gives; None when the query
    is one this module does not score (Whoosh did).
    """
    parts = []
    try:
        _node(searcher, query, parts)
    except Unsupported:
        return None
    return {d: [(signal, field, text, float(s[d])) for signal, field, text, s in parts if s[d]]
            for d in docnums}


def _mask(searcher, q, n):
    """The documents ``q`` matches (any query: its score is not needed)."""
    try:
        return _node(searcher, q)[0]
    except Unsupported:
        mask = np.zeros(n, bool)
        mask[np.fromiter(searcher.docs_for_query(q), dtype=np.int64)] = True
        return mask


def _term(searcher, field, text, boost, n):
    """Whoosh's BM25F score of one term in one field, for every document."""
    if field not in searcher.schema:
        raise Unsupported(field)
    scorable = searcher.schema[field].scorable      # else Whoosh's WeightScorer: the weight
    mask, scores = np.zeros(n, bool), np.zeros(n)
    if (field, text) not in searcher.reader():
        return mask, scores
    weighting = searcher.weighting
    B = bm25_b(weighting, field)
    idf, avgfl = searcher.idf(field, text), searcher.avg_field_length(field) or 1
    for leaf, offset in searcher.reader().leaf_readers():
        if (field, text) not in leaf:
            continue
        ids, weights = postings(leaf, field, text)
        docs = ids + offset
        mask[docs] = True
        if scorable:
            fl = field_lengths(leaf, field)[ids]
            weights = ws.bm25(idf, weights, fl, avgfl, B, weighting.K1)
        scores[docs] = weights * boost
    return mask, scores


def _alive(searcher):
    """True for each document slot not deleted."""
    alive = np.ones(searcher.reader().doc_count_all(), bool)
    for leaf, offset in searcher.reader().leaf_readers():
        if leaf.has_deletions():
            dead = [d for d in range(leaf.doc_count_all()) if leaf.is_deleted(d)]
            alive[np.asarray(dead, dtype=np.int64) + offset] = False
    return alive
