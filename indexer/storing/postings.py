"""A segment's postings, gathered in memory and written a term at a time.

Whoosh's writer pushes every posting through a sorting pool and then
through several Python calls that each look its field length up in a
column: ~8 µs a posting.  ``PostingBuffer`` keeps a segment's postings in
flat arrays (term id, docnum, weight, value) and sorts them once with numpy;
``write_postings`` then writes each term's list with one call, computing
the per-term statistics (total weight, lengths, ids) for all terms at once.
The files are Whoosh's W3 format, written through the W3 writers of
``whooshinternals`` (Whoosh's own term info and block code).
"""
from array import array

import numpy as np

from indexer.storing.whooshinternals import NO_LENGTH, TermStats

CHUNK_TERMS = 50_000      # terms whose postings are turned into Python lists at a time


class PostingBuffer:
    """The postings of one segment, in the order documents are added."""

    def __init__(self):
        self.fields = {}            # fieldname -> {btext: term id}
        self.term_ids = array("I")
        self.docnums = array("I")
        self.weights = array("f")
        self.values = []
        self.term_count = 0

    def __len__(self):
        return len(self.docnums)

    def add(self, fieldname, docnum, btexts, weights, values):
        """Add one document's postings for a field (parallel lists, one
        entry per distinct term)."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        tids = list(map(terms.get, btexts))
        if None in tids:
            for i in [i for i, tid in enumerate(tids) if tid is None]:
                tids[i] = terms[btexts[i]] = self.term_count
                self.term_count += 1
        self.term_ids.extend(tids)
        self.weights.extend(weights)
        self.values.extend(values)
        self.docnums.extend(array("I", [docnum]) * len(tids))


class SortedPostings:
    """A buffer's postings sorted by (field, term), docnums ascending within a
    term: flat arrays, each term's span, and each posting's field length."""

    def __init__(self, buffer, field_lengths):
        rank = np.empty(buffer.term_count, dtype=np.int32)
        self.fields = []                   # (fieldname, [btext...], first term rank)
        next_rank = 0
        for fieldname in sorted(buffer.fields):
            terms = buffer.fields[fieldname]
            if not terms:
                continue
            texts = sorted(terms)
            rank[[terms[t] for t in texts]] = np.arange(next_rank, next_rank + len(texts))
            self.fields.append((fieldname, texts, next_rank))
            next_rank += len(texts)
        ranks = rank[np.frombuffer(buffer.term_ids, dtype=np.uint32)]
        order = np.argsort(ranks, kind="stable")    # stable: docnums stay ascending
        self.order = order
        self.docnums = np.frombuffer(buffer.docnums, dtype=np.uint32)[order]
        self.weights = np.frombuffer(buffer.weights, dtype=np.float32)[order]
        self.values = buffer.values
        sorted_ranks = ranks[order]
        self.starts = np.flatnonzero(np.r_[True, sorted_ranks[1:] != sorted_ranks[:-1]])
        self.ends = np.r_[self.starts[1:], len(order)]
        self.lengths = np.zeros(len(order), dtype=np.int32)
        for fieldname, texts, first in self.fields:
            lengths = field_lengths.get(fieldname)
            if lengths is not None:
                a, b = self.starts[first], self.ends[first + len(texts) - 1]
                self.lengths[a:b] = lengths[self.docnums[a:b]]


def write_postings(fieldwriter, sorted_postings, schema):
    """Write every term of ``sorted_postings`` through a ``whooshinternals.BulkFieldWriter``."""
    s = sorted_postings
    if not len(s.order):
        return
    lengths_or_big = np.where(s.lengths > 0, s.lengths, NO_LENGTH)
    stats = TermStats(
        weight=np.add.reduceat(s.weights.astype(np.float64), s.starts).tolist(),
        maxweight=np.maximum.reduceat(s.weights, s.starts).tolist(),
        minlength=np.minimum.reduceat(lengths_or_big, s.starts).tolist(),
        maxlength=np.maximum.reduceat(s.lengths, s.starts).tolist(),
        minid=s.docnums[s.starts].tolist(), maxid=s.docnums[s.ends - 1].tolist())
    for fieldname, texts, first in s.fields:
        fieldwriter.start_field(fieldname, schema[fieldname])
        for lo in range(0, len(texts), CHUNK_TERMS):
            hi = min(lo + CHUNK_TERMS, len(texts))
            a, b = s.starts[first + lo], s.ends[first + hi - 1]
            ids = s.docnums[a:b].tolist()
            weights = s.weights[a:b].tolist()
            lengths = s.lengths[a:b].tolist()
            values = [s.values[i] for i in s.order[a:b].tolist()]
            spans = (s.starts[first + lo:first + hi] - a).tolist()
            ends = (s.ends[first + lo:first + hi] - a).tolist()
            for k, i, j in zip(range(lo, hi), spans, ends):
                fieldwriter.add_term(texts[k], ids[i:j], weights[i:j], values[i:j],
                                     lengths[i:j], stats, first + k)
        fieldwriter.finish_field()
