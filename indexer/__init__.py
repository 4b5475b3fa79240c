"""Baoku's library, in four parts; each depends only on the parts listed before it:

* ``indexer.reading``   pages and archives -> article records with bylines,
                        districts, unions and dates;
* ``indexer.storing``   records -> a Whoosh index on disk (schema, segments,
                        generations);
* ``indexer.searching`` the index -> ranked, faceted, highlighted results;
* ``indexer.engines``   the one interface (``Engine``) the web app and the CLI
                        store and search through: the embedded Whoosh index
                        above, or a distributed engine, chosen by location.

``indexer.errors`` holds the one error family they all raise.
"""
