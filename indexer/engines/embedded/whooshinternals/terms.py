"""Reading a segment's terms and postings in order, for merging segments.

``SegmentReader.postings`` looks every term up in the hash table (~60 µs a
term with the lexicon walk): merging would cost more than indexing.
``field_terms`` reads the W3 term table of one field sequentially, in large
chunks (its records are ``!ii`` lengths, key, term info: the layout
``BatchHashWriter`` writes).  A term's postings are then read from its term
info (``postings``: inlined in the table, or a block matcher over the
postings file), or its list taken as the file holds it (``extent``).
"""
import pickle
import struct

from whoosh.codec import whoosh3
from whoosh.system import pack_ushort

from indexer.engines.embedded.whooshinternals import (BLOCK_LENGTH, PICKLE_PROTOCOL, RECORD,
                                                      TERMINFO)

CHUNK = 256 * 2**10     # bytes of the term table read at a time, per source of a merge


def field_terms(reader, fieldname):
    """``(btext, term info bytes)`` of every term of ``fieldname`` in the W3
    ``SegmentReader`` ``reader``, in term order (``info`` parses one)."""
    terms = reader._terms
    fieldid = terms._fieldmap.get(fieldname)
    if fieldid is None:
        return
    prefix = pack_ushort(fieldid)
    table = terms._tindex
    start = table.closest_key_pos(prefix)
    if start is None:
        return
    for key, value in _records(table.dbfile, start, table.endofdata):
        if not key.startswith(prefix):
            return
        yield key[2:], value


info = whoosh3.W3TermInfo.from_bytes
EXTENT = struct.Struct("!qi")   # a term info's tail when its list is on disk: offset, length
WINDOW = 4 * 2**20              # bytes of the postings file read at a time by ``check_segment``


def is_inlined(value):
    """Whether the term info bytes ``value`` hold the term's postings."""
    return value[0] == 1        # W3TermInfo's flags byte


def joined_inlined(parts, limit):
    """The term info bytes of the inlined lists ``parts`` (``(term info bytes,
    base)`` in document order) joined, each one's ids moved up by its
    ``base``: what ``W3TermInfo.to_bytes`` would give for them, their
    statistics combined from the parts' own.  None when they hold ``limit``
    postings or more (not to be inlined)."""
    if len(parts) == 1 and not parts[0][1]:
        return parts[0][0]
    weight = max_weight = 0.0
    count = min_length = max_length = 0
    ids, weights, values = [], [], []
    for value, base in parts:
        _, w, n, shortest, longest, heaviest, _, _ = TERMINFO.unpack_from(value)
        count += n
        if count >= limit:
            return None
        weight += w
        if shortest and (not min_length or shortest < min_length):
            min_length = shortest       # length bytes: 0 is none, the order is the lengths'
        max_length = max(max_length, longest)
        max_weight = max(max_weight, heaviest)
        part_ids, part_weights, part_values = pickle.loads(memoryview(value)[TERMINFO.size:])
        ids.extend([i + base for i in part_ids] if base else part_ids)
        weights.extend(part_weights)
        values.extend(part_values)
    return TERMINFO.pack(1, weight, count, min_length, max_length, max_weight, ids[0],
                          ids[-1]) + pickle.dumps((tuple(ids), tuple(weights), tuple(values)),
                                                  PICKLE_PROTOCOL)


def postings(reader, fieldname, info):
    """``(ids, weights, values)`` lists of the term whose ``W3TermInfo`` is
    ``info``; deleted documents included."""
    if info.is_inlined():
        ids, weights, values = info.inlined_postings()
        if len(values) != len(ids):     # a format without values: none were kept
            values = (None,) * len(ids)
        return ids, weights, values
    offset, length = info.extent()
    return _blocks(whoosh3.W3LeafMatcher(reader._terms._postfile, offset, length,
                                         reader.schema[fieldname].format))


def extent(reader, info):
    """The bytes of a term's posting list (``info`` not inlined), as the
    file holds them."""
    offset, length = info.extent()
    length = length[0] if isinstance(length, tuple) else length     # from_bytes: a 1-tuple
    return reader._terms._postfile.get(offset, length)


def _records(dbfile, pos, end):
    """The (key, value) records of a hash file from ``pos`` to ``end``."""
    buf, at = b"", 0
    while True:
        have = len(buf) - at
        if have >= 8:
            keylen, valuelen = RECORD.unpack_from(buf, at)
            size = 8 + keylen + valuelen
            if have >= size:
                yield buf[at + 8:at + 8 + keylen], buf[at + 8 + keylen:at + size]
                at += size
                continue
        else:
            size = 8
        if pos >= end:
            if have:
                raise EOFError("the term table ends inside a record")
            return
        read = min(max(CHUNK, size), end - pos)
        buf, at = buf[at:] + dbfile.get(pos, read), 0
        pos += read


