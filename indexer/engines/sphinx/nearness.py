"""``a NEAR/n b`` and ``word~`` on the cluster, with the embedded index's exact answer.

Sphinx 2.2's ``NEAR/n`` does not restrict anything over Baoku's character
keywords (every document holding both operands matched, whatever n: probed
on searchd 2.2.11), and its ``"…"~n`` counts a span of single keywords, not
of two strings.  So a proximity pair at the top of a query (alone or ANDed
with the rest, the way it is written) is answered in two steps: the documents
holding both strings (their ``chars`` phrases) are fetched with their stored
records, ``proximity.within`` checks each record's text as indexed, and the
query runs with ``id IN (…)`` of those that qualify: the same set as the
embedded index.  An OCR-tolerant string (``fuzzy``) is answered the same way:
its candidates are the documents holding one of its alternatives' pieces,
checked with ``fuzzy.pattern``.

A pair or string inside ``OR`` or ``NOT`` (``Nested``) cannot be an id list
inside MATCH.  The query runs as ``superset``: each nested one replaced by its
candidates where it counts for a document (under an even number of NOTs) and
by nothing where it counts against, so it finds every qualifying document
and, besides, only documents among the nested ones' candidates whose check
failed (or, under NOT, passed).  Those few are asked again, grouped by what
their checks said, with each nested one replaced by every document or none
(``EVERY_MATCH``/``NOTHING_MATCH``), and the ones that do not match are left
out by id (``wrongly_found``): the same set as the embedded index.
"""
import json
from dataclasses import dataclass

from analyzers import normalize_query_chars

from indexer.engines.sphinx import client
from indexer.engines.sphinx.tokens import EVERY_MATCH, NOTHING_MATCH
from indexer.searching import fuzzy, proximity
from indexer.searching.fields import searchable_text

NO_DOCUMENT = "id = 0"      # no document has id 0 (rows.doc_id is never 0)


@dataclass
class Nested:
    """A pair or string inside OR/NOT: its place in the template, whether it counts
    against a document (under an odd number of NOTs), its candidates' MATCH, its check."""
    number: int
    negated: bool
    match: str
    check: object

    @property
    def placeholder(self):
        return f"\x01{self.number}\x01"


def _filled(template, nested, values):
    for one, value in zip(nested, values):
        template = template.replace(one.placeholder, value)
    return template


def superset(template, nested):
    """The MATCH finding every document the query qualifies, and of the others only
    nested candidates (see the module's docstring)."""
    return _filled(template, nested, [NOTHING_MATCH if n.negated else n.match for n in nested])


def pair_match(chars_phrase, a, b):
    """The MATCH expression of the documents holding both strings."""
    first, second = chars_phrase(a), chars_phrase(b)
    return f"({first}) ({second})" if first and second else None


def _checked(session, match, check, with_records):
    """``(candidates, passing)``: the ids ``match`` finds, and those whose text passes."""
    meta = client.meta_of(session.run(f"SELECT id FROM {session.index} WHERE MATCH("
                                      f"{client.literal(match)}) LIMIT 0, 1; SHOW META")[1])
    total = int(meta.get("total_found", 0))
    if not total:
        return set(), set()
    rows = session.run(f"SELECT id, WEIGHT() AS w FROM {session.index} WHERE MATCH("
                       f"{client.literal(match)}) LIMIT 0, {total} "
                       f"OPTION max_matches={total}, ranker=none")[0]
    records = with_records(session, rows)
    return ({doc_id for doc_id, _, _ in records},
            {doc_id for doc_id, record, _ in records if check(_text(record))})


def _matching(session, match, ids):
    """Which of ``ids`` the MATCH expression finds."""
    listed = ",".join(map(str, sorted(ids)))
    rows = session.run(f"SELECT id FROM {session.index} WHERE MATCH({client.literal(match)}) "
                       f"AND id IN ({listed}) LIMIT 0, {len(ids)} "
                       f"OPTION max_matches={len(ids)}, ranker=none")[0]
    return {row[0] for row in rows}


def wrongly_found(session, compiled, with_records):
    """The ids ``superset`` finds that the query does not qualify."""
    passing, doubtful = [], set()
    for one in compiled.nested:
        candidates, passed = _checked(session, one.match, one.check, with_records)
        passing.append(passed)
        doubtful |= passed if one.negated else candidates - passed
    groups = {}
    for doc_id in doubtful:
        groups.setdefault(tuple(doc_id in p for p in passing), set()).add(doc_id)
    wrong = set()
    for values, ids in groups.items():
        exact = _filled(compiled.template, compiled.nested,
                        [EVERY_MATCH if v else NOTHING_MATCH for v in values])
        wrong |= ids - _matching(session, exact, ids)
    return wrong


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
    """The SphinxQL condition of the query's checked pairs and strings (None: none)."""
    parts = []
    if compiled.checks:
        ids = qualifying_ids(session, compiled.checks, with_records)
        if not ids:
            return NO_DOCUMENT
        parts.append(f"id IN ({','.join(map(str, sorted(ids)))})")
    if compiled.nested:
        wrong = wrongly_found(session, compiled, with_records)
        if wrong:
            parts.append(f"id NOT IN ({','.join(map(str, sorted(wrong)))})")
    return " AND ".join(parts) or None
