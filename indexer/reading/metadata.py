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


def annotate(record):
    """Return ``record`` (a copy) with empty metadata fields filled from its text."""
    record = dict(record)
    body = record.get("body") or ""
    people = _byline(record.get("dateline") or "", body)
    for name in ("reporters", "correspondents"):
        if not record.get(name):
            record[name] = people[name]
    if not record.get("photographers"):
        record["photographers"] = photographers(body)
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


def _byline(dateline, body):
    """Names from the dateline, else from a lead opening the body."""
    people = bylines.parse_dateline(dateline) if dateline else None
    if people is None:
        first = body.lstrip().split("\n", 1)[0]
        lead = bylines.split_lead(first)
        people = bylines.parse_dateline(lead[0]) if lead else None
    return people or {"reporters": [], "correspondents": []}


def photographers(body):
    """Names from photo credits: credit lines and credits closing a paragraph."""
    names = []
    for paragraph in body.split("\n"):
        credit = bylines.find_credit(paragraph)
        for name in credit[1] if credit else ():
            if name not in names:
                names.append(name)
    return names


def _districts(text, headline):
    return list(find_districts(text, headline=headline))


def _unions(text, headline, districts):
    return list(find_unions(text, headline=headline, districts=districts))
