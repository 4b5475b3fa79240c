"""The ranking of an unquoted term: words, character bigrams and the exact string.

A term is scored by three kinds of evidence, each a BM25 sum with saturation
(a word's and a bigram's scores: ``termevidence``):

* ``words``: jieba words of the term with their search-mode sub-words, over
  the word fields combined into one (Lucene's ``combined_fields``, BM25F:
  each field's term frequency and length weighted by ``FIELD_BOOSTS``, then
  saturated once, so a word repeated in headline and body does not count
  twice as much as BM25 per field would);
* ``bigrams``: the term's character bigrams over ``chars2`` (CJK bigram
  analysis, as Lucene's ``CJKBigramFilter`` beside the word analysis): a name
  jieba segments differently in the query and the document (``林默娘`` /
  ``林默`` ``娘``) still counts;
* ``exact``: a short term found as an exact string ranks first (a constant
  ``EXACT_SCORE`` above any other evidence); a long one (a question) is
  ranked by relevance alone.

idf is Lucene's (``ln(1 + (N - df + 0.5) / (df + 0.5))``), near zero for words
in most documents; interrogatives (``什么``, ``哪些``) and words in more than
``COMMON_SHARE`` of the documents are left out of the evidence altogether
when the term has other words (they make a query read most postings).
Weights were chosen by measuring cmrc2018-trial and drcd-dev
(bench/bench_ranking.py; the variants tried are in bench/README.md).

A document matches a term if it contains the exact string, any of its words,
or ``MIN_BIGRAMS`` of its Chinese bigrams holding a third of their idf (all of
them, when it has fewer: ``unknown:李建`` finds ``李建国`` by ``李建``): the
typed string is never missed, a document segmented differently is found, and
the two rare bigrams of a name outweigh a question's common ones.
Bigrams of letters and digits only rank (words match them reliably).
"""
import re

import numpy as np
from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher

from indexer.engines.embedded.arrays.postingarrays import (intersection, members, segment_ids,
                                                           term_docs)
from indexer.engines.embedded.compiling.termevidence import bigram_evidence, idf, word_evidence
from indexer.engines.embedded.opening.generation import generation_of
from indexer.searching.evidence import (COMMON_DOCS, COMMON_SHARE, EXACT_SCORE,  # noqa: F401
                                        INTERROGATIVES, SHORT_CHARS, evidence_terms)

MIN_BIGRAMS = 2            # a match by bigrams alone needs this many Chinese bigrams,
BIGRAM_SHARE = 0.34        # holding this share of the idf of the term's found ones
_HAN = re.compile("^[\u3400-\u9fff]{2}$")


class RankedTerm(wq.Query):
    """An unquoted term: ``exact`` (a substring query), ``words`` and ``bigrams``."""

    def __init__(self, text, exact, words, bigrams):
        self.text, self.exact, self.words, self.bigrams = text, exact, words, bigrams
        self.short = len(text) <= SHORT_CHARS
        han = sum(1 for g in bigrams if _HAN.match(g))
        self.min_bigrams = min(MIN_BIGRAMS, han) or None
        self.boost = 1.0

    def __eq__(self, other):
        return type(other) is type(self) and other.text == self.text

    def __hash__(self):
        return hash(("ranked", self.text))

    def __repr__(self):
        return f"RankedTerm({self.text!r})"

    def __unicode__(self):
        return f"ranked:{self.text!r}"

    __str__ = __unicode__

    def children(self):
        return [self.exact]

    def estimate_size(self, ixreader):
        return ixreader.doc_count_all()

    def matcher(self, searcher, context=None):
        # scored over the whole index (Whoosh asks each segment's sub-searcher)
        top = searcher.get_parent() if searcher.has_parent() else searcher
        mask, scores = evidence(top, self, exact_mask(top, self))
        offset = _offset(top, searcher)
        docs = np.flatnonzero(mask[offset:offset + searcher.reader().doc_count_all()])
        if not len(docs):
            return NullMatcher()
        return ListMatcher(docs.tolist(), weights=scores[docs + offset].tolist())


