"""Baoku's library, in three parts; each depends only on the parts listed before it:

* ``indexer.reading``   pages and archives -> article records with bylines,
                        districts, unions and dates;
* ``indexer.searching`` what a search means, for any engine: the query syntax,
                        facets, sorts and limits, the shapes of hits, snippets,
                        explanations, concordances, exports, citations and issues,
                        and the notes to a reader (no engine, no Whoosh index code);
* ``indexer.engines``   the one interface (``Engine``) the web app and the CLI
                        store and search through, and the engines themselves:
                        ``embedded/`` (a Whoosh index in a folder, one sub-folder
                        per stage) and ``sphinx/`` (a sharded cluster), chosen by
                        location.

``indexer.errors`` holds the one error family they all raise.
"""
