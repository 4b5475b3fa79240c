"""Suggestions as the user types: headlines, union and district names."""
import analyzers
from indexer.searching.facets import facet_table
from indexer.searching.opening import checkout


def suggest(ix, prefix, *, limit=8):
    """Headlines, union and district names starting with (then containing) ``prefix``."""
    wanted = analyzers.normalize_query_chars(prefix or "").strip()
    if not wanted or limit < 1:
        return []
    with checkout(ix) as searcher:
        table = facet_table(searcher)
    names = _names(table)
    found = []
    for starts in (True, False):
        for normalised, shown in names:
            if (normalised.startswith(wanted) if starts else wanted in normalised[1:]):
                found.append(shown)
        found = list(dict.fromkeys(found))
        if len(found) >= limit:
            break
    return found[:limit]


def _names(table):
    """(normalised, shown) for every union, district and headline, cached on the table."""
    if getattr(table, "suggestions", None) is None:
        names = set(table.levels) | {u for us in table.values["union"] for u in us}
        names |= {d for ds in table.values["district"] for d in ds}
        entries = sorted(names) + sorted(set(h for h in table.headlines if h))
        table.suggestions = [(analyzers.normalize_query_chars(n), n) for n in entries]
    return table.suggestions
