"""A segment's per-document data, read from its memory-mapped files (``segmentfiles``).

``dates(leaf)``, ``lengths(leaf, field)``, ``uchars(leaf)``, ``texts(leaf)``,
``headlines(leaf)`` and ``facet(leaf, name)`` open a segment's files the first
time a query asks (the generation's ``segment_files`` table keeps the maps,
not their data: the page cache holds what was read, shared by every worker).
A file that is missing (an index written before them) is built from the
segment, as every query's first use once did, and saved beside it.
``write_missing(ix)`` writes them all when a commit made new segments.
"""
import os

import numpy as np

import analyzers
from indexer.engines.embedded.arrays import npyfiles, postingfiles, segmentfiles
from indexer.engines.embedded.arrays.npyfiles import load, save
from indexer.engines.embedded.arrays.segmentfiles import FacetValues, Strings, file_name
from indexer.engines.embedded.arrays.versioncache import kept_on
from indexer.engines.embedded.lifecycle import schema
from indexer.engines.embedded.opening.generation import generation_of
from indexer.engines.embedded.whooshinternals import segment_folder
from indexer.searching.facets import FACETS

STRINGS = ("blob", "off")
FACET = ("names.blob", "names.off", "starts", "ids", "levels.blob", "levels.off")


def parts_of(item):
    """The files (parts) of an item: one array, a ``Strings``, a facet's or a
    field's long posting lists (``postingfiles``)."""
    if item in ("uchars", "texts", "headline"):
        return STRINGS
    if item.startswith("post."):
        return postingfiles.PARTS
    return FACET if item.startswith("facet.") else ("",)


def items_of(leaf):
    """Every item a segment has: what queries read (lengths of its scored fields,
    the long posting lists of the fields they look terms up in)."""
    scored = [name for name, field in leaf.schema.items() if field.scorable]
    return (["dates", "uchars", "texts", "headline"] + [f"len.{f}" for f in scored]
            + [f"facet.{name}" for name in FACETS]
            + [postingfiles.item(f) for f in postingfiles.fields_of(leaf)])


def posting_files(leaf, field):
    """The segment's ``postingfiles.PostingFiles`` of ``field``, or None when it
    has none (an index written before them: terms are decoded from Whoosh's
    blocks).  Never built here: that reads the whole segment.

    Kept on the segment's reader too, for as long as it is open (as the maps
    are): a search asks for each term in each field of each segment (84k times
    in 200 first-asked searches at 964k items), and the cache's key cost more
    than the look-up."""
    return kept_on(leaf, ("posting_files", field), lambda: _posting_files(leaf, field))


def _posting_files(leaf, field):
    folder, segment = segment_folder(leaf), leaf.segment().segment_id()
    kept = generation_of(leaf).cache("segment_files")
    key = (folder, segment, postingfiles.item(field))
    found = kept.get(key)
    if found is None:
        _let_go(kept, segment)
        arrays = opened(folder, segment, postingfiles.item(field), leaf.doc_count_all())
        found = {"files": arrays and postingfiles.PostingFiles(arrays)}
        kept.put(key, found)
    return found["files"]


def _arrays(leaf, item):
    """The item's arrays, memory-mapped (built and saved when missing)."""
    folder, segment = segment_folder(leaf), leaf.segment().segment_id()
    kept = generation_of(leaf).cache("segment_files")
    key = (folder, segment, item)
    found = kept.get(key)
    if found is not None and found["stamp"] != _stamp(folder, segment, item):
        found = None        # a file made anew (``repair``) or written over: map it again
    if found is None:
        _let_go(kept, segment)
        found = opened(folder, segment, item, leaf.doc_count_all())
        if found is None:
            found = _build(leaf, item)
            if folder is not None and all(save(folder, file_name(segment, item, part), array)
                                          for part, array in found.items()):
                found = opened(folder, segment, item, leaf.doc_count_all()) or found
        if parts_of(item) == STRINGS:       # the blob searchable in place, mapped once
            found["scan"] = npyfiles.searchable(found["blob"])
        found["stamp"] = _stamp(folder, segment, item)
        kept.put(key, found)
    return found


def _stamp(folder, segment, item):
    """(inode, mtime) of each of the item's files (None where one is missing)."""
    if folder is None:
        return None
    stamps = []
    for part in parts_of(item):
        try:
            st = os.stat(os.path.join(folder, file_name(segment, item, part)))
        except FileNotFoundError:
            return None
        stamps.append((st.st_ino, st.st_mtime_ns))
    return tuple(stamps)


def _let_go(kept, segment):
    """When ``segment`` is new here, drop the maps of segments whose files are
    gone (merged away by a commit in a live generation): their disk space is
    given back."""
    with kept.lock:
        keys = kept.keys()
        if any(k[1] == segment for k in keys):
            return
        gone = {k for k in keys if k[0] is not None and not os.path.exists(
            os.path.join(k[0], file_name(k[1], k[2], parts_of(k[2])[0])))}
        if gone:
            kept.retain(set(kept.keys()) - gone)


