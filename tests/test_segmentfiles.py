"""Each segment's per-document data in memory-mapped files (issue 28, parts 1 and 2).

Opening an index reads none of it; a commit writes the files of the segments
it made (merged ones too) and Whoosh's clean-up removes them with their
segment; an index without them gets them on first use, with the same
answers; ``baoku check`` reads them and names a damaged one.
"""
import bisect
import json
import os
import re
import shutil
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.engines import open_engine
from indexer.engines.embedded import api as searching
from indexer.engines.embedded.arrays import npyfiles, segmentcolumns, segmentfiles
from indexer.engines.embedded.lifecycle.checking import check_index
from indexer.engines.embedded.lifecycle.generations import live_generation
from indexer.engines.embedded.lifecycle import writing
from indexer.engines.embedded.lifecycle.writing import delete_ids, index_records, optimize
from indexer.engines.embedded.opening.generation import generation_of
from indexer.errors import IndexDamaged
from indexer.searching.facets import FACETS

QUERIES = ["工会", '"总工会"', "职工 北京", "工", "district:朝阳区", "", "-工会 职工"]


def _segments(index_dir):
    with searching.checkout(searching.open_index(index_dir)) as searcher:
        return {leaf.segment().segment_id() for leaf, _ in searcher.reader().leaf_readers()}


def _files(index_dir):
    return [n for n in os.listdir(live_generation(index_dir)) if segmentfiles.PREFIX in n]


def _answers(index_dir):
    engine = open_engine(index_dir)
    found = {}
    for q in QUERIES:
        for sort in ("relevance", "date"):
            answer = engine.search(q, sort=sort, per_page=50)
            answer.pop("took_ms", None)
            found[f"{q}|{sort}"] = answer
    found["suggest"] = engine.suggest("工", limit=20)
    return json.dumps(found, ensure_ascii=False, sort_keys=True, default=str)


@pytest.fixture()
def two_segments(tmp_path, seed_records):
    index_dir = str(tmp_path / "index")
    index_records(index_dir, seed_records[:12])
    index_records(index_dir, seed_records[12:])
    return index_dir


def test_each_commit_writes_its_segments_files_and_they_go_with_their_segment(two_segments,
                                                                             monkeypatch):
    monkeypatch.setattr(writing, "PROCS", 1)
    segments = _segments(two_segments)
    assert len(segments) == 2
    assert {segmentfiles.segment_id_of(n) for n in _files(two_segments)} == segments
    optimize(two_segments)          # the two merged into one: its files, not theirs
    merged = _segments(two_segments)
    assert len(merged) == 1 and merged != segments
    assert {segmentfiles.segment_id_of(n) for n in _files(two_segments)} == merged


def test_a_deletion_keeps_the_files_right(two_segments, seed_records):
    before = open_engine(two_segments).search('"总工会"', per_page=50)["total"]
    gone = [r["id"] for r in seed_records[:3]]
    delete_ids(two_segments, gone)
    answer = open_engine(two_segments).search('"总工会"', per_page=50)
    assert not set(gone) & {hit["id"] for hit in answer["hits"]}
    assert answer["total"] <= before
    assert check_index(two_segments)["generations"][0]["ok"]


def test_opening_and_a_word_search_read_no_document_one_by_one(two_segments, monkeypatch):
    loads, built = [], []
    real_load, real_build = npyfiles.load, segmentcolumns._build
    monkeypatch.setattr(segmentcolumns, "load", lambda *a: loads.append(a) or real_load(*a))
    monkeypatch.setattr(segmentcolumns, "_build", lambda *a: built.append(a) or real_build(*a))
    ix = searching.open_index(two_segments)
    with searching.checkout(ix) as searcher:
        reader = searcher.reader()
        assert len(generation_of(reader).cache("segment_files")) == 0
        assert not loads           # opening read no per-document file
        stored = reader.stored_fields
    engine = open_engine(two_segments)
    assert engine.search('工会 "总工会"', per_page=10)["total"] > 0
    assert loads and not built    # the files were mapped, not rebuilt from the documents
    assert stored is not None


def test_the_files_hold_what_the_segment_holds(two_segments):
    ix = searching.open_index(two_segments)
    with searching.checkout(ix) as searcher:
        for leaf, _ in searcher.reader().leaf_readers():
            assert npyfiles.mapped_file(segmentcolumns.dates(leaf)) is not None   # mapped, not read
            texts = segmentcolumns.texts(leaf)
            assert len(texts) == leaf.doc_count_all()
            assert list(texts) == list(segmentcolumns._texts(leaf))
            lengths = segmentcolumns.lengths(leaf, "chars2")
            assert lengths.tolist() == [leaf.doc_field_length(d, "chars2", 1)
                                        for d in range(leaf.doc_count_all())]
            union = segmentcolumns.facet(leaf, "union")
            values = list(leaf.column_reader(FACETS["union"].field, translate=True))
            assert any(values)
            for d, value in enumerate(values):
                ids = union.ids[union.starts[d]:union.starts[d + 1]]
                assert {union.names[i] for i in ids} == (set(value.split(",")) if value else set())


