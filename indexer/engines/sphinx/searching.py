"""Searching the cluster: the embedded index's result dict, from SphinxQL.

One round trip runs the page of hits (``ORDER BY`` the ranker's weight or the
date), ``SHOW META`` (the total, and a warning per shard that did not answer)
and one ``GROUP BY`` per facet, each under every selection but its own (the
multi-select rule of ``indexer.searching.facets``); the facet value ids are
named from the coordinator's dictionary (cached per archive version).  Hits,
snippets, cursors and explanations are the library's own (``hits``,
``highlight``, ``cursor``, ``explaining``) over each row's stored record.
"""
import json
import logging
import time

from analyzers import normalize_query_chars

from indexer.engines.sphinx import client, nearness, tokens
from indexer.engines.sphinx.matching import NOTHING, Frequencies, compile_query
from indexer.engines.sphinx.rows import WORD_FIELDS
from indexer.searching import cursor as cursors
from indexer.searching import budget, facets, querysyntax
from indexer.searching.evidence import SHORT_CHARS
from indexer.searching.exactcount import total_exact
from indexer.searching.explaining import explanation
from indexer.searching.hits import hit_dict
from indexer.searching.request import MAX_DEPTH, asks_for_kind, new_result, whole_set_choices

log = logging.getLogger(__name__)
FACET_GROUPS = 20000        # values counted per facet (more: the counts are cut)
EXACT_BONUS = 1000000       # a verbatim short term ranks first (relevance.EXACT_SCORE)
TEXTS = ("kicker", "headline", "subtitle", "dateline", "body")
SCALE = 1000.0              # Sphinx weights are integers: score = weight / SCALE
_BM25F = "bm25f(1.2,0.75,{%s,chars=0,meta=0})" % ",".join(
    f"{f}={3 if f != 'wb' else 2}" for f in WORD_FIELDS.values())  # headline 1.5 : body 1
_FIELD_WEIGHTS = "field_weights=(chars=1,meta=0,%s)" % ",".join(
    f"{f}=0" for f in WORD_FIELDS.values())


def date_bounds(date_from, date_to):
    return tokens.range_bounds(date_from, date_to) if date_from or date_to else None


def conditions(q, chosen, bounds):
    """{name: SphinxQL condition} of each selected facet, the default kinds, the dates."""
    found = {name: f"f_{name} IN ({','.join(str(tokens.value_id(name, v)) for v in values)})"
             for name, values in chosen.items()}
    if "kind" not in chosen and not asks_for_kind(q):
        hidden = ",".join(str(tokens.value_id("kind", k)) for k in facets.FACETS["kind"].hidden)
        found["kind"] = f"f_kind NOT IN ({hidden})"
    if bounds is not None:
        found["dates"] = f"n_day BETWEEN {bounds[0]} AND {bounds[1]}"
    return found


def where(match, parts):
    clauses = ([f"MATCH({client.literal(match)})"] if match else []) + list(parts)
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


def ranker(compiled):
    if compiled.match is None:
        return "ranker=none"
    bonus = (f"if(sum(lcs*user_weight)>={min(compiled.short)},{EXACT_BONUS},0)+"
             if compiled.short else "")
    # idf plain (log(N/n)), as Lucene's: Sphinx's default, normalised, turns negative for
    # words in most documents
    return (f"ranker=expr('{bonus}sum(lcs*user_weight)*100+{_BM25F}*1000'), {_FIELD_WEIGHTS}, "
            f"idf='plain,tfidf_unnormalized'")


def order(compiled, sort):
    if sort == "date_asc":
        return "ORDER BY n_day_last ASC, w DESC, id ASC"
    if sort == "date" or compiled.match is None:
        return "ORDER BY n_day DESC, w DESC, id ASC"
    return "ORDER BY w DESC, id ASC"


RECORDS_WITH_PAGE = 500     # hits whose records come with the page; more: ids, then records
RECORDS_AT_ONCE = 2000      # records fetched by id in one statement (a few MB)


def hits_sql(session, compiled, conds, sort, start, count, columns="id, s_record"):
    if not 0 <= start <= max(MAX_DEPTH, cursors.MAX_CURSOR_DEPTH):
        # Sphinx reserves memory for every position up to the offset: one forged
        # offset of 2e9 took 64 GB, and every searchd died
        raise ValueError(f"an offset of at most {cursors.MAX_CURSOR_DEPTH}, not {start}")
    count = max(count, 0)
    return (f"SELECT {columns}, WEIGHT() AS w FROM {session.index}"
            f"{where(compiled.match, conds.values())} {order(compiled, sort)} "
            f"LIMIT {start}, {count} OPTION max_matches={max(start + count, 1)}, "
            f"{client.time_limit()}, {ranker(compiled)}")


