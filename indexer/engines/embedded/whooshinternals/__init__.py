"""Every use of Whoosh-Reloaded's private internals, in one package.

Fast segment writing (``segments``, ``postings``) and numpy scoring
(``scoring.scoring``) need parts of Whoosh outside its public API: the W3
codec's writers and their attributes, ``W3TermInfo``'s struct, the
``SegmentWriter``'s document hooks, a block matcher's arrays, BM25F's
per-field B.  They are written for one version, checked on import (any other
is refused: a silent change here would corrupt indexes).  An upgrade means
reading this package (``writers`` for segments; ``terms`` and ``joining`` for
merging) and running ``tests/test_segments.py`` and ``tests/test_merging.py``,
which compare these segments with Whoosh's own writer's.
"""
import io
import importlib.metadata
import pickle
import struct
import zlib

import numpy as np
from whoosh.codec import whoosh3
from whoosh.matching import mcore

from indexer.errors import UnsupportedWhoosh

WHOOSH_DISTRIBUTION = "Whoosh-Reloaded"
WHOOSH_VERSION = "2.7.5"        # the version this module was written and tested for
INLINE_LIMIT = 16
PICKLE_PROTOCOL = 5             # Whoosh writes 2; its readers' loads() take any


def check_version(installed):
    """Raise UnsupportedWhoosh unless ``installed`` is the version written for."""
    if installed != WHOOSH_VERSION:
        raise UnsupportedWhoosh(
            f"Baoku needs {WHOOSH_DISTRIBUTION}=={WHOOSH_VERSION} (it relies on that "
            f"version's internals in indexer/engines/embedded/whooshinternals/), but "
            f"{installed} is installed; run `pip install {WHOOSH_DISTRIBUTION}=="
            f"{WHOOSH_VERSION}`")


check_version(importlib.metadata.version(WHOOSH_DISTRIBUTION))


# --- the codec ---------------------------------------------------------------
# Inlining short posting lists in the term table makes indexing ~20% faster.
# Whoosh-Reloaded 2.7.5 calls ``set_inline``, which its term info lacks
# (inlining was unreachable): the alias is that one-line fix.
if not hasattr(whoosh3.W3TermInfo, "set_inline"):
    whoosh3.W3TermInfo.set_inline = whoosh3.W3TermInfo.set_inlined

# Inlined postings are read back through ListMatcher, whose value() is "" (str)
# for fields without posting values; merging segments then fails its bytes
# assertion (tests/test_concurrency.py, commits that merge segments).
_list_value = mcore.ListMatcher.value
mcore.ListMatcher.value = lambda self: _list_value(self) or b""


def segment_folder(leaf):
    """The folder a segment reader's files are in (None for one in memory): a
    compound segment's storage is Whoosh's overlay of its file on the folder's."""
    storage = leaf.storage()
    storage = getattr(storage, "b", storage)
    return getattr(storage, "folder", None)


def codec():
    """The codec every Baoku writer uses (stored in each segment it writes)."""
    return whoosh3.W3Codec(inlinelimit=INLINE_LIMIT)


# --- reading, for scoring ----------------------------------------------------

def bm25_b(weighting, field):
    """BM25F's B for ``field`` (Whoosh keeps per-field values privately)."""
    return weighting._field_B.get(field, weighting.B)


def read_postings(matcher):
    """(ids, weights) numpy arrays of a leaf term matcher's postings, deleted
    documents included.  The W3 codec's on-disk lists are parsed here a block at
    a time from one read (a Whoosh matcher costs ~25 µs a block and ~60 ns a
    posting in Python); any other matcher is walked."""
    m = getattr(matcher, "child", matcher)      # a FilterMatcher over deletions
    if isinstance(m, whoosh3.W3LeafMatcher) and not m._byteids:
        length = m._length      # W3TermInfo.from_bytes leaves it a 1-tuple
        length = length[0] if isinstance(length, tuple) else length
        return read_blocks(m._postfile.get(m._startoffset, length))
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return np.array(ids, dtype=np.int64), np.array(weights, dtype=float)


BLOCK_LENGTH = struct.Struct("!i")      # a posting block's length (StructFile.write_int)
TERMINFO = whoosh3.W3TermInfo._struct   # a term info's fixed part
RECORD = struct.Struct("!ii")           # a hash file record's key and value lengths (filetables)


def read_blocks(raw):
    """Parse ``W3PostingsWriter``'s blocks: the header magic, then per block its
    length (negative: the last), the pickled info ``(count, max id, max weight,
    compression, min length, max length)`` and the (compressed) pickled data
    ``(delta-coded ids, weights: None = all 1.0, one float or a tuple, values)``."""
    if raw[:4] != whoosh3.WHOOSH3_HEADER_MAGIC:
        raise ValueError("Block tag error %r" % raw[:4])
    stream = io.BytesIO(raw)
    deltas, weights, position, previous_max = [], [], 4, 0
    while True:
        length, = BLOCK_LENGTH.unpack_from(raw, position)
        stream.seek(position + 4)
        count, max_id, _, compression, _, _ = pickle.load(stream)
        start, position = stream.tell(), position + 4 + abs(length)
        data = raw[start:position]
        block_ids, block_weights = pickle.loads(zlib.decompress(data) if compression
                                                else data)[:2]
        # each block's first id is absolute: make it a delta from the block before
        deltas.append(block_ids[0] - previous_max)
        deltas.extend(block_ids[1:])
        previous_max = max_id
        if block_weights is None or isinstance(block_weights, float):
            weights.extend([1.0 if block_weights is None else block_weights] * count)
        else:
            weights.extend(block_weights)
        if length < 0:
            break
    return np.cumsum(np.array(deltas, dtype=np.int64)), np.array(weights, dtype=float)
