"""Adding, replacing and deleting documents; building a new generation.

Example::

    >>> from indexer.storing.writing import index_records
    >>> index_records("instance/index", read_records(["seeds/"]))  # doctest: +SKIP
    {'indexed': 60, 'added': 60, 'replaced': 0, 'documents': 60, 'rebuilt': True, ...}
"""
import functools
import os
import time

from whoosh.writing import MERGE_SMALL, LockError

from indexer.storing import building, checking, faults, generations, schema
from indexer.storing.whooshinternals import codec
from indexer.errors import BaokuError, IndexLocked

PARALLEL_FROM = 500     # documents; below this one process is faster than forking
PROCS = min(2, os.cpu_count() or 1)


def index_records(index_dir, records, *, rebuild=False, progress=None, lock_timeout=10.0):
    """Add or replace ``records`` (by id) in the index at ``index_dir``.

    The same id given twice keeps the last record.  With ``rebuild`` (or when
    there is no index yet) a new generation is built beside the live one and
    swapped in atomically.  ``progress(done, total)`` is called as documents
    are written.  Returns counts: indexed, added, replaced, documents.

    No records: nothing is written (no folder on a new index).  A failed run
    removes what it wrote and raises one library error (a full disk:
    ``DiskFull``); the index is as it was.
    """
    latest = {}
    for record in records:
        if record.get("id"):
            latest[str(record["id"])] = record
    started = time.perf_counter()
    with faults.translated(index_dir):
        if not latest:
            counts = {"indexed": 0, "added": 0, "replaced": 0,
                      "documents": _documents(index_dir)}
        else:
            counts = _index(index_dir, latest, rebuild, progress, lock_timeout)
    counts.setdefault("rebuilt", False)
    counts["seconds"] = round(time.perf_counter() - started, 3)
    return counts


def _index(index_dir, latest, rebuild, progress, lock_timeout):
    with generations.writer_lock(index_dir, lock_timeout):
        generations.require_pointer(index_dir)
        live = generations.live_generation(index_dir)
        if rebuild or live is None:
            if live is not None and _opens(index_dir, live):
                generations.remove_stale(index_dir, live)
            counts = _build_generation(index_dir, latest, progress)
            counts["rebuilt"] = True
        else:
            ix = _open_for_writing(index_dir, live)
            generations.remove_stale(index_dir, live)
            with faults.removing_new_files(live):
                counts = _write(index_dir, ix, latest, progress, update=True)
            counts["documents"] = ix.doc_count()
            ix.close()
        # The generation a rebuild replaced stays until the next run: searches
        # that read CURRENT just before the swap are still opening it.
    return counts


def _documents(index_dir):
    """Documents in the live index (0 without one), for a run that wrote nothing."""
    generations.require_pointer(index_dir)
    live = generations.live_generation(index_dir)
    if live is None:
        return 0
    ix = _open_for_writing(index_dir, live)
    try:
        return ix.doc_count()
    finally:
        ix.close()


def delete_ids(index_dir, ids, *, lock_timeout=10.0):
    """Delete the documents with these ids; returns how many existed."""
    with faults.translated(index_dir), generations.writer_lock(index_dir, lock_timeout):
        generations.require_pointer(index_dir)
        live = generations.live_generation(index_dir)
        if live is None:
            return 0
        ix = _open_for_writing(index_dir, live)
        with faults.opened(index_dir, live), ix.searcher() as searcher:
            present = [i for i in dict.fromkeys(map(str, ids))
                       if searcher.document_number(id=i) is not None]
        if present:
            with faults.removing_new_files(live), ix.storage.closing_on_failure():
                writer = _writer(ix)     # opens the new segment's files already
                try:
                    for doc_id in present:
                        writer.delete_by_term("id", doc_id)
                    writer.commit()
                except BaseException:
                    faults.abandon(writer)
                    raise
        ix.close()
    return len(present)


def _build_generation(index_dir, latest, progress):
    generation = generations.new_generation(index_dir)
    with faults.removing_generation(generation):
        ix = faults.TidyStorage(generation).create_index(schema.build_schema())
        counts = _write(index_dir, ix, latest, progress, update=False)
        counts["documents"] = ix.doc_count()
        ix.close()
        # The signature goes in before the pointer: a live generation always has one.
        generations.write_signature(generation, schema.signature())
        generations.activate(index_dir, generation)
    return counts


def _opens(index_dir, generation):
    """True when ``generation`` opens (only then may the others be deleted)."""
    try:
        _open_for_writing(index_dir, generation).close()
    except BaokuError:
        return False
    return True


def _open_for_writing(index_dir, generation):
    return checking.open_generation(index_dir, generation)


def _writer(ix):
    try:
        return ix.writer(timeout=5.0, codec=codec())
    except LockError as error:
        raise IndexLocked(f"the index is locked by another writer: {error}") from error


def _write(index_dir, ix, latest, progress, *, update):
    """Replace the stale copies and add ``latest`` as new segments, in one commit."""
    total = len(latest)
    with ix.storage.closing_on_failure():
        stale = _write_segments(index_dir, ix, latest, progress, update)
    if progress:
        progress(total, total)
    return {"indexed": total, "added": total - len(stale), "replaced": len(stale)}


def _write_segments(index_dir, ix, latest, progress, update):
    total = len(latest)
    writer = _writer(ix)    # holds Whoosh's lock; deletes and commits
    try:
        if update:
            # One searcher for all lookups (update_document would open one per doc).
            with faults.opened(index_dir, ix.storage.folder), ix.searcher() as searcher:
                stale = [n for n in (searcher.document_number(id=i) for i in latest)
                         if n is not None]
            for docnum in stale:
                writer.delete_document(docnum)
        else:
            stale = []
        docs = [functools.partial(schema.document, record) for record in latest.values()]
        built = building.build_segments(
            ix, docs, procs=PROCS if total >= PARALLEL_FROM else 1,
            progress=progress and (lambda done: progress(done, total)))
        writer.commit(mergetype=lambda w, existing: MERGE_SMALL(w, existing) + built)
    except BaseException:
        faults.abandon(writer)      # cancelling may fail too: it must not hide why
        raise
    return stale
