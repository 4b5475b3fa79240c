"""The result dicts of ``indexer.searching``'s shapes, read from the Whoosh index.

``search`` (matches, filters, the page, cursors), ``facetcounts`` (facet
counts as arrays; ``singlefacets`` for year, month and kind together),
``hits`` (a document as a hit), ``articles`` (one article, related ones),
``issues`` (the archive by issue, from columns), ``kwic`` and ``export``
(whole result sets), ``suggestions``.
"""
