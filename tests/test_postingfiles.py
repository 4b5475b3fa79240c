"""Long posting lists as memory-mapped files, and the single facets' combinations
sorted as integers (issue 28, part 2).

A first-asked term used to cost a decode of every block of its postings
(pickled and compressed, with positions), so its cost grew with the archive.
Each segment now has its long lists as files written when the segment is
written (a merge hands its sources' lists on), and a term is a slice of them.
"""
import os
import shutil
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.engines import open_engine
from indexer.engines.embedded import api as searching
from indexer.engines.embedded.arrays import postingarrays, postingfiles, segmentfiles
from indexer.engines.embedded.lifecycle.checking import check_index
from indexer.engines.embedded.lifecycle.generations import live_generation
from indexer.engines.embedded.lifecycle import writing
from indexer.engines.embedded.lifecycle.writing import delete_ids, index_records, optimize
from indexer.engines.embedded.results import singlefacets
from indexer.engines.embedded.whooshinternals import INLINE_LIMIT, read_postings, writers
from indexer.engines.embedded.whooshinternals.termtable import TermTable
from test_segmentfiles import _answers       # the same searches, sorts and suggestions

@pytest.fixture()
def records(seed_records):
    """The seed pages' articles three times over (new ids): lists long enough
    to leave the term table in each of two segments."""
    return [dict(r, id=f"{r['id']}-{k}") for k in range(3) for r in seed_records]


@pytest.fixture()
def two_segments(tmp_path, records, monkeypatch):
    monkeypatch.setattr(writing, "PROCS", 1)
    index_dir = str(tmp_path / "index")
    half = len(records) // 2
    index_records(index_dir, records[:half])
    index_records(index_dir, records[half:])
    return index_dir


def _leaves(index_dir):
    searcher = searching.checkout(searching.open_index(index_dir))
    with searcher as s:
        return [leaf for leaf, _ in s.reader().leaf_readers()]


def _posting_names(index_dir):
    return sorted(n for n in os.listdir(live_generation(index_dir))
                  if f"{segmentfiles.PREFIX}post." in n)


def assert_files_hold_every_long_list(index_dir):
    """Each segment's files hold exactly its lists that are not inlined, each as
    Whoosh's own blocks decode it."""
    folder = live_generation(index_dir)
    checked = 0
    for leaf in _leaves(index_dir):
        for field in postingfiles.fields_of(leaf):
            files = postingfiles.source(folder, leaf.segment().segment_id(), field)
            assert files is not None, (leaf.segment().segment_id(), field)
            long_terms = [key for key, info in leaf.iter_field(field)
                          if info.doc_frequency() >= INLINE_LIMIT]
            assert [files.terms.raw(i) for i in range(len(files.terms))] == long_terms
            for key in long_terms:
                ids, weights = files.get(key)
                expected_ids, expected_weights = read_postings(leaf.postings(field, key))
                assert ids.tolist() == expected_ids.tolist(), (field, key.decode())
                assert weights.tolist() == expected_weights.tolist(), (field, key.decode())
                checked += 1
    assert checked > 100


def test_written_segments_and_merged_ones_hold_each_long_list(two_segments, records):
    assert len(_leaves(two_segments)) == 2
    assert_files_hold_every_long_list(two_segments)
    optimize(two_segments)                  # merged from the sources' files
    assert len(_leaves(two_segments)) == 1
    assert_files_hold_every_long_list(two_segments)
    index_records(two_segments, records[:5])        # replaced: the old copies deleted
    delete_ids(two_segments, [records[60]["id"]])
    optimize(two_segments)                  # sources with deletions: renumbered
    assert_files_hold_every_long_list(two_segments)
    assert {segmentfiles.segment_id_of(n) for n in _posting_names(two_segments)} == {
        leaf.segment().segment_id() for leaf in _leaves(two_segments)}


