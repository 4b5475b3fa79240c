"""Every printed character of an article with its box on the page, compactly.

A record read from a printed page carries ``glyphs``: ``{"text": the unit's
printed characters in reading order, whitespace left out, "boxes": base64 of
four little-endian uint16 a character (x, y, w, h as 65,535ths of the page's
width and height)}`` -- 8 bytes a character before base64, 1/65,535 of a
broadsheet is 6 µm.  Boxes stay in the record, so a deleted or replaced
article's boxes go with it on every engine.  A word-level box (ALTO, hOCR)
is shared out evenly among its characters.
"""
import base64
import struct

SCALE = 65535


def unit_glyphs(leaves, page):
    """``{"text", "boxes"}`` of the glyphs on ``leaves`` (zones of lines), in order."""
    text, packed = [], bytearray()
    for leaf in leaves:
        for line in leaf:
            for glyph in getattr(line, "glyphs", ()):
                chars = [c for c in glyph.text if not c.isspace()]
                if not chars:
                    continue
                vertical = getattr(line, "vertical", False)
                for i, char in enumerate(chars):
                    x0, top, x1, bottom = _share(glyph, i, len(chars), vertical)
                    text.append(char)
                    packed += struct.pack("<4H", *(_frac(v, d) for v, d in (
                        (x0, page.width), (top, page.height),
                        (x1 - x0, page.width), (bottom - top, page.height))))
    return {"text": "".join(text), "boxes": base64.b64encode(bytes(packed)).decode("ascii")}


def _share(glyph, i, n, vertical):
    if n == 1:
        return glyph.x0, glyph.top, glyph.x1, glyph.bottom
    if vertical:
        step = (glyph.bottom - glyph.top) / n
        return glyph.x0, glyph.top + i * step, glyph.x1, glyph.top + (i + 1) * step
    step = (glyph.x1 - glyph.x0) / n
    return glyph.x0 + i * step, glyph.top, glyph.x0 + (i + 1) * step, glyph.bottom


def _frac(value, whole):
    return max(0, min(SCALE, round(value / whole * SCALE))) if whole else 0


def boxes_of(glyphs):
    """The decoded boxes of a record's ``glyphs``: ``[(x, y, w, h)]`` fractions."""
    data = base64.b64decode((glyphs or {}).get("boxes") or "")
    return [tuple(v / SCALE for v in struct.unpack_from("<4H", data, k))
            for k in range(0, len(data) - 7, 8)]
