"""The live generation, opened: a searcher pool, and what is kept per generation.

``opening.open_index`` opens the generation CURRENT names (once per
generation) and ``checkout`` lends a searcher; ``guarded`` turns a damaged file
met while reading into IndexDamaged.  ``generation.Generation`` owns every
cache of one generation (arrays, tables, masks), with all bounds in
``generation.BOUNDS``: it is made when the generation is opened and dropped
with it.  ``health`` is what ``/healthz`` asks, ``versions`` which commit
answered.  Opening reads no per-document data: that is in each segment's
memory-mapped files (``arrays.segmentcolumns``), read as queries ask.
"""
