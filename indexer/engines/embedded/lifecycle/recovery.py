"""``baoku recover``: point CURRENT at the newest generation that opens and answers.

The generation CURRENT names stays live if it answers; otherwise the newest
one that does becomes live.

Nothing is deleted: the generations CURRENT stops naming stay until the next
``baoku index`` (which removes them only once the one CURRENT names opens).
A segment's memory-mapped files that are damaged or missing are made anew
from the segment first (they hold nothing the segment does not).
"""
import os

from indexer.errors import BaokuError, IndexMissing
from indexer.engines.embedded.lifecycle import checking, faults, generations


def recover(index_dir, *, lock_timeout=10.0):
    """Make the newest good generation live; ``{live, previous, skipped: [(name, why)]}``.

    Raises IndexMissing when no generation opens and answers a search.
    """
    with faults.translated(index_dir), generations.writer_lock(index_dir, lock_timeout):
        previous = generations.live_generation(index_dir)
        skipped = []
        candidates = generations.generation_folders(index_dir)[::-1]
        if previous in candidates:          # a live one that answers stays live
            candidates.remove(previous)
            candidates.insert(0, previous)
        for generation in candidates:
            name = os.path.basename(generation)
            if not generations.complete(generation):
                skipped.append((name, "unfinished (a build that failed or was killed)"))
                continue
            # a segment's memory-mapped files are derived from it: made anew
            repaired = checking.repair_files(index_dir, generation)
            try:
                found = checking.probe(index_dir, generation)
            except BaokuError as error:
                skipped.append((name, str(error)))
                continue
            if generation != previous:
                generations.activate(index_dir, generation)
            return {"live": name, "documents": found["documents"],
                    "previous": os.path.basename(previous) if previous else None,
                    "skipped": skipped, "files_repaired": repaired}
    reasons = "; ".join(f"{name}: {why}" for name, why in skipped) or "no gen-* folders"
    raise IndexMissing(f"no generation in {index_dir} opens and answers ({reasons}); "
                       f"rebuild it with `baoku index --rebuild --index {index_dir} PATHS...`")
