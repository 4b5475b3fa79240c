"""Adding, replacing and deleting documents; building a new generation.

Example::

    >>> from indexer.engines.embedded.lifecycle.writing import index_records
    >>> index_records("instance/index", read_records(["seeds/"]))  # doctest: +SKIP
    {'indexed': 60, 'added': 60, 'replaced': 0, 'documents': 60, 'rebuilt': True, ...}
"""
import functools
import itertools
import os
import time

from whoosh.reading import SegmentReader
from whoosh.writing import LockError

from indexer.engines.embedded.arrays import segmentcolumns
from indexer.engines.embedded.building import building, merging
from indexer.engines.embedded.lifecycle import checking, faults, generations, schema
from indexer.engines.embedded.whooshinternals import codec
from indexer.errors import BaokuError, IndexLocked, IndexMissing
from indexer.engines.base import DEFAULT_MEMORY, MIN_MEMORY  # noqa: F401 (MIN_MEMORY: for callers)

PARALLEL_FROM = 2000    # documents; below this one process builds one segment (no forks)
PROCS = min(2, os.cpu_count() or 1)
# DEFAULT_MEMORY: bytes the whole process tree of a run may use; below MIN_MEMORY
# the segments get too small to be worth it (both shared with the CLI's --memory)


def index_records(index_dir, records, *, rebuild=False, progress=None, lock_timeout=10.0,
                  memory=None):
    """Add or replace ``records`` (by id) in the index at ``index_dir``.

    ``records`` is read once, lazily: the run holds a few thousand records at
    a time, and the whole process tree stays within ``memory`` bytes
    (default ``DEFAULT_MEMORY``) whatever the input's size.  The same id given
    twice keeps the last record.  With ``rebuild`` (or when there is no index
    yet) a new generation is built beside the live one and swapped in
    atomically.  ``progress(done, total)`` is called as documents are written
    (``total`` is None until the input ends).  Returns counts: indexed, added,
    replaced, documents, segments.

    No records: nothing is written (no folder on a new index).  A failed run
    removes what it wrote and raises one library error (a full disk:
    ``DiskFull``); the index is as it was.
    """
    records = (record for record in records if record.get("id"))
    first = next(records, None)
    started = time.perf_counter()
    with faults.translated(index_dir):
        if first is None:
            counts = {"indexed": 0, "added": 0, "replaced": 0,
                      "documents": _documents(index_dir)}
        else:
            records = itertools.chain([first], records)
            counts = _index(index_dir, records, rebuild, progress, lock_timeout,
                            memory or DEFAULT_MEMORY)
    counts.setdefault("rebuilt", False)
    counts["seconds"] = round(time.perf_counter() - started, 3)
    return counts


def _index(index_dir, records, rebuild, progress, lock_timeout, memory):
    with generations.writer_lock(index_dir, lock_timeout):
        generations.require_pointer(index_dir)
        live = generations.live_generation(index_dir)
        if rebuild or live is None:
            if live is not None and _opens(index_dir, live):
                generations.remove_stale(index_dir, live)
            counts = _build_generation(index_dir, records, progress, memory)
            counts["rebuilt"] = True
        else:
            ix = _open_for_writing(index_dir, live)
            generations.remove_stale(index_dir, live)
            with faults.removing_new_files(live):
                counts = _write(index_dir, ix, records, progress, memory, update=True)
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
            write_columns(ix)
        ix.close()
    return len(present)


