"""SphinxQL over the MySQL protocol (PyMySQL), and what its answers say about shards.

One connection per thread and address, opened on first use and opened again
once when the server dropped it.  A server that cannot be reached is an
``EngineUnavailable``; an agent of a distributed index that did not answer
is a warning of the answer (``agent HOST:PORT: …``), which ``failed_agents``
reads so a search can say which shards it is missing.
"""
import re
import threading

import pymysql
from pymysql.constants import CLIENT

from indexer.errors import ArchivePartial, EngineUnavailable, SearchTimeout
from indexer.searching import budget

CONNECT_SECONDS = 3
# just above the longest max_query_time a statement is given: a coordinator that
# does not answer by then is given up, and its shards have stopped already
READ_SECONDS = budget.WHOLE_SET_SECONDS + 5
TIME_EXCEEDED = "query time exceeded max_query_time"    # searchd's warning
_AGENT = re.compile(r"agent ([^\s:]+:\d+)")
_local = threading.local()
_pools = []             # every thread's pool, so a node's connections can all be closed
_pools_lock = threading.Lock()


class QueryRefused(Exception):
    """Sphinx refused a statement (a limit of its query parser, a bug of ours)."""


class AgentsFailed(ArchivePartial):
    """Every agent of a distributed index failed: ``agents`` names them.  Where a
    caller does not answer without them (a search answers empty and partial), it
    is a library error: the web answers 503, never 500."""

    def __init__(self, agents, message):
        super().__init__(message)
        self.agents = agents


def _open(host, port):
    try:
        return pymysql.connect(host=host, port=port, user="", password="", charset="utf8mb4",
                               autocommit=True, connect_timeout=CONNECT_SECONDS,
                               read_timeout=READ_SECONDS,
                               client_flag=CLIENT.MULTI_STATEMENTS)
    except pymysql.err.OperationalError as error:
        raise EngineUnavailable(f"the Sphinx server at {host}:{port} does not answer "
                                f"({error.args[-1]}); is the cluster running? "
                                f"(`baoku cluster status --dir DIR`)") from None


def connection(host, port):
    pool = getattr(_local, "pool", None)
    if pool is None:
        pool = _local.pool = {}
        with _pools_lock:
            _pools.append(pool)
    if (host, port) not in pool:
        pool[(host, port)] = _open(host, port)
    return pool[(host, port)]


def forget(host, port):
    """Close this thread's connection to ``host:port`` (after it failed)."""
    _close(getattr(_local, "pool", {}), host, port)


def forget_all(host, port):
    """Close every thread's connection to ``host:port`` (before the node is stopped)."""
    with _pools_lock:
        pools = list(_pools)
    for pool in pools:
        _close(pool, host, port)


def _close(pool, host, port):
    old = pool.pop((host, port), None)
    if old is not None:
        try:
            old.close()
        except Exception:   # noqa: BLE001 - it is being thrown away
            pass


def run(host, port, sql, args=None):
    """Every result set of ``sql`` (statements separated by ';'), as lists of tuples."""
    for attempt in (0, 1):
        conn = connection(host, port)
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql, args)
                found = [list(cursor.fetchall())]
                while cursor.nextset():
                    found.append(list(cursor.fetchall()))
                return found
        except (pymysql.err.OperationalError, pymysql.err.InterfaceError) as error:
            forget(host, port)
            if attempt or _is_query_error(error):
                raise EngineUnavailable(f"the Sphinx server at {host}:{port} failed: "
                                        f"{error.args[-1]}") from None
        except pymysql.err.ProgrammingError as error:
            message = str(error.args[-1]).rstrip("\x00")
            agents = failed_agents(message)
            if agents and "remote query error" not in message:
                raise AgentsFailed(agents, message) from None
            raise QueryRefused(message) from None
    raise AssertionError("unreachable")


def _is_query_error(error):
    return bool(error.args) and isinstance(error.args[0], int) and error.args[0] < 2000


def time_limit():
    """The SphinxQL option that makes every shard stop a statement when the
    search's time budget runs out (``budget.sphinx_ms``)."""
    return f"max_query_time={budget.sphinx_ms()}"


def check_time(warning):
    """``SearchTimeout`` when a statement's warning says its time ran out."""
    if TIME_EXCEEDED in (warning or ""):
        raise SearchTimeout(f"the cluster stopped the search at its time budget: {warning}")


def failed_agents(text):
    """The agents (``host:port``) a warning or error message names."""
    return list(dict.fromkeys(_AGENT.findall(text or "")))


def meta_of(rows):
    """``SHOW META`` rows as a dict."""
    return {name: value for name, value in rows}


def literal(text):
    """A SphinxQL string literal."""
    return "'" + pymysql.converters.escape_string(str(text)) + "'"
