"""Storing records in the index: schema, writing, segment building, merging, generations.

``writing.index_records`` adds, replaces and deletes, reading its input as it
goes; ``building`` forks a ``segments.SegmentBuilder`` per chunk of documents
(``forking``), which gathers postings in ``postings``, and keeps the run within
its memory bound; ``merging`` holds the tiered merge policy each commit applies
and ``writing.optimize``'s merge.  ``generations`` lays out the index folder
(CURRENT, WRITELOCK, gen-NNNNNN) and swaps rebuilds in atomically.  ``schema``
maps a record to Whoosh fields and checks an index's signature.
``whooshinternals`` is the one package that touches private parts of
Whoosh-Reloaded, and refuses any other version.
"""
