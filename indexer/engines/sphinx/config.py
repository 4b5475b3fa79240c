"""The searchd configuration of a cluster: N shard nodes and one coordinator.

Each shard node holds two real-time index sets, ``docs_a`` and ``docs_b``;
the coordinator holds ``dist_a``/``dist_b`` (``type = distributed``, one
``agent =`` line per shard), the facet value dictionaries ``values_a`` and
``values_b``, and ``meta``, whose one row (``state``) names the live set.  A
rebuild fills the other set and flips ``state`` in one write.
"""
from indexer.engines.sphinx.rows import FIELDS, MULTI, NUMBERS, SINGLE, STRINGS

SETS = ("a", "b")
AGENT_CONNECT_MS = 300      # a shard that does not answer is left out this fast …
AGENT_QUERY_MS = 20000      # … or after this long (a heavy query on a big shard)


def _block(kind, name, lines):
    body = "\n".join(f"    {line}" for line in lines)
    return f"{kind} {name}\n{{\n{body}\n}}\n"


def _rt(name, folder, fields, attrs):
    lines = ["type = rt", f"path = {folder}/{name}"]
    lines += [f"rt_field = {f}" for f in fields]
    lines += [f"{kind} = {attr}" for kind, attr in attrs]
    lines += ["charset_table = 0..9, a..z", "dict = keywords", "index_field_lengths = 1",
              "rt_mem_limit = 256M"]
    return _block("index", name, lines)


def _searchd(node, folder):
    # binlog_flush = 2: each write reaches the OS before it is acknowledged, so a killed
    # searchd replays it on restart (2.2.11 writes no binlog at all with 1)
    lines = [f"listen = {node['host']}:{node['sql']}:mysql41"]
    if node.get("api"):
        lines.append(f"listen = {node['host']}:{node['api']}")
    lines += [f"log = {folder}/searchd.log", f"pid_file = {folder}/searchd.pid",
              f"binlog_path = {folder}/data", "binlog_flush = 2", "workers = threads",
              "max_packet_size = 128M", "watchdog = 0", "read_timeout = 30", "client_timeout = 600",
              "seamless_rotate = 0"]
    return _block("searchd", "", lines).replace("searchd \n", "searchd\n")


def shard_config(node, folder):
    """A shard node: the two document index sets."""
    attrs = ([("rt_attr_string", s) for s in STRINGS] + [("rt_attr_uint", n) for n in NUMBERS]
             + [("rt_attr_multi_64", f"f_{m}") for m in MULTI]
             + [("rt_attr_bigint", f"f_{s}") for s in SINGLE])
    blocks = [_rt(f"docs_{s}", f"{folder}/data", FIELDS, attrs) for s in SETS]
    return "\n".join(blocks + [_searchd(node, folder)])


def coordinator_config(node, shards, folder):
    """The coordinator: distributed indexes over the shards, the dictionaries, the state."""
    blocks = [_rt("meta", f"{folder}/data", ["k"], [("rt_attr_string", "v")])]
    blocks += [_rt(f"values_{s}", f"{folder}/data", ["k"],
                   [("rt_attr_string", "v_facet"), ("rt_attr_string", "v_value"),
                    ("rt_attr_string", "v_level")]) for s in SETS]
    for s in SETS:
        lines = ["type = distributed"]
        lines += [f"agent = {shard['host']}:{shard['api']}:docs_{s}" for shard in shards]
        lines += [f"agent_connect_timeout = {AGENT_CONNECT_MS}",
                  f"agent_query_timeout = {AGENT_QUERY_MS}"]
        blocks.append(_block("index", f"dist_{s}", lines))
    return "\n".join(blocks + [_searchd(node, folder)])
