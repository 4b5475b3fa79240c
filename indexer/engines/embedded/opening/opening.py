"""Opening the live index and lending out searchers: one place, for every search.

``open_index`` reads ``CURRENT`` and opens that generation once (cached);
``checkout`` lends a searcher of the live version from a small pool per
generation, so a server thread neither shares one nor keeps its own copy.
"""
import contextlib
import functools
import os
import resource
import threading
import weakref

from whoosh import index as whoosh_index

from indexer.errors import BaokuError, IndexDamaged, IndexMismatch, IndexMissing
from indexer.engines.embedded.lifecycle import checking, faults, generations
from indexer.engines.embedded.opening.generation import LOOSE, Generation

_open = {}          # generation folder -> its Generation (the live ones)
_of_index = weakref.WeakKeyDictionary()   # a Whoosh index -> its Generation (replaced ones too)
_indexes_lock = threading.Lock()


def open_index(index_dir):
    """The live index at ``index_dir`` (cached per generation).

    Raises IndexMissing when there is none, IndexPointerLost when CURRENT is
    lost but generations are there, IndexMismatch when it was built with a
    different analysis, IndexDamaged when its files cannot be read.
    """
    for attempt in range(5):
        with faults.opened(index_dir, None):
            generation = generations.live_generation(index_dir)
            if generation is None:
                generations.require_pointer(index_dir)
        if generation is None:
            raise IndexMissing(f"no index at {index_dir}; run `baoku index PATHS...` first "
                               f"(or pass --index / set BAOKU_INDEX)")
        with _indexes_lock:
            found = _open.get(generation)
        if found is not None:
            return found.ix
        try:
            return _open_generation(index_dir, generation)
        except (IndexDamaged, IndexMismatch):
            if attempt == 4 or not _swapped(index_dir, generation):
                raise           # else a rebuild replaced it (and deleted it) as we opened it
    raise AssertionError("unreachable")


def _swapped(index_dir, generation):
    """True when ``generation`` is no longer the live one (a rebuild replaced it)."""
    return not os.path.isdir(generation) or generations.live_generation(index_dir) != generation


def _allow_open_files():
    """Raise this process's limit of open files to what the system allows: each
    memory-mapped file of a segment keeps a descriptor (Python's mmap holds its
    own), some 90 a segment, 1,900 for a million-item index against a usual
    soft limit of 1,024."""
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = hard if hard != resource.RLIM_INFINITY else 1 << 20
        if soft != resource.RLIM_INFINITY and soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    except (ValueError, OSError):
        pass        # as it was: a very large index may then meet "too many open files"


def _open_generation(index_dir, generation):
    _allow_open_files()
    try:
        # No mmap: Whoosh-Reloaded copies each mapped sub-file into memory per
        # searcher; plain files are read on demand (searchers.py closes them).
        ix = checking.open_generation(index_dir, generation)
    except (whoosh_index.IndexError, AttributeError, ImportError) as error:
        raise IndexMismatch(f"the index at {index_dir} cannot be read ({error}); "
                            f"run `baoku index --rebuild PATHS...`") from error
    with _indexes_lock:
        opened = _open.setdefault(generation, Generation(ix, index_dir))
        _of_index.setdefault(opened.ix, opened)
        replaced = [g for g in _open
                    if g != generation and os.path.dirname(g) == os.path.dirname(generation)]
        replaced = [_open.pop(g) for g in replaced]
    for old in replaced:        # their searchers hold deleted files open
        old.close()
    return opened.ix


def generation_of_index(ix):
    """The ``Generation`` of ``ix`` (one opened elsewhere gets its own)."""
    with _indexes_lock:
        found = _of_index.get(ix)
        if found is None:
            found = _of_index[ix] = Generation(ix, None)
        return found


def live(ix):
    """``ix``, or the index that replaced it when a rebuild swapped generations."""
    index_dir = generation_of_index(ix).index_dir
    if index_dir and generations.live_generation(index_dir) != ix.storage.folder:
        return open_index(index_dir)
    return ix


def _pool(ix):
    return generation_of_index(ix).pool


