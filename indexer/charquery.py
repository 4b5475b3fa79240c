"""One-character queries, answered from a per-document set of characters.

Indexing every character as a posting would add 40% to what Whoosh must
write; a one-character query instead scans a column holding each document's
distinct normalised characters (``uchars``), read once per segment and
cached: a few milliseconds for 24k documents, with exact results.
"""
import threading

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher

FIELD = "uchars"
_cache = {}
_lock = threading.Lock()


def _segment_chars(leaf):
    """The distinct characters of each document in one segment (cached)."""
    key = leaf.segment().segment_id()     # random per segment, and segments never change
    with _lock:
        found = _cache.get(key)
    if found is None:
        if leaf.has_column(FIELD):
            found = [bytes(v).decode("utf-8") for v in leaf.column_reader(FIELD)]
        else:
            found = [""] * leaf.doc_count_all()
        with _lock:
            if len(_cache) > 64:
                _cache.clear()
            _cache[key] = found
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

    def _docs(self, reader):
        docs = []
        for leaf, offset in reader.leaf_readers():
            deleted = leaf.has_deletions()
            docs.extend(offset + n for n, chars in enumerate(_segment_chars(leaf))
                        if self.text in chars and not (deleted and leaf.is_deleted(n)))
        return docs

    def estimate_size(self, ixreader):
        return len(self._docs(ixreader))

    def matcher(self, searcher, context=None):
        docs = self._docs(searcher.reader())
        return ListMatcher(docs, all_weights=self.boost) if docs else NullMatcher()
