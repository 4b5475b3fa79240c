"""Reading pages and archives into article records with their metadata.

``read_records(paths)`` is the entry point (``sources``): OCR'd pages are cut
into units by ``layout`` and ``headings`` and made records by ``pages``; JSON
Lines items become records in ``archives``.  Every record is then annotated
once, in ``metadata``: bylines (``bylines``), districts (``districts``, with
the street gazetteer, ``gazetteer`` over ``data/``), trade unions (``unionmentions`` finds
them, ``unions`` names and levels them) and dates (``dates``).  ``records``
defines the record shape every later stage consumes.
"""
