"""One generation of the index, opened: its Whoosh index, searchers and every cache.

A ``Generation`` is made when ``opening`` opens a generation folder and dropped
when a rebuild replaces it (its searchers closed, its caches with it), as
Whoosh's ``Searcher`` owns its idf cache.  Each cache is made on first use,
bounded as ``BOUNDS`` says: this table is the one place a memory bound is set.
``generation_of(reader)`` finds the generation whose searchers opened a reader
(or one of its segments' readers); a reader opened some other way (a writer's,
a test's) uses ``LOOSE``, a generation of its own with the same bounds.  Two
copies of an index hold segments of the same ids: each copy's generation keeps
its own.
"""
import threading
import weakref

from indexer.engines.embedded.arrays.arraycache import ArrayCache
from indexer.engines.embedded.arrays.scanned import ScanCache
from indexer.engines.embedded.arrays.table import Table
from indexer.engines.embedded.arrays.versioncache import VersionCache
from indexer.engines.embedded.opening.searchers import SearcherPool

# name: (kind, bound ...); what each holds and why it is this size
BOUNDS = {
    # Together at most ~0.8 GB (and ~0.3 MB of recent look-ups per segment and field,
    # ``postingfiles.RECENT``: ~35 MB at a million items), so a serving worker stays
    # within 1 GB of its own memory beside the page cache's mapped files (issue 28.4).
    # postings decoded from Whoosh's blocks (6 bytes each: ~96 MB): lists too short
    # for a segment's posting files (arrays.postingfiles), and every list of a
    # segment written before them; (segment id, field, text) -> (docnums, weights)
    "postings": (ArrayCache, 16_000_000, 200_000),
    # the most recent terms joined over the segments, float64 (12 bytes each: ~144 MB)
    "joined_postings": (ArrayCache, 12_000_000, 200_000),
    # the documents holding a string as a word of any text field, per segment
    # (4 bytes each: 16 MB); (segment id, "words", string) -> (docnums,)
    "word_docs": (ArrayCache, 4_000_000, 200_000),
    # (segment, field) length arrays (8 bytes a document a field): a few hundred segments
    # (folder, segment id, item) -> a segment's memory-mapped files (arrays.segmentcolumns):
    # maps, not data (the page cache holds what queries read)
    "segment_files": (Table, 100_000),
    "joined_lengths": (Table, 64),           # (segment ids, field) -> every document's
    "frequencies": (Table, 500_000),         # (segment ids, field, text) -> df
    # (segment id, char) -> its documents, most recent up to 4M docnums
    "char_docs": (ArrayCache, 4_000_000, 10**12),
    # (string, bigrams, version) -> the live documents holding an exact string,
    # up to 4M docnums (8 bytes each: 32 MB)
    "text_docs": (ArrayCache, 4_000_000, 200_000),
    # exact-string scans kept per segment (two bitsets each): 128 MiB
    "scans": (ScanCache, 128 * 2**20),
    # each word's and bigram's (docnums, scores), up to 12M entries (12 bytes each:
    # ~144 MB; scale.py's 200 queries hold 0.8M at 24k items, 7.9M at 241k, 31.5M at
    # 964k, where the oldest give way)
    "evidence": (ArrayCache, 12_000_000, 200_000),
    # common terms' gather: their masks and evidence, 128 MB (bytes counted)
    "gathered": (ArrayCache, 128_000_000, 200_000),
    # common nodes' (mask, scores) per index version (9 bytes a document: ~10 at a
    # million items), bytes counted; (query node, version) -> (mask, scores)
    "nodes": (ArrayCache, 96_000_000, 10_000),
    "length_norms": (Table, 8),              # (name, segment ids) -> BM25 length norms
    # tables per index version (segments and deletions), rebuilt after a commit
    "doc_columns": (VersionCache, 9),
    "facet_tables": (VersionCache, 9),
    "shown_kinds": (VersionCache, 9),
    "issue_tables": (VersionCache, 1),
    "term_counts": (Table, 0),               # (folder, commit) -> distinct terms
    "probe": (Table, 0),                     # files' state -> the health probe's outcome
    "damage": (Table, 0),                    # (folder, files' state) -> the error a read met
    "verdicts": (Table, 0),                  # (folder, files' state) -> a full check's verdict
}


class Generation:
    """The Whoosh index of one generation folder, its searcher pool and its caches."""

    def __init__(self, ix, index_dir):
        self.ix, self.index_dir = ix, index_dir
        self._caches = {}
        self._lock = threading.Lock()
        self._pool = None

    @property
    def pool(self):
        """The searchers of this generation (made on first use)."""
        with self._lock:
            if self._pool is None:
                self._pool = SearcherPool(self.ix, opened=self.adopt)
            return self._pool

    def cache(self, name, build=None):
        """The cache ``name`` (``BOUNDS``), made on first use; ``build(reader)`` for
        a ``VersionCache``'s tables."""
        found = self._caches.get(name)
        if found is None:
            kind, *bounds = BOUNDS[name]
            with self._lock:
                found = self._caches.get(name)
                if found is None:
                    found = kind(build, *bounds) if kind is VersionCache else kind(*bounds)
                    self._caches[name] = found
        return found

    def adopt(self, reader):
        """Let ``generation_of`` find this generation from ``reader`` (a searcher's,
        just opened) and from each of its segments' readers."""
        with _registry_lock:
            _by_reader[reader] = self
            for leaf, _ in reader.leaf_readers():
                _by_reader[leaf] = self

    def close(self):
        """Drop the generation: its searchers close, its caches go with them (the
        segment files' maps too, so a replaced generation's files are let go)."""
        if self._pool is not None:
            self._pool.close()
        with self._lock:
            self._caches.clear()


_by_reader = weakref.WeakKeyDictionary()    # a searcher's reader -> its Generation
_registry_lock = threading.Lock()
LOOSE = Generation(None, None)


def generation_of(reader):
    """The generation whose caches serve ``reader`` (a reader or a segment's)."""
    return _by_reader.get(reader, LOOSE)
