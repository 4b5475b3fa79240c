"""Writing to the cluster: each record to the shard owning its id, and atomic rebuilds.

A record goes to shard ``doc_id % N`` (``rows.doc_id``: a stable hash of the
article id), as ``REPLACE`` (add or replace by id) into the live index set.
A rebuild empties the other set, writes everything there, and then flips the
cluster's state to it in one write (``state.committed``): searches see the
old archive until then, and a rebuild that fails leaves it live.  Facet
values go to the coordinator's dictionary of the same set.
"""
import multiprocessing
import os
import time
from itertools import chain, islice

from indexer.engines.sphinx import client, rows, state
from indexer.engines.sphinx.config import SETS
from indexer.errors import EngineUnavailable

BATCH = 200             # records per REPLACE statement
PARALLEL_AFTER = 2000   # records: a bigger run builds its rows in one process per core
PACKET_BYTES = 32 << 20  # … or fewer, to stay well under max_packet_size


def _value(value):
    if isinstance(value, list):
        return "(" + ",".join(str(int(v)) for v in value) + ")"
    if isinstance(value, int):
        return str(value)
    return client.literal(value)


def _replace(shard, index, found):
    """One REPLACE of rows ``found`` (dicts) into ``index`` on ``shard``."""
    columns = rows.COLUMNS
    statement, size = [], 0
    for row in found:
        values = "(" + ",".join(_value(row[c]) for c in columns) + ")"
        if statement and size + len(values) > PACKET_BYTES:
            _send(shard, index, columns, statement)
            statement, size = [], 0
        statement.append(values)
        size += len(values)
    if statement:
        _send(shard, index, columns, statement)


def _send(shard, index, columns, values):
    try:
        client.run(shard["host"], shard["sql"],
                   f"REPLACE INTO {index} ({','.join(columns)}) VALUES {','.join(values)}")
    except EngineUnavailable as error:
        raise EngineUnavailable(f"{shard['name']} cannot be written: {error}; nothing "
                                f"after this batch was written") from None


def _existing(shard, index, ids):
    if not ids:
        return set()
    found = client.run(shard["host"], shard["sql"],
                       f"SELECT id FROM {index} WHERE id IN ({','.join(map(str, ids))}) "
                       f"LIMIT {len(ids)} OPTION max_matches={len(ids)}")[0]
    return {r[0] for r in found}


def owner(shards, doc_id):
    return shards[doc_id % len(shards)]


def _rows(records):
    """``(row, dictionary)`` of each record with an id, in order.  Building rows (jieba,
    the keyword spelling) is the writer's cost: a big run spreads it over the cores."""
    it = (r for r in records if r.get("id"))
    head = list(islice(it, PARALLEL_AFTER))
    cores = os.cpu_count() or 1
    if len(head) < PARALLEL_AFTER or cores < 2:
        yield from map(rows.row, chain(head, it))
        return
    with multiprocessing.get_context("forkserver").Pool(cores) as pool:
        yield from pool.imap(rows.row, chain(head, it), chunksize=25)


def _batches(records):
    """Lists of ``(row, dictionary)``, the last of each id in a batch kept."""
    built = _rows(records)
    while True:
        chunk = list(islice(built, BATCH))
        if not chunk:
            return
        yield list({row["s_aid"]: (row, values) for row, values in chunk}.values())


def index_records(coordinator, records, *, rebuild=False, progress=None):
    """Add or replace ``records``; see ``Engine.index_records``."""
    started = time.perf_counter()
    host, port = coordinator
    found = state.read(host, port)
    shards = found["shards"]
    target = SETS[1 - SETS.index(found["live"])] if rebuild else found["live"]
    if rebuild:
        for shard in shards:
            client.run(shard["host"], shard["sql"], f"TRUNCATE RTINDEX docs_{target}")
        client.run(host, port, f"TRUNCATE RTINDEX values_{target}")
    counts = {"indexed": 0, "added": 0, "replaced": 0}
    for batch in _batches(records):
        _write_batch(coordinator, shards, target, batch, counts, check=not rebuild)
        if progress:
            progress(counts["indexed"], None)
    if counts["indexed"] or rebuild:
        state.committed(host, port, live=target if rebuild else None)
    counts.update(documents=document_count(coordinator, target), rebuilt=bool(rebuild),
                  seconds=round(time.perf_counter() - started, 3))
    return counts


def _write_batch(coordinator, shards, target, batch, counts, check):
    by_shard, dictionary = {}, {}
    for row, values in batch:
        by_shard.setdefault(owner(shards, row["id"])["name"], []).append(row)
        dictionary.update(values)
    for shard in shards:
        found = by_shard.get(shard["name"])
        if not found:
            continue
        present = _existing(shard, f"docs_{target}", [r["id"] for r in found]) if check else set()
        _replace(shard, f"docs_{target}", found)
        counts["replaced"] += len(present)
        counts["added"] += len(found) - len(present)
        counts["indexed"] += len(found)
    if dictionary:
        values = ",".join(f"({i},'v',{client.literal(f)},{client.literal(v)},"
                          f"{client.literal(level)})" for i, (f, v, level) in dictionary.items())
        client.run(*coordinator, f"REPLACE INTO values_{target} (id, k, v_facet, v_value, v_level) "
                                 f"VALUES {values}")


def delete_ids(coordinator, ids):
    """Delete these article ids from the live set; returns how many existed."""
    found = state.read(*coordinator)
    shards, live = found["shards"], found["live"]
    by_shard = {}
    for article_id in dict.fromkeys(map(str, ids)):
        doc = rows.doc_id(article_id)
        by_shard.setdefault(owner(shards, doc)["name"], []).append(doc)
    deleted = 0
    for shard in shards:
        docs = by_shard.get(shard["name"])
        present = sorted(_existing(shard, f"docs_{live}", docs)) if docs else []
        if present:
            client.run(shard["host"], shard["sql"],
                       f"DELETE FROM docs_{live} WHERE id IN ({','.join(map(str, present))})")
            deleted += len(present)
    if deleted:
        state.committed(*coordinator)
    return deleted


def document_count(coordinator, index_set):
    """Documents in ``index_set`` over every shard that answers."""
    found = client.run(*coordinator, f"SELECT id FROM dist_{index_set} LIMIT 0; SHOW META")
    return int(client.meta_of(found[1]).get("total_found", 0))
