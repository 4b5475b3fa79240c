"""One record as a Sphinx row: keyword fields, facet attributes and the stored record.

The fields come from the record's engine-neutral document (``indexer.searching.fields.document``),
so both engines index the same text, the same facet values and the same
dates; only their spelling differs (``tokens``).
"""
import json

import analyzers
from indexer.engines.sphinx import tokens
from indexer.searching.facets import FACETS
from indexer.searching import fields

WORD_FIELDS = {"headline": "wh", "kicker": "wk", "subtitle": "ws", "body": "wb"}
FIELDS = ("chars",) + tuple(WORD_FIELDS.values()) + ("meta",)
# facet -> how the document holds it: a comma list (an MVA) or one value (a bigint)
MULTI = tuple(name for name, facet in FACETS.items() if facet.multivalued)
SINGLE = tuple(name for name, facet in FACETS.items() if not facet.multivalued)
_FACET_FIELD = {"union": "union", "district": "district", "reporter": "reporter",
                "year": "year", "month": "month", "kind": "kind"}
# attributes: s_ strings, n_ numbers, f_ facet value ids (names Sphinx does not reserve)
STRINGS = ("s_aid", "s_record", "s_date", "s_paper", "s_page_name", "s_kind", "s_headline",
           "s_lead", "s_source", "s_source_type")
NUMBERS = ("n_day", "n_day_last", "n_page", "n_seq")
COLUMNS = ("id",) + FIELDS + STRINGS + NUMBERS + tuple(f"f_{n}" for n in MULTI + SINGLE)
_word_analyzer = None


def _words(text):
    global _word_analyzer
    if _word_analyzer is None:
        _word_analyzer = analyzers.word_analyzer()
    return " ".join(tokens.word_keyword(t.text) for t in _word_analyzer(text or ""))


def doc_id(article_id):
    """The Sphinx document id of an article id (a stable hash: also its shard)."""
    return tokens.hash63(str(article_id)) or 1


def facet_values(doc):
    """{facet: [values]} of one embedded document, as the facet table reads them."""
    found = {}
    for name, facet in FACETS.items():
        value = doc.get(facet.field) or ""
        found[name] = list(dict.fromkeys(v for v in value.split(",") if v and v != "-")) \
            if facet.multivalued else \
            ([value] if value else [])
    return found


def union_levels(doc):
    """{union: level} as ``facets.UnionFacet.levels`` reads them."""
    unions = [u for u in (doc.get("union") or "").split(",") if u]
    levels = (doc.get("union_level") or "").split(",")
    return {u: lv for u, lv in zip(unions, levels) if lv and lv != "-"}


def meta_keywords(doc):
    """The field-query keywords of one document (see ``tokens``)."""
    words = [tokens.EVERYTHING]
    for name in ("reporter", "union", "union_level"):
        words += [tokens.meta_keyword(name, v) for v in (doc.get(name) or "").split(",")
                  if v and v != "-"]
    for district in (doc.get("district") or "").split(","):
        words += [tokens.meta_keyword("district", district[:k])
                  for k in range(1, len(district) + 1)]
    for name in ("year", "kind", "source", "paper", "page"):
        if doc.get(name):
            words.append(tokens.meta_keyword(name, doc[name]))
    words += tokens.date_keywords(doc.get("date"))
    return " ".join(dict.fromkeys(words))


def row(record):
    """``(row dict, {facet value id: (facet, value, level)})`` for one record."""
    doc = fields.document(record)
    day = tokens.day_number(doc.get("date"))
    values = facet_values(doc)
    levels = union_levels(doc)
    out = {
        "id": doc_id(record["id"]),
        "chars": " ".join(tokens.char_keywords(
            analyzers.normalize_query_chars(doc["chars2"]))),
        "meta": meta_keywords(doc),
        "s_aid": doc["id"], "s_record": doc["record"], "s_date": doc.get("date") or "",
        "s_paper": doc.get("paper") or "", "s_page_name": doc.get("page_name") or "",
        "s_kind": doc.get("kind") or "", "s_headline": doc["headline"],
        "s_lead": doc["lead"].decode("utf-8", "replace"), "s_source": doc.get("source") or "",
        "s_source_type": doc.get("source_type") or "",
        "n_day": day, "n_day_last": day or 99999999,
        "n_page": int(doc["page"]) if (doc.get("page") or "").isdigit() else 0,
        "n_seq": int(doc["seq"]) if doc["seq"].decode().isdigit() else 0,
    }
    for name, field in WORD_FIELDS.items():
        out[field] = _words(doc[name])
    dictionary = {}
    for name, vals in values.items():
        ids = [tokens.value_id(name, v) for v in vals]
        for i, v in zip(ids, vals):
            dictionary[i] = (name, v, levels.get(v, "") if name == "union" else "")
        out[f"f_{name}"] = ids if name in MULTI else (ids[0] if ids else 0)
    return out, dictionary


def stored_record(text):
    return json.loads(text)
