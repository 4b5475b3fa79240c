"""Merging segments: what a merge writes is what Whoosh's writer writes, the
tiered policy keeps the segment count bounded, ``optimize`` keeps every document."""
import itertools
import os

import pytest
from whoosh import index as whoosh_index
from whoosh.filedb import compound

from indexer.reading.records import new_record
from indexer.engines.embedded import open_index, search
from indexer.engines.embedded.building import building, merging
from indexer.engines.embedded.lifecycle import faults, schema
from indexer.engines.embedded.whooshinternals import codec, read_postings, terms, writers
from indexer.engines.embedded.lifecycle.writing import index_records, optimize
from test_segments import contents, whoosh_build


@pytest.fixture(scope="module")
def documents(seed_records):
    """The seed articles three times over under new ids."""
    return [schema.document(dict(r, id=f"{r['id']}-{copy}"))
            for copy in range(3) for r in seed_records]


def built_in_pieces(path, docs, pieces):
    path.mkdir()
    ix = whoosh_index.create_in(str(path), schema.build_schema())
    size = -(-len(docs) // pieces)
    segments = [s for i in range(0, len(docs), size)
                for s in building.build_segments(ix, docs[i:i + size])]
    return ix, segments


@pytest.fixture(scope="module")
def many_documents(documents):
    """Six times as many: a common term has more than a 128-posting block a
    segment, so whole blocks are copied with their ids moved, and partial ones joined."""
    return [dict(d, id=f"{d['id']}-{copy}") for copy in range(6) for d in documents]


@pytest.mark.parametrize(("procs", "many"), [(1, False), (2, False), (1, True)],
                         ids=["in-process", "forked", "blocks-copied"])
def test_a_merge_writes_what_whoosh_writes(tmp_path, documents, many_documents, procs, many):
    documents = many_documents if many else documents
    expected = contents(whoosh_build(tmp_path / "whoosh", documents))
    if many:
        assert max(len(items) for items, _ in expected[0].values()) > 4 * 128
    ix, segments = built_in_pieces(tmp_path / "fast", documents, 4)
    assert len(segments) == 4
    writer = ix.writer(codec=codec())
    writer.commit(mergetype=lambda w, existing: merging.merge_groups(ix, [segments], procs))
    ix = whoosh_index.open_dir(str(tmp_path / "fast"))
    assert len(ix.reader().leaf_readers()) == 1
    actual = contents(ix)
    assert actual[0].keys() == expected[0].keys()
    for key in expected[0]:
        assert actual[0][key] == expected[0][key], key
    assert actual[1:] == expected[1:]


@pytest.mark.parametrize("sizes", [(128,), (100, 28), (50, 50, 28), (200, 56), (128, 128)],
                         ids=["one-full-block", "two-sources", "three-sources",
                              "copied-then-joined", "two-full-blocks"])
def test_a_merged_list_that_fills_whole_blocks_reads_back(tmp_path, sizes):
    """Issue 28: a term whose merged postings filled whole 128-posting blocks
    lost its end marker, and reading it ran on into the next term's list
    (``UnpicklingError``, or ``struct.error`` past the list's end)."""
    docs = [schema.document(rec(i, "职工")) for i in range(sum(sizes))]
    expected = contents(whoosh_build(tmp_path / "whoosh", docs))
    (tmp_path / "fast").mkdir()
    ix = whoosh_index.create_in(str(tmp_path / "fast"), schema.build_schema())
    ends = list(itertools.accumulate(sizes))
    segments = [s for start, end in zip([0] + ends, ends)
                for s in building.build_segments(ix, docs[start:end])]
    writer = ix.writer(codec=codec())
    writer.commit(mergetype=lambda w, existing: merging.merge_groups(ix, [segments]))
    ix = whoosh_index.open_dir(str(tmp_path / "fast"))
    actual = contents(ix)       # every posting of every term, through Whoosh's matchers
    assert max(len(items) for items, _ in expected[0].values()) == sum(sizes)
    assert actual == expected
    with ix.searcher() as searcher:     # and through Baoku's own block reader
        (leaf, _), = searcher.reader().leaf_readers()
        for field, text in leaf.all_terms():
            ids, _ = read_postings(leaf.postings(field, text))
            assert ids.tolist() == [i for i, _, _ in expected[0][field, text][0]]


HOLE = 2**32 + 12_345       # bytes of sparse file: offsets past 4 GiB cost no disk


def sparse_copy(source, target):
    """``shutil.copyfileobj`` that seeks over ``source``'s holes (SEEK_DATA)."""
    fd, end = source.fileno(), os.fstat(source.fileno()).st_size
    position = 0
    while position < end:
        try:
            data = os.lseek(fd, position, os.SEEK_DATA)
        except OSError:     # ENXIO: a hole to the end
            data = end
        if data > position:
            target.seek(data - position, os.SEEK_CUR)
            position = data
            continue
        hole = os.lseek(fd, position, os.SEEK_HOLE)
        source.seek(position)
        target.write(source.read(hole - position))
        position = hole
    target.truncate(target.tell())      # a hole at the end still counts in the size


def assemble_past_4_gib(dbfile, store, names, **options):
    """``CompoundStorage.assemble`` with a hole before the first file, so that
    every file of the segment starts past 4 GiB in it."""
    basepos = dbfile.tell()
    dbfile.write_long(0)
    dbfile.write_int(0)
    dbfile.seek(HOLE, os.SEEK_CUR)
    directory = {}
    for name in names:
        directory[name] = {"offset": dbfile.tell(), "length": store.file_length(name),
                           "modified": store.file_modified(name)}
        with store.open_file(name) as f:
            sparse_copy(f.file, dbfile.file)
    compound.CompoundStorage.write_dir(dbfile, basepos, directory, options)


def test_segments_past_4_gib_read_every_posting_back(tmp_path, monkeypatch, documents):
    """Issue 28 suspected a 32-bit offset: postings that start past 4 GiB in
    their file, in segments whose files all start past 4 GiB, built and merged
    (the merge reading its sources' lists from there), read back as Whoosh's
    writer wrote them."""
    expected = contents(whoosh_build(tmp_path / "whoosh", documents))
    start_field_writer = writers.BulkFieldWriter.__init__

    def postings_past_4_gib(self, *args):
        start_field_writer(self, *args)
        self._postfile.seek(HOLE)

    monkeypatch.setattr(writers.BulkFieldWriter, "__init__", postings_past_4_gib)
    monkeypatch.setattr(compound.CompoundStorage, "assemble", staticmethod(assemble_past_4_gib))
    (tmp_path / "big").mkdir()
    ix = faults.TidyStorage(str(tmp_path / "big")).create_index(schema.build_schema())
    size = -(-len(documents) // 3)
    segments = [s for i in range(0, len(documents), size)
                for s in building.build_segments(ix, documents[i:i + size])]
    writer = ix.writer(codec=codec())
    writer.commit(mergetype=lambda w, existing: merging.merge_groups(ix, [segments]))
    monkeypatch.undo()
    ix = faults.TidyStorage(str(tmp_path / "big")).open_index()
    segment, = ix._segments()
    seg_file = tmp_path / "big" / f"{segment.segment_id()}.seg"
    assert seg_file.stat().st_size > 2 * HOLE > 100 * seg_file.stat().st_blocks * 512
    with ix.searcher() as searcher:
        (leaf, _), = searcher.reader().leaf_readers()
        assert terms.check_segment(leaf) == len(expected[0])
        offsets = [terms.info(value).extent()[0] for field in leaf.indexed_field_names()
                   for _, value in terms.field_terms(leaf, field) if not terms.is_inlined(value)]
        assert offsets and min(offsets) >= HOLE > 2**32
        for field, text in leaf.all_terms():
            ids, _ = read_postings(leaf.postings(field, text))
            assert ids.tolist() == [i for i, _, _ in expected[0][field, text][0]]
    assert contents(ix) == expected


def test_a_merge_drops_deleted_documents(tmp_path, documents):
    kept = [d for i, d in enumerate(documents) if i % 3]
    expected = contents(whoosh_build(tmp_path / "whoosh", kept), with_terminfo=False)
    ix, segments = built_in_pieces(tmp_path / "fast", documents, 3)
    offset = 0
    for segment in segments:
        for docnum in range(segment.doc_count_all()):
            if (offset + docnum) % 3 == 0:
                segment.delete_document(docnum)
        offset += segment.doc_count_all()
    writer = ix.writer(codec=codec())
    writer.commit(mergetype=lambda w, existing: merging.merge_groups(ix, [segments]))
    actual = contents(whoosh_index.open_dir(str(tmp_path / "fast")), with_terminfo=False)
    assert actual[:4] == expected[:4]
    # A deleted document's length is only known rounded (Whoosh stores a byte):
    # the total of a field is exact less the rounded lengths of the deleted ones.
    for field, total in expected[4].items():
        assert actual[4][field] == pytest.approx(total, rel=0.05), field


@pytest.mark.parametrize(("documents", "expected"), [
    (0, 0), (1_999, 0), (2_000, 1), (19_999, 1), (20_000, 2), (2_000_000, 4)])
def test_tiers_grow_tenfold(documents, expected):
    assert merging.tier(documents) == expected


def rec(i, word):
    return new_record(id=f"d{i}", headline=f"第{i}篇", body=f"{word}文章{i}", kind="news")


def test_many_small_adds_keep_the_segment_count_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(merging, "TIER_FLOOR", 4)
    monkeypatch.setattr(merging, "TIER_FACTOR", 3)
    index_dir = str(tmp_path / "ix")
    counts = []
    for batch in range(30):
        counts.append(index_records(index_dir, [rec(batch * 2 + j, "职工") for j in range(2)])
                      ["segments"])
    # 60 documents in 30 commits: at most (factor - 1) segments a tier, tiers of 4, 12, 36.
    assert max(counts) <= 2 * 3 + 1, counts
    assert search(open_index(index_dir), "职工")["total"] == 60


def test_merge_policy_on_commit_is_used(tmp_path, monkeypatch):
    """With a floor of one document every commit that fills tier 0 merges it."""
    merges = []
    real = merging.merge_segments
    monkeypatch.setattr(merging, "merge_segments",
                        lambda ix, group: merges.append(len(group)) or real(ix, group))
    index_dir = str(tmp_path / "ix")
    for batch in range(merging.TIER_FACTOR):
        index_records(index_dir, [rec(batch, "工会")])
    assert merges == [merging.TIER_FACTOR]


@pytest.mark.parametrize("replace", [False, True], ids=["adds", "adds-and-a-replacement"])
def test_optimize_keeps_every_document_and_the_results(tmp_path, seed_records, replace):
    index_dir = str(tmp_path / "ix")
    records = list(seed_records)
    for start in range(0, len(records), 7):
        index_records(index_dir, records[start:start + 7])
    if replace:     # a deleted copy, which counts in the statistics until it is merged away
        index_records(index_dir, [dict(records[0], body="替换后的正文")])
    ix = open_index(index_dir)
    queries = ["职工", "工会", '"劳动模范"', "", "替换后的正文"]
    before = {q: search(ix, q, per_page=100) for q in queries}
    counts = optimize(index_dir)
    assert counts["segments"] <= 2 < counts["segments_before"]
    assert counts["documents"] == len(records)
    ix = open_index(index_dir)
    for q in queries:
        after, ids = search(ix, q, per_page=100), [h["id"] for h in before[q]["hits"]]
        assert after["total"] == before[q]["total"], q
        found = [h["id"] for h in after["hits"]]
        assert (sorted(found) == sorted(ids)) if replace else (found == ids), q


class FakeSegment:
    def __init__(self, docs, size=None):
        self.docs, self.size = docs, 1000 * docs if size is None else size

    def doc_count(self):
        return self.docs

    def list_files(self, storage):
        return [self]


class FakeIndex:
    class storage:
        file_length = staticmethod(lambda segment: segment.size)


def test_a_cascade_is_planned_and_each_result_written_once(monkeypatch):
    monkeypatch.setattr(merging, "TIER_FLOOR", 4)
    monkeypatch.setattr(merging, "TIER_FACTOR", 3)
    calls = []
    monkeypatch.setattr(merging, "merge_groups",
                        lambda ix, groups, procs: calls.append(groups) or
                        [FakeSegment(sum(s.docs for s in g)) for g in groups])
    small = [FakeSegment(2) for _ in range(9)]       # tier 0: three merges into tier 1 ...
    big = FakeSegment(100)                           # ... then one into tier 2; this stays
    result = merging.merged(FakeIndex, small + [big, FakeSegment(0)])
    assert [sorted(map(id, g)) for g in calls[0]] == [sorted(map(id, small))]
    assert len(calls) == 1 and big in result and len(result) == 2


def test_no_merge_makes_a_segment_past_what_a_column_holds(monkeypatch):
    """Whoosh's columns keep 32-bit offsets: sources of more than
    MAX_MERGED_BYTES together are never merged into one segment."""
    monkeypatch.setattr(merging, "TIER_FLOOR", 4)
    monkeypatch.setattr(merging, "TIER_FACTOR", 3)
    calls = []
    monkeypatch.setattr(merging, "merge_groups",
                        lambda ix, groups, procs: calls.extend(groups) or
                        [FakeSegment(sum(s.docs for s in g), sum(s.size for s in g))
                         for g in groups])
    third = merging.MAX_MERGED_BYTES // 3
    fits = [FakeSegment(10, third - 1) for _ in range(3)]
    assert len(merging.merged(FakeIndex, fits)) == 1 and len(calls) == 1
    calls.clear()
    big = FakeSegment(10, third + 3)        # with the two others: past the bound
    assert len(merging.merged(FakeIndex, fits[:2] + [big])) == 3 and calls == []
    # Nine of a sixth: three merges of three; the three results would pass the
    # bound together, so the cascade stops there.
    result = merging.merged(FakeIndex, [FakeSegment(10, third // 2) for _ in range(9)])
    assert len(result) == 3 and [len(group) for group in calls] == [3, 3, 3]


def test_optimize_cuts_its_groups_below_what_a_column_holds():
    third = merging.MAX_MERGED_BYTES // 3
    a, b, c, d = (FakeSegment(10, size) for size in (third, third, 2 * third, 4 * third))
    groups = merging.within_bound(FakeIndex.storage, [[a, b, c], [d]])
    assert groups == [[a, b], [c], [d]]
