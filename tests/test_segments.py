"""The fast segment builder writes what Whoosh's own writer writes.

Same documents, two indexes: one by Whoosh's ``SegmentWriter``, one by
``building.build_segments``.  Every term's statistics and postings (ids,
weights, positions), every stored field, column and field length must be
equal, and searches must find the same documents.
"""
import functools
import os

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import MERGE_SMALL

from indexer.engines.embedded.building import building, postings, runs
from indexer.engines.embedded.lifecycle import schema
from indexer.engines.embedded.whooshinternals import codec
from indexer.errors import IndexBuildFailed
from indexer.reading.records import new_record


@pytest.fixture(scope="module")
def documents(seed_records):
    """The seed articles five times over under new ids (so that common terms
    have more than a block of 128 postings, rare ones fewer than the inline
    limit), plus edge cases: empty fields, Latin, digits, extension ideographs."""
    records = [dict(r, id=f"{r['id']}-{copy}") for copy in range(5) for r in seed_records]
    records += [
        new_record(id="empty", headline="", body="", kind="news"),
        new_record(id="latin", headline="APEC Ｗｏｒｋｅｒｓ 2025", body="5km 10 apec",
                   kind="news"),
        new_record(id="rare", headline="〇𠀀𠀁", body="職工創新工作室聯盟", kind="news",
                   districts=["朝阳区"], unions=["北京市总工会"]),
    ]
    return [schema.document(r) for r in records]


def whoosh_build(path, docs):
    path.mkdir()
    ix = whoosh_index.create_in(str(path), schema.build_schema())
    with ix.writer(codec=codec()) as writer:
        for doc in docs:
            writer.add_document(**doc)
    return ix


def fast_build(path, docs, procs=1, run_postings=None, segment_terms=None):
    path.mkdir()
    ix = whoosh_index.create_in(str(path), schema.build_schema())
    writer = ix.writer(codec=codec())
    built = building.build_segments(ix, docs, limits=building.Limits(
        procs=procs, run_postings=run_postings, segment_terms=segment_terms))
    writer.commit(mergetype=lambda w, existing: MERGE_SMALL(w, existing) + built)
    return ix


def contents(ix, with_terminfo=True):
    """Everything a search can read from the index, as plain values."""
    with ix.reader() as reader:
        fieldobjs = ix.schema
        terms = {}
        for fieldname, text in reader.all_terms():
            postings = reader.postings(fieldname, text)
            items = []
            while postings.is_active():
                # Fields without posting values read None from a block and b"" from
                # an inlined list (indexer/engines/embedded/whooshinternals/); both mean "no value".
                items.append((postings.id(), postings.weight(), postings.value() or None))
                postings.next()
            info = reader.term_info(fieldname, text)
            stats = ((info.weight(), info.doc_frequency(), info.min_length(),
                      info.max_length(), info.max_weight(), info.min_id(), info.max_id())
                     if with_terminfo else None)
            terms[fieldname, text] = (items, stats)
        docs = list(reader.all_stored_fields())
        names = [n for n in fieldobjs.names() if fieldobjs[n].column_type]
        # Per segment: a segment where no document has a value has no column file.
        columns = {n: [v for leaf, _ in reader.leaf_readers() for v in leaf.column_reader(n)]
                   for n in names}
        scorable = [n for n in fieldobjs.scorable_names()]
        # A segment where no document has the field has no lengths: 0, not None.
        lengths = {n: [reader.doc_field_length(d, n) or 0 for d in range(reader.doc_count_all())]
                   for n in scorable}
        totals = {n: reader.field_length(n) for n in scorable}
    return terms, docs, columns, lengths, totals