def test_a_merge_hands_the_sources_lists_on_without_decoding_them(two_segments, monkeypatch):
    def no_decoding(raw):
        raise AssertionError("a list was decoded")
    monkeypatch.setattr(writers, "read_blocks", no_decoding)
    optimize(two_segments)
    assert_files_hold_every_long_list(two_segments)


def test_a_first_asked_term_is_read_from_the_files_not_decoded(two_segments, monkeypatch):
    expected = _answers(two_segments)
    copy = two_segments + "-copy"          # its own generation: nothing cached
    shutil.copytree(two_segments, copy)
    decoded = []

    def counted(leaf, field, text):
        decoded.append((field, text))
        return read_postings(leaf.postings(field, text))
    monkeypatch.setattr(postingarrays, "postings", counted)
    assert _answers(copy) == expected
    long_ones = [(field, text) for field, text in decoded if field in postingfiles.FIELDS
                 and any(leaf.doc_frequency(field, text) >= INLINE_LIMIT
                         for leaf in _leaves(copy))]
    assert not long_ones


def test_a_short_or_absent_list_is_read_from_the_mapped_term_table_as_whoosh_reads_it(
        two_segments, records):
    """Every term of every segment's searched fields: an inlined list as its
    term info holds it (deleted documents included, as the posting files
    include them), a long one left to the posting files (None), a term the
    segment lacks as no postings."""
    delete_ids(two_segments, [records[1]["id"], records[40]["id"]])
    checked = deletions = 0
    for leaf in _leaves(two_segments):
        table = TermTable.of(leaf, live_generation(two_segments))
        assert table is not None
        deleted = {d for d in range(leaf.doc_count_all()) if leaf.is_deleted(d)}
        deletions += len(deleted)
        for field in postingfiles.fields_of(leaf):
            for key, info in leaf.iter_field(field):
                text = key.decode("utf-8")
                found = table.postings(field, text)
                if info.doc_frequency() >= INLINE_LIMIT:
                    assert found is None
                    continue
                ids, weights, _ = info.inlined_postings()
                assert (list(found[0]), list(found[1])) == (list(ids), list(weights))
                alive = read_postings(leaf.postings(field, text))[0].tolist()
                assert set(alive) <= set(ids) and not set(ids) - set(alive) - deleted
                checked += 1
            assert table.postings(field, "没有这个词") == ((), ())
    assert checked > 1000 and deletions == 2


def test_a_first_asked_term_never_goes_through_whoosh_term_lookup(two_segments, monkeypatch):
    """Long lists come from the posting files, short and absent ones from the
    mapped term table: Whoosh's own look-up (a seek and a read per slot) is
    not made for the fields searches read."""
    expected = _answers(two_segments)
    copy = two_segments + "-copy"          # its own generation: nothing cached

    def refused(leaf, field, text):
        assert field not in postingfiles.FIELDS, (field, text)
        return read_postings(leaf.postings(field, text))
    shutil.copytree(two_segments, copy)
    monkeypatch.setattr(postingarrays, "postings", refused)
    assert _answers(copy) == expected


def test_an_index_without_the_files_answers_alike_and_recover_writes_them(two_segments):
    expected = _answers(two_segments)
    older = two_segments + "-older"         # as an index written before the files
    shutil.copytree(two_segments, older)
    folder = live_generation(older)
    for name in _posting_names(older):
        os.remove(os.path.join(folder, name))
    assert _answers(older) == expected
    assert not _posting_names(older)        # a query does not decode whole segments
    assert check_index(older)["generations"][0]["ok"]
    repaired = open_engine(older).recover()["files_repaired"]
    assert repaired and all(".cols.post." in label for label in repaired)
    assert_files_hold_every_long_list(older)
    assert _answers(older) == expected


