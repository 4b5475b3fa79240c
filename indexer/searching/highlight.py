"""Marking matches in text: snippets and whole articles, HTML-escaped.

Matches are found on the normalised characters (the same analysis the index
uses) and mapped back through each token's ``startchar``/``endchar``, so
full-width, traditional or upper-case text is marked where it really is.
Exact strings (quoted phrases, whole unquoted terms) are marked as one unit;
their separate words are marked too when the whole string is not there.
"""
import bisect
import html

from analyzers import normalize_query_chars
from analyzers.normalize import char_spans
from indexer.reading.records import MAX_ARTICLE_CHARS

SNIPPET_CHARS = 120
LEAD_CHARS = 20
SCAN_CHARS = 2_000      # a long text is searched for matches a piece this long at a time
SCAN_LIMIT = 20_000     # pieces searched for an exact match before settling for words


def match_spans(text, parsed):
    """Sorted, merged (start, end) offsets in ``text`` of the query's matches."""
    exact, loose = _spans(text, parsed)
    return merge_spans(exact + loose)


def _spans(text, parsed):
    """(exact-string spans, word spans) in ``text``, unmerged."""
    if not text or not (parsed.phrases or parsed.words):
        return [], []
    mapped = char_spans(text)
    return find_spans(mapped, parsed.phrases), find_spans(mapped, parsed.words)


def find_spans(mapped, needles):
    """(start, end) offsets in the original text of each needle's occurrences.

    ``mapped`` is ``char_spans(text)``: the character analyzer's own mapping of
    normalised characters to original offsets, without a Token per character.
    """
    norm, starts, ends = mapped
    spans = []
    for needle in needles:
        wanted = normalize_query_chars(needle)
        k = norm.find(wanted) if wanted else -1
        while k != -1:
            last = k + len(wanted) - 1
            spans.append((k, last + 1) if starts is None else (starts[k], ends[last]))
            k = norm.find(wanted, k + 1)
    return spans


def merge_spans(spans):
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def render(text, spans, start=0, end=None):
    """``text[start:end]`` HTML-escaped with ``spans`` in <mark>."""
    end = len(text) if end is None else end
    out, at = [], start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        out.append(html.escape(text[at:s]))
        out.append("<mark>%s</mark>" % html.escape(text[s:e]))
        at = e
    out.append(html.escape(text[at:end]))
    return "".join(out)


def snippet(text, parsed, width=SNIPPET_CHARS):
    """A window of ``text`` around its densest run of (preferably exact) matches.

    A long text is read a ``SCAN_CHARS`` piece at a time, up to the first piece
    with an exact match (or ``SCAN_LIMIT`` characters, then the first piece with
    any match), so a snippet costs about the same in a long article as in a short one.
    """
    text = (text or "")[:MAX_ARTICLE_CHARS]
    margin = max(map(len, parsed.phrases + parsed.words), default=0) + 1
    start = 0
    piece = _anchored_piece(text, parsed, margin)
    if piece is not None:
        at, anchors = piece
        starts = [at + s for s, _ in anchors]
        best = max(range(len(starts)),
                   key=lambda i: (bisect.bisect_left(starts, starts[i] + width) - i, -i))
        start = max(0, min(starts[best] - LEAD_CHARS, len(text) - width))
    end = min(len(text), start + width)
    # the window's own matches, and those running into it from either side
    around = max(0, start - margin)
    spans = [(around + s, around + e)
             for s, e in match_spans(text[around:end + margin], parsed)]
    body = render(text, spans, start, end).replace("\n", " ")
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def _anchored_piece(text, parsed, margin):
    """(offset, anchors) of the first piece of ``text`` with exact matches (else the
    first with any, once ``SCAN_LIMIT`` characters are read): anchors are merged
    spans within the piece; None when there is no match."""
    fallback = None
    for at in range(0, max(1, len(text)), SCAN_CHARS):
        if at >= SCAN_LIMIT and fallback is not None:
            break
        exact, loose = _spans(text[at:at + SCAN_CHARS + margin], parsed)
        if exact:
            return at, merge_spans(exact)
        if loose and fallback is None:
            fallback = at, merge_spans(loose)
    return fallback


def highlight_all(text, parsed):
    """The whole of ``text`` as HTML with every match marked."""
    return render(text or "", match_spans(text or "", parsed))


def article_html(record, parsed):
    """headline_html, paragraphs_html and body_html for an article page (at most
    MAX_ARTICLE_CHARS of the body, the limit articles are read with)."""
    body = (record.get("body") or "")[:MAX_ARTICLE_CHARS]
    paragraphs = [p for p in body.split("\n") if p.strip()]
    paragraphs_html = [highlight_all(p, parsed) for p in paragraphs]
    return {
        "headline_html": highlight_all(record.get("headline"), parsed),
        "paragraphs_html": paragraphs_html,
        "body_html": "".join("<p>%s</p>" % p for p in paragraphs_html),
    }
