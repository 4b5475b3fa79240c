"""Exact-substring queries answered by scanning per-document text, not postings.

* One character (``CharQuery``): indexing every character as a posting would
  add 40% to what Whoosh must write; instead a column holding each document's
  distinct normalised characters (``uchars``) is read once per segment and
  cached: a few milliseconds for 24k documents, with exact results.
* A string all of whose bigrams are very common (``TextQuery``; ``央视网消``,
  ``新闻联播``): Whoosh's phrase query checks positions document by document
  in Python (over a second on 24k documents).  ``needle in text`` over each
  document's normalised text (the very string its ``chars2`` bigrams come
  from, so the answer is the same set) takes a few milliseconds.  The texts
  are built from the stored records once per segment, on first use, and
  cached (~2 bytes a character: ~26 MB for the 24k archive).  Given the
  string's bigrams, only the documents holding all of them (their postings,
  as numpy arrays) are scanned.

``doc_mask(reader)`` is each query's answer as a boolean array over the
reader's docnums (deleted documents left out), for ``scoring``.
"""
import operator
from itertools import repeat

import numpy as np
from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher

import analyzers
from indexer.engines.embedded.arrays import scanned
from indexer.engines.embedded.arrays.doccolumns import doc_columns
from indexer.engines.embedded.arrays.postingarrays import field_lengths, term_docs
from indexer.engines.embedded.lifecycle import schema
from indexer.engines.embedded.opening.generation import generation_of
from indexer.searching import budget

FIELD = "uchars"
SCAN_CHUNK = 4096       # texts scanned between two looks at the search's deadline


