"""Reading a segment's terms and postings in order, for merging segments.

``SegmentReader.postings`` looks every term up in the hash table (~60 µs a
term with the lexicon walk): merging would cost more than indexing.
``field_terms`` reads the W3 term table of one field sequentially, in large
chunks (its records are ``!ii`` lengths, key, term info: the layout
``BatchHashWriter`` writes), and each term's postings from its term info:
inlined in the table, or a block matcher over the postings file.
"""
import struct

from whoosh.codec import whoosh3
from whoosh.system import pack_ushort

CHUNK = 256 * 2**10     # bytes of the term table read at a time, per source of a merge
_LENGTHS = struct.Struct("!ii")


def field_terms(reader, fieldname):
    """``(btext, ids, weights, values)`` of every term of ``fieldname`` in the
    W3 ``SegmentReader`` ``reader``, in term order; deleted documents included."""
    terms = reader._terms
    fieldid = terms._fieldmap.get(fieldname)
    if fieldid is None:
        return
    prefix = pack_ushort(fieldid)
    table = terms._tindex
    start = table.closest_key_pos(prefix)
    if start is None:
        return
    fmt = reader.schema[fieldname].format
    postfile = terms._postfile
    for key, value in _records(table.dbfile, start, table.endofdata):
        if not key.startswith(prefix):
            return
        info = whoosh3.W3TermInfo.from_bytes(value)
        if info.is_inlined():
            ids, weights, values = info.inlined_postings()
            if len(values) != len(ids):     # a format without values: none were kept
                values = (None,) * len(ids)
        else:
            offset, length = info.extent()
            ids, weights, values = _blocks(whoosh3.W3LeafMatcher(postfile, offset, length,
                                                                 fmt))
        yield key[2:], ids, weights, values


def _records(dbfile, pos, end):
    """The (key, value) records of a hash file from ``pos`` to ``end``."""
    buf, at = b"", 0
    while True:
        have = len(buf) - at
        if have >= 8:
            keylen, valuelen = _LENGTHS.unpack_from(buf, at)
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
