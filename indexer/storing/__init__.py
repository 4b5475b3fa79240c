"""Storing records in the index: schema, writing, segment building, generations.

``writing.index_records`` adds, replaces and deletes; ``building`` forks one
``segments.SegmentBuilder`` per core, which gathers postings in ``postings``;
``generations`` lays out the index folder (CURRENT, WRITELOCK, gen-NNNNNN) and
swaps rebuilds in atomically.  ``schema`` maps a record to Whoosh fields and
checks an index's signature.  ``whooshinternals`` is the one module that
touches private parts of Whoosh-Reloaded, and refuses any other version.
"""
