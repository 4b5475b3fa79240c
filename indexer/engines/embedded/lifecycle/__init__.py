"""The index folder over its life: its schema, writing, generations, checks and repair.

``writing.index_records`` adds, replaces and deletes, reading its input as it
goes (segments are made in ``building/``); ``writing.optimize`` merges.
``generations`` lays out the folder (CURRENT, WRITELOCK, gen-NNNNNN) and swaps
rebuilds in atomically.  ``schema`` maps a record's fields
(``indexer.searching.fields``) to Whoosh fields and checks an index's
signature.  ``faults`` makes a damaged file or a failed write one library
error; ``checking`` reads everything (``baoku check``, the health probe) and
``recovery`` goes back to a good generation (``baoku recover``); ``secret`` is
the installation's secret (``INDEX_DIR/secret.key``), which signs cursors.
"""
