"""A record as the fields every engine indexes: text fields, facets, issue fields.

``document(record)`` is one article's fields (the embedded engine's Whoosh
document, ``engines/embedded/lifecycle/schema``; the Sphinx engine's row,
``engines/sphinx/rows``, is made from it); ``TEXT_FIELDS`` and
``FIELD_BOOSTS`` are the ranked text fields and their weights (applied at
query time); ``searchable_text`` joins the text fields by ``FIELD_SEPARATOR``
for exact strings.  A new field goes in ``document``, then in each engine's
schema.
"""
import json

import analyzers

TEXT_FIELDS = ("headline", "kicker", "subtitle", "body")
FIELD_BOOSTS = {"headline": 1.5, "kicker": 1.5, "subtitle": 1.5, "body": 1.0}
FIELD_SEPARATOR = "\ue000"


def _clean(value):
    """A facet value as one comma-free token ('' when empty)."""
    return " ".join(str(value or "").replace(",", "，").split())


def _comma_list(values):
    return ",".join(v for v in (_clean(x) for x in values or ()) if v)


def searchable_text(record):
    """The text the character fields index: every text field, separated."""
    parts = (record.get("kicker"), record.get("headline"), record.get("subtitle"),
             record.get("dateline"), record.get("body"))
    return FIELD_SEPARATOR.join(p or "" for p in parts)


def distinct_chars(record):
    """The record's distinct normalised characters, as one sorted string."""
    return "".join(sorted(set(analyzers.normalize_query_chars(searchable_text(record)))))


def first_line(record, limit=60):
    """The start of an article's text, for tables of contents."""
    body = (record.get("body") or "").lstrip()
    line = body.split("\n", 1)[0]
    return line[:limit] + ("…" if len(line) > limit else "")


def document(record):
    """The Whoosh fields for one record (what ``add_document`` receives)."""
    date = _clean(record.get("date"))
    unions = [u for u in (_clean(x) for x in record.get("unions") or ()) if u]
    levels = record.get("union_levels") or {}
    body = "\n".join(p for p in (record.get("dateline"), record.get("body")) if p)
    doc = {
        "id": str(record["id"]),
        "headline": record.get("headline") or "",
        "kicker": record.get("kicker") or "",
        "subtitle": record.get("subtitle") or "",
        "body": body,
        "chars2": searchable_text(record),
        "uchars": distinct_chars(record).encode("utf-8"),
        "district": _comma_list(record.get("districts")),
        "union": ",".join(unions),
        "union_level": ",".join(_clean(levels.get(u)) or "-" for u in unions),
        "reporter": _comma_list(record.get("reporters")),
        "kind": _clean(record.get("kind")) or None,
        "source": _clean(record.get("source")) or None,
        "record": json.dumps(record, ensure_ascii=False),
        "paper": _clean(record.get("paper")) or None,
        "source_type": _clean(record.get("source_type")) or None,
        "page": str(record["page"]) if record.get("page") else None,
        "page_name": _clean(record.get("page_name")) or None,
        "seq": str(record.get("seq") or 0).encode("ascii"),
        "lead": first_line(record).encode("utf-8", "surrogatepass"),
    }
    if date:
        doc.update(date=date, year=date[:4], month=date[:7])
    return doc


def stored_record(stored_fields):
    """The record dict back from a document's stored fields."""
    return json.loads(stored_fields["record"])
