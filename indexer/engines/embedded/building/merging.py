"""Merging segments: a tiered policy on every commit, and ``optimize`` on demand.

Whoosh merges by re-adding every posting through its writer's sorting pool
(~8 µs a posting: an hour for a million articles).  ``SegmentMerger`` copies
the stored fields, lengths and columns with Whoosh's ``write_per_doc`` and
the postings term by term: the sources' term lists are walked in order
together.  A term whose lists are all short (in the term table) is joined
from their term infos; a longer one is written through
``whooshinternals.BulkFieldWriter.add_parts`` (``whooshinternals.joining``:
blocks copied where they can be, the rest decoded a block at a time).  A
source with deletions has its postings read and renumbered (deleted
documents dropped).  On two segments of 12,000 articles this takes 18.5 s
against 25.7 s for decoding every posting through a matcher.  The sources'
posting files (``arrays.postingfiles``) give the merged segment's.  Memory: one
term's postings and one length array per field, whatever the segments' size.

The policy (``merged``): segments are put in tiers by live documents
(``TIER_FLOOR``, ×``TIER_FACTOR`` a tier); once a tier holds ``TIER_FACTOR``
segments they are merged into one of the next tier, and so on up.  A small
incremental add only ever merges small segments; the big ones are rewritten
once for each tenfold growth of the archive, as in Lucene's log merge policy.
No merge takes sources of more than ``MAX_MERGED_BYTES`` together: Whoosh's
columns (the stored fields among them: ``VarBytesColumn`` keeps its offsets
in an array that may not grow past 32 bits) cannot hold 4 GiB, so a group
that would pass the bound leaves its largest segment out, and that one is
not merged again (as Lucene's ``maxMergedSegmentMB``).  Every other offset
of the W3 format is 64 bits (``tests/test_merging.py`` reads segments whose
files start past 4 GiB).
"""
import heapq
import itertools
import math
import operator
from typing import NamedTuple

from whoosh.reading import SegmentReader

from indexer.engines.embedded.arrays import postingfiles
from indexer.engines.embedded.lifecycle import faults
from indexer.engines.embedded.building import forking
from indexer.engines.embedded.whooshinternals.writers import (NO_LENGTH, BufferedSegmentWriter,
                                                              TermStats)
from indexer.engines.embedded.whooshinternals import terms
from indexer.engines.embedded.whooshinternals.terms import set_field_totals

TIER_FLOOR = 2_000      # live documents: every segment below this is tier 0
TIER_FACTOR = 10        # segments a tier holds before they are merged into one
MAX_MERGED_BYTES = 3 * 2**30    # a merge's sources together, below a column's 4 GiB


def merged(ix, segments, *, procs=1):
    """The segment list to commit for ``segments`` (the index's and a run's new
    ones): empty segments dropped, full tiers merged (new segments, not yet
    committed; ``procs`` merges at a time, in forked processes).  ``ix`` is
    the index being written (its lock held).

    The cascade is planned on sizes first, then each segment it ends with is
    written once from its sources: a merge whose result would be merged again
    in the same commit (a rebuild's many new segments) is never written."""
    factor = TIER_FACTOR
    planned = [(s.doc_count(), segment_bytes(ix.storage, s), [s])
               for s in segments if s.doc_count() > 0]
    held = []       # left out: merged with its group, it would pass MAX_MERGED_BYTES
    while True:
        tiers = {}
        for plan in sorted(planned, key=lambda plan: plan[0]):
            tiers.setdefault(tier(plan[0]), []).append(plan)
        full = [t for t, members in tiers.items() if len(members) >= factor]
        if not full:
            break
        members = tiers[min(full)]
        groups = [members[i:i + factor] for i in range(0, len(members) - factor + 1, factor)]
        too_big = {id(max(group, key=_bytes)) for group in groups
                   if sum(map(_bytes, group)) > MAX_MERGED_BYTES}
        if too_big:
            held += [plan for plan in planned if id(plan) in too_big]
            planned = [plan for plan in planned if id(plan) not in too_big]
            continue
        gone = {id(plan) for group in groups for plan in group}
        planned = [plan for plan in planned if id(plan) not in gone] + [
            (sum(docs for docs, _, _ in group), sum(map(_bytes, group)),
             [s for _, _, sources in group for s in sources])
            for group in groups]
    planned += held
    kept = [sources[0] for _, _, sources in planned if len(sources) == 1]
    return kept + merge_groups(ix, [sources for _, _, sources in planned if len(sources) > 1],
                               procs)


