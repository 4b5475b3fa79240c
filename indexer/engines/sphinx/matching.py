"""Baoku's query syntax as a SphinxQL ``MATCH`` expression.

The user's text is read by ``indexer.searching.querysyntax`` (the same tree
as the embedded index) and each node said in the keywords of ``tokens``:

* a quoted string: the phrase of its characters in ``chars`` (exactly the
  documents containing it); its words only rank (``P | (P W)``: Sphinx
  2.2's MAYBE drops matches);
* an unquoted term: its exact string, or any of its evidence words
  (``evidence.evidence_terms``: no question words, nothing in more than a
  fifth of the documents unless that is all there is), so every document
  containing the typed string is found;
* ``a NEAR/n b`` and ``word~``: their candidates here; the text is checked by
  ``nearness`` (inside ``OR``/``NOT`` too: a placeholder in ``template``);
* ``AND`` (juxtaposition), ``OR`` (``|``), ``NOT``/``-`` (``-(…)``, beside
  ``EVERYTHING`` when nothing positive is left), fields and dates in ``meta``.

``short`` lists the character counts of the unquoted terms short enough that
their exact string ranks first (``evidence.SHORT_CHARS``); the ranker gives
a document holding one of them verbatim (``lcs`` over ``chars``) that bonus.
"""
import logging
import re
from dataclasses import dataclass, field

from indexer.engines.sphinx import nearness, tokens
from indexer.engines.sphinx.rows import WORD_FIELDS
from indexer.searching import querysyntax
from indexer.searching import evidence
from indexer.searching.daterange import date_prefix
from indexer.searching.terms import (FIELD_NAMES, char_tokens, field_value, search_words,
                                     union_names, word_tokens)

log = logging.getLogger(__name__)
EVERY, NOTHING = tokens.EVERY_MATCH, tokens.NOTHING_MATCH
_WORDS = "@(" + ",".join(WORD_FIELDS.values()) + ")"
_WORDLIKE = re.compile(r"[^\W_]")


@dataclass
class Compiled:
    """A query as Sphinx runs it, and what to mark in snippets."""
    match: str = None                               # None: every document
    phrases: list = field(default_factory=list)     # exact strings, marked as units
    words: list = field(default_factory=list)       # looser words
    short: list = field(default_factory=list)       # char counts of short unquoted terms
    terms: list = field(default_factory=list)       # (signal, text) pieces, for explain
    fuzzy: list = field(default_factory=list)       # OCR-tolerant strings (hits say how)
    checks: list = field(default_factory=list)      # top-level (MATCH, check(text)) (nearness)
    nested: list = field(default_factory=list)      # nearness.Nested pairs/strings in OR/NOT
    top: set = field(default_factory=set)           # ids of the tree's top-level nodes
    template: str = None                            # match with the nested ones' placeholders


class Frequencies:
    """Document frequencies of words, as ``evidence.evidence_terms`` asks a reader.

    ``lookup(keywords) -> {keyword: documents}`` and ``documents`` come from the
    cluster (``searching.keyword_documents``); bigrams are not indexed here (0).
    """

    def __init__(self, lookup, documents):
        self.lookup, self.documents, self.known = lookup, documents, {}

    def prefetch(self, words):
        wanted = [w for w in dict.fromkeys(words) if w not in self.known]
        if wanted:
            found = self.lookup([tokens.word_keyword(w) for w in wanted])
            self.known.update({w: found.get(tokens.word_keyword(w), 0) for w in wanted})

    def doc_count_all(self):
        return self.documents

    def doc_frequency(self, fieldname, text):
        return self.known.get(text, 0) if fieldname in WORD_FIELDS else 0


def compile_query(q, frequencies=None):
    """The ``Compiled`` query for the user's text; never raises."""
    text = querysyntax.clean_query(q)
    compiled = Compiled()
    if not text.strip():
        return compiled
    try:
        tree = querysyntax.parse_tree(querysyntax.lex(text))
        if tree is None:
            tree = _plain(text)
        if frequencies is not None:
            frequencies.prefetch(_term_words(tree))
        compiled.top = {id(n) for n in _top_nodes(tree)}
        compiled.template = _node(tree, compiled, False, frequencies)
        compiled.match = nearness.superset(compiled.template, compiled.nested)
        compiled.checks = _top_checks(tree)
    except Exception:   # noqa: BLE001 - a compiler bug must not cost a search
        log.warning("query %r could not be compiled; searching it as plain text", text,
                    exc_info=True)
        compiled = Compiled()
        compiled.match = compiled.template = _node(_plain(text), compiled, False, None)
    return compiled


def _top_nodes(tree):
    return [tree] if tree[0] in ("near", "fuzzy") else tree[1] if tree[0] == "and" else []


def _top_checks(tree):
    """The proximity pairs and OCR-tolerant strings the whole query requires
    (answered by ``nearness``): ``[(candidates' MATCH, check(text))]``."""
    nodes = _top_nodes(tree)
    checks = [(nearness.pair_match(chars_phrase, n[1], n[2]), nearness.near_check(*n[1:]))
              for n in nodes if n[0] == "near"]
    for node in nodes:
        string = node[0] == "fuzzy" and "".join(char_tokens(node[1], 1))
        if string:
            checks.append((nearness.fuzzy_match(chars_phrase, string),
                           nearness.fuzzy_check(string)))
    return checks


