"""The article record: the one shape every stage of Baoku passes along.

A record is a plain, JSON-ready ``dict`` (what ``baoku extract`` prints, one a
line, and what ``baoku index`` reads).  The page reader (``pages.py``) and the
JSON Lines reader (``sources.py``) both produce it; the indexer consumes it.

Fields
------
id              str   stable id; page units: derived from source + the unit's own
                      text (editing one article leaves the others' ids alone);
                      JSON Lines: the given ``id`` is kept.
kind            str   one of KINDS.
kicker          str   line above the headline ('' when none).
headline        str   ('' for a fragment).
subtitle        str   line below the headline ('' when none).
dateline        str   e.g. '本报讯(记者 马超 通讯员 张雪)' ('' when none).
body            str   paragraphs joined by '\\n', OCR breaks mended.
reporters       list[str]
correspondents  list[str]
photographers   list[str]
districts       list[str]   canonical district names (DISTRICTS in districts.py).
unions          list[str]   canonical union names, in order of first mention.
union_levels    dict[str, str]  canonical union name -> one of UNION_LEVELS.
dates           list[str]   dates as mentioned in the text: '10月30日', '2025年'.
dates_iso       list[str | None]  parallel to ``dates``: each one in ISO form
                      ('2025-10-30', '2025-10', '2025'), a mention without a year
                      resolved against the issue date; None when it cannot be.
date            str | None  ISO date of publication (issue date) when known.
paper           str   the title the item belongs to (劳动午报, 新闻联播; ``titles.assign``
                      fills it when reading: never '' once read).
source_type     str   one of ``titles.SOURCE_TYPES`` (newspaper, broadcast, web, magazine).
page            int | None  page number (版次) in the issue.
page_name       str   the page's name (版名, '工会新闻'; '' when none).
url             str | None
source          str   file name the unit came from.
seq             int   position on the page (0-based); line number for JSON Lines.

Records read from a printed page (PDF, ALTO, hOCR) also carry
regions         list[dict]  the unit's box(es) on its page, ``{x, y, w, h}`` as
                      fractions of the page's width and height (photo included);
text pages and JSON Lines records have no such field.
"""

KINDS = ("news", "photo", "banner", "ad", "fragment")

MAX_ID_LENGTH = 200     # characters: longer ids are refused when read, and never looked up

# Characters of an article's text (kicker, headline, subtitle, dateline, body):
# a longer one is reported and skipped when read (``--max-article-chars``), and
# at most this much of a stored one is shown.  The longest of the 24,102 items
# of the development news archive has 22,337 characters (99.9% under 4,006):
# nine times that refuses only a mis-cut page or a broken export -- and one
# such 50 MB "article" cost 50 s and 2.75 GB to index and slowed every search.
MAX_ARTICLE_CHARS = 200_000
TEXT_FIELDS = ("kicker", "headline", "subtitle", "dateline", "body")

UNION_LEVELS = ("national", "municipal", "district", "street", "enterprise", "abroad")
# a level's name as a reader sees and types it (``level:市级`` is ``level:municipal``)
UNION_LEVEL_LABELS = dict(zip(UNION_LEVELS, ("全国", "市级", "区级", "街道乡镇", "企业和行业",
                                             "境外及港澳台"), strict=True))


def union_level_value(text):
    """A level as the index holds it, from its name or its Chinese label ('市级' -> 'municipal');
    anything else comes back as given."""
    text = (text or "").strip()
    named = {label: level for level, label in UNION_LEVEL_LABELS.items()}
    return named.get(text, text.lower() if text.lower() in UNION_LEVELS else text)

FIELDS = (
    "id", "kind", "kicker", "headline", "subtitle", "dateline", "body",
    "reporters", "correspondents", "photographers", "districts", "unions",
    "union_levels", "dates", "dates_iso", "date", "paper", "source_type", "page",
    "page_name", "url", "source", "seq",
)

LIST_FIELDS = ("reporters", "correspondents", "photographers", "districts",
               "unions", "dates")


def article_chars(record):
    """How many characters of text ``record`` holds (what MAX_ARTICLE_CHARS limits)."""
    return sum(len(record.get(name) or "") for name in TEXT_FIELDS)


def new_record(**values):
    """Return a record with every field present, defaults filled in."""
    record = {name: "" for name in FIELDS}
    record.update({name: [] for name in LIST_FIELDS})
    record.update(union_levels={}, dates_iso=[], date=None, page=None, url=None, seq=0)
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown record fields: {sorted(unknown)}")
    record.update(values)
    return record