def segment_bytes(storage, segment):
    """The bytes of ``segment``'s files in ``storage``."""
    return sum(storage.file_length(name) for name in segment.list_files(storage))


_bytes = operator.itemgetter(1)


def merge_groups(ix, groups, procs=1):
    """One new segment for each group of segments (``procs`` at a time)."""
    if procs <= 1 or len(groups) <= 1:
        return [merge_segments(ix, group) for group in groups]
    return forking.run([(_merge_job, (ix, group)) for group in groups], procs)


def balanced(segments, count):
    """``segments`` cut into ``count`` runs (in order) of about as many documents each."""
    total = sum(s.doc_count() for s in segments)
    groups, size = [[]], 0
    for segment in segments:
        if size >= total * len(groups) / count and len(groups) < count:
            groups.append([])
        groups[-1].append(segment)
        size += segment.doc_count()
    return [group for group in groups if group]


def within_bound(storage, groups):
    """``groups`` each cut, in order, where its segments' files would pass
    ``MAX_MERGED_BYTES`` together (a segment past it alone stays a group)."""
    cut = []
    for group in groups:
        cut.append([])
        size = 0
        for segment in group:
            more = segment_bytes(storage, segment)
            if cut[-1] and size + more > MAX_MERGED_BYTES:
                cut.append([])
                size = 0
            cut[-1].append(segment)
            size += more
    return cut


def _merge_job(ix, group, pipe):
    return merge_segments(ix, group)


def tier(documents, factor=None, floor=None):
    """0 below ``floor`` documents, then one more for each ``factor``-fold."""
    factor, floor = factor or TIER_FACTOR, floor or TIER_FLOOR
    if documents < floor:
        return 0
    return 1 + int(math.log(documents / floor, factor) + 1e-9)


def merge_segments(ix, segments):
    """One new segment holding the live documents of ``segments``, in order."""
    merger = SegmentMerger(ix)
    try:
        for segment in segments:
            merger.add_segment(segment)
        return merger.finish()
    except BaseException:
        faults.abandon(merger)      # cancelling may hit the same full disk
        raise
    finally:
        merger.close_sources()


