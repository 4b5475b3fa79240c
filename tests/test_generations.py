"""Each opened generation of the index owns its caches (``opening.generation``): the
searches of one index fill its generation's, a rebuild's new generation starts
empty and the old one's searchers close, and a copy of an index keeps its own."""
import shutil

from indexer.engines.embedded import checkout, open_index, search
from indexer.engines.embedded.lifecycle.writing import index_records
from indexer.engines.embedded.opening.generation import BOUNDS, LOOSE, generation_of
from indexer.engines.embedded.opening.opening import generation_of_index


def _kept(generation):
    """The caches a generation has made so far, by name."""
    return {name for name in BOUNDS if name in generation._caches}


def test_a_generation_owns_what_its_searches_cache_and_a_rebuild_drops_it(tmp_path,
                                                                           seed_records):
    index_dir = str(tmp_path / "index")
    index_records(index_dir, seed_records)
    ix = open_index(index_dir)
    found = search(ix, '"总工会" 职工', filters={"year": ["2025"]})
    first = generation_of_index(ix)
    assert first is not LOOSE and first.index_dir == index_dir
    with checkout(ix) as searcher:
        assert generation_of(searcher.reader()) is first
    assert {"doc_columns", "facet_tables", "postings", "evidence"} <= _kept(first)
    index_records(index_dir, seed_records, rebuild=True)
    rebuilt = open_index(index_dir)
    second = generation_of_index(rebuilt)
    assert rebuilt is not ix and second is not first and not _kept(second)
    assert first.pool.closed
    assert search(rebuilt, '"总工会" 职工', filters={"year": ["2025"]})["total"] == found["total"]
    assert "postings" in _kept(second)


def test_a_copy_of_an_index_keeps_its_own_caches(tmp_path, seed_index):
    copy = shutil.copytree(seed_index, tmp_path / "copy")
    original, copied = open_index(seed_index), open_index(str(copy))
    search(copied, "工会")
    with checkout(original) as a, checkout(copied) as b:
        assert generation_of(a.reader()) is not generation_of(b.reader())
        assert generation_of(b.reader()) is generation_of_index(copied)
