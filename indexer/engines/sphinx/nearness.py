"""``a NEAR/n b`` and ``word~`` on the cluster, with the embedded index's exact answer.

Sphinx 2.2's ``NEAR/n`` does not restrict anything over Baoku's character
keywords (every document holding both operands matched, whatever n: probed
on searchd 2.2.11), and its ``"…"~n`` counts a span of single keywords, not
of two strings.  So a proximity pair at the top of a query (alone or ANDed
with the rest, the way it is written) is answered in two steps: the documents
holding both strings (their ``chars`` phrases) are fetched with their stored
records, ``proximity.within`` checks each record's text as indexed, and the
query runs with ``id IN (…)`` of those that qualify: the same set as the
embedded index.  A pair inside ``OR`` or ``NOT`` is matched as both strings
without the distance (documented in the syntax help).

An OCR-tolerant string (``fuzzy``) is answered the same way: its candidates
are the documents holding one of its alternatives' pieces, checked with
``fuzzy.pattern``; inside ``OR``/``NOT`` only the candidates' phrases apply
(an extra character inside the string is then not checked).
"""
import json

from analyzers import normalize_query_chars

from indexer.engines.sphinx import client
from indexer.searching import fuzzy, proximity
from indexer.searching.fields import searchable_text

NO_DOCUMENT = "id = 0"      # no document has id 0 (rows.doc_id is never 0)


def pair_match(chars_phrase, a, b):
    """The MATCH expression of the documents holding both strings."""
    first, second = chars_phrase(a), chars_phrase(b)
    return f"({first}) ({second})" if first and second else None


def qualifying_ids(session, checks, with_records):
    """The ids of documents meeting every ``(match, check)`` of ``checks``: the
    documents ``match`` finds whose text as indexed passes ``check(text)``."""
    found = None
    for match, check in checks:
        if match is None:
            return set()
        where = f"WHERE MATCH({client.literal(match)})"
        if found is not None:
            if not found:
                return set()
            where += f" AND id IN ({','.join(map(str, sorted(found)))})"
        meta = client.meta_of(session.run(
            f"SELECT id FROM {session.index} {where} LIMIT 0, 1; SHOW META")[1])
        total = int(meta.get("total_found", 0))
        if not total:
            return set()
        rows = session.run(f"SELECT id, WEIGHT() AS w FROM {session.index} {where} "
                           f"LIMIT 0, {total} OPTION max_matches={total}, ranker=none")[0]
        found = {doc_id for doc_id, record, _ in with_records(session, rows)
                 if check(_text(record))}
    return found or set()


def near_check(a, b, n):
    return proximity.checker(proximity.needle(a), proximity.needle(b), n)


def fuzzy_match(chars_phrase, string):
    """The MATCH expression of the documents that may hold ``string`` misread."""
    parts = []
    for pieces, _ in fuzzy.alternatives(string):
        spelled = [chars_phrase(p) for p in pieces]
        if all(spelled):
            parts.append(" ".join(f"({p})" for p in spelled))
    return " | ".join(f"({p})" for p in parts) if parts else None


def fuzzy_check(string):
    return fuzzy.pattern(string).search


def _text(record):
    return normalize_query_chars(searchable_text(json.loads(record)))


def condition(session, compiled, with_records):
    """The SphinxQL condition of the query's top-level proximity pairs (None: none)."""
    if not compiled.checks:
        return None
    ids = qualifying_ids(session, compiled.checks, with_records)
    return f"id IN ({','.join(map(str, sorted(ids)))})" if ids else NO_DOCUMENT