@pytest.mark.parametrize("damage", ["past the segment", "out of order", "cut short"])
def test_check_names_a_damaged_posting_file_and_recover_remakes_it(two_segments, damage):
    expected = _answers(two_segments)
    folder = live_generation(two_segments)
    name = next(n for n in _posting_names(two_segments) if n.endswith(".post.body.ids.npy"))
    path = os.path.join(folder, name)
    ids = np.load(path)
    if damage == "past the segment":
        ids[len(ids) // 2] = 10**6
    elif damage == "out of order":
        ids[:] = ids[::-1].copy()
    else:
        ids = ids[:-1]
    np.save(path, ids)
    live = check_index(two_segments)["generations"][0]
    label = segmentfiles.label(segmentfiles.segment_id_of(name), "post.body")
    assert not live["ok"] and label in live["problem"]
    assert open_engine(two_segments).recover()["files_repaired"] == [label]
    assert check_index(two_segments)["generations"][0]["ok"]
    assert _answers(two_segments) == expected


def test_a_cancelled_writer_leaves_no_posting_files(tmp_path, records, monkeypatch):
    """A build that fails after the lists were written leaves nothing behind
    (the files are staged until the segment is whole)."""
    index_dir = str(tmp_path / "index")
    index_records(index_dir, records[:40])
    before = sorted(os.listdir(live_generation(index_dir)))

    def fail(self):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(writers.BufferedSegmentWriter, "_assemble_segment", fail)
    with pytest.raises(Exception):
        index_records(index_dir, records[40:80])
    assert sorted(os.listdir(live_generation(index_dir))) == before


def test_a_field_without_terms_gets_empty_files_and_the_index_checks_clean(tmp_path, records):
    """News items have no kicker: the segment still has its (empty) kicker files,
    so ``baoku check`` does not take their absence for a file lost."""
    index_dir = str(tmp_path / "index")
    index_records(index_dir, [dict(r, kicker="") for r in records[:30]])
    folder = live_generation(index_dir)
    [leaf] = _leaves(index_dir)
    files = postingfiles.source(folder, leaf.segment().segment_id(), "kicker")
    assert files is not None and len(files.terms) == 0
    assert check_index(index_dir)["generations"][0]["ok"]


@settings(max_examples=60, deadline=None)
@given(sizes=st.lists(st.integers(1, 2**21), min_size=1, max_size=5), docs=st.integers(0, 300),
       seed=st.integers(0, 2**32 - 1))
def test_the_single_facets_combinations_are_the_distinct_rows(sizes, docs, seed):
    """A new process's first search builds the single-valued facets' combinations
    (``singlefacets``) by sorting one integer a document, not rows (2.2 s at a
    million articles); the rows and each document's are ``np.unique``'s, also
    when the values' product passes 64 bits."""
    rng = np.random.default_rng(seed)
    columns = [rng.integers(0, min(size, 4), docs) * (size // 4 or 1) for size in sizes]
    values, code = singlefacets._combined(columns, sizes)
    expected, expected_code = np.unique(np.stack(columns, axis=1), axis=0, return_inverse=True)
    assert values.tolist() == expected.tolist()
    assert code.tolist() == expected_code.reshape(-1).tolist()


@settings(max_examples=300, deadline=None)
@given(listed=st.sets(st.integers(0, 300)), asked=st.sets(st.integers(0, 300)),
       tabled=st.sampled_from([0, 32, 10**9]))
def test_a_documents_place_in_a_posting_list_is_the_same_bisected_or_tabled(listed, asked,
                                                                              tabled):
    """A phrase's words and a word's fields are scored where their postings are:
    ``positions_of`` finds each document's place in a list by bisecting it or,
    for many documents, by a table (``TABLED``); either way, the places of the
    documents the list holds and none for the others."""
    ids, docs = np.array(sorted(listed), np.int32), np.array(sorted(asked), np.int32)
    with mock.patch.object(postingarrays, "TABLED", tabled):
        held, where = postingarrays.positions_of(ids, docs)
    assert held.tolist() == [d in listed for d in sorted(asked)]
    assert ids[where].tolist() == [d for d in sorted(asked) if d in listed]
    assert where.dtype == np.intp
