"""One term's posting list joined from several segments' lists, for a merge.

A merge writes each term's list from its sources' in document order: lists
from the term table (short ones, and any read because their source has
deletions) as ``(ids, weights, values, lengths)``, and lists on disk as the
bytes of their extent.  A W3 block holds its ids delta-coded from the
block's first id, which is absolute, so a block moved up by a base must be
unpickled and pickled again, and compressed again; nothing else about it
changes.  ``JoinedPostings`` copies a source's blocks while nothing is
gathered before them (byte for byte from the first source); short lists and
a source's last, partial block are gathered, and once something is, the
blocks that follow are decoded into it too and cut again into blocks of
``limit`` postings, as Whoosh's writer would cut them.  (So most blocks after
the first source are re-cut: flushing the gathered postings as a short block
to copy the rest was measured no faster, with more short blocks.)
"""
import io
import pickle
import zlib

from whoosh.codec import whoosh3
from whoosh.util.numeric import length_to_byte

from indexer.engines.embedded.whooshinternals import BLOCK_LENGTH, PICKLE_PROTOCOL



class JoinedPostings:
    """Writes one term's posting list to ``postfile`` from parts added in
    document order; ``finish()`` gives its extent (offset, length).

    ``fixed_size`` is the format's value size (None: variable, values kept
    as a tuple; 0: none; n: joined bytes), ``doc_lengths`` the new segment's
    lengths of the field (a numpy array, or None) for each block's length
    bytes."""

    def __init__(self, postfile, fixed_size, doc_lengths, limit, compression):
        self.postfile, self.fixed_size, self.doc_lengths = postfile, fixed_size, doc_lengths
        self.limit, self.compression = limit, compression
        self.start = postfile.tell()
        self.chunks = [whoosh3.WHOOSH3_HEADER_MAGIC]
        self.ids, self.weights, self.values = [], [], []      # gathered, not yet written

    def add_postings(self, ids, weights, values):
        """A list read from the term table (ids already renumbered)."""
        self.ids.extend(ids)
        self.weights.extend(weights)
        if self.fixed_size != 0:
            self.values.extend(v for v in values if v)
        self._write_full()

    def add_blocks(self, raw, base):
        """A list as its source's postings file holds it, ids moved up by ``base``."""
        if raw[:4] != whoosh3.WHOOSH3_HEADER_MAGIC:
            raise ValueError("Block tag error %r" % raw[:4])
        position = 4
        while True:
            length, = BLOCK_LENGTH.unpack_from(raw, position)
            end = position + 4 + abs(length)
            if self.ids or length < 0:
                self._gather(raw, position + 4, end, base)
            elif base:
                self._write(_moved_block(raw, position + 4, end, base))
            else:
                self._write(raw[position + 4:end])
            position = end
            if length < 0:
                return

    def finish(self):
        if not self.ids:
            raise ValueError("a joined posting list needs at least one posting")
        self._write_block(len(self.ids), last=True)
        self.postfile.write(b"".join(self.chunks))
        return self.start, self.postfile.tell() - self.start

    def _gather(self, raw, start, end, base):
        count, _, _, compression, _, _, data = _read_block(raw, start, end)
        ids, weights, values = pickle.loads(zlib.decompress(data) if compression else data)
        first = ids[0] + base
        self.ids.append(first)
        for delta in ids[1:]:
            first += delta
            self.ids.append(first)
        if weights is None or isinstance(weights, float):
            self.weights.extend([1.0 if weights is None else weights] * count)
        else:
            self.weights.extend(weights)
        if self.fixed_size is None:
            self.values.extend(values)
        elif self.fixed_size:
            self.values.append(values)      # bytes, joined at the end
        self._write_full()

    def _write_full(self):
        # Strictly more than a block: the last block (its length negative, the
        # list's end marker) is written by ``finish`` and is never empty, as
        # Whoosh's writer cuts a block only when the next posting comes.  With
        # ``>=``, a list whose gathered postings filled whole blocks had no end
        # marker: readers ran on into the next term's list (issue 28).
        while len(self.ids) > self.limit:
            self._write_block(self.limit)

    def _write(self, body, last=False):
        self.chunks.append(BLOCK_LENGTH.pack(-len(body) if last else len(body)))
        self.chunks.append(body)

    def _write_block(self, count, last=False):
        """Write the first ``count`` gathered postings as one block."""
        ids, weights = self.ids[:count], self.weights[:count]
        del self.ids[:count], self.weights[:count]
        if self.fixed_size is None:
            values = tuple(self.values[:count])
            del self.values[:count]
        elif self.fixed_size:
            joined = b"".join(self.values)
            size = count * self.fixed_size
            values, self.values = joined[:size], [joined[size:]]
        else:
            values = None
        shortest = longest = 0
        if self.doc_lengths is not None:
            lengths = self.doc_lengths[ids]
            present = lengths[lengths > 0]
            if present.size:
                shortest, longest = length_to_byte(int(present.min())), length_to_byte(
                    int(lengths.max()))
        deltas = [ids[0]] + [b - a for a, b in zip(ids, ids[1:])]
        data = pickle.dumps((tuple(deltas), _mini_weights(weights), values), PICKLE_PROTOCOL)
        if self.compression:
            data = zlib.compress(data, self.compression)
        info = pickle.dumps((count, ids[-1], max(weights), self.compression, shortest, longest),
                            PICKLE_PROTOCOL)
        self._write(info + data, last)


