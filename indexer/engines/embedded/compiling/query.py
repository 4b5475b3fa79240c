"""The query language, compiled to Whoosh query objects.

Syntax (documented for users in README):

* ``职工 创新`` — every space-separated term must match (AND).
* an unquoted term ``区总工会`` finds every document containing that exact
  string (ranked first when the term is short), any of its words, or two of
  its character bigrams, ranked by ``relevance`` (so a question is answered
  by its best matches, however it was segmented).
* ``"职工创新工作室"`` — exact substring, nothing else; a quoted phrase is
  marked as one unit in snippets.
* ``职工 NEAR/10 书屋`` or ``"职工 书屋"~10`` — both strings with at most 10
  characters between them, in either order (``indexer.searching.proximity``).
* ``东城区总工会~`` or ``"…"~`` — also the string misread by one character
  (``indexer.searching.fuzzy``).
* ``AND``, ``OR``, ``NOT``, ``-term``, ``( … )``.
* fields: ``reporter:马超``, ``district:朝阳区`` (or ``district:朝阳``),
  ``union:北京市总工会`` (short forms through canonical_union),
  ``level:district``, ``year:2025``, ``kind:news``, ``source:x.txt``,
  ``date:2025``, ``date:2025-10``, ``date:2025-10-30``, ranges
  ``date:2025-01..2025-06`` or ``date:[2025-01 TO 2025-06]`` (inclusive; an
  open end ``date:2025-03..`` is fine); ``issue:2025-10-30`` (one day's paper,
  as ``date:``) and ``edition:3`` (a printed page, 版次).

Anything that does not parse is searched as plain text.  ``*`` and ``?`` are
ordinary characters (no wildcard expansion), and only the first
``MAX_QUERY_CHARS`` characters are read, so every query has a bounded cost.
"""
import logging
import re
from dataclasses import dataclass, field

from whoosh import query as wq

from indexer.searching import proximity, querysyntax
from indexer.engines.embedded.compiling import relevance
from indexer.engines.embedded.compiling.charquery import CharQuery, TextQuery
from indexer.engines.embedded.compiling.dates import DateRange
from indexer.engines.embedded.compiling.fuzzyquery import FuzzyQuery
from indexer.engines.embedded.compiling.nearquery import NearQuery
from indexer.engines.embedded.arrays.postingarrays import CachedFrequencies, doc_frequency
from indexer.engines.embedded.compiling.relevance import RankedTerm
from indexer.searching.daterange import date_prefix
from indexer.searching.querysyntax import clean_query
from indexer.searching.terms import (FIELD_NAMES, char_tokens, field_value, search_words,  # noqa: F401
                                    union_names, word_tokens)
from indexer.engines.embedded.lifecycle import faults
from indexer.engines.embedded.lifecycle.schema import FIELD_BOOSTS, TEXT_FIELDS

log = logging.getLogger(__name__)


SCAN_SHARE = 0.02    # a string whose bigrams are all in more than this share of
                     # documents is found by scanning texts (charquery.TextQuery)


@dataclass
class Parsed:
    """A compiled query and what to mark in snippets."""
    query: wq.Query
    phrases: list = field(default_factory=list)   # exact strings, marked as units
    words: list = field(default_factory=list)     # looser words
    reader: object = None                         # for document frequencies
    fuzzy: list = field(default_factory=list)     # OCR-tolerant strings (marked by fuzzy)


def parse(q, reader=None):
    """Compile the user's query string; never raises.

    With an index ``reader``, a term drops its very common words and bigrams
    ('的', '是', a paper's own name) and its question words from the ranking
    evidence (``relevance.evidence_terms``): they barely change the ranking
    but make a query touch every document.  The exact string still finds
    every document containing the term.
    """
    text = clean_query(q)
    if not text.strip():
        return Parsed(wq.Every())
    parsed = Parsed(wq.NullQuery, reader=reader)
    try:
        tree = querysyntax.parse_tree(querysyntax.lex(text))
        if tree is None:
            # nothing to find ('AND', '(('): the user means the text itself
            return _plain(text, reader)
        parsed.query = _exclusions_alone(tree, parsed) or _compile(tree, parsed, negated=False)
    except Exception as error:  # noqa: BLE001 - a compiler bug must not cost a search
        if faults.from_the_files(error):
            raise                       # a damaged index is not a compiler bug
        log.warning("query %r could not be compiled; searching it as plain text", text,
                    exc_info=True)
        return _plain(text, reader)
    return parsed


def _plain(text, reader):
    """``text`` read as plain words, every one of them required."""
    parsed = Parsed(wq.NullQuery, reader=reader)
    parts = [_term(w, parsed, False) for w in querysyntax.plain_words(text)]
    parsed.query = wq.And(parts) if parts else wq.Every()
    return parsed


def _exclusions_alone(node, parsed):
    """``-疫情``, ``NOT 疫情``, ``-a -b``: every document except the excluded ones
    (None when the query has something to find)."""
    parts = [node] if node[0] == "not" else node[1] if node[0] == "and" else []
    if not parts or any(n[0] != "not" for n in parts):
        return None
    return _and([wq.Every()], [_compile(n[1], parsed, negated=True) for n in parts])


