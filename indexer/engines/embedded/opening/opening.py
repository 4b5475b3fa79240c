"""Opening the live index and lending out searchers: one place, for every search.

``open_index`` reads ``CURRENT`` and opens that generation once (cached);
``checkout`` lends a searcher of the live version from a small pool per
generation, so a server thread neither shares one nor keeps its own copy.
"""
import contextlib
import functools
import os
import threading

from whoosh import index as whoosh_index

from indexer.errors import BaokuError, IndexDamaged, IndexMismatch, IndexMissing
from indexer.engines.embedded.opening.searchers import SearcherPool
from indexer.engines.embedded.lifecycle import checking, faults, generations

_indexes = {}
_indexes_lock = threading.Lock()
_term_counts = {}      # (generation folder, commit) -> distinct terms


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
            ix = _indexes.get(generation)
        if ix is not None:
            return ix
        try:
            return _open_generation(index_dir, generation)
        except (IndexDamaged, IndexMismatch):
            if attempt == 4 or not _swapped(index_dir, generation):
                raise           # else a rebuild replaced it (and deleted it) as we opened it
    raise AssertionError("unreachable")


def _swapped(index_dir, generation):
    """True when ``generation`` is no longer the live one (a rebuild replaced it)."""
    return not os.path.isdir(generation) or generations.live_generation(index_dir) != generation


def _open_generation(index_dir, generation):
    try:
        # No mmap: Whoosh-Reloaded copies each mapped sub-file into memory per
        # searcher; plain files are read on demand (searchers.py closes them).
        ix = checking.open_generation(index_dir, generation)
    except (whoosh_index.IndexError, AttributeError, ImportError) as error:
        raise IndexMismatch(f"the index at {index_dir} cannot be read ({error}); "
                            f"run `baoku index --rebuild PATHS...`") from error
    ix.baoku_index_dir = index_dir
    with _indexes_lock:
        ix = _indexes.setdefault(generation, ix)
        replaced = [g for g in _indexes
                    if g != generation and os.path.dirname(g) == os.path.dirname(generation)]
        replaced = [_indexes.pop(g) for g in replaced]
    for old in replaced:        # their searchers hold deleted files open
        _pool(old).close()
    return ix


def live(ix):
    """``ix``, or the index that replaced it when a rebuild swapped generations."""
    index_dir = getattr(ix, "baoku_index_dir", None)
    if index_dir and generations.live_generation(index_dir) != ix.storage.folder:
        return open_index(index_dir)
    return ix


def _pool(ix):
    with _indexes_lock:
        if getattr(ix, "baoku_pool", None) is None:
            ix.baoku_pool = SearcherPool(ix)
        return ix.baoku_pool


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


_damage = {}      # generation folder -> (its files' state, the error a read met)


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
            index_dir = getattr(first, "baoku_index_dir", None) or (
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
                _damage[generation] = (checking.files_state(generation), problem)
            raise problem from error
    return run


_verdicts = {}      # generation folder -> (its files' state, IndexDamaged or None)
_verifying = threading.Lock()


def _verified(index_dir, generation):
    """The damage a full check of ``generation`` finds (None: sound), once per state."""
    if not generation:
        return None
    with _verifying:
        state = checking.files_state(generation)
        cached_state, verdict = _verdicts.get(generation, (None, None))
        if cached_state != state:
            try:
                checking.verify(index_dir, generation)
                verdict = None
            except BaokuError as problem:
                verdict = problem
            _verdicts[generation] = (state, verdict)
    return verdict


def damage_seen(generation):
    """The error a read met in ``generation`` if its files have not changed since."""
    state, problem = _damage.get(generation, (None, None))
    return problem if state == checking.files_state(generation) else None


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
        terms = _term_counts.get(version)
        if terms is None:
            terms = sum(1 for _ in reader.all_terms())
            _term_counts.clear()
            _term_counts[version] = terms
        documents = searcher.doc_count()
    size = sum(os.path.getsize(os.path.join(generation, name)) for name in os.listdir(generation))
    return {"documents": documents, "terms": terms, "size_bytes": size,
            "generation": os.path.basename(generation),
            "signature": generations.read_signature(generation)}