def facet_sql(session, compiled, conds, name):
    others = [c for other, c in conds.items() if other != name]
    # room for every value the facet has (Sphinx allocates max_matches slots per query)
    groups = min(FACET_GROUPS, max(100, session.facet_sizes().get(name, 0) + 1))
    return (f"SELECT GROUPBY() AS g, COUNT(*) AS c FROM {session.index}"
            f"{where(compiled.match, others)} GROUP BY f_{name} ORDER BY c DESC "
            f"LIMIT 0, {groups} OPTION max_matches={groups}, {client.time_limit()}, "
            f"ranker=none")


def total_of(session, compiled, conds):
    """How many documents a query finds (for ``per_page=0``: every hit)."""
    found = session.run(hits_sql(session, compiled, conds, "relevance", 0, 0) + "; SHOW META")
    return int(client.meta_of(found[1]).get("total_found", 0))


def ranked_records(session, q, filters=None, sort="relevance", *, date_from=None,
                   date_to=None, limit=10000):
    """``(compiled, total, [record], missing)``: the first ``limit`` matches' records, in
    order, and the names of the shards that did not answer (their matches are not in)."""
    chosen = whole_set_choices(filters, sort, date_from, date_to)
    conds = conditions(q, chosen, date_bounds(date_from, date_to))
    compiled = compile_for(session, q)
    near = nearness.condition(session, compiled, with_records)
    if near:
        conds["near"] = near
    try:
        found = session.run(hits_sql(session, compiled, conds, sort, 0, limit, "id")
                            + "; SHOW META")
    except client.AgentsFailed:
        return compiled, 0, [], [s["name"] for s in session.shards]
    meta = client.meta_of(found[1])
    client.check_time(meta.get("warning"))     # never a silently short set
    total = int(meta.get("total_found", 0))
    return compiled, total, [json.loads(record) for _, record, _ in
                             with_records(session, found[0])], \
        session.missing(meta.get("warning", ""))


def with_records(session, rows):
    """``[(id, record, weight)]`` for ``[(id, weight)]`` rows, in their order.

    A long result's records are fetched by id a chunk at a time: in one answer,
    thousands of records make a packet the connection drops (the 241k archive's
    every-hit lists lost documents that way)."""
    records = {}
    ids = [doc_id for doc_id, _ in rows]
    for at in range(0, len(ids), RECORDS_AT_ONCE):
        chunk = ids[at:at + RECORDS_AT_ONCE]
        records.update(session.run(
            f"SELECT id, s_record FROM {session.index} WHERE id IN ({','.join(map(str, chunk))}) "
            f"LIMIT {len(chunk)} OPTION max_matches={len(chunk)}, {client.time_limit()}")[0])
    return [(doc_id, records[doc_id], weight) for doc_id, weight in rows if doc_id in records]


def compile_for(session, q):
    return compile_query(q, Frequencies(session.keyword_documents, session.documents))


def search(session, request, started):
    """The one result dict (``indexer.searching.request``'s shape) of a checked request,
    signed with the cluster's secret."""
    request.signed(session.secret)
    q, chosen, sort, per_page = request.q, request.chosen, request.sort, request.per_page
    conds = conditions(q, chosen, date_bounds(request.date_from, request.date_to))
    compiled = compile_for(session, q)
    near = nearness.condition(session, compiled, with_records)
    if near:
        conds["near"] = near
    start = request.start
    # never a position past the cursors' depth
    count = request.count if per_page else total_of(session, compiled, conds)
    columns = "id, s_record" if count <= RECORDS_WITH_PAGE else "id"
    statements = [hits_sql(session, compiled, conds, sort, start, count, columns), "SHOW META"]
    statements += [facet_sql(session, compiled, conds, name) for name in facets.FACETS]
    try:
        answers = _answers(session, compiled, statements)
    except client.AgentsFailed:
        return _nothing(session, request, started)
    rows, meta = answers[0], client.meta_of(answers[1])
    client.check_time(meta.get("warning"))
    budget.check()      # a facet's statement that ran out of time is a search out of time
    if columns == "id":
        rows = with_records(session, rows)
    rows = [(doc_id, json.loads(record), weight) for doc_id, record, weight in rows]
    total = int(meta.get("total_found", 0))
    result = new_result(q, total, request.page, per_page)
    result["total_exact"] = total_exact(q, total, lambda text: _exact_total(session, text, conds))
    result["facets"], result["facets_truncated"] = _facets(session, answers[2:], chosen)
    scored = sort != "date" and compiled.match is not None     # as the embedded index
    result["hits"] = [hit_dict(record, weight / SCALE if scored else None,
                               compiled if request.snippets else None)
                      for _, record, weight in rows]
    if request.explain:
        for hit, (_, record, weight) in zip(result["hits"], rows):
            hit["explain"] = explain_hit(record, compiled, weight, q)
    result["next_cursor"] = request.next_cursor(start + len(rows), total, result["hits"])
    missing = session.missing(meta.get("warning", ""))
    result.update(partial=bool(missing), missing_shards=missing,
                  took_ms=round((time.perf_counter() - started) * 1000, 2))
    return result


