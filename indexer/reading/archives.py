"""One JSON Lines item (an article exported from a CMS) as an article record.

``jsonl_record`` checks what a line holds: the article must have text and an id
that is safe in a URL; a bad optional field (date, url, kind, metadata) is
reported and left out, so the article is still kept.
"""
import hashlib
import json
import re
import unicodedata
from datetime import date, datetime

from indexer.reading.placeholders import placeholder_reason
from indexer.reading.records import KINDS, LIST_FIELDS, MAX_ID_LENGTH, UNION_LEVELS, new_record
from indexer.reading.titles import SOURCE_TYPES

SURROGATE = re.compile("[\ud800-\udfff]")
READ_PIECE = 1 << 20        # bytes read at a time past a line that is too long
NAME_SEPARATORS = re.compile(r"[、,，;；\s]+")


class Skip(ValueError):
    """A JSON Lines item that cannot become a record; the message says why."""


class Junk(Skip):
    """An item that is no article (an exporter's placeholder, a title with no body):
    left out and reported, but not a fault of the file, so a run that meets only
    these still succeeds (a real archive has some in every export)."""


def jsonl_record(item, *, source, seq, problem):
    """A record from one decoded JSON Lines item (not yet annotated).

    Raises Skip when the item cannot be an article (not an object, a bad id, a
    headline or body that is not text, no text at all), Junk when it is no article
    (``placeholders.placeholder_reason``).  A bad optional field
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
    junk = placeholder_reason(headline, body, item.get("kind"))
    if junk:
        raise Junk(junk)
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


def _page(value):
    """A page number (版次): a whole number 1-9999, or a string of one ('03')."""
    text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    if not (text.isascii() and text.isdigit() and 0 < int(text) < 10000):
        raise ValueError(f"{value!r} is not a page number")
    return int(text)


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


def _source_type(value):
    if value not in SOURCE_TYPES:
        raise ValueError(f"{value!r} is not one of {', '.join(SOURCE_TYPES)}")
    return value


def _union_levels(value):
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, not {type(value).__name__}")
    bad = [level for level in value.values() if level not in UNION_LEVELS]
    if bad:
        raise ValueError(f"levels must be one of {', '.join(UNION_LEVELS)}, not {bad[0]!r}")
    return {_text(name): level for name, level in value.items()}


FIELD_PARSERS = {
    "kind": _kind, "kicker": _text, "subtitle": _text, "dateline": _text,
    "date": _iso_date, "paper": _text, "page": _page, "page_name": _text, "url": _url,
    "source": _text, "source_type": _source_type, "union_levels": _union_levels,
    **{name: _names for name in LIST_FIELDS},
}


# --- lines of an archive file (``sources`` reads the file) ----------------------

def bounded_lines(file, most):
    """The lines of a binary ``file``, each as bytes, or as its length (an int) when
    it is longer than ``most`` bytes: such a line is read past in pieces, never held
    whole (one 300 MB line in a 300 KB gzip must not cost 300 MB)."""
    while raw := file.readline(most + 1):
        if len(raw) <= most or raw.endswith(b"\n"):
            yield raw
            continue
        size = len(raw)
        while not raw.endswith(b"\n") and (raw := file.readline(READ_PIECE)):
            size += len(raw)
        yield size


def archive_line(raw, line_no, encoding, source, derived, problem):
    """One archive line as a record, or None (reported) to skip it.  ``problem(message,
    junk=False)``: ``junk`` when the line was left out as no article (``Junk``)."""
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
    except Junk as error:
        problem(f"{error}; left it out", junk=True)
        return None
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