class Unsound(ValueError):
    """A segment's term table or posting blocks do not read back."""


def check_segment(reader):
    """Check the W3 ``SegmentReader`` ``reader``'s term table and the headers of
    every posting block it points to, reading each file once, in order: keys
    increasing, each term info sound (an inlined list's ids, a list on disk
    inside the postings file), and each list on disk a chain of blocks (the
    magic, then lengths and pickled infos; the data is not decompressed) whose
    last block is end-marked exactly at the list's end, whose counts sum to the
    document frequency, and whose ids rise to the term's last id, within the
    segment.  A few terms are also looked up through the hash table.  Returns
    the number of terms; raises ``Unsound`` naming the first bad one."""
    terms = reader._terms
    table, names = terms._tindex, terms._fieldunmap
    last_doc = reader.doc_count_all() - 1
    postings = _Window(terms._postfile)
    previous, count = b"", 0
    for key, value in _records(table.dbfile, table.startofdata, table.endofdata):
        number = int.from_bytes(key[:2], "big")
        term = f"{names[number] if number < len(names) else number}:{key[2:]!r}"
        if key <= previous or number >= len(names):
            raise Unsound(f"term {term}: out of order, or of no field")
        flags, _, df, _, _, _, first, last = TERMINFO.unpack_from(value)
        if flags:
            ids = pickle.loads(memoryview(value)[TERMINFO.size:])[0]
            counted, top = len(ids), ids[-1] if ids else -1
            if not ids or ids[0] != first or any(a >= b for a, b in zip(ids, ids[1:])):
                raise Unsound(f"term {term}: its inlined ids are out of order")
        else:
            offset, length = EXTENT.unpack_from(value, TERMINFO.size)
            counted, top = _check_blocks(postings.get(offset, length), term)
        if counted != df or top != last or last > last_doc:
            raise Unsound(f"term {term}: {counted} postings up to {top} where its term info "
                          f"says {df} up to {last} (the segment's last document: {last_doc})")
        if count % 4096 == 0 and not any(True for _ in table.ranges_for_key(key)):
            raise Unsound(f"term {term}: not found through the hash table")
        previous, count = key, count + 1
    if count != table.indexlen:
        raise Unsound(f"the term table holds {count} terms, its index {table.indexlen}")
    return count


def _check_blocks(raw, term):
    """``(postings, last id)`` of a W3 posting list's bytes, its block headers checked."""
    if raw[:4] != whoosh3.WHOOSH3_HEADER_MAGIC:
        raise Unsound(f"term {term}: its list does not start with a block header")
    position, counted, top, end = 4, 0, -1, len(raw)
    view = memoryview(raw)
    while True:
        if position + 4 > end:
            raise Unsound(f"term {term}: its list has no end-marked last block")
        length, = BLOCK_LENGTH.unpack_from(raw, position)
        start, position = position + 4, position + 4 + abs(length)
        if not length or position > end:
            raise Unsound(f"term {term}: a block of {length} bytes at {start - 4} "
                          f"of its {end}-byte list")
        count, max_id = pickle.loads(view[start:position])[:2]
        if count < 1 or max_id <= top:
            raise Unsound(f"term {term}: a block of {count} postings up to id {max_id} "
                          f"after id {top}")
        counted, top = counted + count, max_id
        if length < 0:
            if position != end:
                raise Unsound(f"term {term}: {end - position} bytes after its last block")
            return counted, top


class _Window:
    """Reads a file's extents in ascending order, ``WINDOW`` bytes at a time."""

    def __init__(self, dbfile):
        self.dbfile, self.start, self.data = dbfile, 0, b""

    def get(self, offset, length):
        if not (self.start <= offset and offset + length <= self.start + len(self.data)):
            self.start, self.data = offset, self.dbfile.get(offset, max(length, WINDOW))
            if len(self.data) < length:
                raise Unsound(f"a posting list at {offset} ({length} bytes) runs past the "
                              f"postings file's end")
        at = offset - self.start
        return self.data[at:at + length]


def _blocks(m):
    ids, weights, values = [], [], []
    while m.is_active():
        m._read_ids()
        m._read_weights()
        m._read_values()
        ids.extend(m._ids)
        weights.extend(m._weights)
        values.extend(m._values)
        m._next_block()
    return ids, weights, values


def set_field_totals(perdocwriter, totals):
    """Set the W3 per-document writer's field totals to ``totals`` ({field: length}),
    replacing what it summed: documents copied by ``write_per_doc``
    add their stored (byte-rounded) lengths, a merge must keep the exact ones."""
    for name, total in totals.items():
        perdocwriter._fieldlengths[name] = total
