"""Reading input files into article records: OCR'd pages and JSON Lines archives.

``read_records`` is the one entry point: files or folders in, records out, one
at a time (a gzipped archive is never held in memory).  Bad input never stops
the run: each skipped file, line or field is reported as a ``Problem`` and the
rest is still read.

* Pages (``*.txt``, and any file given by name that is not JSON Lines) are
  decoded -- UTF-8 with or without BOM, else detected with charset-normalizer
  (GB18030 wins ties: Chinese OCR output is often saved in GBK) -- and handed to
  ``pages.split_page``.
* Printed pages (``*.pdf``, ALTO ``*.xml``/``*.alto``, hOCR ``*.hocr``, and scans
  ``*.png``/``*.jpg``/``*.tif`` by OCR) are read with every character's place and
  zoned by their layout (``printed``); a multi-page PDF is one page per PDF page.
* Archives (``*.jsonl``, ``*.ndjson``, gzipped ``*.gz``) hold one article a
  line; see ``archives.jsonl_record`` for the fields.  A line without ``id`` gets a
  stable id derived from its source and text, not from its line number, so
  adding lines to an archive leaves the other ids alone.
"""
import codecs
import errno
import gzip
import logging
import os
import zlib
from typing import NamedTuple

from indexer.reading import issuemeta, metadata, pages, titles
from indexer.reading.archives import archive_line, bounded_lines
from indexer.reading.controls import without_controls
from indexer.reading.decoding import decode_page
from indexer.reading.folders import folder_files
from indexer.reading.manifests import Manifests
from indexer.reading.printed import (IMAGE_SUFFIXES, MARKUP_SUFFIXES, PRINTED_SUFFIXES,
                                     PageError, read_pages)
from indexer.reading.printed.pagefiles import file_digest, page_file
from indexer.reading.printed.pagerecords import page_records
from indexer.reading.titles import TitleDefaults
from indexer.reading.records import MAX_ARTICLE_CHARS, article_chars

log = logging.getLogger(__name__)

PAGE_SUFFIXES = (".txt",)
ARCHIVE_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
LINE_OVERHEAD = 1 << 20     # bytes of an archive line beyond its text (metadata, names)
PAGE_ARTICLES = 16          # articles of the largest size a page file may hold …
PAGE_FLOOR = 8 << 20        # … and bytes it may hold whatever that size (a page: 10-50 KB)


class Problem(NamedTuple):
    """Something skipped: a whole file (``line`` is None), a line or a field.
    ``junk``: a line left out because it holds no article (``archives.Junk``),
    which is reported but is no fault of the input."""

    path: str
    line: int | None
    message: str
    junk: bool = False

    def __str__(self):
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


def read_records(paths, *, encoding=None, on_problem=None, max_chars=MAX_ARTICLE_CHARS,
                 defaults=TitleDefaults(), on_ocr_page=None):
    """Yield the records of ``paths`` (files or folders, read recursively).

    ``encoding`` overrides detection; ``on_problem(Problem)`` hears of each
    skipped file, line or field (default: logged), and of each article with
    more than ``max_chars`` characters of text, which is skipped.  Raises
    FileNotFoundError for a missing path and LookupError for an unknown
    encoding, at once.  ``defaults`` (``titles.TitleDefaults``) are the title and
    source type of an item that names neither (``titles.assign``).
    ``on_ocr_page(done, total)`` hears of each page read by OCR (seconds each):
    ``total`` counts the page images under ``paths`` (a PDF page found to need
    OCR adds one).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = [os.fspath(path) for path in paths]
    for path in paths:
        if not os.path.exists(path):
            raise FileNotFoundError(errno.ENOENT, "no such file or folder", path)
    if encoding:
        codecs.lookup(encoding)
    report = on_problem or _log_problem
    ocr = OcrPages(on_ocr_page, paths)
    return _read_all(paths, encoding, report, max_chars, defaults.checked(), ocr)


def _log_problem(problem):
    log.warning("%s", problem)


class OcrPages:
    """Counts the pages read by OCR for ``on_ocr_page(done, total)``; ``total``
    starts as the number of page images under ``paths`` (counted only when
    someone listens)."""

    def __init__(self, on_ocr_page, paths):
        self.callback, self.done, self.total = on_ocr_page, 0, 0
        if on_ocr_page is None:
            return
        for path in paths:
            if os.path.isdir(path):
                self.total += sum(1 for _ in folder_files(
                    path, IMAGE_SUFFIXES, markup_suffixes=MARKUP_SUFFIXES,
                    image_suffixes=IMAGE_SUFFIXES, skipped=lambda *_: None))
            elif path.lower().endswith(IMAGE_SUFFIXES):
                self.total += 1

    def page_read(self, page):
        if self.callback is not None and page.ocr:
            self.done += 1
            self.total = max(self.total, self.done)
            self.callback(self.done, self.total)


def _read_all(paths, encoding, report, max_chars, defaults, ocr):
    """Every record of ``paths``, annotated (the one place records are)."""
    manifests = Manifests(report, Problem)
    for path in paths:
        read = _read_folder if os.path.isdir(path) else _read_file

        def issue(page_path, top=path):
            """A page's issue fields: its manifest row, else its file name."""
            return issuemeta.merge(manifests.lookup(page_path, top),
                                   issuemeta.from_file_name(page_path))
        for record in read(path, encoding, report, issue, max_chars, ocr):
            yield titles.assign(metadata.annotate(without_controls(record)), defaults)


