"""Facets: district, union (with its level), year, month, reporter, kind.

A facet is one ``Facet`` object that owns its index field, the Whoosh filter
for a selection, how it reads each document's values, and how its counts are
listed (and whether that list was cut).  ``FACETS`` is the registry the
library, the API parameters, the CLI options, the page and the OpenAPI
description all read: adding a facet is one entry here (and a field in the
schema).

OR within a facet, AND across facets.  Each facet is counted over the hits
filtered by the *other* facets' selections but not its own, so a user can
widen a selection (the usual tag/exclude rule).  Values come from per-document
columns read once per index version (``FacetTable``) into numpy arrays
(``ValueColumn``: one (document, value id) pair per value a document has), so
a facet's counts are one ``np.bincount`` over the pairs of the matching
documents, however many match; the single-valued facets (year, month, kind)
share one (``singlefacets``).
"""
import numpy as np
from whoosh import query as wq

from indexer.reading.records import KINDS
from indexer.searching.postingarrays import term_docs
from indexer.searching.singlefacets import Combinations
from indexer.searching.valuecolumns import CountedValues, ValueColumn
from indexer.searching.versioncache import VersionCache

MAX_VALUES = 50


def _split(values):
    return [tuple(v.split(",")) if v else () for v in values]


def _column(reader, name):
    """A column's value for every document (per segment: a segment where no
    document has the field has no column)."""
    values = []
    for leaf, _ in reader.leaf_readers():
        if leaf.has_column(name):
            values.extend(leaf.column_reader(name, translate=True))
        else:
            values.extend([""] * leaf.doc_count_all())
    return values


class Facet:
    """A facet over a comma-list field, its values listed by count."""

    multivalued = True
    by_value = False        # list values in descending value order, all of them
    pattern = None          # a regular expression every selected value must match …
    pattern_hint = None     # … said in words (Chinese: a reader sees it)
    hidden = ()             # values a search leaves out unless they are asked for

    def __init__(self, name, *, label, field=None, shown=12):
        self.name, self.field, self.label = name, field or name, label
        self.shown = shown      # values the page lists before "more"

    def filter(self, values):
        """The documents having any of ``values``."""
        return wq.Or([wq.Term(self.field, v) for v in values])

    def read(self, reader):
        """Each document's values, as a tuple, indexed by document number."""
        values = _column(reader, self.field)
        if self.multivalued:
            return _split(values)
        return [(v,) if v else () for v in values]

    def entries(self, column, counts, selected, table):
        """``(entries, truncated)``: value/count/selected dicts from ``counts`` (one
        per ``column.names``), and whether values with hits were left out."""
        found = np.flatnonzero(counts)
        if self.by_value:
            shown = found[::-1]                 # names are sorted: descending values
        else:
            shown = found[np.lexsort((found, -counts[found]))][:MAX_VALUES]
        truncated = len(shown) < len(found)
        names = column.names
        values = [names[i] for i in shown.tolist()]
        numbers = counts[shown].tolist()
        listed = set(values)
        for value in selected:
            if value not in listed:
                values.append(value)
                numbers.append(column.count_of(value, counts))
        return self.listed(values, numbers, set(selected), table), truncated

    def entries_of(self, counts, selected, table):
        """``entries`` from counts already made ({value: count}, e.g. another
        engine's GROUP BY), listed by the same rules."""
        column = CountedValues(counts)
        return self.entries(column, column.counts, selected, table)

    def listed(self, values, counts, selected, table):
        """The entries of ``values`` with their ``counts`` (``selected``: a set)."""
        return [{"value": value, "count": count, "selected": value in selected}
                for value, count in zip(values, counts)]


class YearFacet(Facet):
    multivalued = False
    by_value = True
    pattern, pattern_hint = "[0-9]{4}", "四位数的年份，例如 2025"


class MonthFacet(YearFacet):
    """Months (``YYYY-MM``), drawn as a histogram under the year facet."""

    pattern, pattern_hint = "[0-9]{4}-(0[1-9]|1[0-2])", "年月，格式 YYYY-MM，例如 2025-10"


