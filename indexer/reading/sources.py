"""Reading input files into article records: OCR'd pages and JSON Lines archives.

``read_records`` is the one entry point: files or folders in, records out, one
at a time (a gzipped archive is never held in memory).  Bad input never stops
the run: each skipped file, line or field is reported as a ``Problem`` and the
rest is still read.

* Pages (``*.txt``, and any file given by name that is not JSON Lines) are
  decoded -- UTF-8 with or without BOM, else detected with charset-normalizer
  (GB18030 wins ties: Chinese OCR output is often saved in GBK) -- and handed to
  ``pages.split_page``.
* Archives (``*.jsonl``, ``*.ndjson``, gzipped ``*.gz``) hold one article a
  line; see ``archives.jsonl_record`` for the fields.  A line without ``id`` gets a
  stable id derived from its source and text, not from its line number, so
  adding lines to an archive leaves the other ids alone.
"""
import codecs
import errno
import gzip
import hashlib
import json
import logging
import os
import re
import zlib
from typing import NamedTuple

import charset_normalizer

from indexer.reading import issuemeta, metadata, pages, titles
from indexer.reading.archives import Skip, jsonl_record
from indexer.reading.manifests import Manifests
from indexer.reading.titles import TitleDefaults
from indexer.reading.records import MAX_ARTICLE_CHARS, article_chars

log = logging.getLogger(__name__)

PAGE_SUFFIXES = (".txt",)
ARCHIVE_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
GB_FAMILY = {"gb2312", "gbk", "gb18030"}
CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


class Problem(NamedTuple):
    """Something skipped: a whole file (``line`` is None), a line or a field."""

    path: str
    line: int | None
    message: str

    def __str__(self):
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"



def read_records(paths, *, encoding=None, on_problem=None, max_chars=MAX_ARTICLE_CHARS,
                 defaults=TitleDefaults()):
    """Yield the records of ``paths`` (files or folders, read recursively).

    ``encoding`` overrides detection; ``on_problem(Problem)`` hears of each
    skipped file, line or field (default: logged), and of each article with
    more than ``max_chars`` characters of text, which is skipped.  Raises
    FileNotFoundError for a missing path and LookupError for an unknown
    encoding, at once.  ``defaults`` (``titles.TitleDefaults``) are the title and
    source type of an item that names neither (``titles.assign``).
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
    return _read_all(paths, encoding, report, max_chars, defaults.checked())


def _log_problem(problem):
    log.warning("%s", problem)


def _read_all(paths, encoding, report, max_chars, defaults):
    """Every record of ``paths``, annotated (the one place records are)."""
    manifests = Manifests(report, Problem)
    for path in paths:
        read = _read_folder if os.path.isdir(path) else _read_file

        def issue(page_path, top=path):
            """A page's issue fields: its manifest row, else its file name."""
            return issuemeta.merge(manifests.lookup(page_path, top),
                                   issuemeta.from_file_name(page_path))
        for record in read(path, encoding, report, issue, max_chars):
            yield titles.assign(metadata.annotate(record), defaults)


def _read_folder(folder, encoding, report, issue, max_chars):
    found = 0
    for path in _folder_files(folder, report):
        for record in _read_file(path, encoding, report, issue, max_chars):
            found += 1
            yield record
    if not found:
        wanted = ", ".join("*" + s for s in PAGE_SUFFIXES + ARCHIVE_SUFFIXES)
        report(Problem(folder, None, f"no readable text in this folder (looked for {wanted})"))


def _folder_files(folder, report):
    """Page and archive files under ``folder``, sorted, hidden ones left out."""
    def unreadable(error):
        report(Problem(error.filename or folder, None, f"cannot read folder: {error.strerror}"))

    for top, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(PAGE_SUFFIXES + ARCHIVE_SUFFIXES):
                yield os.path.join(top, name)


def _read_file(path, encoding, report, issue, max_chars):
    if path.lower().endswith(ARCHIVE_SUFFIXES + (".gz",)):
        found = _read_archive(path, encoding, report)
    else:
        found = _read_page(path, encoding, report, issue)
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

def _read_page(path, encoding, report, issue):
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as error:
        report(Problem(path, None, f"cannot read file: {error.strerror}"))
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


def _page_line(text, record):
    """The line of ``text`` where ``record``'s first words are (None if not found)."""
    first = next((record[name] for name in ("kicker", "headline", "dateline", "body")
                  if record[name].strip()), "")
    at = text.find(first.strip().split("\n")[0][:20]) if first.strip() else -1
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def decode_page(data: bytes, encoding=None) -> str:
    """The text of a page file, BOM stripped and line ends made ``\\n``.

    Raises ValueError (with a hint) for binary data or an undecodable file.
    """
    if encoding:
        text = _decode(data, encoding)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, "utf-16")
    elif b"\0" in data:
        raise ValueError("binary file (contains NUL bytes), not text")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode(data, _detect_encoding(data))
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if len(CONTROLS.findall(text)) > len(text) // 100:
        raise ValueError("binary file (control characters), not text")
    return text


def _decode(data, encoding):
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ValueError(f"cannot decode as {encoding} (byte {error.start}); "
                         "give the right one with --encoding") from None


def _detect_encoding(data):
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise ValueError("not UTF-8 and the encoding cannot be detected (binary file?); "
                         "give it with --encoding")
    # Short GBK texts also read as Korean or Japanese: a Chinese archive takes the tie.
    if any(m.encoding == "gb18030" and m.chaos <= best.chaos for m in matches):
        return "gb18030"
    return "gb18030" if best.encoding in GB_FAMILY else best.encoding


# --- JSON Lines archives -----------------------------------------------------

def _read_archive(path, encoding, report):
    source = os.path.basename(path)
    derived = set()
    line_no = 0
    try:
        opener = gzip.open if path.lower().endswith(".gz") else open
        with opener(path, "rb") as file:
            for line_no, raw in enumerate(file, 1):
                record = _archive_line(raw, line_no, encoding, source, derived,
                                       lambda message: report(Problem(path, line_no, message)))
                if record is not None:
                    yield record, line_no
    except (OSError, EOFError, zlib.error) as error:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        if line_no:
            report(Problem(path, line_no + 1, f"cannot read the rest of the file: {reason}"))
        else:
            report(Problem(path, None, f"cannot read file: {reason}"))


def _archive_line(raw, line_no, encoding, source, derived, problem):
    """One archive line as a record, or None (reported) to skip it."""
    try:
        text = raw.decode(encoding or ("utf-8-sig" if line_no == 1 else "utf-8"))
    except UnicodeDecodeError as error:
        problem(f"not {encoding or 'UTF-8'} text (byte {error.start}); skipped the line")
        return None
    if not text.strip():
        return None
    try:
        item = json.loads(text)
    except json.JSONDecodeError as error:
        problem(f"malformed JSON: {error.msg} (column {error.colno}); skipped the line")
        return None
    except RecursionError:
        problem("malformed JSON: nested too deeply; skipped the line")
        return None
    try:
        record = jsonl_record(item, source=source, seq=line_no, problem=problem)
    except Skip as error:
        problem(f"{error}; skipped the line")
        return None
    if not record["id"]:
        record["id"] = _derived_id(record, derived, line_no)
    return record


def _derived_id(record, derived, line_no):
    """A stable id from source and text; a repeated article gets its line number."""
    key = "\n".join((record["source"], record["headline"], record["body"]))
    article_id = "j" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    if article_id in derived:
        article_id += f"-{line_no}"
    derived.add(article_id)
    return article_id
