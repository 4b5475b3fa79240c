"""Everything but the search itself: articles, related ones, suggestions, the
archive by issue, concordances and exports, from the cluster's rows.

The library's pure pieces do the shaping (``highlight``, ``hits``,
``issues`` over an ``IssueTable`` of the rows, ``kwic.concordance_of``,
``export.export_of``); what they read from the Whoosh index is read here by
SphinxQL, and what needs the whole archive is cached per archive version.
"""
import json
import math

import analyzers
from indexer.engines.sphinx import client, rows, tokens
from indexer.engines.sphinx.matching import compile_query
from indexer.engines.sphinx import searching
from indexer.engines.sphinx.searching import SCALE, ranked_records
from indexer.errors import ArchivePartial
from indexer.reading.gazetteer import all_street_names
from indexer.reading.records import MAX_ARTICLE_CHARS
from indexer.searching import export, issues, kwic
from indexer.searching.browsing import (NAME_FACETS, RELATED_TERMS, SUGGESTION_KINDS,
                                       pick_suggestions, shown_article)
from indexer.searching.hits import hit_dict
from indexer.searching.terms import word_tokens

ALL_ROWS = 1000000          # at most this many documents read for a whole-archive table


def record_of(session, article_id):
    if not article_id:
        return None
    found, meta = session.run(f"SELECT s_record FROM {session.index} WHERE id = "
                              f"{rows.doc_id(article_id)} LIMIT 1; SHOW META")
    if not found and session.missing(client.meta_of(meta).get("warning", "")):
        raise ArchivePartial("the shard that may hold this article does not answer")
    record = json.loads(found[0][0]) if found else None
    return record if record and str(record.get("id")) == str(article_id) else None


def get_article(session, article_id, q=""):
    record = record_of(session, article_id)
    if record is None:
        return None
    return shown_article(record, compile_query(q))


def related(session, article_id, limit=5):
    """Articles sharing this one's rarest frequent words (tf x idf), ranked by BM25F."""
    record = record_of(session, article_id)
    if record is None or limit < 1:
        return []
    text = "\n".join(p for p in (record.get("headline"), record.get("body")) if p)
    words = [w for w in word_tokens(text[:MAX_ARTICLE_CHARS]) if len(w) > 1]
    if not words:
        return []
    tf = {}
    for t in analyzers.word_analyzer()(text[:MAX_ARTICLE_CHARS]):
        tf[t.text] = tf.get(t.text, 0) + 1
    df = session.keyword_documents([tokens.word_keyword(w) for w in words])
    n = max(session.documents, 1)
    weight = {w: tf.get(w, 1) * math.log(1 + n / (1 + df.get(tokens.word_keyword(w), 0)))
              for w in words if df.get(tokens.word_keyword(w), 0) > 1}
    top = sorted(weight, key=lambda w: -weight[w])[:RELATED_TERMS]
    if not top:
        return []
    match = "@(wh,wk,ws,wb) (%s)" % " | ".join(tokens.word_keyword(w) for w in top)
    found = session.run(
        f"SELECT id, s_record, WEIGHT() AS w FROM {session.index} WHERE MATCH("
        f"{client.literal(match)}) AND id != {rows.doc_id(article_id)} "
        f"AND f_kind NOT IN ({tokens.value_id('kind', 'fragment')}) ORDER BY w DESC, id ASC "
        f"LIMIT {limit} OPTION ranker=expr('bm25f(1.2,0.75)*1000'), {client.time_limit()}")[0]
    return [hit_dict(json.loads(r), w / SCALE, None) for _, r, w in found]


def _all_rows(session, columns):
    return session.run(f"SELECT {columns} FROM {session.index} ORDER BY id ASC "
                       f"LIMIT {ALL_ROWS} OPTION max_matches={ALL_ROWS}")[0]


def issue_table(session):
    cache = session.cache("issues")
    if "table" not in cache:
        items = [issues.Item(aid, date, paper, page or None, page_name, seq, kind, headline,
                             lead, source, source_type)
                 for _, aid, date, paper, page, page_name, seq, kind, headline, lead, source,
                 source_type
                 in _all_rows(session, "id, s_aid, s_date, s_paper, n_page, s_page_name, "
                                       "n_seq, s_kind, s_headline, s_lead, s_source, "
                                       "s_source_type")]
        cache["table"] = issues.IssueTable(items)
    return cache["table"]


NAMED_FACETS = ("district", "union", "reporter")     # the facets whose values are suggested