def test_an_index_without_the_files_gets_them_on_first_use_with_the_same_answers(two_segments,
                                                                                tmp_path):
    older = str(tmp_path / "older")         # a copy: its own generation, nothing cached
    shutil.copytree(two_segments, older)
    for name in _files(older):
        os.remove(os.path.join(live_generation(older), name))
    assert not _files(older)
    assert _answers(older) == _answers(two_segments)
    assert {segmentfiles.segment_id_of(n) for n in _files(older)} == _segments(older)


@pytest.mark.parametrize("part,item", [("texts.off", "texts"), ("dates", "dates"),
                                       ("facet.union.ids", "facet.union")])
def test_a_damaged_file_is_reported_like_a_damaged_segment(two_segments, part, item):
    folder = live_generation(two_segments)
    name = next(n for n in sorted(_files(two_segments)) if f"{segmentfiles.PREFIX}{part}.npy" in n)
    path = os.path.join(folder, name)
    array = np.load(path)
    damaged = array[:-1] if part == "dates" else array.copy()
    if part != "dates":
        damaged[1:] = damaged[1:][::-1] + 10**6          # out of order and past the end
    with open(path, "wb") as f:
        np.save(f, damaged)
    report = check_index(two_segments)
    live = report["generations"][0]
    named = segmentfiles.label(segmentfiles.segment_id_of(name), item)
    assert not live["ok"] and named in live["problem"]
    if part != "facet.union.ids":       # shapes are checked whenever a file is opened;
        # '会工作' is no word: its candidates' texts are read
        with pytest.raises(IndexDamaged, match=re.escape(named)):
            open_engine(two_segments).search('"会工作"' if part == "texts.off" else "工会",
                                             sort="date")


@pytest.mark.parametrize("from_end", [0, 10**9], ids=["from-the-back", "from-the-front"])
@pytest.mark.parametrize("early", [0, 10**9], ids=["simd-throughout", "numpy-after-sample"])
@pytest.mark.parametrize("mapped", [False, True], ids=["in-memory", "mapped"])
@pytest.mark.parametrize("needle", ["工会", "会工", "a", "总工会", "。", "x"])
def test_a_scan_of_the_texts_file_finds_what_python_finds(needle, mapped, early, from_end,
                                                          tmp_path, monkeypatch):
    """Candidates dense or sparse, the texts in memory or mapped from their file,
    the documents after the first few searched either way, from either end:
    each as ``needle in text``, a match across two documents found in neither."""
    monkeypatch.setattr(segmentfiles, "SAMPLED", 5)
    monkeypatch.setattr(segmentfiles, "EARLY", early)
    monkeypatch.setattr(segmentfiles, "FROM_END", from_end)
    texts = ["工会", "", "会", "工", "工会工会", "a工", "会a", "总工会。", "x"] * 40
    strings = _strings(texts, tmp_path if mapped else None)
    for docs in (np.arange(len(texts)), np.arange(3, len(texts), 2), np.array([0, 200, 350])):
        want = [needle in texts[d] for d in docs]
        assert strings.containing(docs, needle).tolist() == want
    holding = strings.holding(needle[0]).tolist()
    assert holding == [d for d, text in enumerate(texts) if needle[0] in text]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="工会a\x00。", max_size=5), min_size=1, max_size=12),
       st.text(alphabet="工会a\x00。", min_size=1, max_size=3), st.data(),
       st.integers(1, 4), st.sampled_from([0, 2, 10**9]), st.sampled_from([0, 2, 10**9]))
def test_any_texts_are_scanned_as_python_finds(texts, needle, data, sampled, early, from_end):
    """Any texts and needles, NUL included, any documents of them, the way
    and the end to search from chosen after any number of them."""
    strings = _strings(texts)
    docs = np.array(sorted(data.draw(st.sets(st.integers(0, len(texts) - 1)))), np.int64)
    with mock.patch.object(segmentfiles, "SAMPLED", sampled), \
            mock.patch.object(segmentfiles, "EARLY", early), \
            mock.patch.object(segmentfiles, "FROM_END", from_end):
        found = strings.containing(docs, needle).tolist()
    assert found == [needle in texts[d] for d in docs]


def _strings(texts, folder=None):
    """``texts`` as a ``Strings``: packed in memory, or written to ``folder`` and mapped."""
    if folder is None:
        return segmentfiles.Strings(*segmentfiles.Strings.pack(texts))
    assert npyfiles.save_strings(str(folder), "t.blob.npy", "t.off.npy", iter(texts))
    blob, offsets = npyfiles.load(str(folder), "t.blob.npy"), npyfiles.load(str(folder), "t.off.npy")
    assert npyfiles.mapped_file(blob) is not None
    return segmentfiles.Strings(blob, offsets)


