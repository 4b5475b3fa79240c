"""How many results contain the typed strings themselves (``total_exact``).

An unquoted term also finds documents holding only its words or enough of
its character bigrams, so ``total`` says how many documents are related, not
how many contain what was typed.  ``total_exact`` counts the results that
match the same query with every unquoted term read as its whole string, as
if it had been quoted: for ``职工 创新工作室`` the documents containing both
``职工`` and ``创新工作室``; for ``A OR B`` those containing ``A`` or ``B``.
Excluded terms (``-A``, ``NOT A``) keep their loose reading, so the exact
results are always a part of ``total``.  A query of quoted strings only has
``total_exact == total``; one with no string at all (empty, or only fields
such as ``reporter:马超``) has ``total_exact`` None.  Both engines count the
exact reading with their own quoted search, within the same filters.
"""
import functools

from indexer.searching import querysyntax


def exact_reading(q):
    """``(kind, text)``: ``("none", None)`` when ``q`` has no string to count,
    ``("same", None)`` when every string is already quoted, ``("query", text)``
    with the query to count otherwise (``text`` None when it would be too long).
    Kept for the most recent queries: a search asks before and after it runs."""
    return _reading(querysyntax.clean_query(q))


@functools.lru_cache(maxsize=1024)
def _reading(cleaned):
    tree = querysyntax.parse_tree(querysyntax.lex(cleaned))
    if tree is None:
        return "none", None
    strings, loose = _strings(tree, negated=False)
    if not strings:
        return "none", None
    if not loose:
        return "same", None
    text = _said(tree, negated=False)
    return "query", text if len(text) <= querysyntax.MAX_QUERY_CHARS else None


def _strings(node, negated):
    """(any positive string?, any positive unquoted term?) under ``node``."""
    kind = node[0]
    if kind == "term":
        quotable = '"' not in node[1]
        return (not negated), (not negated and quotable)
    if kind in ("phrase", "near"):      # already the strings themselves
        return (not negated), False
    if kind == "fuzzy":                 # the string itself is its exact reading
        return (not negated), (not negated)
    if kind == "not":
        return _strings(node[1], not negated)
    if kind in ("and", "or"):
        found = [_strings(child, negated) for child in node[1]]
        return any(s for s, _ in found), any(loose for _, loose in found)
    return False, False


def _said(node, negated):
    """``node`` written back as query text, positive unquoted terms quoted."""
    kind = node[0]
    if kind == "term":
        quote = not negated and '"' not in node[1]
        return f'"{node[1]}"' if quote else node[1]
    if kind == "phrase":
        return f'"{node[1]}"'
    if kind == "fuzzy":
        return f'"{node[1]}"~' if negated else f'"{node[1]}"'
    if kind == "near":
        return f'"{node[1]}" NEAR/{node[3]} "{node[2]}"'
    if kind == "field":
        value = node[2]
        return f'{node[1]}:"{value}"' if any(c.isspace() for c in value) else f"{node[1]}:{value}"
    if kind == "range":
        return f"date:{node[1]}..{node[2]}"
    if kind == "not":
        return f"-({_said(node[1], not negated)})"
    joiner = " " if kind == "and" else " OR "
    return "(" + joiner.join(_said(child, negated) for child in node[1]) + ")"


def counts_exact(q):
    """Whether ``total_exact`` of ``q`` runs a count of its own (the exact reading)."""
    kind, text = exact_reading(q)
    return kind == "query" and text is not None


def total_exact(q, total, count):
    """``total_exact`` of a search of ``q`` with ``total`` results; ``count(text)``
    runs the exact reading within the same filters and returns its total
    (None: it could not be counted)."""
    kind, text = exact_reading(q)
    if kind == "none":
        return None
    if kind == "same":
        return total
    found = None if text is None else count(text)
    return None if found is None else min(found, total)