def _living_ids(session, facet):
    """The value ids of ``facet`` some live document has."""
    size = max(100, session.facet_sizes().get(facet, 0) + 1)
    return {g for g, _ in session.run(
        f"SELECT GROUPBY() AS g, COUNT(*) AS c FROM {session.index} GROUP BY f_{facet} "
        f"LIMIT 0, {size} OPTION max_matches={size}, ranker=none")[0]}


def _suggestion_entries(session):
    """(normalised, kind, text, id) of every name and headline (cached per version)."""
    cache = session.cache("suggestions")
    if "entries" not in cache:
        names = {"street": set(all_street_names())}
        living = {facet: _living_ids(session, facet) for facet in NAMED_FACETS}
        for facet, value in session.run(f"SELECT v_facet, v_value FROM values_{session.live} "
                                        f"LIMIT {ALL_ROWS} OPTION max_matches={ALL_ROWS}")[0]:
            # the dictionary keeps every value ever indexed: a deleted article's are left out
            if facet in living and tokens.value_id(facet, value) in living[facet]:
                names.setdefault(facet, set()).add(value)
        entries = sorted((SUGGESTION_KINDS.index(kind), text, kind)
                         for kind, texts in names.items() for text in texts)
        first = {}
        for aid, headline in _all_rows(session, "s_aid, s_headline"):
            if headline:
                first.setdefault(headline, aid)
        cache["entries"] = (
            [(analyzers.normalize_query_chars(t), kind, t, None) for _, t, kind in entries]
            + [(analyzers.normalize_query_chars(h), "headline", h, a)
               for h, a in sorted(first.items())])
    return cache["entries"]


def suggest(session, prefix, limit=8):
    """As ``indexer.engines.embedded.results.suggestions.suggest``: names with
    articles, then headlines, starting with (then containing) ``prefix``."""
    wanted = analyzers.normalize_query_chars(prefix or "").strip()
    if not wanted or limit < 1:
        return []
    return pick_suggestions(_suggestion_entries(session), wanted, limit, _counter(session))


def _counter(session):
    """``count(kind, name)``: the articles a default search shows for a name (its
    facet's count; for a street, the documents containing it), cached per version."""
    cache = session.cache("suggestion_counts")
    conds = searching.conditions("", {}, None)
    if "names" not in cache:
        everything = searching.compile_for(session, "")
        groups = session.run("; ".join(searching.facet_sql(session, everything, conds, name)
                                       for name in NAME_FACETS))
        ids = {g for rows in groups for g, _ in rows if g}
        names = session.value_names(ids)
        cache["names"] = {kind: {} for kind in NAME_FACETS}
        for kind, rows in zip(NAME_FACETS, groups):
            for g, c in rows:
                if g in names:
                    counted = cache["names"][kind]
                    counted[names[g][1]] = counted.get(names[g][1], 0) + int(c)
        cache["streets"] = {}

    def count(kind, text):
        if kind in NAME_FACETS:
            return cache["names"][kind].get(text, 0)
        if text not in cache["streets"]:
            quoted = searching.compile_for(session, '"%s"' % text.replace('"', " "))
            cache["streets"][text] = searching.total_of(session, quoted, conds)
        return cache["streets"][text]
    return count


def concordance(session, q, *, filters=None, sort="relevance", width=kwic.KWIC_WIDTH,
                order="result", limit=kwic.MAX_LINES, date_from=None, date_to=None):
    kwic.check_concordance(width, order, limit)
    compiled, total, records, missing = ranked_records(
        session, q, filters, sort, date_from=date_from, date_to=date_to,
        limit=kwic.MAX_DOCUMENTS)
    found = kwic.concordance_of(compiled.phrases or compiled.words, records, total,
                                width=width, order=order, limit=limit)
    if missing:     # said only then, as the export's first line says it
        found.update(partial=True, missing_shards=missing)
    return found


def export_lines(session, version, q="", *, filters=None, sort="relevance", fmt="csv",
                 cap=export.EXPORT_CAP, link=None, date_from=None, date_to=None, on_about=None):
    export.check_export(fmt, cap)
    compiled, total, records, missing = ranked_records(
        session, q, filters, sort, date_from=date_from, date_to=date_to, limit=cap)
    about = export.export_about(q, filters, sort, date_from, date_to, version, total, cap,
                                missing=missing)
    yield from export.export_of(about, records, compiled, fmt, link, on_about)
