"""Metadata annotation: fill a record's people, places, unions and dates from its text.

Used for page units and for JSON Lines items alike.  A field that already
holds a value (given by an archive, say) is kept as it is; only empty fields
are filled.
"""
from indexer.reading import bylines
from indexer.reading.issuemeta import resolve_dates
from indexer.reading.dates import find_dates
from indexer.reading.districts import find_districts
from indexer.reading.unions import find_unions

_HEAD_FIELDS = ("kicker", "headline", "subtitle")
_LEAD_REACH = 3   # paragraphs: a lead may follow a photo caption or two


def annotate(record):
    """Return ``record`` (a copy) with empty metadata fields filled from its text."""
    record = dict(record)
    body = record.get("body") or ""
    people = people_named(record.get("dateline") or "", body)
    for name in ("reporters", "correspondents", "photographers"):
        if not record.get(name):
            record[name] = people[name]
    # All head decks count as the headline: a subtitle names the actor as often.
    headline = " ".join(record[name] for name in _HEAD_FIELDS if record.get(name))
    if not record.get("districts"):
        record["districts"] = _districts(body, headline)
    if not record.get("unions"):
        found = _unions(body, headline, record["districts"])
        record["unions"] = [name for name, _ in found]
        if not record.get("union_levels"):
            record["union_levels"] = dict(found)
    if not record.get("dates"):
        record["dates"] = find_dates(f"{headline}\n{body}")
    if not record.get("dates_iso"):
        record["dates_iso"] = resolve_dates(record["dates"], record.get("date"))
    return record


def people_named(dateline, body):
    """Reporters, correspondents and photographers named by the article's credits.

    The dateline, else a lead opening one of the first paragraphs (a photo
    caption may be printed before it), then every credit closing a paragraph
    (``本报记者 X 摄影报道``, ``X 文/摄``, a trailing ``本报记者 X``).
    """
    people = {"reporters": [], "correspondents": [], "photographers": []}
    found = bylines.parse_dateline(dateline) if dateline else None
    paragraphs = body.split("\n")
    for paragraph in paragraphs[:_LEAD_REACH] if found is None else ():
        lead = bylines.split_lead(paragraph.lstrip())
        if lead:
            found = bylines.parse_dateline(lead[0])
            break
    credits = [found or {}]
    for paragraph in paragraphs:
        closing = bylines.find_closing(paragraph)
        if closing:
            credits.append(closing[1])
    for credit in credits:
        for role, names in credit.items():
            people[role] += [name for name in names if name not in people[role]]
    return people


def _districts(text, headline):
    return list(find_districts(text, headline=headline))


def _unions(text, headline, districts):
    return list(find_unions(text, headline=headline, districts=districts))
