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
from indexer.engines.embedded.arrays import segmentcolumns
from indexer.reading.gazetteer import all_street_names
from indexer.engines.embedded.results.facetcounts import facet_table
from indexer.engines.embedded.compiling.charquery import containing, having_all
from indexer.engines.embedded.opening.opening import checkout
from indexer.engines.embedded.results.facetcounts import shown_kinds
from indexer.searching.browsing import NAME_FACETS, SUGGESTION_KINDS, pick_suggestions
from indexer.searching.terms import char_tokens


def suggest(ix, prefix, *, limit=8):
    """``[{text, kind, count?, facet?, id?}]``: names with articles, then headlines,
    starting with (then containing) ``prefix``."""
    wanted = analyzers.normalize_query_chars(prefix or "").strip()
    if not wanted or limit < 1:
        return []
    with checkout(ix) as searcher:
        table = facet_table(searcher)
        found = pick_suggestions(_entries(table, searcher.reader()), wanted, limit,
                                 _counter(searcher, table))
        for shown in found:     # a headline's docnum, as its article's id
            if "id" in shown:
                shown["id"] = searcher.stored_fields(shown["id"])["id"]
        return found


def _counter(searcher, table):
    """``count(kind, name)``: the articles a default search shows for a name (a
    facet's documents; for a street, those containing it), kept on the table."""
    reader = searcher.reader()
    shown = shown_kinds(searcher) & doc_columns(reader).alive
    if getattr(table, "name_counts", None) is None:
        docs = np.flatnonzero(shown)
        table.name_counts = {name: dict(zip(table.columns[name].names,
                                            table.columns[name].counts(shown, docs).tolist()))
                             for name in NAME_FACETS}
        table.street_counts = {}

    def count(kind, text):
        if kind in NAME_FACETS:
            return table.name_counts[kind].get(text, 0)
        if text not in table.street_counts:
            wanted = analyzers.normalize_query_chars(text)
            candidates = having_all(reader, "chars2", char_tokens(wanted, 2)) & shown
            table.street_counts[text] = int(containing(reader, wanted, candidates).sum())
        return table.street_counts[text]
    return count


def _living(column, alive):
    """The values of ``column`` some live document has (a deleted article's
    reporter or union is no longer suggested)."""
    counts = column.counts(alive, np.flatnonzero(alive))
    return {name for name, n in zip(column.names, counts) if n}


def _entries(table, reader):
    """(normalised, kind, text, docnum) for every name and headline, cached on the table."""
    if getattr(table, "suggestions", None) is None:
        alive = doc_columns(reader).alive
        names = {"district": _living(table.columns["district"], alive),
                 "street": set(all_street_names()),
                 "union": _living(table.columns["union"], alive),
                 "reporter": _living(table.columns["reporter"], alive)}
        entries = sorted((SUGGESTION_KINDS.index(kind), text, kind)
                         for kind, texts in names.items() for text in texts)
        first = {}
        headlines = (h for leaf, _ in reader.leaf_readers() for h in segmentcolumns.headlines(leaf))
        for docnum, headline in enumerate(headlines):
            if headline and not reader.is_deleted(docnum):
                first.setdefault(headline, docnum)
        table.suggestions = (
            [(analyzers.normalize_query_chars(text), kind, text, None)
             for _, text, kind in entries]
            + [(analyzers.normalize_query_chars(h), "headline", h, d)
               for h, d in sorted(first.items())])
    return table.suggestions
