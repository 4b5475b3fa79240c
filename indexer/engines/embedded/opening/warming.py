"""What the first queries of an index version would build, built ahead.

The per-version columns (alive, dates, facet values) and each segment's
normalised texts, which a quoted string of common bigrams scans: at a million
articles the texts take a minute to read from the stored records, longer
than a web worker may take to answer.  ``baoku serve`` warms the index before
its workers fork, so they share what was read.
"""
from indexer.engines.embedded.compiling import charquery
from indexer.engines.embedded.results import facetcounts
from indexer.engines.embedded.arrays.doccolumns import doc_columns
from indexer.engines.embedded.opening.opening import checkout


def warm(ix):
    """Build the columns, the facet table and the segment texts of ``ix``'s live version."""
    with checkout(ix) as searcher:
        doc_columns(searcher.reader())
        facetcounts.facet_table(searcher)
        charquery.load_texts(searcher.reader())