def _plain(text):
    terms = [("term", w) for w in querysyntax.plain_words(text)]
    return ("and", terms) if terms else ("term", text)


def _term_words(node):
    if node[0] in ("and", "or"):
        return [w for n in node[1] for w in _term_words(n)]
    if node[0] == "not":
        return _term_words(node[1])
    return search_words(node[1]) if node[0] == "term" else []


def _node(node, c, negated, frequencies):
    kind = node[0]
    if kind == "and":
        positives = _informative(node[1])
        return _and([_node(n, c, negated, frequencies) for n in positives],
                    [_node(n[1], c, not negated, frequencies) for n in node[1] if n[0] == "not"])
    if kind == "or":
        return " | ".join(f"({_node(n, c, negated, frequencies)})" for n in node[1])
    if kind == "not":
        return _and([], [_node(node[1], c, not negated, frequencies)])
    if kind == "term":
        return _term(node[1], c, negated, frequencies)
    if kind == "phrase":
        return _phrase(node[1], c, negated)
    if kind == "fuzzy":
        string = "".join(char_tokens(node[1], 1))
        if not negated and string:
            c.phrases.append(node[1])
            c.fuzzy.append(string)
            c.terms.append(("exact", node[1]))
        match = nearness.fuzzy_match(chars_phrase, string) if string else None
        return _checked(node, c, negated, match, string and nearness.fuzzy_check(string))
    if kind == "near":
        if not negated:
            c.phrases.extend(node[1:3])
            c.terms.extend(("exact", t) for t in node[1:3])
        return _checked(node, c, negated, nearness.pair_match(chars_phrase, node[1], node[2]),
                        nearness.near_check(*node[1:]))
    if kind == "field":
        return _field(node[1], node[2].strip(), c, negated, frequencies)
    if kind == "range":
        low, high = date_prefix(node[1]), date_prefix(node[2])
        if (node[1] and not low) or (node[2] and not high):
            return _term(" ".join(node[1:]), c, negated, frequencies)
        return _any_meta(tokens.range_keywords(low, high))
    raise ValueError(f"unknown node {kind!r}")


def _checked(node, c, negated, match, check):
    """A pair or string whose text is checked: its candidates' MATCH at the top of the
    query (``checks`` narrows them), a placeholder inside OR/NOT (``nearness.Nested``)."""
    if match is None:
        return NOTHING
    if id(node) in c.top:
        return match
    nested = nearness.Nested(len(c.nested), negated, match, check)
    c.nested.append(nested)
    return nested.placeholder


def _informative(nodes):
    """The positive nodes without bare punctuation beside other terms (as the
    embedded compiler: in ``口号是什么 ？`` the ``？`` is not required)."""
    positives = [n for n in nodes if n[0] != "not"]
    return [n for n in positives if n[0] != "term" or _WORDLIKE.search(n[1])] or positives


def _and(positives, negatives):
    parts = [f"({p})" for p in positives or [EVERY]]
    parts += [f"-({n})" for n in negatives]
    return " ".join(parts)


def chars_phrase(text):
    """The ``chars`` expression of an exact string (None when it has no characters)."""
    keys = tokens.char_keywords(char_tokens(text, 1))
    if not keys:
        return None
    return f"@chars {keys[0]}" if len(keys) == 1 else '@chars "%s"' % " ".join(keys)


def _any_words(words):
    keys = list(dict.fromkeys(tokens.word_keyword(w) for w in words))
    return f"{_WORDS} ({' | '.join(keys)})" if keys else None


def _term(text, c, negated, frequencies):
    """An unquoted term: its exact string or any of its evidence words."""
    exact = chars_phrase(text)
    words, _ = evidence.evidence_terms(search_words(text), [], frequencies)
    if not negated:
        c.phrases.append(text)
        c.words.extend(w for w in word_tokens(text) if w in words)
        if exact and len(text) <= evidence.SHORT_CHARS:
            c.short.append(len(char_tokens(text, 1)))
        c.terms.append(("exact", text))
        c.terms.extend(("words", w) for w in words)
    loose = _any_words(words)
    parts = [p for p in (exact, loose) if p]
    return " | ".join(f"({p})" for p in parts) if parts else NOTHING


def _phrase(text, c, negated):
    exact = chars_phrase(text)
    if exact is None:
        return NOTHING
    if not negated:
        c.phrases.append(text)
        c.terms.append(("exact", text))
    loose = _any_words(word_tokens(text))
    return f"({exact}) | (({exact}) ({loose}))" if loose else exact


def _any_meta(keys):
    return f"@meta ({' | '.join(keys)})" if keys else NOTHING


def _field(name, value, c, negated, frequencies):
    fieldname = FIELD_NAMES[name]
    value = field_value(name, value)
    if fieldname == "date":
        prefix = date_prefix(value)
        if not prefix:
            return _term(f"{name}:{value}", c, negated, frequencies)
        return _any_meta(tokens.range_keywords(prefix, prefix))
    if not negated:
        c.terms.append(("field", value))
        if fieldname == "reporter":
            c.phrases.append(value)
    if fieldname == "district":
        return _any_meta([tokens.meta_keyword("district", value)] if value else [])
    if fieldname == "union":
        return _any_meta([tokens.meta_keyword("union", v) for v in union_names(value)])
    return _any_meta([tokens.meta_keyword(fieldname, value)])
