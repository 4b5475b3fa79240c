"""BM25F scores of every match at once, with numpy, for Baoku's usual query shapes.

Whoosh scores matches one document at a time in Python (~8 µs each through
its matcher tree): a word found in nearly every document costs ~200 ms on the
24k archive.  For trees made of ``Term``, ``Or``, ``And``,
``AndMaybe``, ``Not``, ``ConstantScoreQuery`` (of any query), ``Phrase`` over
``chars2`` and the text-scan queries of
``charquery.py`` — what ``query.py`` builds for words and strings — the same
scores are computed here over arrays: Whoosh's own ``bm25`` formula, idf,
average field lengths and per-document lengths, so the ranking is Whoosh's.
A phrase of consecutive bigrams is the documents holding all of them whose
text contains the string (``charquery.containing``: the set Whoosh's
positions give), scored as Whoosh's intersection of its terms.
Any other shape returns None and the caller lets Whoosh score it.
"""
import numpy as np
from whoosh import query as wq
from whoosh import scoring as ws

from indexer.searching import ordering, relevance
from indexer.searching.charquery import CharQuery, containing, having_all
from indexer.searching.doccolumns import doc_columns
from indexer.searching.postingarrays import all_field_lengths, term_arrays
from indexer.searching.relevance import RankedTerm
from indexer.storing.schema import TEXT_FIELDS
from indexer.storing.whooshinternals import bm25_b


class Unsupported(Exception):
    """The query has a node this module does not score."""


def match(searcher, query):
    """``(mask, scores)``: every live match of ``query`` as a boolean array over
    docnums, and every document's score; None for a shape Whoosh must score."""
    if not isinstance(searcher.weighting, ws.BM25F):
        return None
    try:
        mask, scores = _node(searcher, query)
    except Unsupported:
        return None
    return mask & doc_columns(searcher.reader()).alive, scores


def score_all(searcher, query, *, by_date=False, limit=None):
    """(docnums, scores) of every match (the first ``limit``), best first (ties:
    lower docnum), or None.

    ``by_date``: newest first (the order of Whoosh's reversed ``FieldFacet("date")``),
    then by the relevance score.  (Whoosh's ``ScoreFacet`` breaks such ties with
    a score that leaves out ``ConstantScoreQuery`` tiers, so exact matches of
    the same day could come after looser ones; here they come first.)
    """
    found = match(searcher, query)
    if found is None:
        return None
    mask, scores = found
    docs = np.flatnonzero(mask)
    keys = ordering.keys(doc_columns(searcher.reader()), docs, scores[docs],
                         "date" if by_date else "relevance")
    docs = ordering.first(docs, keys, limit)
    return docs, scores[docs]


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
        mask = q.doc_mask(searcher.reader())
        return _leaf(parts, "exact", None, q.text, mask, np.where(mask, float(q.boost), 0.0))
    if isinstance(q, wq.Phrase):
        return _leaf(parts, "exact", None, _needle(q), *_phrase(searcher, q, n))
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


def mask(searcher, q):
    """The documents ``q`` matches (any query), a boolean array over docnums."""
    return _mask(searcher, q, searcher.reader().doc_count_all()) & doc_columns(
        searcher.reader()).alive


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
    reader = searcher.reader()
    if (field, text) not in reader:
        return mask, scores
    ids, weights = term_arrays(reader, field, text)
    mask[ids] = True
    if scorable:
        weighting = searcher.weighting
        B = bm25_b(weighting, field)
        idf, avgfl = searcher.idf(field, text), searcher.avg_field_length(field) or 1
        weights = ws.bm25(idf, weights, all_field_lengths(reader, field)[ids], avgfl, B,
                          weighting.K1)
    scores[ids] = weights * boost
    return mask, scores


def _needle(q):
    """The string a phrase of overlapping bigrams spells (Unsupported otherwise)."""
    words = q.words
    if (q.fieldname != "chars2" or q.slop != 1 or len(words) < 2
            or any(len(w) != 2 for w in words)
            or any(a[1] != b[0] for a, b in zip(words, words[1:]))):
        raise Unsupported(q)
    return words[0] + "".join(w[1] for w in words[1:])


def _phrase(searcher, q, n):
    """Whoosh's phrase: documents with the bigrams in sequence, scored as the sum
    of its terms' scores (its matcher is their intersection)."""
    needle, reader = _needle(q), searcher.reader()
    if any((q.fieldname, w) not in reader for w in q.words):
        return np.zeros(n, bool), np.zeros(n)
    mask = containing(reader, needle, having_all(reader, q.fieldname, q.words)
                      & doc_columns(reader).alive)
    scores = np.zeros(n)
    for word in q.words:
        scores += _term(searcher, q.fieldname, word, 1.0, n)[1]
    return mask, np.where(mask, scores, 0.0)
