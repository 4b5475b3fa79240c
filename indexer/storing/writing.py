"""Adding, replacing and deleting documents; building a new generation.

Example::

    >>> from indexer.storing.writing import index_records
    >>> index_records("instance/index", read_records(["seeds/"]))  # doctest: +SKIP
    {'indexed': 60, 'added': 60, 'replaced': 0, 'documents': 60, 'rebuilt': True, ...}
"""
import functools
import os
import time

from whoosh import index as whoosh_index
from whoosh.writing import MERGE_SMALL, LockError

from indexer.storing import building, generations, schema
from indexer.storing.whooshinternals import codec
from indexer.errors import IndexLocked

PARALLEL_FROM = 500     # documents; below this one process is faster than forking
PROCS = min(2, os.cpu_count() or 1)


def index_records(index_dir, records, *, rebuild=False, progress=None, lock_timeout=10.0):
    """Add or replace ``records`` (by id) in the index at ``index_dir``.

    The same id given twice keeps the last record.  With ``rebuild`` (or when
    there is no index yet) a new generation is built beside the live one and
    swapped in atomically.  ``progress(done, total)`` is called as documents
    are written.  Returns counts: indexed, added, replaced, documents.
    """
    latest = {}
    for record in records:
        if record.get("id"):
            latest[str(record["id"])] = record
    started = time.perf_counter()
    with generations.writer_lock(index_dir, lock_timeout):
        generations.remove_stale(index_dir)
        live = generations.live_generation(index_dir)
        if rebuild or live is None:
            counts = _build_generation(index_dir, latest, progress)
        else:
            ix = _open_for_writing(live)
            counts = _write(ix, latest, progress, update=True)
            counts["documents"] = ix.doc_count()
            ix.close()
        # The generation a rebuild replaced stays until the next run: searches
        # that read CURRENT just before the swap are still opening it.
    counts.update(rebuilt=bool(rebuild or live is None),
                  seconds=round(time.perf_counter() - started, 3))
    return counts


def delete_ids(index_dir, ids, *, lock_timeout=10.0):
    """Delete the documents with these ids; returns how many existed."""
    with generations.writer_lock(index_dir, lock_timeout):
        live = generations.live_generation(index_dir)
        if live is None:
            return 0
        ix = _open_for_writing(live)
        with ix.searcher() as searcher:
            present = [i for i in dict.fromkeys(map(str, ids))
                       if searcher.document_number(id=i) is not None]
        if present:
            writer = _writer(ix)
            for doc_id in present:
                writer.delete_by_term("id", doc_id)
            writer.commit()
        ix.close()
    return len(present)


def _build_generation(index_dir, latest, progress):
    generation = generations.new_generation(index_dir)
    ix = whoosh_index.create_in(generation, schema.build_schema())
    counts = _write(ix, latest, progress, update=False)
    counts["documents"] = ix.doc_count()
    ix.close()
    # The signature goes in before the pointer: a live generation always has one.
    generations.write_signature(generation, schema.signature())
    generations.activate(index_dir, generation)
    return counts


def _open_for_writing(generation):
    schema.check_signature(generation)
    return whoosh_index.open_dir(generation)


def _writer(ix):
    try:
        return ix.writer(timeout=5.0, codec=codec())
    except LockError as error:
        raise IndexLocked(f"the index is locked by another writer: {error}") from error


def _write(ix, latest, progress, *, update):
    """Replace the stale copies and add ``latest`` as new segments, in one commit."""
    total = len(latest)
    writer = _writer(ix)    # holds Whoosh's lock; deletes and commits
    try:
        if update:
            # One searcher for all lookups (update_document would open one per doc).
            with ix.searcher() as searcher:
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
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=lambda w, existing: MERGE_SMALL(w, existing) + built)
    if progress:
        progress(total, total)
    return {"indexed": total, "added": total - len(stale), "replaced": len(stale)}
