"""Is an index sound?  A quick probe (``probe``) and a full check (``check_index``).

``probe`` opens every segment's term and stored files, reads a term and the
first and last stored documents, and answers a one-term search: what
``/healthz`` (once per state of the files) and ``baoku recover`` (once per
candidate) ask.  ``verify`` also reads every term's postings, every stored
record and every column (and each segment's memory-mapped files,
``arrays.segmentchecks``), and checks the document counts; ``check_index``
runs it on each generation and says which one is damaged.

Whoosh keeps no checksums: a flipped byte is found when it makes a file
unreadable (most do: posting blocks are zlib-compressed, records are JSON).

``check_written`` is what a run checks before its commit lists the segments
it wrote (built or merged): each one's term table and the headers of every
posting block (``whooshinternals.terms.check_segment``: the files read once,
in order; ~3.5 s for each of the 24k archive's two 137 MB segments, in
parallel).  A segment that does not read back fails the run, and nothing is
committed (issue 28: a merge bug once made a damaged index live).
"""
import json
import os

from whoosh import index as whoosh_index
from whoosh.index import TOC
from whoosh.query import Term
from whoosh.reading import SegmentReader

from indexer.errors import (BaokuError, IndexBuildFailed, IndexDamaged, IndexMissing,
                            IndexPointerLost)
from indexer.engines.embedded.arrays import segmentchecks
from indexer.engines.embedded.lifecycle import faults, generations, schema
from indexer.engines.embedded.building import forking
from indexer.engines.embedded.whooshinternals import terms

PROBE_FIELD = "chars2"      # every document has bigrams: its first term answers


def files_state(generation):
    """(name, size, mtime) of each file: a new value means the files changed."""
    try:
        names = sorted(os.listdir(generation))
    except OSError:
        return ()
    state = []
    for name in names:
        try:
            info = os.stat(os.path.join(generation, name))
        except OSError:
            continue
        state.append((name, info.st_size, info.st_mtime_ns))
    return tuple(state)


def open_generation(index_dir, generation):
    """The Whoosh index of ``generation``, signature checked (library errors)."""
    with faults.opened(index_dir, generation, "the table of contents"):
        schema.check_signature(generation)
        storage = faults.TidyStorage(generation)
        try:
            with storage.closing_on_failure():
                return storage.open_index()
        except whoosh_index.EmptyIndexError as error:
            raise FileNotFoundError(2, "no table of contents", "_MAIN_1.toc") from error


def probe(index_dir, generation):
    """Open each segment's files and answer a search; ``{documents, segments}``."""
    ix = open_generation(index_dir, generation)
    first = None
    for leaf, name in _segments(index_dir, generation, ix):
        with leaf, faults.opened(index_dir, generation, name):
            first = first or next(iter(leaf.lexicon(PROBE_FIELD)), None)
            for docnum in (0, leaf.doc_count_all() - 1):
                if docnum >= 0 and not leaf.is_deleted(docnum):
                    schema.stored_record(leaf.stored_fields(docnum))
            segmentchecks.verify(leaf, full=False)
    with faults.opened(index_dir, generation, "a search"):
        with ix.storage.closing_on_failure():
            searcher = ix.searcher()
    with faults.opened(index_dir, generation, "a search"), searcher:
        if first is not None:
            hits = searcher.search(Term(PROBE_FIELD, first), limit=1)
            if not hits:
                raise _counts_disagree(index_dir, generation, "a term it lists finds nothing")
            schema.stored_record(hits[0].fields())
        return {"documents": searcher.doc_count(),
                "segments": len(searcher.reader().leaf_readers())}


def verify(index_dir, generation):
    """``probe``, then read every posting, stored record and column, and check
    that the document counts agree.  Raises the library error found first."""
    found = probe(index_dir, generation)
    total = 0
    for leaf, name in _segments(index_dir, generation, open_generation(index_dir, generation)):
        with leaf, faults.opened(index_dir, generation, name):
            counts = _read_all_of(leaf)
            segmentchecks.verify(leaf)
            total += leaf.doc_count()
        if counts:
            raise _counts_disagree(index_dir, generation, f"{name}: {counts}")
    if total != found["documents"]:
        raise _counts_disagree(index_dir, generation, f"segments hold {total} documents, "
                                                      f"the index counts {found['documents']}")
    return found


def check_written(index_dir, ix, segments, procs=1):
    """Check ``segments`` (written into ``ix``'s folder, not yet committed),
    ``procs`` at a time; raise IndexBuildFailed naming the first that does not
    read back (the caller then commits nothing)."""
    if procs > 1 and len(segments) > 1:
        problems = forking.run([(_check_job, (ix, segment)) for segment in segments], procs)
    else:
        problems = [written_problem(ix, segment) for segment in segments]
    problems = [problem for problem in problems if problem]
    if problems:
        raise IndexBuildFailed(
            f"a segment this run wrote does not read back ({problems[0]}); nothing was "
            f"committed, the index at {index_dir} is as it was before the run (a bug, or a "
            f"failing device: run `baoku check --index {index_dir}`)")


