"""Per-document and per-term data as numpy arrays, read once per index version.

``postingarrays`` (a term's documents and frequencies), ``doccolumns`` (alive,
dates), ``valuecolumns`` (a facet's values per document), ``scanned`` (what a
substring scan found per segment); a segment's own files: ``segmentfiles`` (per
document), ``postingfiles`` (long posting lists), ``segmentcolumns`` (opening and
building them), ``npyfiles`` (writing and mapping any of them); ``arraycache`` and
``versioncache`` are the two kinds of cache, owned by ``opening.generation.Generation``.
"""