class SegmentMerger(BufferedSegmentWriter):
    """Writes one new segment from existing ones (``add_segment``, then ``finish``)."""

    def __init__(self, ix):
        super().__init__(ix)
        self.sources = []       # (reader, new docnum of each old one, or -1 if deleted)
        self.totals = dict.fromkeys(self.schema.scorable_names(), 0)
        self.record_postings(postingfiles.Recorder.of(self))
        self.source_lists = postingfiles.SourceLists(self.fieldwriter.recorder.folder)

    def add_segment(self, segment):
        reader = SegmentReader(self.storage, self.schema, segment)
        self.sources.append((reader, None))
        base = self.docnum
        docmap = self.write_per_doc(set(self.schema.names()), reader)
        if docmap is None:
            renumber = range(base, base + reader.doc_count_all())
        else:
            renumber = [-1] * reader.doc_count_all()
            for old, new in docmap.items():
                renumber[old] = new
        self.sources[-1] = (reader, renumber)
        for name in self.totals:        # exact, as the sources hold them
            self.totals[name] += reader.field_length(name) - sum(
                reader.doc_field_length(d, name) or 0 for d in segment.deleted_docs())
        set_field_totals(self.perdocwriter, self.totals)
        self._indexed.update(name for name in reader.indexed_field_names()
                             if name in self.schema)
        self._added = True

    def close_sources(self):
        for reader, _ in self.sources:
            reader.close()

    def write_postings(self, fieldwriter, lengths):
        limit = self.codec._inlinelimit
        bases = [renumber.start if isinstance(renumber, range) else None
                 for _, renumber in self.sources]
        for fieldname in sorted(self._indexed):
            walks = [_numbered(terms.field_terms(reader, fieldname), k)
                     for k, (reader, _) in enumerate(self.sources)]
            length_array = lengths.get(fieldname)
            doc_lengths = None if length_array is None else length_array.tolist()
            fieldwriter.start_field(fieldname, self.schema[fieldname])
            for btext, group in itertools.groupby(heapq.merge(*walks), key=_term):
                records = [(k, value) for _, k, value in group]
                # Most terms are rare: short lists in the term table, joined
                # from their term infos without a posting decoded.
                if all(bases[k] is not None and terms.is_inlined(value) for k, value in records):
                    joined = terms.joined_inlined([(value, bases[k]) for k, value in records],
                                                  limit)
                    if joined is not None:
                        fieldwriter.add_inlined(btext, joined)
                        continue
                self._write_term(fieldwriter, fieldname, btext, records,
                                 (doc_lengths, length_array), limit)
            fieldwriter.finish_field()

    def _write_term(self, fieldwriter, fieldname, btext, records, lengths, limit):
        doc_lengths, length_array = lengths     # as a list, and as numpy
        parts = [self._part(fieldname, k, terms.info(value)) for k, value in records]
        parts = [part for part in parts if part.count]
        if sum(part.count for part in parts) < limit:       # short: into the term table
            ids, weights, values = [], [], []
            for part in parts:
                part_ids, part_weights, part_values = part.postings or self._read(
                    fieldname, part.source, part.on_disk)
                ids.extend(part_ids)
                weights.extend(part_weights)
                values.extend(part_values)
            if ids:
                _add_term(fieldwriter, btext, ids, weights, values, doc_lengths)
        elif parts:
            fieldwriter.add_parts(btext, [self._written(part, doc_lengths) for part in parts],
                                  length_array, [self._arrays(fieldname, btext, part)
                                                 for part in parts])

    def _part(self, fieldname, k, info):
        """Source ``k``'s postings of a term: on disk to be copied when the
        source has no deletions, else read and renumbered now."""
        if isinstance(self.sources[k][1], range) and not info.is_inlined():
            return Part(info.doc_frequency(), k, info, None)
        postings = self._read(fieldname, k, info)
        return Part(len(postings[0]), k, None, postings)

    def _read(self, fieldname, k, info):
        """Source ``k``'s postings of a term, renumbered (deleted ones dropped)."""
        reader, renumber = self.sources[k]
        ids, weights, values = terms.postings(reader, fieldname, info)
        if isinstance(renumber, range):
            base = renumber.start
            return [i + base for i in ids], list(weights), list(values)
        kept = [(renumber[old], weight, value)
                for old, weight, value in zip(ids, weights, values) if renumber[old] >= 0]
        return tuple(map(list, zip(*kept))) or ([], [], [])

    def _arrays(self, fieldname, btext, part):
        """(ids, weights) of a part copied from disk, from its source's posting files."""
        reader, renumber = self.sources[part.source]
        return None if not part.on_disk else self.source_lists.get(
            reader.segment().segment_id(), fieldname, btext, renumber.start)

    def _written(self, part, doc_lengths):
        """What ``BulkFieldWriter.add_parts`` takes for ``part``."""
        reader, renumber = self.sources[part.source]
        if part.on_disk:
            return terms.extent(reader, part.on_disk), renumber.start, part.on_disk
        ids, weights, values = part.postings
        return ids, weights, values, _lengths(ids, doc_lengths)


class Part(NamedTuple):
    """One source's postings of a term: ``count`` of them, either ``on_disk``
    (its term info, to be copied) or ``postings`` lists, renumbered."""

    count: int
    source: int
    on_disk: object
    postings: tuple


def _numbered(walk, k):
    """``(btext, k, term info bytes)``: sorts by term, then by source."""
    for btext, value in walk:
        yield btext, k, value


_term = operator.itemgetter(0)


def _lengths(ids, doc_lengths):
    return [0] * len(ids) if doc_lengths is None else [doc_lengths[i] for i in ids]


def _add_term(fieldwriter, btext, ids, weights, values, doc_lengths):
    lengths = _lengths(ids, doc_lengths)
    positive = [n for n in lengths if n > 0]
    stats = TermStats(weight=[sum(weights)], maxweight=[max(weights)],
                      minlength=[min(positive) if positive else NO_LENGTH],
                      maxlength=[max(lengths)], minid=[ids[0]], maxid=[ids[-1]])
    fieldwriter.add_term(btext, ids, weights, values, lengths, stats, 0)
