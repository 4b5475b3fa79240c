"""Per-document and per-term data as numpy arrays, read once per index version.

``postingarrays`` (a term's documents and frequencies), ``doccolumns`` (alive,
dates), ``valuecolumns`` (a facet's values per document), ``scanned`` (what a
substring scan found per segment); ``arraycache`` and ``versioncache`` are the
two kinds of cache, owned by ``opening.generation.Generation``.
"""
