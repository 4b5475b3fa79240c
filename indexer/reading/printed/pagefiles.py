"""Where a printed page's image comes from, and the key the page store keeps it by."""
import hashlib
import os

from indexer.reading.printed import MARKUP_SUFFIXES


def file_digest(path):
    """The first 16 hex digits of the file's SHA-1: a page's key names its content."""
    digest = hashlib.sha1()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def page_file(path, page, digest):
    """Where a printed page's image comes from: the PDF page (rendered), the scan,
    or the image beside an ALTO/hOCR file (none: no image); ``key`` names it by content."""
    if path.lower().endswith(MARKUP_SUFFIXES):
        if not page.image:
            return None
        image = os.path.abspath(page.image)
    else:
        image = os.path.abspath(path)
    return {"path": image, "number": page.number, "key": f"{digest}-{page.number}"}
