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

What only adds to other matches is scored at those matches alone
(``pointwise``: a phrase's words, its bigrams' scores), as is the
re-scoring of a page once its exact strings are settled; a single term's
scores are ``termscores``.  A leaf or unquoted term matching an eighth of
the documents or more is kept per index version (``_kept``): such a node
costs passes over most of the index, and common words come back.
"""
import numpy as np
from whoosh import query as wq
from whoosh import scoring as ws

from indexer.engines.embedded.compiling import exactstrings, relevance
from indexer.engines.embedded.scoring import ordering, pointwise
from indexer.engines.embedded.compiling.charquery import CharQuery, containing, having_all
from indexer.engines.embedded.arrays.doccolumns import doc_columns
from indexer.engines.embedded.arrays.versioncache import version_key
from indexer.engines.embedded.compiling.relevance import RankedTerm
from indexer.engines.embedded.scoring.termscores import (DENSE_SHARE, Unsupported, summed, term_at,
                                          term_mask, term_scores)
from indexer.engines.embedded.lifecycle.schema import TEXT_FIELDS
from indexer.engines.embedded.opening.generation import generation_of
from indexer.searching import budget

LAZY = True     # unquoted terms' exact strings scanned only where a page needs them
COMMON_SHARE = 8    # a node matching 1/8 of the documents or more is kept (``_kept``)


class Ranking:
    """Every live match of a query (``mask``, over docnums) and every document's
    ``scores``: exact, except that the exact strings of unquoted terms are left
    unscanned where they decide only a score (``exactstrings``); ``settle``
    makes the scores of given documents exact.  An unscanned score is an upper
    bound, so the first k by the current scores, once settled, are the first k.
    ``lazy`` False: every exact string scanned at once (when the search counts
    them all anyway, ``total_exact``, settling pages would only repeat work)."""

    def __init__(self, searcher, query, lazy=None):
        self.searcher, self.query = searcher, query
        self.pending = {} if (LAZY if lazy is None else lazy) else None
        mask, self.scores = _node(searcher, query, None, self.pending)
        self.mask = mask & doc_columns(searcher.reader()).alive

    def unsettled(self, docs):
        """Which of ``docs`` have a score that may still drop."""
        found = np.zeros(len(docs), bool)
        for entry in (self.pending or {}).values():
            found |= entry.unsettled(docs)
        return found

    def settle(self, docs):
        """Make the scores of ``docs`` (docnums) exact."""
        if not self.unsettled(docs).any():
            return
        chosen = np.zeros(len(self.mask), bool)
        chosen[docs] = True
        for entry in self.pending.values():
            entry.settle(self.searcher.reader(), chosen)
        if len(docs) * DENSE_SHARE > len(self.mask):
            self.scores = _node(self.searcher, self.query, None, self.pending)[1]
            return
        docs = np.unique(docs)
        if not self.scores.flags.writeable:
            self.scores = self.scores.copy()
        self.scores[docs] = pointwise.at(self.searcher, self.query, docs, self.pending,
                                         self._dense)[1]

    def _dense(self, q):
        return _node(self.searcher, q, None, self.pending)


def match(searcher, query, lazy=None):
    """The ``Ranking`` of ``query`` (``lazy``: as ``Ranking``'s); None for a
    shape Whoosh must score."""
    if not isinstance(searcher.weighting, ws.BM25F):
        return None
    try:
        return Ranking(searcher, query, lazy)
    except Unsupported:
        return None


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
    docs = np.flatnonzero(found.mask)
    found.settle(docs)
    keys = ordering.keys(doc_columns(searcher.reader()), docs, found.scores[docs],
                         "date" if by_date else "relevance")
    docs = ordering.first(docs, keys, limit)
    return docs, found.scores[docs]


def _node(searcher, q, parts=None, pending=None):
    """(mask, scores) of ``q``; ``parts`` collects (signal, field, string, scores) per leaf
    (field None: the string was searched in all text); ``pending`` ({term: Pending}
    or None: scan every exact string) keeps the unquoted terms' exact strings."""
    budget.check()      # each node of a long query is a look at the search's deadline
    n = searcher.reader().doc_count_all()
    first = len(parts) if parts is not None else 0
    mask, scores = _scored(searcher, q, n, parts, pending)
    if parts is not None:
        # a leaf's share counts only where every node above it matched
        parts[first:] = [(signal, field, text, np.where(mask, s, 0.0))
                         for signal, field, text, s in parts[first:]]
    return mask, scores


def _scored(searcher, q, n, parts, pending):
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return np.zeros(n, bool), np.zeros(n)
    if getattr(q, "boost", 1.0) != 1.0 and not isinstance(q, (wq.Term, CharQuery, wq.Every)):
        raise Unsupported(q)
    if isinstance(q, RankedTerm):
        return _ranked(searcher, q, n, parts, pending)
    if isinstance(q, wq.Every) and not q.fieldname:
        return _leaf(parts, "all", None, "", np.ones(n, bool), np.full(n, float(q.boost)))
    if isinstance(q, wq.Term):
        signal = ("words" if q.fieldname in TEXT_FIELDS else
                  "exact" if q.fieldname == "chars2" else "field")
        return _leaf(parts, signal, None if signal == "exact" else q.fieldname, q.text,
                     *_kept(searcher, q, lambda: term_scores(searcher, q.fieldname, q.text,
                                                             q.boost, n)))
    if isinstance(q, CharQuery):        # CharQuery and TextQuery: a constant weight
        mask, scores = _kept(searcher, q, lambda: _constant(q.doc_mask(searcher.reader()),
                                                            q.boost))
        return _leaf(parts, "exact", None, q.text, mask, scores)
    if isinstance(q, wq.Phrase):
        return _leaf(parts, "exact", None, exactstrings.needle(q),
                     *_kept(searcher, q, lambda: _phrase(searcher, q, n)))
    if isinstance(q, wq.ConstantScoreQuery):
        mask = _mask(searcher, q.child, n)
        return _leaf(parts, "constant", None, str(q.child), mask, mask * float(q.score))
    if isinstance(q, wq.Not):           # Whoosh's InverseMatcher: weight 1.0
        mask = ~_mask(searcher, q.query, n)
        return _leaf(parts, "filter", None, "", mask, mask * 1.0)
    if isinstance(q, wq.AndMaybe):
        mask, scores = _node(searcher, q.a, parts, pending)
        if parts is None and np.count_nonzero(mask) * DENSE_SHARE <= n:
            # b only adds to a's matches: scored there alone (when they are few)
            docs = np.flatnonzero(mask)
            scores = scores * mask
            scores[docs] += pointwise.at(searcher, q.b, docs, pending,
                                         lambda sub: _node(searcher, sub, None, pending))[1]
            return mask, scores
        _, maybe = _node(searcher, q.b, parts, pending)
        return mask, (scores + maybe) * mask
    if type(q) in (wq.Or, wq.And) and not (type(q) is wq.Or and (q.minmatch or q.scale)):
        found = [_node(searcher, sub, parts, pending) for sub in q.subqueries]
        if not found:
            return np.zeros(n, bool), np.zeros(n)
        combine = np.logical_or if type(q) is wq.Or else np.logical_and
        mask = combine.reduce([m for m, _ in found])
        return mask, summed([s for _, s in found]) * mask
    raise Unsupported(q)


def _ranked(searcher, q, n, parts, pending):
    """An unquoted term; its exact string left to settle when ``pending`` is given."""
    if parts is not None:
        return relevance.evidence(searcher, q, _mask(searcher, q.exact, n), parts)
    if pending is None:
        return _kept(searcher, q, lambda: relevance.evidence(searcher, q,
                                                             _mask(searcher, q.exact, n)))
    entry = pending.get(q)
    if entry is None:
        found = exactstrings.candidates(searcher.reader(), q.exact)
        if found is None:
            return relevance.evidence(searcher, q, _mask(searcher, q.exact, n))
        entry = pending[q] = exactstrings.Pending(searcher.reader(), q, found[0], found[1],
                                                  *relevance.gather(searcher, q, found[1]))
    return relevance.combine(q, entry.exact(), entry.other, entry.pieces)


def _kept(searcher, q, compute):
    """``compute()``'s (mask, scores) of node ``q``, kept per index version when
    it matches at least 1/``COMMON_SHARE`` of the documents (``BOUNDS["nodes"]``):
    a common word or string costs passes over most of the index each time it
    is asked, as Lucene's query cache keeps the frequent clauses' matches."""
    found = _kept_node(searcher, q)
    if found is None:
        found = compute()
        mask, scores = found
        if np.count_nonzero(mask) * COMMON_SHARE >= len(mask) > 0:
            reader = searcher.reader()
            generation_of(reader).cache("nodes").put((q, version_key(reader)), found,
                                                     size=mask.nbytes + scores.nbytes)
    return found


def _kept_node(searcher, q):
    """The (mask, scores) ``_kept`` holds of node ``q`` for this index version, or None."""
    reader = searcher.reader()
    return generation_of(reader).cache("nodes").get((q, version_key(reader)))


def _constant(mask, boost):
    return mask, mask * float(boost)


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
    """The documents ``q`` matches (any query: its score is not needed, so no
    node is scored: what only adds to a score, ``AndMaybe``'s ``b``, is not read)."""
    if type(q) is wq.Term and q.fieldname in searcher.schema:      # its postings alone
        return term_mask(searcher, q, n, COMMON_SHARE)
    if type(q) is wq.AndMaybe:
        return _mask(searcher, q.a, n)
    if type(q) in (wq.Or, wq.And) and q.subqueries and not (
            type(q) is wq.Or and (q.minmatch or q.scale)):
        combine = np.logical_or if type(q) is wq.Or else np.logical_and
        return combine.reduce([_mask(searcher, sub, n) for sub in q.subqueries])
    if type(q) is wq.Not:
        return ~_mask(searcher, q.query, n)
    if type(q) is wq.ConstantScoreQuery:
        return _mask(searcher, q.child, n)
    if type(q) is wq.Phrase and exactstrings.needle(q) is not None:
        kept = _kept_node(searcher, q)
        return kept[0] if kept is not None else _phrase_mask(searcher.reader(), q)
    if isinstance(q, CharQuery):        # its documents, no constant score made for them
        kept = _kept_node(searcher, q)
        return kept[0] if kept is not None else q.doc_mask(searcher.reader())
    try:
        return _node(searcher, q, None, {})[0]     # exact strings decide no match: unscanned
    except Unsupported:
        mask = np.zeros(n, bool)
        mask[np.fromiter(searcher.docs_for_query(q), dtype=np.int64)] = True
        return mask


def _phrase(searcher, q, n):
    """Whoosh's phrase: documents with the bigrams in sequence, scored as the sum
    of its terms' scores (its matcher is their intersection)."""
    if exactstrings.needle(q) is None:
        raise Unsupported(q)
    mask = _phrase_mask(searcher.reader(), q)
    docs = np.flatnonzero(mask)
    scores = np.zeros(n)
    scores[docs] = summed([term_at(searcher, q.fieldname, word, 1.0, docs)[1]
                           for word in q.words], len(docs))
    return mask, scores


def _phrase_mask(reader, q):
    """The live documents holding the string a phrase of bigrams spells."""
    return containing(reader, exactstrings.needle(q), having_all(reader, q.fieldname, q.words)
                      & doc_columns(reader).alive)
