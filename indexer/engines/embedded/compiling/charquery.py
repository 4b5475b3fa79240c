"""Exact-substring queries answered by scanning per-document text, not postings.

* One character (``CharQuery``): indexing every character as a posting would
  add 40% to what Whoosh must write; instead a column holding each document's
  distinct normalised characters (``uchars``, a memory-mapped file per
  segment: ``arrays.segmentcolumns``) is scanned in C, with exact results.
* A string all of whose bigrams are very common (``TextQuery``; ``央视网消``,
  ``新闻联播``): Whoosh's phrase query checks positions document by document
  in Python (over a second on 24k documents).  ``needle in text`` over each
  document's normalised text (the very string its ``chars2`` bigrams come
  from, so the answer is the same set) takes a few milliseconds.  The texts
  are a memory-mapped file per segment, written with it
  (``arrays.segmentcolumns``): given the string's bigrams, only the
  documents holding all of them (their postings, as numpy arrays) are
  scanned, and only their texts' pages are read.  Those with the string as an
  indexed word (``holding_word``) hold it and are not scanned.

``doc_mask(reader)`` is each query's answer as a boolean array over the
reader's docnums (deleted documents left out), for ``scoring``.
"""
import numpy as np
from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher

from analyzers import can_be_word
from indexer.engines.embedded.arrays import scanned, segmentcolumns
from indexer.engines.embedded.arrays.doccolumns import doc_columns
from indexer.engines.embedded.arrays.postingarrays import (field_lengths, intersection, members,
                                                            segment_term_docs, term_docs)
from indexer.engines.embedded.arrays.versioncache import version_key
from indexer.engines.embedded.opening.generation import generation_of
from indexer.searching import budget
from indexer.searching.fields import TEXT_FIELDS

FIELD = "uchars"
_NO_DOCS = np.zeros(0, np.int32)
_NO_DOCS.flags.writeable = False
SCAN_CHUNK = 4096       # texts scanned between two looks at the search's deadline


class CharQuery(wq.Query):
    """Documents whose normalised text contains the character ``char``."""

    def __init__(self, char, boost=1.0):
        self.fieldname, self.text, self.boost = FIELD, char, boost

    def __eq__(self, other):
        return type(other) is type(self) and other.text == self.text

    def __hash__(self):
        return hash((FIELD, self.text))

    def __repr__(self):
        return f"CharQuery({self.text!r})"

    def __unicode__(self):
        return f"{FIELD}:{self.text}"

    __str__ = __unicode__

    def matching_docs(self, reader):
        return np.flatnonzero(self.doc_mask(reader)).tolist()

    def doc_mask(self, reader):
        """The matching documents as a boolean array over ``reader``'s docnums."""
        mask = np.zeros(reader.doc_count_all(), bool)
        for leaf, offset in reader.leaf_readers():
            docs = _char_docs(leaf, self.text)
            if leaf.has_deletions():
                docs = docs[~np.isin(docs, np.fromiter(leaf.deleted_docs_set, np.int64))]
            mask[docs + offset] = True
        return mask

    def estimate_size(self, ixreader):
        return len(self.matching_docs(ixreader))

    def matcher(self, searcher, context=None):
        docs = self.matching_docs(searcher.reader())
        return ListMatcher(docs, all_weights=self.boost) if docs else NullMatcher()


def _char_docs(leaf, char):
    """The documents of one segment whose text has ``char`` (cached, most recent
    up to the generation's bound: a character's list is one scan of the
    segment's ``uchars`` file)."""
    key = (leaf.segment().segment_id(), char)
    kept = generation_of(leaf).cache("char_docs")
    found = kept.get(key)
    if found is not None:
        return found[0]
    return kept.put(key, (segmentcolumns.uchars(leaf).holding(char),))[0]


def containing(reader, needle, candidates):
    """The ``candidates`` (a boolean array over ``reader``'s docnums) whose
    normalised text contains ``needle``: those with it as a word hold it
    (``holding_word``), only the others' texts are read."""
    return passing(reader, needle, candidates, contains(needle),
                   holding=lambda leaf: holding_word(leaf, needle))


def contains(needle):
    """A ``passing`` test: the texts holding ``needle``, searched in place."""
    return lambda texts, docs: texts.containing(docs, needle)


def each_text(check):
    """A ``passing`` test from a check of one text (a string -> whether it passes)."""
    return lambda texts, docs: np.fromiter(map(check, map(texts.__getitem__, docs.tolist())),
                                           bool, len(docs))


