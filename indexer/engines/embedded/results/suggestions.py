"""Suggestions as the user types: names (districts, streets, unions, reporters)
and headlines.

Each suggestion says what it is, so a search box can act on it: a headline
carries its article's ``id`` (choosing it opens the article), a district,
union or reporter its ``facet`` (choosing it selects that facet value), a
street is searched as text.
"""
import numpy as np

import analyzers
from indexer.engines.embedded.arrays.doccolumns import doc_columns
from indexer.reading.gazetteer import all_street_names
from indexer.engines.embedded.results.facetcounts import facet_table
from indexer.engines.embedded.opening.opening import checkout

from indexer.searching.browsing import SUGGESTION_KINDS

_FACET_OF = {"district": "district", "union": "union", "reporter": "reporter"}


def suggest(ix, prefix, *, limit=8):
    """``[{text, kind, facet?, id?}]``: names, then headlines, starting with
    (then containing) ``prefix``."""
    wanted = analyzers.normalize_query_chars(prefix or "").strip()
    if not wanted or limit < 1:
        return []
    with checkout(ix) as searcher:
        table = facet_table(searcher)
        found, seen = [], set()
        for starts in (True, False):
            for normalised, entry in _entries(table, searcher.reader()):
                hit = normalised.startswith(wanted) if starts else wanted in normalised[1:]
                if hit and (entry[0], entry[1]) not in seen:
                    seen.add((entry[0], entry[1]))
                    found.append(entry)
            if len(found) >= limit:
                break
        return [_shown(searcher, entry) for entry in found[:limit]]


def _shown(searcher, entry):
    kind, text, docnum = entry
    shown = {"text": text, "kind": kind}
    if kind in _FACET_OF:
        shown["facet"] = _FACET_OF[kind]
    if docnum is not None:
        shown["id"] = searcher.stored_fields(docnum)["id"]
    return shown


def _living(column, alive):
    """The values of ``column`` some live document has (a deleted article's
    reporter or union is no longer suggested)."""
    counts = column.counts(alive, np.flatnonzero(alive))
    return {name for name, n in zip(column.names, counts) if n}


def _entries(table, reader):
    """(normalised, (kind, text, docnum)) for every name and headline, cached on the table."""
    if getattr(table, "suggestions", None) is None:
        alive = doc_columns(reader).alive
        names = {"district": _living(table.columns["district"], alive),
                 "street": set(all_street_names()),
                 "union": _living(table.columns["union"], alive),
                 "reporter": _living(table.columns["reporter"], alive)}
        entries = sorted((SUGGESTION_KINDS.index(kind), text, kind)
                         for kind, texts in names.items() for text in texts)
        first = {}
        for docnum, headline in enumerate(table.headlines):
            if headline and not reader.is_deleted(docnum):
                first.setdefault(headline, docnum)
        table.suggestions = (
            [(analyzers.normalize_query_chars(text), (kind, text, None)) for _, text, kind in entries]
            + [(analyzers.normalize_query_chars(h), ("headline", h, d))
               for h, d in sorted(first.items())])
    return table.suggestions
