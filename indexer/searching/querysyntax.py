"""The query language's grammar: text -> tokens -> a small tree (no Whoosh).

Tree nodes: ("and", [nodes]), ("or", [nodes]), ("not", node), ("term", text),
("phrase", text), ("field", name, value), ("range", low, high), ("near", a, b, n): strings ``a``
and ``b`` within ``n`` characters (``proximity``), ("fuzzy", text): the string or it
misread by one character (``fuzzy``; ``word~`` or ``"…"~``).  The parser is
lenient: a stray operator is dropped, an unmatched quote is ignored, an
unmatched parenthesis is an ordinary character, an unknown ``name:`` is part of the text.
"""
import re

from indexer.searching import budget

MAX_QUERY_CHARS = 256
MAX_DISTANCE = 1000     # characters a proximity may span (a larger n reads as this)
FIELDS = ("reporter", "district", "union", "level", "year", "date", "kind", "source", "paper",
          "issue", "edition")
_UNSAFE = re.compile("[\x00-\x1f\x7f\ud800-\udfff\ue000]")
_FIELD = re.compile(r"^(%s):(.*)$" % "|".join(FIELDS), re.S)
_RANGE = re.compile(r"^\[\s*(\S*)\s+(?:TO|to)\s+(\S*)\s*\]$")
_SLOP = re.compile(r"~(\d{1,6})(?![^\s()])")
_NEAR = re.compile(r"^NEAR/(\d{1,6})$")
OPERATORS = {"AND": "and", "OR": "or", "NOT": "not", "&&": "and", "||": "or"}


def clean_query(q):
    """The first MAX_QUERY_CHARS characters, control characters as spaces."""
    return _UNSAFE.sub(" ", str(q or "")[:MAX_QUERY_CHARS])


def plain_words(text):
    """The fallback reading: whitespace-separated chunks, syntax removed (within
    the search budget, as ``parse_tree``)."""
    words = re.sub(r'["()]', " ", text).split()
    return [node[1] for node in budget.leaves(budget.bounded(("and", [("term", w)
                                                                      for w in words])))]


def _syntax_positions(text):
    """Indices of quotes and parentheses that pair up (the others are text)."""
    quotes = [i for i, c in enumerate(text) if c == '"']
    if len(quotes) % 2:
        quotes = quotes[:-1]
    spans = list(zip(quotes[::2], quotes[1::2]))
    inside = {i for a, b in spans for i in range(a, b + 1)}
    stack, parens = [], set()
    for i, c in enumerate(text):
        if i in inside:
            continue
        if c == "(":
            stack.append(i)
        elif c == ")" and stack:
            parens.update((stack.pop(), i))
    return set(quotes), parens


def lex(text):
    """Tokens: ('(',) (')',) ('op', and|or|not) ('-',) ('phrase', s) ('word', s)."""
    quotes, parens = _syntax_positions(text)
    tokens, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace() or c == '"' and i not in quotes:   # a lone quote: ignored
            i += 1
        elif i in parens:
            tokens.append((c,))
            i += 1
        elif i in quotes:
            end = text.index('"', i + 1)
            i = _lex_phrase(text, i, end, tokens)
        elif c == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] != "-":
            tokens.append(("-",))
            i += 1
        else:
            i = _lex_word(text, i, quotes, parens, tokens)
    return tokens


def _lex_phrase(text, i, end, tokens):
    """A quoted string; ``"a b"~n`` (two or more strings) is a proximity group."""
    slop, parts = _SLOP.match(text, end + 1), text[i + 1:end].split()
    if slop and len(parts) >= 2:
        tokens.append(("group", parts, int(slop.group(1))))
        return slop.end()
    if not slop and text.startswith("~", end + 1) and (end + 2 >= len(text)
                                                       or text[end + 2].isspace()):
        tokens.append(("fuzzy", text[i + 1:end]))
        return end + 2
    tokens.append(("phrase", text[i + 1:end]))
    return slop.end() if slop else end + 1      # one string is near itself