def passing(reader, key, candidates, test, holding=None):
    """The ``candidates`` whose normalised text passes ``test`` ((a segment's
    texts file, ascending docnums) -> bools); ``key`` names the test in the
    generation's scan cache (an exact string, or a tuple for another check), so
    a segment's documents are tested once.  ``holding``: (a segment) -> its
    docnums (ascending) known to pass, left untested."""
    found = np.zeros(len(candidates), bool)
    for leaf, offset in reader.leaf_readers():
        size = leaf.doc_count_all()
        docs = np.flatnonzero(candidates[offset:offset + size])
        if not len(docs):
            continue
        if field_lengths(leaf, "chars2")[docs].sum() < scanned.MIN_SCANNED_CHARS:
            found[docs[_tested(leaf, test, docs, holding)] + offset] = True
            continue
        segment = leaf.segment().segment_id()
        scans = generation_of(leaf).cache("scans")
        done, held = scans.known(segment, key, size)
        todo = docs[~done[docs]]
        if len(todo):
            held[todo[_tested(leaf, test, todo, holding)]] = True
            done[todo] = True
            scans.keep(segment, key, done, held)
        found[docs[held[docs]] + offset] = True
    return found


def _tested(leaf, test, docs, holding):
    """Which of ``docs`` (one segment's, ascending) pass: those ``holding`` names
    as they are, the others' texts scanned."""
    sure = members(holding(leaf), docs, leaf.doc_count_all()) if holding is not None else None
    if sure is None or not sure.any():
        return _scan(leaf, test, docs)
    rest = np.flatnonzero(~sure)
    sure[rest] = _scan(leaf, test, docs[rest])
    return sure


def _scan(leaf, test, docs):
    """Which of ``docs`` (one segment's docnums, ascending) have a text passing
    ``test``: the segment's texts file read for them, ``SCAN_CHUNK`` at a time,
    the search's deadline checked between."""
    texts = segmentcolumns.texts(leaf)
    found = np.zeros(len(docs), bool)
    for at in range(0, len(docs), SCAN_CHUNK):
        budget.check()
        found[at:at + SCAN_CHUNK] = test(texts, docs[at:at + SCAN_CHUNK])
    return found


def having_all(reader, field, terms):
    """The documents (a boolean array) with a posting of every one of ``terms``:
    the shortest list narrowed by each of the others, so the cost grows with the
    postings, not with the archive."""
    n = reader.doc_count_all()
    lists = [term_docs(reader, field, term) for term in dict.fromkeys(terms)]
    if not lists:
        return np.ones(n, bool)
    mask = np.zeros(n, bool)
    mask[intersection(lists, n, budget.check)] = True
    return mask


def holding_word(leaf, word):
    """The docnums (ascending) of one segment with ``word`` as a word of a text field.

    Each of them holds ``word`` in its normalised text, unscanned: a word (or
    sub-word) is a run of its field's normalised characters without
    whitespace, and the text is those fields' normalised characters with only
    whitespace runs collapsed.  A string that is no word finds none, and one
    that cannot be (``analyzers.can_be_word``: punctuation, Han beside digits)
    is not looked up.  Kept (``BOUNDS["word_docs"]``): a query asks again for
    each page it settles."""
    if not can_be_word(word):
        return _NO_DOCS
    key = (leaf.segment().segment_id(), "words", word)
    kept = generation_of(leaf).cache("word_docs")
    found = kept.get(key)
    if found is None:
        docs = [docs for docs in (segment_term_docs(leaf, field, word) for field in TEXT_FIELDS)
                if len(docs)]
        # a copy, never a slice of a map (kept, it would hold a merged-away file)
        found = kept.put(key, (np.array(docs[0]) if len(docs) == 1 else _union(docs, leaf),))
    return found[0]


def _union(lists, leaf):
    """The docnums (ascending) in any of ``lists``, over one segment's documents."""
    held = np.zeros(leaf.doc_count_all(), bool)
    for docs in lists:
        held[docs] = True
    return np.flatnonzero(held).astype(np.int32)


class TextQuery(CharQuery):
    """Documents whose normalised text contains ``needle`` (already normalised).

    ``bigrams``: the needle's ``chars2`` bigrams; a document lacking one of them
    cannot contain it, so only the others are scanned.
    """

    def __init__(self, needle, boost=1.0, bigrams=()):
        super().__init__(needle, boost)
        self.fieldname, self.bigrams = "chars2", tuple(bigrams)

    def doc_mask(self, reader):
        """The live documents holding the string, kept per index version as
        docnums (``BOUNDS["text_docs"]``): a search that counts its exact total
        asks for the same string's documents again, and the bigrams' lists
        would be narrowed again."""
        key = (self.text, self.bigrams) + version_key(reader)
        kept = generation_of(reader).cache("text_docs")
        found = kept.get(key)
        if found is None:
            candidates = having_all(reader, "chars2", self.bigrams) & doc_columns(reader).alive
            found = kept.put(key, (np.flatnonzero(containing(reader, self.text, candidates)),))
        mask = np.zeros(reader.doc_count_all(), bool)
        mask[found[0]] = True
        return mask

    def __repr__(self):
        return f"TextQuery({self.text!r})"

    def __unicode__(self):
        return f"chars2:{self.text!r}"

    __str__ = __unicode__
