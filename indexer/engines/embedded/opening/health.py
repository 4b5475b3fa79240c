"""Can the live index really answer?  What ``/healthz`` reports.

The live generation is probed (``lifecycle.checking.probe``: each segment's term
and stored files opened, a one-term search answered) once per state of its
files, so a health check costs a directory listing; a read that met a damaged
file since (``opening.damage_seen``) makes it unhealthy too.
"""
from indexer.engines.embedded.lifecycle import checking
from indexer.engines.embedded.opening.opening import damage_seen, generation_of_index, open_index


def health(index_dir):
    """``{status: ok, documents}``, or the library error found."""
    ix = open_index(index_dir)
    generation = ix.storage.folder
    seen = damage_seen(generation)
    if seen is not None:
        raise seen
    state = checking.files_state(generation)
    probed = generation_of_index(ix).cache("probe")     # the outcome per files' state
    outcome = probed.get(state)
    if outcome is None:
        try:
            outcome = checking.probe(index_dir, generation)
        except Exception as error:  # noqa: BLE001 - a library error, or one guarded() turns into one
            outcome = error
        probed.replace(state, outcome)
    if isinstance(outcome, Exception):
        raise outcome
    return {"status": "ok", "documents": outcome["documents"]}
