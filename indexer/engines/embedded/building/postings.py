"""A segment's postings, gathered in memory (and in sorted runs) and written a term at a time.

Whoosh's writer pushes every posting through a sorting pool and then
through several Python calls that each look its field length up in a
column: ~8 µs a posting.  ``PostingBuffer`` keeps a segment's postings in
flat arrays (term id, docnum, weight, value); every ``run_postings`` of them
it sorts with numpy into a ``runs.Run`` spilled to a temporary file.
``write_postings`` then walks the terms in order, a chunk of at most
``CHUNK_POSTINGS`` postings at a time, gathers each chunk from every run and
writes each term's list with one call, computing the per-term statistics
(total weight, lengths, ids) for the chunk at once.  The files are Whoosh's
W3 format, written through the W3 writers of ``whooshinternals``.
"""
from array import array

import numpy as np

from indexer.engines.embedded.building.runs import Run
from indexer.engines.embedded.whooshinternals.writers import NO_LENGTH, TermStats

CHUNK_POSTINGS = 250_000        # postings turned into Python lists at a time


class PostingBuffer:
    """The postings of one segment, in the order documents are added; every
    ``run_postings`` (None: never) they are spilled as a sorted run into ``folder``."""

    def __init__(self, run_postings=None, folder=None):
        self.fields = {}            # fieldname -> {btext: term id}
        self.numbers = {}           # fieldname -> its number, in the order fields came
        self.texts, self.field_of = [], array("H")     # term id -> btext, field number
        self.run_postings, self.folder = run_postings, folder
        self.runs = []
        self.spilled = 0
        self._new_run()

    @property
    def term_count(self):
        return len(self.texts)

    def _new_run(self):
        self.term_ids = array("I")
        self.docnums = array("I")
        self.weights = array("f")
        self.values = []

    def __len__(self):
        """The postings held in memory."""
        return len(self.docnums)

    @property
    def total(self):
        """Every posting of the segment so far, spilled or not."""
        return self.spilled + len(self.docnums)

    def add(self, fieldname, docnum, btexts, weights, values):
        """Add one document's postings for a field (parallel lists, one
        entry per distinct term)."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
            self.numbers[fieldname] = len(self.numbers)
        tids = list(map(terms.get, btexts))
        if None in tids:
            number = self.numbers[fieldname]
            for i in [i for i, tid in enumerate(tids) if tid is None]:
                tids[i] = terms[btexts[i]] = len(self.texts)
                self.texts.append(btexts[i])
                self.field_of.append(number)
        self.term_ids.extend(tids)
        self.weights.extend(weights)
        self.values.extend(values)
        self.docnums.extend(array("I", [docnum]) * len(tids))

    def document_done(self):
        """Between documents: spill the postings held once they fill a run."""
        if self.run_postings is not None and len(self) >= self.run_postings:
            self._spill()

    def _spill(self):
        self.runs.append(self._run(self.folder))
        self.spilled += len(self.runs[-1])
        self._new_run()

    def _run(self, folder=None):
        return Run.sorted_from(np.frombuffer(self.term_ids, dtype=np.uint32),
                               np.frombuffer(self.docnums, dtype=np.uint32),
                               np.frombuffer(self.weights, dtype=np.float32),
                               self.values, self.in_order, folder)

    def in_order(self, term_ids):
        """``term_ids`` (distinct) sorted by field name, then term bytes."""
        names = list(self.fields)
        fields = np.frombuffer(self.field_of, dtype=np.uint16)[term_ids]
        texts = self.texts
        return np.array([tid for number in sorted(range(len(names)), key=names.__getitem__)
                         for tid in sorted(term_ids[fields == number].tolist(),
                                           key=texts.__getitem__)], dtype=np.int64)

    def sorted_runs(self):
        """Every run (the postings still held spilled too when there are
        others, kept in memory when they are all); the buffer is then empty."""
        if len(self):
            if self.runs:
                self._spill()
            else:
                self.runs.append(self._run())
        runs, self.runs, self.spilled = self.runs, [], 0
        self._new_run()
        return runs

    def close(self):
        for run in self.runs:
            run.close()
        self.runs = []


def write_postings(fieldwriter, buffer, field_lengths, schema):
    """Write every term of ``buffer`` through a ``whooshinternals.BulkFieldWriter``."""
    runs = buffer.sorted_runs()
    try:
        rank = np.zeros(buffer.term_count, dtype=np.int64)
        fields, first = [], 0
        for fieldname in sorted(buffer.fields):
            terms = buffer.fields[fieldname]
            texts = sorted(terms)
            rank[[terms[t] for t in texts]] = np.arange(first, first + len(texts))
            fields.append((fieldname, texts, first))
            first += len(texts)
        counts = np.zeros(first, dtype=np.int64)
        run_ranks = [rank[run.term_ids] for run in runs]      # ascending: runs are in order
        for run, ranks in zip(runs, run_ranks):
            counts[ranks] += np.diff(run.term_starts)
        for fieldname, texts, first in fields:
            if not texts:
                continue
            lengths = field_lengths.get(fieldname)
            fieldwriter.start_field(fieldname, schema[fieldname])
            for lo, hi in _chunks(counts[first:first + len(texts)]):
                gathered = _gathered(runs, run_ranks, first + lo, first + hi)
                _write_chunk(fieldwriter, texts, lo, gathered, lengths)
            fieldwriter.finish_field()
    finally:
        for run in runs:
            run.close()


def _chunks(counts):
    """``(lo, hi)`` term ranges of at most ``CHUNK_POSTINGS`` postings (one term may exceed it)."""
    ends = np.cumsum(counts)
    lo = 0
    while lo < len(counts):
        base = ends[lo - 1] if lo else 0
        hi = max(lo + 1, int(np.searchsorted(ends, base + CHUNK_POSTINGS, side="right")))
        yield lo, hi
        lo = hi


def _gathered(runs, run_ranks, lo, hi):
    """The postings of the terms ranked ``lo:hi`` from every run, by term,
    docnums ascending: (each term's start and end, docnums, weights, values)."""
    index, docnums, weights, values = [], [], [], []
    for run, ranks in zip(runs, run_ranks):
        a, b = np.searchsorted(ranks, [lo, hi])
        if b > a:
            _, counts, run_docnums, run_weights, run_values = run.read(int(a), int(b))
            index.append(np.repeat(ranks[a:b] - lo, counts))
            docnums.append(run_docnums)
            weights.append(run_weights)
            values.extend(run_values)
    index = np.concatenate(index)
    if len(runs) > 1:
        order = np.argsort(index, kind="stable")        # runs are in document order
        docnums, weights = np.concatenate(docnums)[order], np.concatenate(weights)[order]
        values = [values[i] for i in order.tolist()]
    else:
        docnums, weights = docnums[0], weights[0]
    ends = np.cumsum(np.bincount(index, minlength=hi - lo))
    return np.r_[0, ends[:-1]], ends, docnums, weights, values


def _write_chunk(fieldwriter, texts, lo, gathered, field_lengths):
    starts, ends, docnums, weights, values = gathered
    lengths = (np.zeros(len(docnums), dtype=np.int32) if field_lengths is None
               else field_lengths[docnums])
    stats = TermStats(
        weight=np.add.reduceat(weights.astype(np.float64), starts).tolist(),
        maxweight=np.maximum.reduceat(weights, starts).tolist(),
        minlength=np.minimum.reduceat(np.where(lengths > 0, lengths, NO_LENGTH), starts).tolist(),
        maxlength=np.maximum.reduceat(lengths, starts).tolist(),
        minid=docnums[starts].tolist(), maxid=docnums[ends - 1].tolist())
    ids, weights, lengths = docnums.tolist(), weights.tolist(), lengths.tolist()
    for k, (i, j) in enumerate(zip(starts.tolist(), ends.tolist())):
        fieldwriter.add_term(texts[lo + k], ids[i:j], weights[i:j], values[i:j],
                             lengths[i:j], stats, k)