def _exact_total(session, text, conds):
    """The total of the exact reading ``text`` (``exactcount``); None if Sphinx refuses it."""
    try:
        return total_of(session, compile_for(session, text), conds)
    except (client.QueryRefused, client.AgentsFailed):
        log.warning("Sphinx could not count the exact reading %r", text, exc_info=True)
        return None


def _answers(session, compiled, statements):
    """The statements' results; a query Sphinx refuses is searched as plain words,
    then as nothing (never an error page for what a reader typed)."""
    try:
        return session.run("; ".join(statements))
    except client.QueryRefused:
        log.warning("Sphinx refused %r; searching it as plain words", compiled.match,
                    exc_info=True)
    plain = compile_query(" ".join(querysyntax.plain_words(" ".join(compiled.phrases))))
    retry = [s.replace(client.literal(compiled.match), client.literal(plain.match or NOTHING))
             for s in statements] if compiled.match else statements
    try:
        return session.run("; ".join(retry))
    except client.QueryRefused:
        log.warning("Sphinx refused the plain words too", exc_info=True)
        nothing = [s.replace(client.literal(compiled.match), client.literal(NOTHING))
                   for s in statements]
        return session.run("; ".join(nothing))


def _nothing(session, request, started):
    """Every shard is down: an empty, partial result (never an error page)."""
    empty = {name: facets.FACETS[name].entries_of({}, [], facets.Levels({}))[0]
             for name in facets.FACETS}
    return {"total": 0, "total_exact": None, "page": request.page, "per_page": request.per_page,
            "query": request.q,
            "hits": [], "next_cursor": None, "facets": empty, "facets_truncated": [],
            "partial": True, "missing_shards": [s["name"] for s in session.shards],
            "took_ms": round((time.perf_counter() - started) * 1000, 2)}


def _facets(session, groups, chosen):
    ids = {g for rows in groups for g, _ in rows if g}
    names = session.value_names(ids)
    levels = facets.Levels({v: level for (f, v, level) in names.values() if f == "union" and level})
    result, truncated = {}, []
    for (name, facet), rows in zip(facets.FACETS.items(), groups):
        counts = {}
        for g, c in rows:
            if g in names:
                counts[names[g][1]] = counts.get(names[g][1], 0) + int(c)
        result[name], cut = facet.entries_of(counts, chosen.get(name, []), levels)
        if cut or len(rows) >= FACET_GROUPS:
            truncated.append(name)
    return result, truncated


def explain_hit(record, compiled, weight, q=None):
    """The hit's weight in the embedded index's pieces: ``exact`` (the verbatim
    short term's bonus), then the rest shared by the matched strings found in
    the record (Sphinx does not say which keyword earned what of ``bm25f``)."""
    norm = normalize_query_chars("\n".join(str(record.get(k) or "") for k in TEXTS))
    found = [(signal, text) for signal, text in dict.fromkeys(compiled.terms)
             if normalize_query_chars(text).strip() and normalize_query_chars(text) in norm]
    pieces, rest = [], weight / SCALE
    exact = [t for s, t in found if s == "exact" and len(t) <= SHORT_CHARS]
    if weight >= EXACT_BONUS and compiled.short and exact:
        pieces.append(("exact", None, exact[0], EXACT_BONUS / SCALE))
        rest -= EXACT_BONUS / SCALE
        found.remove(("exact", exact[0]))
    pieces += [(signal, None, text, rest / len(found)) for signal, text in found]
    if not found and pieces:
        pieces[0] = pieces[0][:3] + (pieces[0][3] + rest,)
    words = [text for signal, text in compiled.terms if signal == "words"]
    return explanation(record, pieces or [("all", None, "", rest)], q, words)
