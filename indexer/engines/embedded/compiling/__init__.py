"""The neutral query tree (``indexer.searching.querysyntax``) as Whoosh queries.

``query.parse`` compiles; ``charquery`` scans substrings over character
columns; ``relevance`` weighs an unquoted term's words, bigrams and exact
string (``RankedTerm``), each word's and bigram's BM25 scores coming from
``termevidence``; ``exactstrings`` scans an exact string where a page
needs it; ``dates`` filters by the date column.  A change to how the query
syntax maps onto the Whoosh index goes here (the Sphinx engine's counterpart
is ``indexer.engines.sphinx.matching``).
"""