def _offset(top, searcher):
    if top is searcher:
        return 0
    segment = searcher.reader().segment().segment_id()
    return next(offset for leaf, offset in top.reader().leaf_readers()
                if leaf.segment().segment_id() == segment)


def exact_mask(searcher, term):
    n = searcher.reader().doc_count_all()
    mask = np.zeros(n, bool)
    if term.exact is not wq.NullQuery:
        mask[np.fromiter(searcher.docs_for_query(term.exact), dtype=np.int64)] = True
    return mask


def evidence(searcher, term, exact, parts=None):
    """(mask, score) of ``term`` for every document, given its ``exact`` mask.

    ``parts``: a list to which (signal, None, string, scores) of each piece
    of evidence is appended; they add up to the score.
    """
    return combine(term, exact, *gather(searcher, term, exact), parts)


def gather(searcher, term, exact):
    """``(other, pieces)``: the documents the term matches other than by its exact
    string, and [(signal, string, docnums, scores)] of its words and bigrams (only
    the documents each is found in: a piece costs its postings, not the index).

    ``exact``: a boolean array over docnums holding at least the documents with
    the exact string (the string's candidates will do).  A bigram only adds to
    a score where the term matches (``other | exact``), so a bigram's scores are
    computed there alone unless the whole list's are kept: ``国家`` of
    ``党和国家`` is in half the news, the term in a thirtieth.

    A term whose postings hold a quarter of the documents or more is kept per
    index version (its ``other``: a byte a document): a common term costs
    passes over most of the index, and comes back query after query."""
    reader = searcher.reader()
    key = ("gather", term.text, tuple(term.words), tuple(term.bigrams)) + segment_ids(reader)
    gathered = generation_of(reader).cache("gathered")
    found = gathered.get(key)
    if found is not None:
        return found[0], list(found[1])
    other, pieces, postings = _gather(reader, term, exact)
    if postings * 4 >= len(other):
        held = np.empty(len(pieces), dtype=object)
        for i, piece in enumerate(pieces):
            held[i] = piece
        # its bytes: the mask, and the pieces' docnums and scores (which the
        # evidence cache may give up while this holds them)
        gathered.put(key, (other, held), size=len(other) + sum(
            docs.nbytes + scores.nbytes for _, _, docs, scores in pieces))
    return other, pieces


def _gather(reader, term, exact):
    """``gather``'s ``(other, pieces)``, and how many postings they were read from."""
    n = reader.doc_count_all()
    mask, pieces = np.zeros(n, bool), []
    for word in term.words:
        found, scores = word_evidence(reader, word)
        if len(found):
            mask[found] = True
            pieces.append(("words", word, found, scores))
    # one Chinese bigram: a document holding it has all of the term's bigram mass
    alone = term.min_bigrams == 1
    han, grams = [], []     # (docnums, idf) of each Chinese bigram; each bigram found
    for gram in term.bigrams:
        ids = term_docs(reader, "chars2", gram)
        if not len(ids):
            continue
        matching = _HAN.match(gram) and alone       # its documents all match
        if matching:
            mask[ids] = True
        elif _HAN.match(gram):
            han.append((ids, idf(len(ids), n)))
        grams.append((gram, len(ids), matching))
    if term.min_bigrams and not alone:
        # enough of the term's bigrams, counted by how rare they are: the two rare
        # bigrams of a name outweigh a question's common ones (Elasticsearch's
        # common-terms idea, as a minimum_should_match over idf)
        mask[_enough_bigrams(han, n, term.min_bigrams)] = True
    within = None
    if not all(matching for _, _, matching in grams):
        within = mask | exact
        if np.count_nonzero(within) * 2 >= n:    # little to leave out: the whole lists', kept
            within = None
    for gram, _, matching in grams:
        pieces.append(("bigrams", gram, *bigram_evidence(reader, gram,
                                                         None if matching else within)))
    postings = sum(len(docs) for signal, _, docs, _ in pieces if signal == "words")
    return mask, pieces, postings + sum(size for _, size, _ in grams)


