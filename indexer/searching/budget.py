"""The cost budget of one search: how long it may run, and how much query it reads.

Time: ``Engine.search`` runs every search ``within(SEARCH_SECONDS)``.  The
embedded engine calls ``check()`` inside its expensive loops (the scans of
exact strings, the scoring of each term), and a Sphinx cluster is given the
time left as ``OPTION max_query_time`` on its SELECTs, so each shard stops
its own work (``sphinx_ms``).  A search out of time raises ``SearchTimeout``:
the web answers 503 "检索超时…" (never a silently cut result: the total and
facets of a half-done search would mislead).

Size: the web refuses, with a 400 in Chinese (``limit_problem``), a query of more
than ``MAX_TERMS`` pieces between spaces or a piece over ``MAX_STRING_CHARS``
characters (``QUERY_PATTERN`` says the same in the OpenAPI description); every
engine reads a parsed query within the same bounds (``bounded``: repeated
leaves collapsed, ``的 的 的`` is ``的``, strings cut, extra leaves dropped).
Date ranges are not counted: nine wide ones cost seconds, within the time budget.
"""
import contextvars
import time
from contextlib import contextmanager

from indexer.errors import SearchTimeout

SEARCH_SECONDS = 10.0       # a search's time budget (both engines)
WHOLE_SET_SECONDS = 30.0    # an export's or a concordance's, per statement on a cluster
MAX_TERMS = 16              # pieces of a query (the web), distinct leaves scored (the library)
MAX_STRING_CHARS = 32       # characters of one word (a piece between spaces) or quoted string
_deadline = contextvars.ContextVar("baoku_search_deadline", default=None)


@contextmanager
def within(seconds):
    """Run the block under a deadline ``seconds`` from now (the nearer one wins
    when nested)."""
    ends = time.monotonic() + seconds
    outer = _deadline.get()
    token = _deadline.set(ends if outer is None else min(outer, ends))
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining():
    """Seconds left of the current deadline (None: no deadline)."""
    ends = _deadline.get()
    return None if ends is None else ends - time.monotonic()


def check():
    """``SearchTimeout`` once the current deadline has passed."""
    left = remaining()
    if left is not None and left <= 0:
        raise SearchTimeout("the search took longer than its time budget "
                            f"({SEARCH_SECONDS:g} s) and was stopped")


def sphinx_ms():
    """The ``max_query_time`` (ms) of a SphinxQL SELECT: the time left of the
    current deadline, or the whole-set budget when there is none."""
    check()
    left = remaining()
    return max(1, int(1000 * (WHOLE_SET_SECONDS if left is None else left)))


# What the web accepts, said as the pattern its description gives ``q``: at most
# MAX_TERMS whitespace-separated pieces (words, quoted pieces, operators, fields), each
# of at most MAX_STRING_CHARS characters.
QUERY_PATTERN = r"\s*(?:[^\s]{1,%d}\s+){0,%d}(?:[^\s]{1,%d})?\s*" % (
    MAX_STRING_CHARS, MAX_TERMS - 1, MAX_STRING_CHARS)


def limit_problem(q):
    """What the query text ``q`` asks beyond ``QUERY_PATTERN``, in Chinese (None:
    nothing)."""
    pieces = (q or "").split()
    if len(pieces) > MAX_TERMS:
        return f"检索式最多 {MAX_TERMS} 个以空格分开的词，这里有 {len(pieces)} 个"
    if any(len(piece) > MAX_STRING_CHARS for piece in pieces):
        return f"一个词最多 {MAX_STRING_CHARS} 个字"
    return None


def leaves(tree):
    """The leaves of a ``querysyntax`` tree, in order."""
    if tree is None:
        return []
    if tree[0] in ("and", "or"):
        return [leaf for node in tree[1] for leaf in leaves(node)]
    if tree[0] == "not":
        return leaves(tree[1])
    return [tree]


def bounded(tree):
    """``tree`` within the budget, for every caller (the web has refused what
    ``limit_problem`` names; a quoted string with spaces, the CLI and the library
    come here): repeated leaves collapsed, each string cut to ``MAX_STRING_CHARS``,
    at most ``MAX_TERMS`` distinct leaves (the rest dropped)."""
    kept = set()

    def walk(node):
        kind = node[0]
        if kind in ("and", "or"):
            parts = [p for p in (walk(n) for n in node[1]) if p is not None]
            return None if not parts else parts[0] if len(parts) == 1 else (kind, parts)
        if kind == "not":
            inner = walk(node[1])
            return None if inner is None else ("not", inner)
        if kind in ("term", "phrase", "field"):
            node = node[:-1] + (node[-1][:MAX_STRING_CHARS],)
        if node not in kept and len(kept) >= MAX_TERMS:
            return None
        kept.add(node)
        return node

    return None if tree is None else walk(_collapsed(tree))


def _collapsed(node):
    """``node`` with repeated siblings of an AND or OR kept once."""
    if node[0] in ("and", "or"):
        parts = {repr(part): part for part in map(_collapsed, node[1])}
        parts = list(parts.values())
        return parts[0] if len(parts) == 1 else (node[0], parts)
    if node[0] == "not":
        return ("not", _collapsed(node[1]))
    return node