def written_problem(ix, segment):
    """What is wrong with the new ``segment``'s term table or posting blocks ('' if nothing)."""
    name = segment.segment_id() + (".seg" if segment.is_compound() else "")
    try:
        reader = SegmentReader(ix.storage, ix.schema, segment)
        try:
            terms.check_segment(reader)
        finally:
            reader.close()
    except Exception as error:      # noqa: BLE001 - whatever bad bytes raise
        return f"{name}: {type(error).__name__}: {str(error)[:200]}"
    return ""


def _check_job(ix, segment, pipe):
    return written_problem(ix, segment)


def repair_files(index_dir, generation):
    """Make anew each segment's memory-mapped files that are damaged or missing
    beside the others (``segmentchecks.repair``); returns their labels.  A
    segment that does not open is left to ``probe`` to report."""
    made = []
    try:
        for leaf, _name in _segments(index_dir, generation, open_generation(index_dir, generation)):
            with leaf:
                made += segmentchecks.repair(leaf)
    except BaokuError:
        pass
    return made


def _segments(index_dir, generation, ix):
    """``(reader, name)`` of each segment the table of contents lists, opened one
    by one (so that the one that fails to open is named)."""
    with faults.opened(index_dir, generation, "the table of contents"), ix.storage.closing_on_failure():
        toc = TOC.read(ix.storage, ix.indexname)
    for segment in toc.segments:
        name = f"segment {segment.segment_id()}" + (".seg" if segment.is_compound() else "")
        with faults.opened(index_dir, generation, name), ix.storage.closing_on_failure():
            leaf = SegmentReader(ix.storage, toc.schema, segment)
        yield leaf, name


def _counts_disagree(index_dir, generation, detail):
    problem = IndexDamaged(f"the index at {index_dir} is damaged "
                           f"({os.path.basename(generation)}: {detail}); "
                           + faults.FIX.format(dir=index_dir))
    problem.generation, problem.detail = os.path.basename(generation), detail
    return problem


def _read_all_of(leaf):
    """Read every posting, stored record and column of one segment; check counts.

    Returns the problem found in the counts ('' when they agree)."""
    last = leaf.doc_count_all() - 1
    for field, text in leaf.all_terms():
        ids = list(leaf.postings(field, text).all_ids())
        if ids and (ids[-1] > last or any(a >= b for a, b in zip(ids, ids[1:]))):
            return f"term {field}:{text!r} lists documents out of order or past the last"
    live = 0
    for docnum in range(leaf.doc_count_all()):
        if not leaf.is_deleted(docnum):
            json.loads(leaf.stored_fields(docnum)["record"])
            live += 1
    for name in leaf.schema.names():
        if leaf.has_column(name):
            list(leaf.column_reader(name, translate=False))
    ids = sum(1 for _ in leaf.lexicon("id"))
    if live != leaf.doc_count() or ids < live:
        return f"{live} stored documents, {leaf.doc_count()} counted, {ids} ids"
    return ""


def check_index(index_dir, *, full=True):
    """Every generation checked: ``{pointer, live, generations: [{name, live,
    complete, ok, documents, segments, problem}]}``, newest first."""
    live = generations.live_generation(index_dir)
    report = {"index_dir": index_dir, "pointer": generations.pointer_state(index_dir),
              "live": os.path.basename(live) if live else None, "generations": []}
    for generation in reversed(generations.generation_folders(index_dir)):
        entry = {"name": os.path.basename(generation), "live": generation == live,
                 "complete": generations.complete(generation), "ok": False,
                 "documents": None, "segments": None, "problem": ""}
        if entry["complete"] or entry["live"]:
            try:
                entry.update((verify if full else probe)(index_dir, generation), ok=True)
            except BaokuError as error:
                entry["problem"] = getattr(error, "detail", None) or str(error)
        else:
            entry["problem"] = "unfinished (a build that failed or was killed)"
        report["generations"].append(entry)
    return report


def require_sound(report):
    """Raise IndexDamaged (or IndexPointerLost) unless ``check_index`` found the
    live generation sound; the message names the fix."""
    live = [e for e in report["generations"] if e["live"]]
    if live and live[0]["ok"]:
        return
    index_dir = report["index_dir"]
    if not report["generations"]:
        raise IndexMissing(f"no index at {index_dir}; run `baoku index PATHS...` first "
                           f"(or pass --index / set BAOKU_INDEX)")
    good = [e["name"] for e in report["generations"] if e["ok"]]
    fix = (f"run `baoku recover --index {index_dir}` to make {good[0]} live" if good
           else f"rebuild it with `baoku index --rebuild --index {index_dir} PATHS...`")
    if live:
        raise IndexDamaged(f"{live[0]['name']} (live) is damaged; {fix}")
    raise IndexPointerLost(f"{report['pointer'] or 'no generation is live'} in {index_dir}; {fix}")