def opened(folder, segment, item, size=None):
    """{part: memory-mapped array}, None when a file is missing; with ``size``
    (the segment's documents), their shapes are checked (no data is read)."""
    if folder is None:
        return None
    found = {part: load(folder, file_name(segment, item, part)) for part in parts_of(item)}
    if any(a is None for a in found.values()):
        return None
    if size is not None:
        label = segmentfiles.label(segment, item)
        if item.startswith("post."):
            postingfiles.check(found, size, label, False, segmentfiles.DamagedFile)
        else:
            segmentfiles.check_shapes(item, found, size, label)
    return found


def write_missing(leaf, postings=False):
    """Write the files a segment lacks; returns how many items were written.
    Posting files only with ``postings`` (``repair``, ``baoku recover``): a
    segment gets them as it is written, and decoding a whole segment written
    before them (about 1 ms a news item) is not a cost for a commit to pay
    unasked."""
    folder, segment = segment_folder(leaf), leaf.segment().segment_id()
    written = 0
    for item in items_of(leaf):
        if item.startswith("post.") and not postings:
            continue
        if opened(folder, segment, item) is None:
            if item.startswith("post."):        # decoded a term at a time
                postingfiles.build(leaf, item[len("post."):], folder, segment)
            elif parts_of(item) == STRINGS:     # streamed: a segment's texts can be GBs
                npyfiles.save_strings(folder, file_name(segment, item, "blob"),
                                          file_name(segment, item, "off"), _strings_of(leaf, item))
            else:
                for part, array in _build(leaf, item).items():
                    save(folder, file_name(segment, item, part), array)
            written += 1
    return written


def dates(leaf):
    """Each document's ``date`` as bytes (b'' when none)."""
    return _arrays(leaf, "dates")[""]


def lengths(leaf, field):
    """Each document's length in ``field`` as Whoosh scores it (0 when none)."""
    return _arrays(leaf, f"len.{field}")[""]


def _strings(leaf, item):
    found = _arrays(leaf, item)
    return Strings(found["blob"], found["off"], *found["scan"])


def uchars(leaf):
    """Each document's distinct normalised characters."""
    return _strings(leaf, "uchars")


def texts(leaf):
    """Each document's normalised searchable text (what exact strings are found in)."""
    return _strings(leaf, "texts")


def headlines(leaf):
    return _strings(leaf, "headline")


def facet(leaf, name):
    """``FacetValues`` of facet ``name`` in one segment."""
    a = _arrays(leaf, f"facet.{name}")
    return FacetValues(_listed(a["names.blob"], a["names.off"]), a["starts"], a["ids"],
                       _listed(a["levels.blob"], a["levels.off"]))


def _listed(blob, offsets):
    """All the strings of a small blob (read whole: no map of its own)."""
    return list(Strings(blob, offsets, np.asarray(blob).tobytes(), 0))


# --- built from the segment (at commit, or for an index written before) ------

def _column(leaf, name, translate=True):
    if not leaf.has_column(name):
        return [""] * leaf.doc_count_all()
    return list(leaf.column_reader(name, translate=translate))


def _build(leaf, item):
    if item == "dates":
        values = [bytes(v) for v in _column(leaf, "date", translate=False)] if leaf.has_column(
            "date") else [b""] * leaf.doc_count_all()
        return {"": np.array(values or [], dtype="S10")}
    if item.startswith("len."):
        field = item[4:]
        return {"": np.nan_to_num(np.array([leaf.doc_field_length(d, field, 1)
                                            for d in range(leaf.doc_count_all())], dtype=float))}
    if parts_of(item) == STRINGS:
        return dict(zip(STRINGS, Strings.pack(list(_strings_of(leaf, item)))))
    return _facet(leaf, item[len("facet."):])


def _strings_of(leaf, item):
    """Each document's string of a ``Strings`` item, one at a time."""
    if item == "texts":
        return _texts(leaf)
    name = "uchars" if item == "uchars" else "headline"
    if not leaf.has_column(name):
        return iter([""] * leaf.doc_count_all())
    if name == "uchars":
        return (bytes(v).decode("utf-8") for v in leaf.column_reader(name, translate=False))
    return iter(leaf.column_reader(name, translate=True))


def _texts(leaf):
    deleted = leaf.has_deletions()
    for docnum in range(leaf.doc_count_all()):
        fields = ({"record": "{}"} if deleted and leaf.is_deleted(docnum)
                  else leaf.stored_fields(docnum))
        yield analyzers.normalize_query_chars(
            schema.searchable_text(schema.stored_record(fields)))


def _split(values):
    return [tuple(v.split(",")) if v else () for v in values]


def _facet(leaf, name):
    facet = FACETS[name]
    values = _column(leaf, facet.field)
    if facet.multivalued:   # a value once per document; '-' holds a place, no value
        per_document = [tuple(dict.fromkeys(v for v in vs if v != "-")) for vs in _split(values)]
    else:
        per_document = [(v,) if v else () for v in values]
    levels = {}
    if name == "union":
        for names, marks in zip(per_document, _split(_column(leaf, "union_level"))):
            for union, level in zip(names, marks):
                if level != "-":
                    levels.setdefault(union, level)
    built = FacetValues.build(per_document, levels)
    names, levels = Strings.pack(built.names), Strings.pack(built.levels)
    return dict(zip(FACET, (*names, built.starts, built.ids, *levels)))
