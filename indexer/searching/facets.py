"""Facets: district, union (with its level), year, month, reporter, kind, paper (the title).

A facet is one ``Facet`` object that owns its index field, how its counts are
listed (and whether that list was cut) and what a selected value must look
like.  ``FACETS`` is the registry every engine, the API parameters, the CLI
options, the page and the OpenAPI description read: adding a facet is one
entry here (and its field in ``fields.document``); the embedded engine counts
it from that field's column (``engines/embedded/results/facetcounts``), the
Sphinx engine by ``GROUP BY`` (``engines/sphinx/rows``, ``searching``).

OR within a facet, AND across facets.  Each facet is counted over the hits
filtered by the *other* facets' selections but not its own, so a user can
widen a selection (the usual tag/exclude rule).
"""
import numpy as np

from indexer.reading.records import KINDS, UNION_LEVEL_LABELS, UNION_LEVELS, union_level_value

MAX_VALUES = 50


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

    def canonical(self, value):
        """A selected value as the index holds it (a level's Chinese name -> its name)."""
        return value

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

    def listed(self, values, counts, selected, table):
        entries = super().listed(values, counts, selected, table)
        for entry in entries:
            entry["level"] = table.levels.get(entry["value"])
        return entries


class LevelFacet(Facet):
    """Union levels, selectable by name or Chinese label (``市级`` is ``municipal``);
    each entry carries its ``label``."""

    pattern = "(%s)" % "|".join((*UNION_LEVELS, *UNION_LEVEL_LABELS.values()))
    pattern_hint = "、".join(UNION_LEVEL_LABELS.values()) + " 之一"

    def canonical(self, value):
        return union_level_value(value)

    def listed(self, values, counts, selected, table):
        entries = super().listed(values, counts, selected, table)
        for entry in entries:
            entry["label"] = UNION_LEVEL_LABELS.get(entry["value"], entry["value"])
        return entries


class CountedValues:
    """{value: count} in the shape ``Facet.entries`` reads: sorted ``names`` and
    their ``counts``, ``count_of`` for a selected value (another engine's
    ``GROUP BY``, listed by the same rules)."""

    def __init__(self, counts):
        self.names = sorted(counts)
        self.counts = np.array([counts[name] for name in self.names], dtype=np.int64)
        self._counts = counts

    def count_of(self, value, counts):
        return self._counts.get(value, 0)


class Levels:
    """What ``Facet.entries`` reads of a facet table: the unions' levels."""

    def __init__(self, levels):
        self.levels = levels


FACETS = {facet.name: facet for facet in (
    Facet("district", label="区域", shown=17),
    UnionFacet("union", label="工会", shown=8),
    LevelFacet("level", label="工会级别", field="union_level"),
    YearFacet("year", label="年份"),
    MonthFacet("month", label="月份"),
    Facet("reporter", label="记者", shown=10),
    KindFacet("kind", label="类型"),
    Facet("paper", label="报刊/节目", shown=10),
)}
FACET_NAMES = tuple(FACETS)


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
        values = list(dict.fromkeys(FACETS[name].canonical(str(v).strip())
                                    for v in values if str(v).strip()))
        if values:
            chosen[name] = values
    return chosen