def _enough_bigrams(han, n, least):
    """The documents (docnums) holding ``least`` of the bigrams ``han`` ((docnums,
    idf) each) and ``BIGRAM_SHARE`` of their idf.  Each document's idf is added
    bigram by bigram in either way (the same sums, bit for bit); over every
    document only when the postings are many (a pass over 964k counts and sums
    where a rare name has a few hundred postings).

    When ``least`` is all of them (``习近平``: 习近, 近平), the documents holding
    every one hold all their idf: the lists' intersection, shortest first,
    with nothing counted or summed (0.3 ms where counting took 1.4 at 241k)."""
    if len(han) == least:
        return intersection([ids for ids, _ in han], n)
    total = 0.0
    for _, weight in han:
        total += weight
    if sum(len(ids) for ids, _ in han) * 8 >= n:
        # counted over every document in bytes; the idf added up only for the
        # documents holding ``least``, bigram by bigram (+ 0.0 where one is not
        # held: the same sums), not in passes over every document's float
        count, helds = np.zeros(n, np.uint8 if len(han) < 256 else np.int32), []
        for ids, _ in han:
            if len(ids) * 2 >= n:   # most documents: a whole pass, not a scatter
                held = np.zeros(n, bool)
                held[ids] = True
                count += held
                helds.append(held)
            else:       # (a count of the array's own type: ufunc.at's fast loop)
                np.add.at(count, ids, count.dtype.type(1))
                helds.append(None)
        docs = np.flatnonzero(count >= least)
        mass = np.zeros(len(docs))
        for (ids, weight), held in zip(han, helds):
            mass += (held[docs] if held is not None else members(ids, docs, n)) * weight
        return docs[mass >= BIGRAM_SHARE * total]
    if not han:
        return np.zeros(0, np.int64)
    docs, inverse, count = np.unique(np.concatenate([ids for ids, _ in han]),
                                     return_inverse=True, return_counts=True)
    weights = np.concatenate([np.full(len(ids), weight) for ids, weight in han])
    mass = np.bincount(inverse.reshape(-1), weights=weights, minlength=len(docs))
    return docs[(count >= least) & (mass >= BIGRAM_SHARE * total)]


def combine(term, exact, other, pieces, parts=None):
    """``evidence`` from ``gather``'s ``other`` and ``pieces``, given the ``exact`` mask.

    Only the documents with evidence are touched beyond the masks: a rare term's
    scores cost its postings, not passes over every document's float (5 ms a
    query at 964k documents).  The sums are the same bit for bit: a document
    with no evidence keeps 0.0, one that does not match is set to 0.0 (as
    multiplying its non-negative score by False did)."""
    n = len(exact)
    held = np.count_nonzero(exact) if term.short else 0
    if held * 8 >= n:
        # many: a product, not a masked assignment (0.2 ms where the mask took
        # 1.7 at 241k documents; False gives 0.0, True EXACT_SCORE)
        score = np.multiply(exact, float(EXACT_SCORE))
    else:           # few or none: only theirs written (no pass over n floats)
        score = np.zeros(n)
        if held:
            score[np.flatnonzero(exact)] = EXACT_SCORE
    if held and parts is not None:
        _add(parts, "exact", term.text, score.copy())
    dense = sum(len(docs) for _, _, docs, _ in pieces) * 2 >= n
    for signal, text, docs, s in pieces:
        # each document's score plus its piece, in place (as ``score[docs] += s``:
        # docs are distinct; a third of its time, which casts int32 docnums first)
        np.add.at(score, docs, s)
        if parts is not None:
            scores = np.zeros(n)
            scores[docs] = s
            _add(parts, signal, text, scores)
    matched = exact | other
    if dense:
        return matched, np.multiply(score, matched, out=score)
    for _, _, docs, _ in pieces:    # evidence outside the matches counts for nothing
        score[docs[~np.take(matched, docs)]] = 0.0
    return matched, score


def _add(parts, signal, text, scores):
    if parts is not None:
        parts.append((signal, None, text, scores))