@pytest.mark.parametrize("run_postings", [None, 3_000], ids=["in-memory", "in-sorted-runs"])
def test_one_builder_writes_what_whoosh_writes(tmp_path, documents, run_postings, monkeypatch):
    monkeypatch.setattr(postings, "CHUNK_POSTINGS", 5_000)     # several chunks a field
    expected = contents(whoosh_build(tmp_path / "whoosh", documents))
    spilled = []
    real = runs.Run.sorted_from.__func__

    def sorted_from(cls, *args):
        run = real(cls, *args)
        if run.file is not None:
            spilled.append(len(run))
        return run
    monkeypatch.setattr(runs.Run, "sorted_from", classmethod(sorted_from))
    actual = contents(fast_build(tmp_path / "fast", documents, run_postings=run_postings))
    assert len(spilled) > 3 if run_postings else not spilled
    # the runs' temporary files are gone (a segment's random id may hold "run" itself)
    assert not [name for name in os.listdir(tmp_path / "fast") if name.startswith("baoku-run-")]
    terms = expected[0]
    assert any(len(items) > 128 for items, _ in terms.values())      # several blocks
    assert any(len(items) < codec()._inlinelimit for items, _ in terms.values())
    assert actual[0].keys() == terms.keys()
    for key in terms:
        assert actual[0][key] == terms[key], key
    assert actual[1:] == expected[1:]


def by_id(found):
    """``contents`` with every docnum replaced by the document's id (the
    builders deal the input out in pieces, so the order of documents differs)."""
    terms, docs, columns, lengths, totals = found
    ids = [doc["id"] for doc in docs]
    return ({key: (sorted((ids[d], w, v) for d, w, v in items), stats)
             for key, (items, stats) in terms.items()},
            sorted(docs, key=lambda doc: doc["id"]),
            {name: sorted(zip(ids, values)) for name, values in columns.items()},
            {name: sorted(zip(ids, values)) for name, values in lengths.items()}, totals)


def test_parallel_builders_find_the_same_documents(tmp_path, documents, monkeypatch):
    monkeypatch.setattr(building, "PIECE", 25)
    expected = by_id(contents(whoosh_build(tmp_path / "whoosh", documents),
                              with_terminfo=False))
    ix = fast_build(tmp_path / "fast", documents, procs=2)
    assert len(ix.reader().leaf_readers()) == 2
    assert by_id(contents(ix, with_terminfo=False)) == expected


def test_a_segment_is_cut_when_its_term_table_fills_its_share(tmp_path, documents):
    expected = by_id(contents(whoosh_build(tmp_path / "whoosh", documents),
                              with_terminfo=False))
    ix = fast_build(tmp_path / "fast", documents, segment_terms=3_000)
    readers = [leaf for leaf, _ in ix.reader().leaf_readers()]
    assert len(readers) >= 3
    assert all(len(set(leaf.all_terms())) < 3_000 + 1_000 for leaf in readers)  # + one doc's
    assert by_id(contents(ix, with_terminfo=False)) == expected


def test_the_same_input_gives_the_same_segments(tmp_path, documents, monkeypatch):
    monkeypatch.setattr(building, "PIECE", 25)
    first = contents(fast_build(tmp_path / "one", documents, procs=2))
    assert contents(fast_build(tmp_path / "two", documents, procs=2)) == first


def test_a_failing_document_fails_the_build_and_names_the_cause(tmp_path, documents):
    ix = whoosh_index.create_in(str(tmp_path), schema.build_schema())
    bad = dict(documents[0], nosuchfield="x")
    with pytest.raises(IndexBuildFailed, match="(?s)nothing was committed.*nosuchfield"):
        building.build_segments(ix, documents[:20] + [bad] + documents[20:40],
                                limits=building.Limits(procs=2))


def test_a_builder_that_dies_is_reported_not_waited_for(tmp_path, documents):
    ix = whoosh_index.create_in(str(tmp_path), schema.build_schema())
    dying = [functools.partial(os._exit, 3)] + documents[:20]   # the first builder's first document
    with pytest.raises(IndexBuildFailed, match=r"died \(exit code 3\)"):
        building.build_segments(ix, dying + documents[20:40], limits=building.Limits(procs=2))
