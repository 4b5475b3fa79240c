"""Can the live index really answer?  What ``/healthz`` reports.

The live generation is probed (``storing.checking.probe``: each segment's term
and stored files opened, a one-term search answered) once per state of its
files, so a health check costs a directory listing; a read that met a damaged
file since (``opening.damage_seen``) makes it unhealthy too.
"""
import threading

from indexer.searching.opening import damage_seen, open_index
from indexer.storing import checking

_probed = {}         # generation folder -> (files' state, result or error)
_lock = threading.Lock()


def health(index_dir):
    """``{status: ok, documents}``, or the library error found."""
    ix = open_index(index_dir)
    generation = ix.storage.folder
    seen = damage_seen(generation)
    if seen is not None:
        raise seen
    state = checking.files_state(generation)
    with _lock:
        cached_state, outcome = _probed.get(generation, (None, None))
    if cached_state != state:
        try:
            outcome = checking.probe(index_dir, generation)
        except Exception as error:  # noqa: BLE001 - a library error, or one guarded() turns into one
            outcome = error
        with _lock:
            _probed.clear()             # one generation is live at a time
            _probed[generation] = (state, outcome)
    if isinstance(outcome, Exception):
        raise outcome
    return {"status": "ok", "documents": outcome["documents"]}
