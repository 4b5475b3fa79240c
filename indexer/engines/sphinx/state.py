"""The cluster's state, kept in the cluster: one row of the coordinator's ``meta`` index.

``{live, commit, updated, pages, shards, secret}``: which index set answers (``a``
or ``b``), a counter and time of the last write (the archive's version), the
shard nodes writes go to, the page store's
folder (``pages/`` of the cluster's folder, ``indexer.pagestore``), and the installation's secret that signs cursors
(made with the cluster, or on first use by an older one; every later write
carries it, so rebuilds keep it and every web server of the cluster shares
it).  A rebuild writes the other set and then replaces this row: one write,
so a reader sees the old archive or the new one.
"""
import datetime
import json
import os

from indexer.engines.sphinx import client
from indexer.errors import EngineUnavailable

STATE_ID = 1
SECRET_BYTES = 32


def _now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) \
        .isoformat().replace("+00:00", "Z")


def read(host, port):
    rows = client.run(host, port, f"SELECT v FROM meta WHERE id = {STATE_ID}")[0]
    if not rows:
        raise EngineUnavailable(f"the Sphinx server at {host}:{port} is not a Baoku cluster's "
                                f"coordinator (no state row); create one with `baoku cluster init`")
    return json.loads(rows[0][0])


def write(host, port, found):
    client.run(host, port, "REPLACE INTO meta (id, k, v) VALUES (%s, 'state', %s)",
               (STATE_ID, json.dumps(found)))


def initialise(coordinator, shards, pages=None):
    """The first state of a new cluster: set ``a`` live, nothing written yet; ``pages``:
    the folder of its page store (printed pages' images, ``indexer.pagestore``)."""
    write(coordinator["host"], coordinator["sql"],
          {"live": "a", "commit": 0, "updated": _now(), "pages": pages,
           "shards": [{k: s[k] for k in ("name", "host", "sql", "api")} for s in shards],
           "secret": _new_secret()})


def _new_secret():
    return os.urandom(SECRET_BYTES).hex()


def secret(host, port, found):
    """The cluster's secret (bytes) from its state row ``found``, made on first use:
    when two make it at once, the one written last is the one both use."""
    if not found.get("secret"):
        now = read(host, port)
        if not now.get("secret"):
            write(host, port, dict(now, secret=_new_secret()))
        found["secret"] = read(host, port)["secret"]
    return bytes.fromhex(found["secret"])


def committed(host, port, *, live=None):
    """Record a write (and, with ``live``, the set that now answers)."""
    found = read(host, port)      # as it is now: another writer may have moved it
    new = dict(found, commit=found["commit"] + 1, updated=_now())
    if live:
        new["live"] = live
    write(host, port, new)
    return new


def signed(host, port, signature):
    """Record the analysis the archive was written with (``baoku stats`` shows it)."""
    found = read(host, port)
    if found.get("signature") != signature:
        write(host, port, dict(found, signature=signature))
