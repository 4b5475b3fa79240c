"""The embedded engine: a Whoosh index in a folder (Baoku's default).

Everything that executes on the Whoosh index lives here, one folder per stage,
in pipeline order:

* ``building/``   records -> segments: ``segments``/``postings``/``runs`` (posting
  lists gathered in memory or in sorted runs on disk), ``building`` and
  ``forking`` (builders in forked processes), ``merging`` (the merge policy, optimize);
* ``lifecycle/``  the index folder: ``schema`` (the Whoosh fields, the signature),
  ``writing`` (index_records, delete, optimize), ``generations`` (CURRENT, the lock,
  atomic rebuilds), ``faults``, ``checking`` (``baoku check``), ``recovery``,
  ``secret`` (signs cursors);
* ``whooshinternals/``  the one package touching Whoosh's private parts (2.7.5 only);
* ``opening/``    the live generation: ``opening`` (open_index, the searcher pool,
  ``guarded``), ``generation`` (the object that owns one generation's caches and
  their bounds), ``searchers``, ``health``, ``versions``;
* ``arrays/``     per-document data as numpy arrays: ``segmentfiles`` and
  ``segmentcolumns`` (each segment's memory-mapped files), ``postingarrays``, ``doccolumns``,
  ``valuecolumns``, ``scanned``;
* ``compiling/``  the neutral query tree (``indexer.searching.querysyntax``) ->
  Whoosh queries: ``query``, ``charquery`` (substring scans), ``relevance`` (an
  unquoted term's words, bigrams and exact string), ``exactstrings``, ``dates``;
* ``scoring/``    BM25F over numpy: ``scoring``, ``termscores``, ``pointwise``,
  ``ordering`` (the page without sorting every match).  A change to BM25 goes here;
* ``results/``    the result dict: ``search`` (matches, filters, paging), ``facetcounts``
  and ``singlefacets``, ``hits``, ``articles``, ``issues``, ``kwic``, ``export``,
  ``suggestions``.

What a search *means* (syntax, facets, sorts, shapes, notes) is not here but in
``indexer.searching``.  ``EmbeddedEngine`` is the ``Engine``; ``api`` is the
library interface under it (``open_index``, ``search`` …); ``check``,
``recover`` and ``optimize`` are reached through the engine
(``EmbeddedEngine.check`` …).
"""
from indexer.engines.embedded.api import *  # noqa: F401,F403 (the library interface)
from indexer.engines.embedded.api import __all__ as _api
from indexer.engines.embedded.engine import EmbeddedEngine

__all__ = ["EmbeddedEngine", *_api]