class KindFacet(Facet):
    """What kind of item; without a selection a search leaves out the ``hidden`` kinds."""

    multivalued = False
    pattern, pattern_hint = "(%s)" % "|".join(KINDS), "、".join(KINDS) + " 之一"
    hidden = ("banner", "ad", "fragment")   # shown only when asked for (filter or kind:)


class UnionFacet(Facet):
    """Unions, each entry with its level (national … enterprise)."""

    def levels(self, reader, unions):
        """{union: level} from the level column, parallel to each document's unions."""
        found = {}
        for names, levels in zip(unions, _split(_column(reader, "union_level"))):
            for name, level in zip(names, levels):
                if level != "-":
                    found.setdefault(name, level)
        return found

    def listed(self, values, counts, selected, table):
        entries = super().listed(values, counts, selected, table)
        for entry in entries:
            entry["level"] = table.levels.get(entry["value"])
        return entries


FACETS = {facet.name: facet for facet in (
    Facet("district", label="区域", shown=17),
    UnionFacet("union", label="工会", shown=8),
    YearFacet("year", label="年份"),
    MonthFacet("month", label="月份"),
    Facet("reporter", label="记者", shown=10),
    KindFacet("kind", label="类型"),
)}
FACET_NAMES = tuple(FACETS)


class FacetTable:
    """Each facet's ``ValueColumn``, the unions' levels and the headlines, by docnum."""

    def __init__(self, reader):
        values = {name: facet.read(reader) for name, facet in FACETS.items()}
        self.columns = {name: ValueColumn(v) for name, v in values.items()}
        self.single = Combinations({name: column for name, column in self.columns.items()
                                    if not FACETS[name].multivalued})
        self.levels = FACETS["union"].levels(reader, values["union"])
        self.headlines = _column(reader, "headline")


_facet_tables = VersionCache(FacetTable, keep=9)


def _shown(reader):
    """The documents a search shows by default: not of the kinds it leaves out
    unless asked (their postings)."""
    shown = np.ones(reader.doc_count_all(), bool)
    for kind in FACETS["kind"].hidden:
        shown[term_docs(reader, FACETS["kind"].field, kind)] = False
    shown.flags.writeable = False
    return shown


_shown_masks = VersionCache(_shown, keep=9)


def shown_kinds(searcher):
    """The documents a search shows by default: not of a hidden kind (read-only)."""
    return _shown_masks.get(searcher)


def facet_table(searcher):
    """The table for this searcher's index version (built once, shared)."""
    return _facet_tables.get(searcher)


def filter_query(name, values):
    """The documents having any of ``values`` in facet ``name``."""
    return FACETS[name].filter(values)


def selections(filters):
    """{facet: [values]} with empty values dropped; an unknown facet is a ValueError."""
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


def count(table, base, filters, chosen):
    """``(facets, truncated)`` for the matches ``base`` (a boolean array over
    docnums) within ``filters`` ({name: boolean array}): each facet's entries,
    counted without its own filter, and the names of the facets whose value
    lists were cut.  The single-valued facets are counted together
    (``singlefacets``): their filters are choices of values."""
    single = table.single
    allowed = {name: single.allowed(name, chosen.get(name),
                                    () if name in chosen else FACETS[name].hidden)
               for name in filters if name in single.names}
    by_docs = [mask for name, mask in filters.items() if name not in single.names]
    counts = {}
    if single.names:
        within = base.copy()
        for mask in by_docs:
            within &= mask
        per_combination = single.counts(np.flatnonzero(within))
        counts = {name: single.facet_counts(name, per_combination, allowed)
                  for name in single.names}
    shared = last = None    # the mask of every facet not filtered itself; the last counted
    for name in FACETS:
        if name in counts:
            continue
        if name in filters or shared is None:
            docs = base.copy()
            for other, mask in filters.items():
                if other != name:
                    docs &= mask
            if name not in filters:
                shared = docs
        else:
            docs = shared
        if docs is not last:
            last, docnums = docs, np.flatnonzero(docs)
        counts[name] = table.columns[name].counts(docs, docnums)
    result, truncated = {}, []
    for name, facet in FACETS.items():
        column = table.columns[name]
        result[name], cut = facet.entries(column, counts[name], chosen.get(name, []), table)
        if cut:
            truncated.append(name)
    return result, truncated
