"""Which version of the index answered: for export headers and feed timestamps."""
import datetime
import os

from indexer.engines.embedded.opening.opening import checkout, live


def index_version(ix):
    """``{generation, commit, version, updated}`` of the live index.

    ``version`` ('gen-000002/7') names the generation and its Whoosh commit, so
    two exports with the same version came from the same documents; ``updated``
    is the time of the last commit (the newest file in the generation), in UTC.
    """
    ix = live(ix)
    folder = ix.storage.folder
    with checkout(ix) as searcher:
        commit = searcher.reader().generation()
    newest = max((os.path.getmtime(os.path.join(folder, name)) for name in os.listdir(folder)),
                 default=0.0)
    updated = datetime.datetime.fromtimestamp(newest, datetime.timezone.utc)
    generation = os.path.basename(folder)
    return {"generation": generation, "commit": commit, "version": f"{generation}/{commit}",
            "updated": updated.replace(microsecond=0).isoformat().replace("+00:00", "Z")}
