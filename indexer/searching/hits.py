"""One hit of a result: the shape the API, the page, the CLI and the embed share."""
import dataclasses

from analyzers import normalize_query_chars
from indexer.reading.issuemeta import issue_label
from indexer.searching import fuzzy
from indexer.searching.fields import searchable_text
from indexer.searching import highlight


HIT_FIELDS = ("id", "kind", "headline", "kicker", "subtitle", "snippet", "date", "year",
              "districts", "unions", "union_levels", "reporters", "correspondents",
              "photographers", "source", "score", "paper", "page", "page_name", "issue_label",
              "page_key")


def hit_dict(record, score, parsed):
    """One hit of the result from an article's ``record`` (snippet '' when ``parsed``
    is None; ``score`` None when the order is not by score).  A query with
    OCR-tolerant strings adds ``fuzzy``: those found misread, and how."""
    misread = _misread(record, parsed)
    if misread:     # the snippet marks the misread text as well
        parsed = dataclasses.replace(parsed, phrases=list(parsed.phrases) + [
            m["found"] for m in misread])
    hit = {
        "id": record["id"], "kind": record.get("kind"),
        "headline": record.get("headline") or "", "kicker": record.get("kicker") or "",
        "subtitle": record.get("subtitle") or "",
        "snippet": highlight.snippet(record.get("body") or record.get("headline"), parsed)
        if parsed else "",
        "date": record.get("date"),
        "year": (record.get("date") or "")[:4] or None,
        "districts": record.get("districts") or [], "unions": record.get("unions") or [],
        "union_levels": record.get("union_levels") or {},
        "reporters": record.get("reporters") or [],
        "correspondents": record.get("correspondents") or [],
        "photographers": record.get("photographers") or [],
        "source": record.get("source"),
        "score": round(float(score), 4) if isinstance(score, (int, float)) else None,
        "paper": record.get("paper") or "", "page": record.get("page"),
        "page_name": record.get("page_name") or "",
        "issue_label": issue_label(record),     # shown instead of the source file
        "page_key": record.get("page_key"),     # on a printed page kept: 在版面上查看
    }
    if parsed is not None and getattr(parsed, "fuzzy", None):
        hit["fuzzy"] = misread
    return hit


def _misread(record, parsed):
    strings = getattr(parsed, "fuzzy", None) if parsed is not None else None
    if not strings:
        return []
    text = normalize_query_chars(searchable_text(record))
    found = [(s, fuzzy.differences(text, s)) for s in strings]
    return [dict(q=s, **d) for s, d in found if d]
