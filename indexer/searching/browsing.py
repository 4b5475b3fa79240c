"""Reading around a search: related articles and completions, for every engine.

``RELATED_TERMS``: how many of an article's key words find articles like it;
``SUGGESTION_KINDS``: what a typed prefix completes to, listed in this order
(a suggestion is ``{text, kind}``, with ``count`` and ``facet`` for a name a facet
holds, ``count`` for a street and ``id`` for a headline).
"""
from indexer.reading.issuemeta import issue_label
from indexer.reading.records import MAX_ARTICLE_CHARS
from indexer.searching import highlight, pagehits

RELATED_TERMS = 12
SUGGESTION_KINDS = ("district", "reporter", "union", "street", "headline")   # listed in this order
NAME_FACETS = ("district", "union", "reporter")     # names a facet holds (choosing selects it)


def pick_suggestions(entries, wanted, limit, count):
    """The first ``limit`` of ``entries`` ((normalised, kind, text, id), names before
    headlines) starting with, then containing, ``wanted`` (normalised), as
    suggestions.  A name comes with ``count``, the articles a search shows for it
    (``count(kind, text)``); one with none is left out: it would lead nowhere."""
    found, seen = [], set()
    for starts in (True, False):
        for normalised, kind, text, doc_id in entries:
            hit = normalised.startswith(wanted) if starts else wanted in normalised[1:]
            if not hit or (kind, text) in seen:
                continue
            seen.add((kind, text))
            shown = {"text": text, "kind": kind}
            if kind != "headline":
                shown["count"] = count(kind, text)
                if not shown["count"]:
                    continue
            if kind in NAME_FACETS:
                shown["facet"] = kind
            if doc_id is not None:
                shown["id"] = doc_id
            found.append(shown)
            if len(found) >= limit:
                return found
    return found


def shown_article(record, parsed):
    """``record`` (a found article, any engine's) as the article page and API show it:
    its body cut to the size limit (one stored before the limit existed), its fields
    highlighted for ``parsed``, its page's hit boxes and its issue label."""
    record["body"] = (record.get("body") or "")[:MAX_ARTICLE_CHARS]
    record.update(highlight.article_html(record, parsed))
    pagehits.page_fields(record, parsed)
    record["issue_label"] = issue_label(record)
    return record