def _lex_word(text, i, quotes, parens, tokens):
    j = i
    while j < len(text) and not text[j].isspace() and j not in quotes and j not in parens:
        j += 1
    word = text[i:j]
    m = _FIELD.match(word)
    if m and not m.group(2) and j in quotes:            # name:"quoted value"
        end = text.index('"', j + 1)
        tokens.append(("field", m.group(1), text[j + 1:end]))
        return end + 1
    if m and m.group(1) == "date" and m.group(2).startswith("["):
        end = text.find("]", i)
        r = _RANGE.match(text[i + 5:end + 1]) if end != -1 else None
        if r:
            tokens.append(("range", r.group(1), r.group(2)))
            return end + 1
    if m and m.group(1) == "date" and ".." in m.group(2):
        low, _, high = m.group(2).partition("..")
        tokens.append(("range", low, high))
    elif m and m.group(2):
        tokens.append(("field", m.group(1), m.group(2)))
    elif _NEAR.match(word):
        tokens.append(("near", int(_NEAR.match(word).group(1))))
    elif word in OPERATORS:
        tokens.append(("op", OPERATORS[word]))
    else:
        tokens.append(("word", word))
    return j


def parse_tree(tokens):
    """The tree for a token list (None when nothing is left to search), within the
    search budget (``budget.bounded``: repeated terms once, long strings cut)."""
    return budget.bounded(_parse(tokens))


def _parse(tokens):
    parser = _Parser(tokens)
    nodes = []
    while parser.peek() is not None:
        node = parser.parse_or()
        if node is not None:
            nodes.append(node)
        elif parser.peek() is not None:
            parser.next()       # a stray ')' or operator: skip it
    return _group("and", nodes)


def _group(kind, nodes):
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else (kind, nodes)


class _Parser:
    def __init__(self, tokens):
        self.tokens, self.i = tokens, 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def next(self):
        self.i += 1
        return self.tokens[self.i - 1]

    def parse_or(self):
        items = [self.parse_and()]
        while self.peek() == ("op", "or"):
            self.next()
            items.append(self.parse_and())
        return _group("or", items)

    def parse_and(self):
        items = []
        while self.peek() not in (None, (")",), ("op", "or")):
            if self.peek() == ("op", "and"):
                self.next()
                continue
            item = self.parse_unary()
            while self.peek() is not None and self.peek()[0] == "near":
                n = self.next()[1]
                ends = self.peek() in (None, (")",), ("op", "or"))
                item = item if ends else _near(item, n, self.parse_unary())
            items.append(item)
        return _group("and", items)

    def parse_unary(self):
        token = self.next()
        if token in (("op", "not"), ("-",)):
            ends = self.peek() in (None, (")",), ("op", "or"))
            operand = None if ends else self.parse_unary()
            return ("not", operand) if operand else None
        if token == ("(",):
            node = self.parse_or()
            if self.peek() == (")",):
                self.next()
            return node
        if token[0] == "word":
            fuzzy = len(token[1]) > 1 and token[1].endswith("~")
            return ("fuzzy", token[1][:-1]) if fuzzy else ("term", token[1])
        if token[0] in ("phrase", "field", "range", "fuzzy"):
            return token
        if token[0] == "group":
            parts, n = token[1], token[2]
            return _group("and", [("near", a, b, n) for a, b in zip(parts, parts[1:])])
        return None


def _near(left, n, right):
    """``left NEAR/n right``: both strings (terms or quoted) within ``n`` characters;
    anything else beside NEAR is ANDed (the operator is dropped)."""
    if right is None or left is None:
        return left or right
    last = left[2] if left[0] == "near" else left[1] if left[0] in _STRINGS else None
    if last is None or right[0] not in _STRINGS:
        return _group("and", [left, right])
    pair = ("near", last, right[1], n)
    return _group("and", [left, pair]) if left[0] == "near" else pair


_STRINGS = ("term", "phrase", "fuzzy")     # a proximity pair reads them as strings


def fuzzy_text(text):
    """``text`` with every word and quoted string marked OCR-tolerant (``~``): what
    the ``fuzzy=1`` switch searches."""
    out = []
    for token in lex(clean_query(text)):
        kind = token[0]
        if kind == "word" and not OPERATORS.get(token[1]):
            out.append(token[1] if token[1].endswith("~") else token[1] + "~")
        elif kind in ("phrase", "fuzzy"):
            out.append('"%s"~' % token[1])
        elif kind == "op":
            out.append(token[1].upper())
        elif kind == "-":
            out.append("NOT")
        elif kind == "field":
            out.append('%s:"%s"' % token[1:])
        elif kind == "range":
            out.append("date:%s..%s" % token[1:])
        elif kind == "group":
            out.append('"%s"~%d' % (" ".join(token[1]), token[2]))
        elif kind == "near":
            out.append("NEAR/%d" % token[1])
        else:
            out.append(kind)        # ( and )
    return " ".join(out)
