"""Where a search's matches stand on the printed page: one box per matched character.

A record read from a printed page keeps its characters in reading order with
their boxes (``glyphs``, see ``indexer.reading.printed.glyphboxes``), without
the line breaks: a name broken over two OCR lines is one run there.  The
query's exact strings and words are found in that run as the highlighter finds
them in the text (same normalisation), and each matched character's box is
returned as ``{x, y, w, h}``, fractions of the page's width and height.
"""
from analyzers.normalize import char_spans
from indexer.reading.printed.glyphboxes import boxes_of
from indexer.searching.highlight import find_spans, merge_spans


def hit_boxes(record, parsed):
    """The boxes of the characters ``parsed`` matches in ``record`` ([] without glyphs)."""
    glyphs = record.get("glyphs") or {}
    text = glyphs.get("text") or ""
    if not text or parsed is None or not (parsed.phrases or parsed.words):
        return []
    mapped = char_spans(text)
    spans = merge_spans(find_spans(mapped, parsed.phrases) + find_spans(mapped, parsed.words))
    boxes = boxes_of(glyphs)
    return [_box(boxes[i]) for start, end in spans for i in range(start, min(end, len(boxes)))]


def _box(box):
    x, y, w, h = box
    return {"x": round(x, 4), "y": round(y, 4), "w": round(w, 4), "h": round(h, 4)}


def page_fields(record, parsed):
    """What an article's page view needs, in place of the raw ``glyphs``: the
    ``hit_boxes`` of the query (``regions`` and ``page_key`` stay as stored)."""
    record["hit_boxes"] = hit_boxes(record, parsed)
    record.pop("glyphs", None)
    record.pop("page_file", None)
    record.setdefault("regions", [])
    record.setdefault("page_key", None)
    return record
