"""Facet counts on the Whoosh index: each facet's values as arrays, counted by mask.

Values come from each segment's memory-mapped files, joined once per index
version (``FacetTable``, kept by the generation) into numpy
arrays (``ValueColumn``: one (document, value id) pair per value a document
has), so a facet's counts are one ``np.bincount`` over the pairs of the
matching documents, however many match; the single-valued facets (year,
month, kind) share one (``singlefacets``).  The facets themselves (labels,
listing, patterns) are ``indexer.searching.facets.FACETS``.
"""
import numpy as np
from whoosh import query as wq

from indexer.engines.embedded.arrays import segmentcolumns
from indexer.engines.embedded.arrays.postingarrays import term_docs
from indexer.engines.embedded.arrays.valuecolumns import ValueColumn
from indexer.engines.embedded.opening.generation import generation_of
from indexer.engines.embedded.results.singlefacets import Combinations
from indexer.searching.facets import FACETS


class FacetTable:
    """Each facet's ``ValueColumn`` and the unions' levels, by docnum: joined
    from each segment's files (``arrays.segmentcolumns``), no document's
    values read one by one."""

    def __init__(self, reader):
        leaves = [leaf for leaf, _ in reader.leaf_readers()]
        parts = {name: [segmentcolumns.facet(leaf, name) for leaf in leaves] for name in FACETS}
        self.columns = {name: ValueColumn.joined(p) for name, p in parts.items()}
        self.single = Combinations({name: column for name, column in self.columns.items()
                                    if not FACETS[name].multivalued})
        self.levels = {}
        for part in parts.get("union", ()):
            for name, level in zip(part.names, part.levels):
                if level:
                    self.levels.setdefault(name, level)


def shown_mask(reader):
    """The documents a search shows by default: not of the kinds it leaves out
    unless asked (their postings)."""
    shown = np.ones(reader.doc_count_all(), bool)
    for kind in FACETS["kind"].hidden:
        shown[term_docs(reader, FACETS["kind"].field, kind)] = False
    shown.flags.writeable = False
    return shown


def shown_kinds(searcher):
    """The documents a search shows by default: not of a hidden kind (read-only)."""
    return generation_of(searcher.reader()).cache("shown_kinds", shown_mask).get(searcher)


def facet_table(searcher):
    """The table for this searcher's index version (built once, kept by the generation)."""
    return generation_of(searcher.reader()).cache("facet_tables", FacetTable).get(searcher)


def filter_query(name, values):
    """The documents having any of ``values`` in facet ``name``."""
    return wq.Or([wq.Term(FACETS[name].field, v) for v in values])


def count(table, base, filters, chosen, filtered=None):
    """``(facets, truncated)`` for the matches ``base`` (a boolean array over
    docnums) within ``filters`` ({name: boolean array}): each facet's entries,
    counted without its own filter, and the names of the facets whose value
    lists were cut.  The single-valued facets are counted together
    (``singlefacets``): their filters are choices of values.  ``filtered``:
    ``(mask, docnums)`` of ``base`` within every filter, when the caller has
    them (what a facet not filtered itself counts over)."""
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
        per_combination = single.counts(within)
        counts = {name: single.facet_counts(name, per_combination, allowed)
                  for name in single.names}
    shared = last = None    # the mask of every facet not filtered itself; the last counted
    if filtered is not None:
        shared = last = filtered[0]
        docnums = filtered[1]
        outside = _outside(last, docnums)
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
            outside = _outside(last, docnums)
        counts[name] = table.columns[name].counts(docs, docnums, outside)
    result, truncated = {}, []
    for name, facet in FACETS.items():
        column = table.columns[name]
        result[name], cut = facet.entries(column, counts[name], chosen.get(name, []), table)
        if cut:
            truncated.append(name)
    return result, truncated


def _outside(mask, docs):
    """The docnums not in ``mask`` (whose docnums are ``docs``) when they are
    fewer than its own: a facet is then counted as every document's values
    less theirs (``消息`` matches 240,790 of 240,930 documents at 10x)."""
    return np.flatnonzero(~mask) if len(docs) * 2 > len(mask) else None
