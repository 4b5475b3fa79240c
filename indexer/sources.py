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
  line; see ``jsonl_record`` for the fields.  A line without ``id`` gets a
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
import unicodedata
import zlib
from datetime import date, datetime
from typing import NamedTuple

import charset_normalizer

from indexer import metadata, pages
from indexer.records import KINDS, LIST_FIELDS, UNION_LEVELS, new_record

log = logging.getLogger(__name__)

PAGE_SUFFIXES = (".txt",)
ARCHIVE_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
GB_FAMILY = {"gb2312", "gbk", "gb18030"}
MAX_ID_LENGTH = 200
CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
SURROGATE = re.compile("[\ud800-\udfff]")
NAME_SEPARATORS = re.compile(r"[、,，;；\s]+")


class Problem(NamedTuple):
    """Something skipped: a whole file (``line`` is None), a line or a field."""

    path: str
    line: int | None
    message: str

    def __str__(self):
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class Skip(ValueError):
    """A JSON Lines item that cannot become a record; the message says why."""


def read_records(paths, *, encoding=None, on_problem=None):
    """Yield the records of ``paths`` (files or folders, read recursively).

    ``encoding`` overrides detection; ``on_problem(Problem)`` hears of each
    skipped file, line or field (default: logged).  Raises FileNotFoundError
    for a missing path and LookupError for an unknown encoding, at once.
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
    return _read_all(paths, encoding, report)


def _log_problem(problem):
    log.warning("%s", problem)


def _read_all(paths, encoding, report):
    for path in paths:
        if os.path.isdir(path):
            yield from _read_folder(path, encoding, report)
        else:
            yield from _read_file(path, encoding, report)


def _read_folder(folder, encoding, report):
    found = 0
    for path in _folder_files(folder, report):
        for record in _read_file(path, encoding, report):
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


def _read_file(path, encoding, report):
    if path.lower().endswith(ARCHIVE_SUFFIXES + (".gz",)):
        yield from _read_archive(path, encoding, report)
    else:
        yield from _read_page(path, encoding, report)


# --- pages -------------------------------------------------------------------

def _read_page(path, encoding, report):
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
    yield from pages.split_page(text, source=os.path.basename(path))


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
                    yield record
    except (OSError, EOFError, zlib.error) as error:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        if line_no:
            report(Problem(path, line_no + 1, f"cannot read the rest of the file: {reason}"))
        else:
            report(Problem(path, None, f"cannot read file: {reason}"))


def _archive_line(raw, line_no, encoding, source, derived, problem):
    """One archive line as an annotated record, or None (reported) to skip it."""
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
    try:
        record = jsonl_record(item, source=source, seq=line_no, problem=problem)
    except Skip as error:
        problem(f"{error}; skipped the line")
        return None
    if not record["id"]:
        record["id"] = _derived_id(record, derived, line_no)
    return metadata.annotate(record)


def jsonl_record(item, *, source, seq, problem):
    """A record from one decoded JSON Lines item (not yet annotated).

    Raises Skip when the item cannot be an article (not an object, a bad id, a
    headline or body that is not text, no text at all).  A bad optional field
    (date, url, kind, metadata) is reported through ``problem`` and left out.
    Unknown fields are ignored; ``id`` is '' when the item has none.
    """
    if not isinstance(item, dict):
        raise Skip(f"a line must hold a JSON object, not {type(item).__name__}")
    headline = item.get("headline")
    if headline in (None, ""):
        headline = item.get("title")
    body = item.get("body")
    headline, body = ("" if headline is None else headline), ("" if body is None else body)
    if not isinstance(headline, str) or not isinstance(body, str):
        raise Skip("title/headline and body must be strings")
    headline, body = _clean(headline).strip(), _clean(body)
    if not (headline or body.strip()):
        raise Skip("no title and no body")
    record = new_record(id=_given_id(item.get("id")), kind="news", headline=headline,
                        body=body, source=source, seq=seq)
    for name, parse in FIELD_PARSERS.items():
        value = item.get(name)
        if value in (None, "", [], {}):
            continue
        try:
            value = parse(value)
        except (TypeError, ValueError) as error:
            problem(f"field {name!r}: {error}; kept the article without it")
            continue
        if value:
            record[name] = value
    return record


def _given_id(value):
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Skip(f"id must be a string or an integer, not {type(value).__name__}")
    value = str(value)
    if not value.strip():
        raise Skip("id is blank")
    if len(value) > MAX_ID_LENGTH:
        raise Skip(f"id is longer than {MAX_ID_LENGTH} characters")
    if "/" in value or "\\" in value or ".." in value or value == ".":
        raise Skip(f"id {value!r} contains '/', '\\' or '..' (ids go into URLs and file names)")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in value):
        raise Skip(f"id {value!r} contains control characters")
    return value


def _derived_id(record, derived, line_no):
    """A stable id from source and text; a repeated article gets its line number."""
    key = "\n".join((record["source"], record["headline"], record["body"]))
    article_id = "j" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    if article_id in derived:
        article_id += f"-{line_no}"
    derived.add(article_id)
    return article_id


def _clean(text):
    """Line ends made ``\\n``; a lone surrogate (bad \\u escape) would break any output."""
    if SURROGATE.search(text):
        raise Skip("text holds an invalid \\u escape (lone surrogate)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _text(value):
    if not isinstance(value, str):
        raise TypeError(f"expected a string, not {type(value).__name__}")
    try:
        return _clean(value).strip()
    except Skip as error:
        raise ValueError(str(error)) from None


def _iso_date(value):
    text = _text(value)
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(re.sub("Z$", "+00:00", text)).date().isoformat()
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO date (YYYY-MM-DD)") from None


def _url(value):
    text = _text(value)
    if not re.match(r"https?://", text, re.IGNORECASE):
        raise ValueError(f"{text!r} is not an http(s) URL")
    return text


def _kind(value):
    if value not in KINDS:
        raise ValueError(f"{value!r} is not one of {', '.join(KINDS)}")
    return value


def _names(value):
    """A list of strings; a string is split at 、 , ; or spaces ('马超、张雪')."""
    if isinstance(value, str):
        value = NAME_SEPARATORS.split(value)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("expected a list of strings")
    return [name for name in map(_text, value) if name]


def _union_levels(value):
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, not {type(value).__name__}")
    bad = [level for level in value.values() if level not in UNION_LEVELS]
    if bad:
        raise ValueError(f"levels must be one of {', '.join(UNION_LEVELS)}, not {bad[0]!r}")
    return {_text(name): level for name, level in value.items()}


FIELD_PARSERS = {
    "kind": _kind, "kicker": _text, "subtitle": _text, "dateline": _text,
    "date": _iso_date, "url": _url, "source": _text, "union_levels": _union_levels,
    **{name: _names for name in LIST_FIELDS},
}