def _segment_chars(leaf):
    """The distinct characters of each document in one segment (cached)."""
    key = leaf.segment().segment_id()     # random per segment, and segments never change
    kept = generation_of(leaf).cache("segment_chars")
    found = kept.get(key)
    if found is None:
        if leaf.has_column(FIELD):
            found = [bytes(v).decode("utf-8") for v in leaf.column_reader(FIELD)]
        else:
            found = [""] * leaf.doc_count_all()
        kept.put(key, found)
    return found


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
    up to the generation's bound: a character's list is built by one scan)."""
    key = (leaf.segment().segment_id(), char)
    kept = generation_of(leaf).cache("char_docs")
    found = kept.get(key)
    if found is not None:
        return found[0]
    chars = _segment_chars(leaf)
    found = np.flatnonzero(np.fromiter(map(operator.contains, chars, repeat(char)), bool,
                                       len(chars)))
    return kept.put(key, (found,))[0]


def _segment_texts(leaf, keep):
    """Each document's normalised searchable text in one segment (cached).

    ``keep``: segment ids still in use; texts of other segments are dropped
    (None: drop nothing).
    """
    key = leaf.segment().segment_id()
    texts = generation_of(leaf).cache("segment_texts")
    with texts.lock:        # held while building: one build per segment at a time
        found = texts.peek(key)
        if found is None:
            found = [analyzers.normalize_query_chars(
                schema.searchable_text(schema.stored_record(fields)))
                for _, fields in _stored(leaf)]
            if keep is not None:
                texts.retain(keep)
            texts.store(key, found)
    return found


def load_texts(reader):
    """Build the normalised texts of every segment of ``reader`` (the warm-up)."""
    leaves = reader.leaf_readers()
    keep = {leaf.segment().segment_id() for leaf, _ in leaves}
    for leaf, _ in leaves:
        _segment_texts(leaf, keep)


def _stored(leaf):
    """(docnum, stored fields) for every document slot ({} for deleted ones)."""
    deleted = leaf.has_deletions()
    for docnum in range(leaf.doc_count_all()):
        yield docnum, ({"record": "{}"} if deleted and leaf.is_deleted(docnum)
                       else leaf.stored_fields(docnum))


def containing(reader, needle, candidates):
    """The ``candidates`` (a boolean array over ``reader``'s docnums) whose
    normalised text contains ``needle``; only their texts are read."""
    keep = {leaf.segment().segment_id() for leaf, _ in reader.leaf_readers()}
    return passing(reader, needle, candidates, contains(needle), keep)


def contains(needle):
    return lambda texts: map(operator.contains, texts, repeat(needle))


def passing(reader, key, candidates, test, keep):
    """The ``candidates`` whose normalised text passes ``test`` (texts -> bools);
    ``key`` names the test in the generation's scan cache (an exact string, or a
    tuple for another check), so a segment's documents are tested once.
    ``keep``: the segment ids in use (``_segment_texts``)."""
    found = np.zeros(len(candidates), bool)
    for leaf, offset in reader.leaf_readers():
        size = leaf.doc_count_all()
        docs = np.flatnonzero(candidates[offset:offset + size])
        if field_lengths(leaf, "chars2")[docs].sum() < scanned.MIN_SCANNED_CHARS:
            found[docs[_scan(leaf, keep, test, docs)] + offset] = True
            continue
        segment = leaf.segment().segment_id()
        scans = generation_of(leaf).cache("scans")
        done, held = scans.known(segment, key, size)
        todo = docs[~done[docs]]
        if len(todo):
            held[todo[_scan(leaf, keep, test, todo)]] = True
            done[todo] = True
            scans.keep(segment, key, done, held)
        found[docs[held[docs]] + offset] = True
    return found


def _scan(leaf, keep, test, docs):
    """Which of ``docs`` (one segment's docnums) have a text passing ``test``."""
    if not len(docs):
        return np.zeros(0, bool)
    texts = _segment_texts(leaf, keep)
    found = np.zeros(len(docs), bool)
    for at in range(0, len(docs), SCAN_CHUNK):     # the search's deadline checked between
        budget.check()
        chunk = map(texts.__getitem__, docs[at:at + SCAN_CHUNK].tolist())
        found[at:at + SCAN_CHUNK] = np.fromiter(test(chunk), bool,
                                                min(SCAN_CHUNK, len(docs) - at))
    return found


def having_all(reader, field, terms):
    """The documents (a boolean array) with a posting of every one of ``terms``."""
    mask = np.ones(reader.doc_count_all(), bool)
    for term in dict.fromkeys(terms):
        budget.check()
        found = np.zeros(len(mask), bool)
        found[term_docs(reader, field, term)] = True
        mask &= found
    return mask


class TextQuery(CharQuery):
    """Documents whose normalised text contains ``needle`` (already normalised).

    ``bigrams``: the needle's ``chars2`` bigrams; a document lacking one of them
    cannot contain it, so only the others are scanned.
    """

    def __init__(self, needle, boost=1.0, bigrams=()):
        super().__init__(needle, boost)
        self.fieldname, self.bigrams = "chars2", tuple(bigrams)

    def doc_mask(self, reader):
        candidates = having_all(reader, "chars2", self.bigrams) & doc_columns(reader).alive
        return containing(reader, self.text, candidates)

    def __repr__(self):
        return f"TextQuery({self.text!r})"

    def __unicode__(self):
        return f"chars2:{self.text!r}"

    __str__ = __unicode__

    def matcher(self, searcher, context=None):
        # Whoosh runs a query per segment with a sub-searcher: the segments
        # in use are the top-level searcher's.
        top = searcher.get_parent() if searcher.has_parent() else searcher
        keep = {leaf.segment().segment_id() for leaf, _ in top.reader().leaf_readers()}
        docs = self.matching_docs(searcher.reader(), keep)
        return ListMatcher(docs, all_weights=self.boost) if docs else NullMatcher()

    def matching_docs(self, reader, keep=None):
        leaves = reader.leaf_readers()
        if keep is None and not reader.is_atomic():     # a whole index version
            keep = {leaf.segment().segment_id() for leaf, _ in leaves}
        docs, needle = [], self.text
        for leaf, offset in leaves:
            deleted = leaf.has_deletions()
            docs.extend(offset + n for n, text in enumerate(_segment_texts(leaf, keep))
                        if needle in text and not (deleted and leaf.is_deleted(n)))
        return docs
