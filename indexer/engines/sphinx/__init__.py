"""The distributed engine: Baoku's archive sharded over Sphinx 2.2 nodes.

``tokens`` (Baoku's analysis as Sphinx keywords) and ``rows`` (a record as a
row) feed ``writing`` (each record to its shard; atomic rebuilds through
``state``); ``matching`` says the query syntax in SphinxQL ``MATCH``,
``searching`` runs it with facets, and ``browsing`` does the rest;
``session`` holds one call's view of the cluster, ``client`` the SphinxQL
connections.  ``config`` and ``processes`` make and run a cluster on this
machine (``baoku cluster``).  ``engine.SphinxEngine`` is the ``Engine``.

It speaks ``indexer.searching`` (the query tree, facets, the prologue, hits,
notes) and never imports the embedded engine.  A change to how the query
syntax becomes SphinxQL goes in ``matching``; to the ranker or the facets'
``GROUP BY`` in ``searching``; to what a record becomes as a row in ``rows``
and ``tokens``.
"""
from indexer.engines.sphinx.engine import SphinxEngine

__all__ = ["SphinxEngine"]