def _read_folder(folder, encoding, report, issue, max_chars, ocr):
    found = 0
    files = folder_files(folder, PAGE_SUFFIXES + PRINTED_SUFFIXES + ARCHIVE_SUFFIXES,
                         markup_suffixes=MARKUP_SUFFIXES, image_suffixes=IMAGE_SUFFIXES,
                         skipped=lambda path, why: report(Problem(path, None, why)))
    for path in files:
        for record in _read_file(path, encoding, report, issue, max_chars, ocr):
            found += 1
            yield record
    if not found:
        wanted = ", ".join("*" + s for s in PAGE_SUFFIXES + PRINTED_SUFFIXES + ARCHIVE_SUFFIXES)
        report(Problem(folder, None, f"no readable text in this folder (looked for {wanted})"))


def _read_file(path, encoding, report, issue, max_chars, ocr=None):
    if path.lower().endswith(ARCHIVE_SUFFIXES + (".gz",)):
        found = _read_archive(path, encoding, report, max_chars)
    elif path.lower().endswith(PRINTED_SUFFIXES):
        found = _read_printed(path, report, issue, ocr)
    else:
        found = _read_page(path, encoding, report, issue, max_chars)
    for record, line in found:
        size = article_chars(record)
        if size <= max_chars:
            yield record
            continue
        title = " ".join((record["headline"] or record["body"])[:20].split())
        report(Problem(path, line, f"article {title!r} has {size:,} characters of text, more "
                                   f"than the limit of {max_chars:,} (--max-article-chars); "
                                   f"skipped it"))


# --- pages -------------------------------------------------------------------

def page_bytes(max_chars):
    """The largest page file read: room for PAGE_ARTICLES articles of ``max_chars``
    characters (4 bytes each at most, in UTF-8 or GB18030), and never less than
    PAGE_FLOOR (a small --max-article-chars skips long articles, not whole pages)."""
    return max(PAGE_ARTICLES * 4 * max_chars, PAGE_FLOOR)


def _read_page(path, encoding, report, issue, max_chars=MAX_ARTICLE_CHARS):
    most = page_bytes(max_chars)
    try:
        with open(path, "rb") as file:
            data = file.read(most + 1)      # never more: a 300 MB "page" is not held
    except OSError as error:
        report(Problem(path, None, f"cannot read file: {error.strerror}"))
        return
    if len(data) > most:
        report(Problem(path, None, f"more than {most:,} bytes, more than a page of "
                                   f"{PAGE_ARTICLES} articles of {max_chars:,} characters "
                                   f"(--max-article-chars) takes; skipped it"))
        return
    try:
        text = decode_page(data, encoding)
    except ValueError as error:
        report(Problem(path, None, str(error)))
        return
    if not text.strip():
        report(Problem(path, None, "empty file: no text to read"))
        return
    for record in pages.split_page(text, source=os.path.basename(path), issue=issue(path)):
        yield record, _page_line(text, record)


def _read_printed(path, report, issue, ocr=None):
    """The records of a printed-page file; a page that cannot be read is reported
    and the file's other pages are still read."""
    given = issue(path)
    seq, digest = 0, None
    try:
        for number, page in read_pages(path):
            if isinstance(page, PageError):
                report(Problem(path, None, str(page)))
                continue
            if ocr is not None:
                ocr.page_read(page)
            printed = dict(given)
            if number > 1 and printed.get("page"):
                printed["page"] += number - 1     # the manifest names the file's first page
            digest = digest or file_digest(path)
            records = page_records(page, source=os.path.basename(path), issue=printed,
                                   first_seq=seq, page_file=page_file(path, page, digest))
            seq += len(records)
            for record in records:
                yield record, None
    except PageError as error:
        report(Problem(path, None, str(error)))
    except OSError as error:
        report(Problem(path, None, f"cannot read file: {error.strerror or error}"))


def _page_line(text, record):
    """The line of ``text`` where ``record``'s first words are (None if not found)."""
    first = next((record[name] for name in ("kicker", "headline", "dateline", "body")
                  if record[name].strip()), "")
    at = text.find(first.strip().split("\n")[0][:20]) if first.strip() else -1
    return text.count("\n", 0, at) + 1 if at >= 0 else None


# --- JSON Lines archives -----------------------------------------------------

def line_bytes(max_chars):
    """The longest archive line read: an article of ``max_chars`` characters, each
    written as a JSON escape (``\\uXXXX``, 6 bytes), and its other fields."""
    return 6 * max_chars + LINE_OVERHEAD


def _read_archive(path, encoding, report, max_chars=MAX_ARTICLE_CHARS):
    source = os.path.basename(path)
    derived = set()
    line_no = 0
    try:
        opener = gzip.open if path.lower().endswith(".gz") else open
        with opener(path, "rb") as file:
            for line_no, raw in enumerate(bounded_lines(file, line_bytes(max_chars)), 1):
                if isinstance(raw, int):
                    report(Problem(path, line_no, f"a line of {raw:,} bytes, more than an "
                                   f"article of {max_chars:,} characters can take "
                                   f"(--max-article-chars); skipped it"))
                    continue
                record = archive_line(
                    raw, line_no, encoding, source, derived,
                    lambda message, junk=False: report(Problem(path, line_no, message, junk)))
                if record is not None:
                    yield record, line_no
    except (OSError, EOFError, zlib.error) as error:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        if line_no:
            report(Problem(path, line_no + 1, f"cannot read the rest of the file: {reason}"))
        else:
            report(Problem(path, None, f"cannot read file: {reason}"))