def test_a_merge_in_the_live_generation_lets_go_of_the_merged_segments_files(two_segments,
                                                                              monkeypatch):
    """A server keeps searching the live generation while commits merge its
    segments: the maps of the segments merged away are dropped, not held."""
    from test_concurrency import deleted_files_held
    monkeypatch.setattr(writing, "PROCS", 1)
    engine = open_engine(two_segments)
    assert engine.search('"总工会"', sort="date")["total"] > 0
    optimize(two_segments)
    assert engine.search('"总工会"', sort="date")["total"] > 0
    assert not [f for f in deleted_files_held(two_segments) if segmentfiles.PREFIX in f]


def test_check_names_a_file_missing_beside_the_others(two_segments):
    folder = live_generation(two_segments)
    name = next(n for n in sorted(_files(two_segments)) if n.endswith(".cols.texts.off.npy"))
    os.remove(os.path.join(folder, name))
    live = check_index(two_segments)["generations"][0]
    named = segmentfiles.label(segmentfiles.segment_id_of(name), "texts")
    assert not live["ok"] and f"{named}: missing" in live["problem"]


def test_a_segment_written_before_the_files_is_not_damaged(two_segments):
    folder = live_generation(two_segments)
    for name in _files(two_segments):
        os.remove(os.path.join(folder, name))
    assert check_index(two_segments)["generations"][0]["ok"]


def test_a_deletion_is_seen_by_every_reading_of_the_files(two_segments):
    """Deleting leaves the files as they are (docnums do not move); the searches
    reading them (exact strings, one character, dates, facets) leave it out."""
    def union_counts(engine):
        facets = engine.search('"总工会"', per_page=1)["facets"]
        return {entry["value"]: entry["count"] for entry in facets["union"]}
    engine = open_engine(two_segments)
    hit = next(h for h in engine.search('"总工会"', per_page=50)["hits"] if h.get("unions"))
    before = union_counts(engine)
    delete_ids(two_segments, [hit["id"]])
    engine = open_engine(two_segments)
    for q, sort in (('"总工会"', "relevance"), ("工", "date"), ("工会", "date")):
        ids = {h["id"] for h in engine.search(q, sort=sort, per_page=100)["hits"]}
        assert hit["id"] not in ids, q
    after = union_counts(engine)
    for union in hit["unions"]:
        assert after.get(union, 0) == before[union] - 1


@pytest.mark.parametrize("damage", ["reversed", "removed", "garbage"])
def test_recover_makes_damaged_or_missing_files_anew(two_segments, damage):
    """The files hold nothing their segment does not: ``baoku recover`` makes a
    damaged or missing one anew, and the index answers as it did."""
    before = _answers(two_segments)
    folder = live_generation(two_segments)
    name = next(n for n in sorted(_files(two_segments)) if n.endswith(".cols.texts.off.npy"))
    path = os.path.join(folder, name)
    if damage == "reversed":
        np.save(path, np.load(path)[::-1].copy())
    elif damage == "removed":
        os.remove(path)
    else:
        with open(path, "wb") as f:
            f.write(b"\x93NUMPY not an array")
    assert not check_index(two_segments)["generations"][0]["ok"]
    done = open_engine(two_segments).recover()
    assert done["files_repaired"] == [segmentfiles.label(segmentfiles.segment_id_of(name), "texts")]
    assert done["live"] == os.path.basename(folder)
    assert check_index(two_segments)["generations"][0]["ok"]
    assert _answers(two_segments) == before
    assert open_engine(two_segments).recover()["files_repaired"] == []


@pytest.mark.parametrize("strings", [[], [""], ["工会", "", "ＡＰＥＣ…", "a" * 5000, "x"]],
                         ids=["none", "one-empty", "mixed"])
def test_strings_written_one_at_a_time_read_back_as_packed(tmp_path, strings):
    folder = str(tmp_path)
    assert npyfiles.save_strings(folder, "s.blob.npy", "s.off.npy", iter(strings))
    blob, offsets = npyfiles.load(folder, "s.blob.npy"), npyfiles.load(folder, "s.off.npy")
    packed_blob, packed_offsets = segmentfiles.Strings.pack(strings)
    assert blob.tobytes() == packed_blob.tobytes() and offsets.tolist() == packed_offsets.tolist()
    assert list(segmentfiles.Strings(blob, offsets)) == strings
    assert sorted(os.listdir(folder)) == ["s.blob.npy", "s.off.npy"]     # no temporary left


@settings(max_examples=300, deadline=None)
@given(st.sets(st.text(alphabet="工会a。\x00", max_size=4)), st.text(alphabet="工会a。\x00", max_size=5))
def test_a_string_is_placed_among_sorted_strings_as_bisect_places_it(strings, key):
    """A posting file's terms are found by ``Strings.bisect_left``: where Python's
    ``bisect`` puts the key among the strings' bytes, present or not."""
    raws = sorted(s.encode("utf-8") for s in strings)
    packed = segmentfiles.Strings(*segmentfiles.Strings.pack([r.decode("utf-8") for r in raws]))
    assert packed.bisect_left(key.encode("utf-8")) == bisect.bisect_left(raws, key.encode("utf-8"))
