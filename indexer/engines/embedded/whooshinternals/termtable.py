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
import functools
import mmap
import os
import pickle
import struct

from whoosh.codec import whoosh3
from whoosh.filedb import filetables
from whoosh.system import pack_ushort

from indexer.engines.embedded.whooshinternals import RECORD, TERMINFO
from indexer.engines.embedded.whooshinternals.terms import is_inlined

RECENT = 1024                       # answers kept (short lists: ~0.1 kB each)
_UNKNOWN = object()
_POINTER = struct.Struct("!Iq")     # a slot: the key's hash, where its record is


class TermTable:
    """The W3 term table of one compound segment, read from a map of its file."""

    def __init__(self, reader, data, base):
        # nothing of the reader itself: this is kept on it (no cycle to wait for)
        terms = reader._terms
        table = terms._tindex
        self._tables = table.tables
        # the same key's hash in every segment: md5's asked once
        self._hash = _md5 if table.hashfn is filetables.md5_hash else table.hashfn
        self._prefixes = {name: pack_ushort(number) for name, number in terms._fieldmap.items()}
        self._data, self._base = data, base
        self._recent = {}

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
        """``(ids, weights)`` tuples of a term (str or UTF-8 bytes, of a text
        field) whose postings the table holds (inlined), ``((), ())`` for a
        term it does not have, or None when the term's list is in the postings
        file.  The key and the term info as ``W3TermsReader`` makes and reads
        them: the field's number, the term's bytes; flags (1: inlined), the
        fixed part, then the pickled ``(ids, weights, values)``.  The last
        ``RECENT`` answers are kept (a query asks a term's frequency, then its
        postings)."""
        found = self._recent.get((fieldname, text), _UNKNOWN)
        if found is _UNKNOWN:
            if len(self._recent) >= RECENT:
                self._recent = {}
            found = self._recent[fieldname, text] = self._postings(fieldname, text)
        return found

    def _postings(self, fieldname, text):
        prefix = self._prefixes.get(fieldname)
        if prefix is None:      # a field with no terms in this segment
            return (), ()
        value = self._value(prefix + (text.encode("utf-8") if isinstance(text, str) else text))
        if value is None:
            return (), ()
        if not is_inlined(value):
            return None
        ids, weights, _ = pickle.loads(value[TERMINFO.size:])
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
                keylength, length = RECORD.unpack_from(data, base + record)
                at = base + record + RECORD.size
                if keylength == len(key) and data[at:at + keylength] == key:
                    return data[at + keylength:at + keylength + length]
            slot += _POINTER.size
            if slot == end:
                slot = start
        return None


@functools.lru_cache(maxsize=4096)
def _md5(key):
    return filetables.md5_hash(key)
