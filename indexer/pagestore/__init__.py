"""The page store: each printed page's image, kept beside the index, for the page view.

A page is a folder named by its ``page_key`` (the page file's content digest and
page number), referenced by the records read from it (``record["page_key"]``;
their regions and character boxes are in the records themselves, see
``indexer.reading.printed.glyphboxes``)::

    PAGES/<key>/info.json                    IIIF Image API 2.1, level 0, sizes only
    PAGES/<key>/full/<w>,/0/default.jpg      the page at each width of ``sizes``
    PAGES/<key>/refs/<digest of article id>  one empty file per article on the page

``images`` renders a PDF page (PDFium, at ``DPI``) or reads a scan and writes the
sizes; ``store.PageStore`` adds pages as records are indexed, drops an article's
reference when it is deleted (the page with its last one) and, after a
rebuild, keeps exactly the pages and references of the new build.  The images
are shared by generations: they are named by content, so a rebuild of the same
files renders nothing again.
"""
from indexer.pagestore.store import PageStore, page_folder

__all__ = ["PageStore", "page_folder"]
