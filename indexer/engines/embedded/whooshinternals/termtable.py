"""A segment's term table looked up through a map of its file.

A term that is not in a segment's posting files (``arrays.postingfiles``) has
a short list, inlined in Whoosh's term table, or none: a search asks each
segment for it.  ``SegmentReader.postings`` finds it through Whoosh's hash
file, whose every read is a seek and a read of the compound segment file
(~50 µs a term and segment, most of a rare word's cost at 22 segments).
``TermTable.postings`` follows the same hash table (``HashReader``'s own
directory and hash function, read when the segment was opened) but reads
each slot, key and term info as a slice of a read-only map of the segment's
file, shared through the page cache.

Part of ``whooshinternals``: the hash file's layout and the W3 term info are
Whoosh-Reloaded 2.7.5's (``filetables.HashReader``, ``whoosh3.W3TermInfo``).
"""
import mmap
import os
import struct

from whoosh.codec import whoosh3

_POINTER = struct.Struct("!Iq")     # a slot: the key's hash, where its record is
_LENGTHS = struct.Struct("!ii")     # a record: the key's and the value's lengths


class TermTable:
    """The W3 term table of one compound segment, read from a map of its file."""

    def __init__(self, reader, data, base):
        terms = reader._terms
        table = terms._tindex
        self._tables, self._hash = table.tables, table.hashfn
        # nothing of the reader itself: this is kept on it (no cycle to wait for)
        self._key, self._schema = terms._keycoder, reader.schema
        self._data, self._base = data, base

    @classmethod
    def of(cls, reader, folder):
        """The table of ``reader`` (a W3 ``SegmentReader``) whose segment file is
        in ``folder``, or None when it has none there (a segment in memory, or
        not compound): then Whoosh's own look-up is the way."""
        segment = reader.segment()
        storage = reader.storage()
        compound = getattr(storage, "a", None)
        if (folder is None or not segment.is_compound() or not hasattr(compound, "range")
                or not isinstance(reader._terms, whoosh3.W3TermsReader)):
            return None
        base, _ = compound.range(segment.make_filename(whoosh3.W3Codec.TERMS_EXT))
        with open(os.path.join(folder, segment.make_filename(segment.COMPOUND_EXT)), "rb") as f:
            return cls(reader, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ), base)

    def postings(self, fieldname, text):
        """``(ids, weights)`` tuples of a term whose postings the table holds
        (inlined), ``((), ())`` for a term it does not have, or None when the
        term's list is in the postings file."""
        if fieldname not in self._schema:
            return (), ()
        value = self._value(self._key(fieldname, self._schema[fieldname].to_bytes(text)))
        if value is None:
            return (), ()
        info = whoosh3.W3TermInfo.from_bytes(value)
        if not info.is_inlined():
            return None
        ids, weights, _ = info.inlined_postings()
        return ids, weights

    def _value(self, key):
        """``HashReader.ranges_for_key``'s first value, or None."""
        data, base = self._data, self._base
        keyhash = self._hash(key)
        start, slots = self._tables[keyhash & 255]
        if not slots:
            return None
        end = start + slots * _POINTER.size
        slot = start + ((keyhash >> 8) % slots) * _POINTER.size
        for _ in range(slots):
            found, record = _POINTER.unpack_from(data, base + slot)
            if not record:
                return None
            if found == keyhash:
                keylength, length = _LENGTHS.unpack_from(data, base + record)
                at = base + record + _LENGTHS.size
                if keylength == len(key) and data[at:at + keylength] == key:
                    return data[at + keylength:at + keylength + length]
            slot += _POINTER.size
            if slot == end:
                slot = start
        return None