def optimize(index_dir, *, lock_timeout=10.0):
    """Merge the live generation's segments into one per core (``PROCS``; more
    when one would pass ``merging.MAX_MERGED_BYTES``), in one commit: searches
    answer throughout (from the old segments until the commit), and a failed
    or killed run leaves the index as it was.  Returns counts: documents,
    segments before and after, seconds."""
    started = time.perf_counter()
    with faults.translated(index_dir), generations.writer_lock(index_dir, lock_timeout):
        generations.require_pointer(index_dir)
        live = generations.live_generation(index_dir)
        if live is None:
            raise IndexMissing(f"no index at {index_dir} to optimize")
        ix = _open_for_writing(index_dir, live)
        generations.remove_stale(index_dir, live)
        final, before = [], []

        def policy(_, existing):
            before.append(len(existing))
            segments = [s for s in existing if s.doc_count() > 0]
            final[:] = segments
            if len(segments) > PROCS or any(s.has_deletions() for s in segments):
                groups = merging.within_bound(ix.storage, merging.balanced(segments, PROCS))
                final[:] = merging.merge_groups(ix, groups, PROCS)
            checking.check_written(index_dir, ix, _new(final, existing), PROCS)
            # Their per-document files too, so no search ever sees them without.
            _write_files(ix, _new(final, existing))
            return final
        with faults.removing_new_files(live), ix.storage.closing_on_failure():
            writer = _writer(ix)
            try:
                writer.commit(mergetype=policy)
            except BaseException:
                faults.abandon(writer)
                raise
        write_columns(ix)
        ix.close()
    return {"documents": sum(s.doc_count() for s in final), "segments_before": before[0],
            "segments": len(final), "seconds": round(time.perf_counter() - started, 3)}


def _build_generation(index_dir, records, progress, memory):
    generation = generations.new_generation(index_dir)
    with faults.removing_generation(generation):
        ix = faults.TidyStorage(generation).create_index(schema.build_schema())
        counts = _write(index_dir, ix, records, progress, memory, update=False)
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


def _new(segments, existing):
    """The segments of ``segments`` that are not in ``existing`` (written by this run)."""
    return [s for s in segments if all(s is not e for e in existing)]


def _write(index_dir, ix, records, progress, memory, *, update):
    """Replace the stale copies and add ``records`` as new segments, in one commit."""
    with ix.storage.closing_on_failure():
        counts = _write_segments(index_dir, ix, records, progress, memory, update)
    write_columns(ix)
    return counts


def write_columns(ix):
    """Write each segment's memory-mapped per-document files that it lacks
    (``arrays.segmentcolumns``): a commit writes its new and merged segments'
    before the table of contents names them (``_write_files``); this gives
    them to the segments of an index written before them, once.  Costs a
    read of their stored records (the texts), once, at build time instead of
    in the first query of every process."""
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            segmentcolumns.write_missing(leaf)


def _write_files(ix, segments):
    """The per-document files of ``segments`` (written, not yet committed)."""
    for segment in segments:
        reader = SegmentReader(ix.storage, ix.schema, segment)
        try:
            segmentcolumns.write_missing(reader)
        finally:
            reader.close()


def _write_segments(index_dir, ix, records, progress, memory, update):
    writer = _writer(ix)    # holds Whoosh's lock; deletes and commits
    stale, read, final = set(), [0], []
    searcher = None

    def documents(records):
        """The records as documents (built in the builders), the stale copies
        of their ids deleted as they go by."""
        for record in records:
            if searcher is not None:
                with faults.opened(index_dir, ix.storage.folder):
                    docnum = searcher.document_number(id=str(record["id"]))
                if docnum is not None and docnum not in stale:
                    stale.add(docnum)
                    writer.delete_document(docnum)
            read[0] += 1
            yield functools.partial(schema.document, record)

    try:
        head = list(itertools.islice(records, PARALLEL_FROM))
        procs = PROCS if len(head) >= PARALLEL_FROM else 1
        if update:
            # One searcher for all lookups (update_document would open one per doc).
            with faults.opened(index_dir, ix.storage.folder):
                searcher = ix.searcher()
        built = building.build_segments(
            ix, documents(itertools.chain(head, records)), limits=building.Limits.for_memory(memory, procs),
            progress=progress and (lambda done: progress(done, None)))
        indexed = sum(segment.doc_count() for segment in built)
        if progress:
            progress(read[0], read[0])
        def policy(_, existing):
            final.extend(merging.merged(ix, existing + built, procs=PROCS))
            # Nothing is committed that does not read back (issue 28).
            checking.check_written(index_dir, ix, _new(final, existing), PROCS)
            # Their per-document files too, so no search ever sees them without.
            _write_files(ix, _new(final, existing))
            return final
        writer.commit(mergetype=policy)
    except BaseException:
        faults.abandon(writer)      # cancelling may fail too: it must not hide why
        raise
    finally:
        if searcher is not None:
            searcher.close()
    return {"indexed": indexed, "added": indexed - len(stale), "replaced": len(stale),
            "documents": sum(s.doc_count() for s in final), "segments": len(final)}
