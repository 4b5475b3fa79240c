"""Concordances on the Whoosh index: every match's records, as ``kwic.concordance_of`` lines."""
from indexer.engines.embedded.opening.opening import checkout
from indexer.engines.embedded.results.hits import record_of
from indexer.engines.embedded.results.search import ranked
from indexer.searching.kwic import (KWIC_WIDTH, MAX_DOCUMENTS, MAX_LINES, check_concordance,
                                    concordance_of)


def concordance(ix, q, *, filters=None, sort="relevance", width=KWIC_WIDTH, order="result",
                limit=MAX_LINES, date_from=None, date_to=None):
    """``{total, documents, truncated, lines: [{id, headline, date, left, match, right}]}``.

    ``total`` counts every occurrence in the matching documents (the first
    MAX_DOCUMENTS of them); ``lines`` holds the first ``limit``, in result
    order, or sorted by the context to the ``left`` (read from the match
    outwards) or to the ``right``.  ``left`` and ``right`` are ``width``
    characters long, shorter only where the headline or body starts or ends.
    """
    check_concordance(width, order, limit)
    with checkout(ix) as searcher:
        parsed, matches = ranked(searcher, q, filters, sort, date_from=date_from,
                                 date_to=date_to)
        records = (record_of(searcher, docnum)
                   for docnum, _ in matches[:MAX_DOCUMENTS])
        return concordance_of(parsed.phrases or parsed.words, records, len(matches),
                              width=width, order=order, limit=limit)
