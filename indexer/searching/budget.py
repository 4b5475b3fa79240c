"""The cost budget of one search: how long it may run, and how much query it reads.

Time: ``Engine.search`` runs every search ``within(SEARCH_SECONDS)``.  The
embedded engine calls ``check()`` inside its expensive loops (the scans of
exact strings, the scoring of each term), and a Sphinx cluster is given the
time left as ``OPTION max_query_time`` on its SELECTs, so each shard stops
its own work (``sphinx_ms``).  A search out of time raises ``SearchTimeout``:
the web answers 503 "检索超时…" (never a silently cut result: the total and
facets of a half-done search would mislead).

Size: ``bounded`` keeps a parsed query within ``MAX_TERMS`` leaves (repeated
ones collapsed first: ``的 的 的`` is ``的``) and each exact string within
``MAX_STRING_CHARS`` characters, a run of one repeated character within
``MAX_RUN_CHARS``; ``limit_problem`` says, in Chinese, what a query breaks,
so the web refuses it with a 400 instead of cutting it silently.
"""
import contextvars
import re
import time
from contextlib import contextmanager

from indexer.errors import SearchTimeout

SEARCH_SECONDS = 10.0       # a search's time budget (both engines)
WHOLE_SET_SECONDS = 30.0    # an export's or a concordance's, per statement on a cluster
MAX_TERMS = 16              # distinct leaves (terms, strings, fields, date ranges) a query scores
MAX_STRING_CHARS = 64       # characters of one term or quoted string
MAX_RUN_CHARS = 4           # one character repeated in a row within a term or string
MAX_DATE_RANGES = 4         # date: ranges in one query
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


_RUN = re.compile(r"(.)\1{%d,}" % MAX_RUN_CHARS, re.S)


def leaves(tree):
    """The leaves of a ``querysyntax`` tree, in order."""
    if tree is None:
        return []
    if tree[0] in ("and", "or"):
        return [leaf for node in tree[1] for leaf in leaves(node)]
    if tree[0] == "not":
        return leaves(tree[1])
    return [tree]


def limit_problem(tree):
    """What a parsed query asks beyond the budget, in Chinese (None: nothing)."""
    found = list(dict.fromkeys(leaves(tree)))
    if len(found) > MAX_TERMS:
        return f"检索式最多 {MAX_TERMS} 个不同的词、短语或条件，这里有 {len(found)} 个"
    if sum(1 for leaf in found if leaf[0] == "range") > MAX_DATE_RANGES:
        return f"检索式最多 {MAX_DATE_RANGES} 个日期范围"
    for leaf in found:
        text = leaf[-1] if leaf[0] != "range" else ""
        if len(text) > MAX_STRING_CHARS:
            return f"一个词或引号内的字符串最多 {MAX_STRING_CHARS} 个字"
        if _RUN.search(text):
            return f"同一个字连续最多 {MAX_RUN_CHARS} 次"
    return None


def bounded(tree):
    """``tree`` within the budget, for callers that must answer anyway (the CLI,
    the library): repeated leaves collapsed, runs of one character cut to
    ``MAX_RUN_CHARS``, strings to ``MAX_STRING_CHARS``, at most ``MAX_TERMS``
    leaves and ``MAX_DATE_RANGES`` ranges (the rest dropped)."""
    kept = {"leaves": set(), "ranges": 0}

    def walk(node):
        kind = node[0]
        if kind in ("and", "or"):
            parts = [p for p in (walk(n) for n in node[1]) if p is not None]
            return None if not parts else parts[0] if len(parts) == 1 else (kind, parts)
        if kind == "not":
            inner = walk(node[1])
            return None if inner is None else ("not", inner)
        if kind in ("term", "phrase", "field"):
            node = node[:-1] + (_RUN.sub(lambda m: m.group(1) * MAX_RUN_CHARS,
                                         node[-1])[:MAX_STRING_CHARS],)
        if node in kept["leaves"]:
            return node          # the same leaf elsewhere in the tree: no new term
        if len(kept["leaves"]) >= MAX_TERMS or (kind == "range"
                                                and kept["ranges"] >= MAX_DATE_RANGES):
            return None
        kept["leaves"].add(node)
        kept["ranges"] += kind == "range"
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
