"""A printed page's units -> article records, with their regions on the page.

The same record shape as text pages (``records.new_record``), the same ids
(source + the unit's own text) and the same issue fields (manifest, file name,
then the printed header); ``sources.read_records`` then annotates every record
with ``metadata.annotate``, as it does text pages.  Records read from a laid-out
page also carry ``regions``: the unit's box(es) on the page as fractions of its
width and height (``{x, y, w, h}``), photos included, ``glyphs``: each printed
character's box (``glyphboxes``), and, given the file's ``page_file`` (its path,
page number and content key), ``page_key``: the page in the page store
(``indexer.pagestore``), which renders its image when the record is indexed.
"""
from indexer.reading import issuemeta
from indexer.reading.pages import _digest, _source_slug
from indexer.reading.printed.glyphboxes import unit_glyphs
from indexer.reading.printed.header import split_header
from indexer.reading.printed.lines import build_lines
from indexer.reading.printed.reading import reading_order
from indexer.reading.printed.zoning import Zoner, leaf_box
from indexer.reading.records import new_record

FIGURE_REACH = 2.5    # em: a picture this close over a unit's zone is its photo


def page_records(page, *, source, issue=None, first_seq=0, page_file=None):
    """The records of one ``Page`` model, in reading order (not yet annotated).

    ``page_file``: ``{"path", "number", "key"}`` of the page's file, for its image.
    """
    em = page.body_size()
    body_font = _body_font(page, em)
    leaves = reading_order(build_lines(page.glyphs), em, page.figures)
    header, leaves = split_header(leaves, page.height)
    printed = issuemeta.merge(issue, header)
    units = [u for u in Zoner(leaves, em, body_font, page.figures).run() if u.heads or u.paras or u.dateline]
    _attach_figures(units, page.figures, em)
    records, seen = [], {}
    slug = _source_slug(source) + (f"-p{page.number}" if page.number > 1 else "")
    for seq, unit in enumerate(units, first_seq):
        record = _record(unit, source=source, seq=seq)
        record.update(printed)
        digest = _digest(record)
        seen[digest] = seen.get(digest, 0) + 1
        suffix = f"-{seen[digest]}" if seen[digest] > 1 else ""
        record["id"] = f"{slug}-{digest}{suffix}"
        record["regions"] = _regions(unit, units, page)
        record["glyphs"] = unit_glyphs(unit.leaves, page)
        if page_file:
            record["page_key"] = page_file["key"]
            record["page_file"] = page_file
        records.append(record)
    return records


def _body_font(page, em):
    counts = {}
    for glyph in page.glyphs:
        if round(glyph.size * 2) / 2 == em:
            counts[glyph.font] = counts.get(glyph.font, 0) + 1
    return max(counts, key=counts.get) if counts else ""


def _record(unit, *, source, seq):
    paras = [text for text, _kind in unit.paras]
    if unit.kind in ("news", "photo"):
        heads = unit.head_parts()
    elif unit.kind == "ad":
        decks = [text for text, _size in unit.heads]
        heads = {"kicker": "", "headline": decks[0], "subtitle": ""}
        paras = decks[1:] + paras
    else:
        heads = {"kicker": "", "headline": " ".join(t for t, _s in unit.heads), "subtitle": ""}
    return new_record(kind=unit.kind, dateline=unit.dateline, source=source, seq=seq,
                      body="\n".join(paras), **heads)


def _attach_figures(units, figures, em):
    """Each picture goes to the unit whose zone stands nearest under it (a caption),
    else to one whose headline is over it and text goes on below it."""
    for figure in figures:
        best, best_gap = None, 2 * FIGURE_REACH * em
        for unit in units:
            if unit.kind in ("banner", "ad") or not unit.leaves:
                continue     # a label printed over a photo is not its caption
            inside = max(leaf_box(leaf)[3] for leaf in unit.leaves) > figure[3]
            for leaf in unit.leaves:
                x0, top, x1, bottom = leaf_box(leaf)
                if x0 >= figure[2] or figure[0] >= x1:
                    continue
                under, over = abs(top - figure[3]), abs(figure[1] - bottom)
                gap = min(under, over + FIGURE_REACH * em if inside else best_gap)  # a caption first
                if gap < best_gap:
                    best, best_gap = unit, gap
        if best is not None:
            best.figures.append(figure)


def _regions(unit, units, page):
    """The unit's box on the page, or, when that box would take in another unit's
    lines, the box of each of its zones."""
    boxes = [leaf_box(leaf) for leaf in unit.leaves] + list(unit.figures)
    if not boxes:
        return []
    union = (min(b[0] for b in boxes), min(b[1] for b in boxes),
             max(b[2] for b in boxes), max(b[3] for b in boxes))
    others = [line for other in units if other is not unit for leaf in other.leaves
              for line in leaf]
    if any(union[0] < (l.x0 + l.x1) / 2 < union[2] and union[1] < (l.top + l.bottom) / 2 < union[3]
           for l in others):
        return [page.region(*box) for box in boxes]
    return [page.region(*union)]
