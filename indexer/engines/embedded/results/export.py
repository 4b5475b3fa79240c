"""Exports on the Whoosh index: the whole result set's records as ``export.export_of`` lines."""
from indexer.engines.embedded.opening.opening import checkout
from indexer.engines.embedded.opening.versions import index_version
from indexer.engines.embedded.results.hits import record_of
from indexer.engines.embedded.results.search import ranked
from indexer.searching.export import EXPORT_CAP, check_export, export_about, export_of


def export_lines(ix, q="", *, filters=None, sort="relevance", fmt="csv", cap=EXPORT_CAP,
                 link=None, date_from=None, date_to=None, on_about=None):
    """Yield the export as text lines (each ending in a newline).

    ``link(id)`` gives an article's address for the ``url`` column (empty
    without it).  At most ``cap`` rows; the first line gives the total.
    """
    check_export(fmt, cap)
    version = index_version(ix)
    with checkout(ix) as searcher:
        parsed, matches = ranked(searcher, q, filters, sort, date_from=date_from,
                                 date_to=date_to)
        about = export_about(q, filters, sort, date_from, date_to, version, len(matches), cap)
        records = (record_of(searcher, docnum)
                   for docnum, _ in matches[:cap])
        yield from export_of(about, records, parsed, fmt, link, on_about)