def _compile(node, parsed, negated):
    kind = node[0]
    if kind == "and":
        return _and([_compile(n, parsed, negated) for n in _informative(node[1])],
                    [_compile(n[1], parsed, not negated) for n in node[1] if n[0] == "not"])
    if kind == "or":
        return wq.Or([_compile(n, parsed, negated) for n in node[1]])
    if kind == "not":
        return _and([], [_compile(node[1], parsed, not negated)])
    if kind == "term":
        return _term(node[1], parsed, negated)
    if kind == "phrase":
        exact = substring_query(node[1], parsed.reader)
        if not negated and exact is not wq.NullQuery:
            parsed.phrases.append(node[1])
        words = word_tokens(node[1])
        if words and exact is not wq.NullQuery:
            return wq.AndMaybe(exact, _any_words(words))    # words only rank
        return exact
    if kind == "fuzzy":
        string = proximity.needle(node[1])
        if not string:
            return wq.NullQuery
        if not negated:
            parsed.phrases.append(node[1])
            parsed.fuzzy.append(string)
        return FuzzyQuery(string)
    if kind == "near":
        return _near(node[1], node[2], node[3], parsed, negated)
    if kind == "field":
        return _field(node[1], node[2], parsed, negated)
    if kind == "range":
        low, high = date_prefix(node[1]), date_prefix(node[2])
        if (node[1] and not low) or (node[2] and not high):
            return _term(" ".join(node[1:]), parsed, negated)
        return DateRange(low, high)     # the date column, not a term per day
    raise ValueError(f"unknown node {kind!r}")


def _near(a, b, n, parsed, negated):
    """``a NEAR/n b`` (``proximity``): both strings, at most n characters apart."""
    first, second = proximity.needle(a), proximity.needle(b)
    if not first or not second:
        return wq.NullQuery
    if not negated:
        parsed.phrases.extend((a, b))
    return NearQuery(first, second, n)


def _informative(nodes):
    """The positive ``nodes``, without bare punctuation beside other terms.

    In ``口号是什么 ？`` the stray ``？`` must not make every answer contain one.
    """
    positives = [n for n in nodes if n[0] != "not"]
    return [n for n in positives if n[0] != "term" or _WORDLIKE.search(n[1])] or positives


def _and(positives, negatives):
    # Not AndNot: Whoosh 2.7's AndNotMatcher skips no negative posting before
    # the first positive one, so it lets excluded documents through.
    if not negatives:
        return positives[0] if len(positives) == 1 else wq.And(positives)
    return wq.And((positives or [wq.Every()]) + [wq.Not(wq.Or(negatives))])


def _term(text, parsed, negated):
    """An unquoted term, ranked by ``relevance``: its exact string, words and bigrams."""
    exact = substring_query(text, parsed.reader)
    frequencies = CachedFrequencies(parsed.reader) if parsed.reader is not None else None
    words, bigrams = relevance.evidence_terms(search_words(text), char_tokens(text, 2),
                                              frequencies)
    if not negated:
        parsed.phrases.append(text)
        parsed.words.extend(w for w in word_tokens(text) if w in words)
    if exact is wq.NullQuery and not words and not bigrams:
        return wq.NullQuery
    return RankedTerm(text, exact, words, bigrams)


def _word(word):
    return wq.Or([wq.Term(f, word, boost=FIELD_BOOSTS[f]) for f in TEXT_FIELDS])


def _any_words(words):
    return wq.Or([_word(w) for w in words]) if words else wq.NullQuery


def substring_query(text, reader=None):
    """Documents whose normalised text contains ``text`` exactly.

    With a ``reader``, a string of 3+ characters whose bigrams are all common
    scans the documents' texts: the same set, without a phrase query's
    per-document position checks.
    """
    chars = char_tokens(text, 1)
    if not chars:
        return wq.NullQuery
    if len(chars) == 1:
        return CharQuery(chars[0])
    bigrams = char_tokens(text, 2)
    if len(bigrams) == 1:
        return wq.Term("chars2", bigrams[0])
    if reader is not None and _all_common(bigrams, reader):
        return TextQuery("".join(chars), bigrams=bigrams)
    return wq.Phrase("chars2", bigrams, slop=1)


def _all_common(bigrams, reader):
    limit = SCAN_SHARE * max(1, reader.doc_count())
    return all(doc_frequency(reader, "chars2", b) > limit for b in set(bigrams))


_WORDLIKE = re.compile(r"[^\W_]")
def _field(name, value, parsed, negated):
    fieldname = FIELD_NAMES[name]
    value = field_value(name, value.strip())
    if fieldname == "date":
        prefix = date_prefix(value)
        return DateRange(prefix, prefix) if prefix else _term(f"{name}:{value}", parsed, negated)
    if fieldname == "reporter" and not negated:
        parsed.phrases.append(value)
    if fieldname == "district":
        return wq.Prefix("district", value) if value else wq.NullQuery
    if fieldname == "union":
        return wq.Or([wq.Term("union", v) for v in union_names(value)])
    return wq.Term(fieldname, value)