def _mini_weights(weights):
    """``W3PostingsWriter._mini_weights``: None when all are 1, one float when all equal."""
    first = weights[0]
    if all(w == first for w in weights):
        return None if first == 1.0 else first
    return tuple(weights)


def _read_block(raw, start, end):
    """``(count, max id, max weight, compression, min length, max length, data)``
    of the block at ``raw[start:end]`` (after its length)."""
    stream = io.BytesIO(raw)
    stream.seek(start)
    info = pickle.load(stream)
    return (*info, raw[stream.tell():end])


def _moved_block(raw, start, end, base):
    """The info and data of the block at ``raw[start:end]``, its ids moved up by ``base``."""
    count, max_id, max_weight, compression, min_length, max_length, data = _read_block(
        raw, start, end)
    ids, weights, values = pickle.loads(zlib.decompress(data) if compression else data)
    data = pickle.dumps(((ids[0] + base,) + tuple(ids[1:]), weights, values), PICKLE_PROTOCOL)
    if compression:
        data = zlib.compress(data, compression)
    return pickle.dumps((count, max_id + base, max_weight, compression, min_length,
                         max_length), PICKLE_PROTOCOL) + data


def add_list_stats(total, ids, weights, lengths):
    """Add a list's statistics to the ``W3TermInfo`` ``total``, as
    ``W3TermInfo.add_block`` adds a block's."""
    total._weight += sum(weights)
    total._df += len(ids)
    present = [n for n in lengths if n]
    if present and (total._minlength is None or min(present) < total._minlength):
        total._minlength = min(present)
    total._maxlength = max(total._maxlength, max(lengths, default=0))
    total._maxweight = max(total._maxweight, max(weights))
    if total._minid is None:
        total._minid = ids[0]
    total._maxid = ids[-1]


def add_term_stats(total, info, base):
    """Add the term info ``info`` (of postings moved up by ``base``) to ``total``."""
    total._weight += info.weight()
    total._df += info.doc_frequency()
    shortest = info.min_length()        # 0: no lengths (a field without them)
    if shortest and (total._minlength is None or shortest < total._minlength):
        total._minlength = shortest
    total._maxlength = max(total._maxlength, info.max_length())
    total._maxweight = max(total._maxweight, info.max_weight())
    if total._minid is None:
        total._minid = info.min_id() + base
    total._maxid = info.max_id() + base

