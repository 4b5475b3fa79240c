"""Facet counts: district, union (with its level), year, reporter.

OR within a facet, AND across facets.  Each facet is counted over the hits
filtered by the *other* facets' selections but not its own, so a user can
widen a selection (the usual tag/exclude rule).  Values come from per-document
columns read once per index version (``FacetTable``), so counting is one pass
over the matching document numbers.
"""
import threading
from collections import Counter
from itertools import chain

from whoosh import query as wq

FACETS = ("district", "union", "year", "reporter")
MAX_VALUES = 50
_tables = {}
_tables_lock = threading.Lock()


class FacetTable:
    """Each document's facet values, indexed by document number."""

    def __init__(self, reader):
        def column(name):
            # per segment: a segment where no document has the field has no column
            values = []
            for leaf, _ in reader.leaf_readers():
                if leaf.has_column(name):
                    values.extend(leaf.column_reader(name, translate=True))
                else:
                    values.extend([""] * leaf.doc_count_all())
            return values

        def split(values):
            return [tuple(v.split(",")) if v else () for v in values]

        self.values = {name: split(column(name)) for name in ("district", "union", "reporter")}
        self.values["year"] = [(v,) if v else () for v in column("year")]
        self.levels = {}
        for unions, levels in zip(self.values["union"], split(column("union_level"))):
            for name, level in zip(unions, levels):
                if level != "-":
                    self.levels.setdefault(name, level)
        self.headlines = column("headline")


def facet_table(searcher):
    """The table for this searcher's index version (built once, shared)."""
    key = tuple((leaf.segment().segment_id(), leaf.segment().deleted_count())
                for leaf, _ in searcher.reader().leaf_readers())
    with _tables_lock:
        table = _tables.get(key)
    if table is None:
        table = FacetTable(searcher.reader())
        with _tables_lock:
            if len(_tables) > 8:
                _tables.clear()
            _tables[key] = table
    return table


def filter_query(name, values):
    """The documents having any of ``values`` in facet ``name``."""
    return wq.Or([wq.Term(name, v) for v in values])


def selections(filters):
    """{facet: [values]} with unknown facets and empty values dropped."""
    if not filters:
        return {}
    unknown = set(filters) - set(FACETS)
    if unknown:
        raise ValueError(f"unknown filters: {sorted(unknown)}; known: {list(FACETS)}")
    chosen = {}
    for name, values in filters.items():
        values = [values] if isinstance(values, str) else list(values or ())
        values = list(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))
        if values:
            chosen[name] = values
    return chosen


def count(table, base, filter_sets, chosen):
    """The facets dict for hits ``base`` (a set of docnums)."""
    result = {}
    for name in FACETS:
        docs = base
        for other, docset in filter_sets.items():
            if other != name:
                docs = docs & docset
        # map/chain keep the per-document loop in C: ~1 ms per 10k hits
        counts = Counter(chain.from_iterable(map(table.values[name].__getitem__, docs)))
        result[name] = _entries(name, counts, chosen.get(name, []), table)
    return result


def _entries(name, counts, selected, table):
    if name == "year":
        ranked = sorted(counts.items(), key=lambda kv: kv[0], reverse=True)
    else:
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_VALUES]
    shown = {value for value, _ in ranked}
    ranked += [(value, counts.get(value, 0)) for value in selected if value not in shown]
    entries = []
    for value, n in ranked:
        entry = {"value": value, "count": n, "selected": value in selected}
        if name == "union":
            entry["level"] = table.levels.get(value)
        entries.append(entry)
    return entries