@contextlib.contextmanager
def checkout(ix):
    """A searcher for the live version of ``ix``, this thread's alone for the block.

    Searchers come from a small pool per generation and go back to it, so a
    server thread neither shares one nor keeps its own copy.
    """
    for _ in range(5):
        ix = live(ix)
        pool = _pool(ix)
        try:
            searcher = pool.take()
            break
        except (OSError, whoosh_index.EmptyIndexError):
            if live(ix) is ix:
                raise           # otherwise swapped out and deleted as we opened it
    else:
        raise IndexMissing("the index kept changing while it was being opened; try again")
    try:
        yield searcher
    finally:
        pool.give_back(searcher)



def guarded(function):
    """A library entry point taking ``ix`` or ``index_dir`` first: whatever a
    damaged file raises in Whoosh's readers (``faults.from_the_files``) becomes
    IndexDamaged (remembered for ``/healthz`` until the files change).  Any
    other error met while handling the index's data (bytes that decode but say
    nonsense, e.g. a posting past the last document) has the generation
    verified: damage found is IndexDamaged, else the error is a bug and stays."""
    @functools.wraps(function)
    def run(first, *args, **kwargs):
        try:
            return function(first, *args, **kwargs)
        except BaokuError:
            raise
        except Exception as error:  # noqa: BLE001 - what bad bytes raise is open-ended
            from_files = faults.from_the_files(error)
            if not from_files and not faults.handling_data(error):
                raise                   # a caller's bad argument stays a ValueError
            generation = getattr(getattr(first, "storage", None), "folder", None)
            index_dir = _index_dir_of(first) or (
                first if isinstance(first, (str, os.PathLike)) else os.path.dirname(generation))
            if generation and _swapped(index_dir, generation):
                # a rebuild deleted it under this call: once more, on the live one
                return run(first if first is index_dir else open_index(index_dir),
                           *args, **kwargs)
            generation = generation or generations.live_generation(index_dir)
            problem = (faults.damaged(index_dir, generation, error) if from_files
                       else _verified(index_dir, generation))
            if problem is None:
                raise
            if generation:
                _records(generation).cache("damage").replace(
                    (generation, checking.files_state(generation)), problem)
            raise problem from error
    return run


def _index_dir_of(first):
    """The index folder of an entry point's first argument, when it is an index."""
    return generation_of_index(first).index_dir if hasattr(first, "storage") else None


_verifying = threading.Lock()
_UNKNOWN = object()


def _records(generation):
    """The Generation that keeps what was found of folder ``generation`` (``LOOSE``
    when it is not open)."""
    with _indexes_lock:
        return _open.get(generation, LOOSE)


def _verified(index_dir, generation):
    """The damage a full check of ``generation`` finds (None: sound), once per state."""
    if not generation:
        return None
    with _verifying:
        key = (generation, checking.files_state(generation))
        verdicts = _records(generation).cache("verdicts")
        verdict = verdicts.get(key, _UNKNOWN)
        if verdict is _UNKNOWN:
            try:
                checking.verify(index_dir, generation)
                verdict = None
            except BaokuError as problem:
                verdict = problem
            verdicts.replace(key, verdict)
    return verdict


def damage_seen(generation):
    """The error a read met in ``generation`` if its files have not changed since."""
    return _records(generation).cache("damage").get((generation,
                                                     checking.files_state(generation)))


def document_count(ix):
    """How many documents the live index holds (cheap: for health checks)."""
    with checkout(ix) as searcher:
        return searcher.doc_count()


def index_stats(index_dir):
    """Documents, distinct terms, bytes on disk and the analysis signature."""
    ix = open_index(index_dir)
    generation = ix.storage.folder
    with checkout(ix) as searcher:
        reader = searcher.reader()
        # counting terms walks every term (2.6 s on the 24k archive): once per commit
        version = (generation, reader.generation())
        counted = generation_of_index(ix).cache("term_counts")
        terms = counted.get(version)
        if terms is None:
            terms = counted.replace(version, sum(1 for _ in reader.all_terms()))
        documents = searcher.doc_count()
    size = sum(os.path.getsize(os.path.join(generation, name)) for name in os.listdir(generation))
    return {"documents": documents, "terms": terms, "size_bytes": size,
            "generation": os.path.basename(generation),
            "signature": generations.read_signature(generation)}
