"""What exact-string scans keep per segment (``scanned``) never changes an answer:
a repeated search, a search after deletions, additions and merges, and a search
with nothing kept all find the same documents."""
import random

import pytest

from indexer.engines.embedded import open_index, search
from indexer.engines.embedded.arrays import scanned
from indexer.engines.embedded.opening.opening import generation_of_index
from indexer.engines.embedded.lifecycle.writing import delete_ids, index_records, optimize


@pytest.fixture()
def keep_every_scan(monkeypatch):
    monkeypatch.setattr(scanned, "MIN_SCANNED_CHARS", 0)
    yield


def _scans(index_dir):
    """What the live generation of ``index_dir`` keeps of its scans."""
    return generation_of_index(open_index(index_dir)).cache("scans")


def _forget(index_dir):
    """Nothing kept of any scan: the scans, and the exact strings' documents."""
    generation = generation_of_index(open_index(index_dir))
    generation.cache("scans").clear()
    generation.cache("text_docs").clear()


def _found(index_dir, q):
    result = search(open_index(index_dir), q, per_page=0, snippets=False)
    return result["total"], [hit["id"] for hit in result["hits"]]


def _phrases(records, n, seed=15):
    """Quoted strings of 2–5 characters taken from the records' bodies."""
    rng = random.Random(seed)
    bodies = [r["body"] for r in records if len(r.get("body") or "") > 20]
    found = []
    while len(found) < n:
        body = rng.choice(bodies)
        start = rng.randrange(len(body) - 6)
        text = "".join(body[start:start + rng.randint(2, 5)].split()).replace('"', "")
        if len(text) >= 2:
            found.append(f'"{text}"')
    return found


def test_a_kept_scan_answers_as_a_fresh_one(seed_index, seed_records, keep_every_scan):
    for q in _phrases(seed_records, 40) + ["职工", "工会", "北京市总工会"]:
        first = _found(seed_index, q)
        if len(q) > 4:      # a quoted string of 3+ characters: its text was scanned
            assert _scans(seed_index).kept(), q
        again = _found(seed_index, q)           # from what the first scan kept
        _forget(seed_index)
        assert first == again == _found(seed_index, q), q


def test_kept_scans_follow_deletions_additions_and_merges(tmp_path, seed_records,
                                                         keep_every_scan):
    index_dir = str(tmp_path / "index")
    index_records(index_dir, seed_records)
    q = '"会工作"'           # no word: every match's text is read (and kept)
    total, ids = _found(index_dir, q)
    assert total >= 3 and _scans(index_dir).kept()
    delete_ids(index_dir, [ids[0]])
    assert _found(index_dir, q)[0] == total - 1
    added = dict(next(r for r in seed_records if r["id"] == ids[0]), id="scan-cache-new")
    index_records(index_dir, [added])
    assert _found(index_dir, q)[0] == total
    optimize(index_dir)
    after_merge = _found(index_dir, q)
    _forget(index_dir)
    assert after_merge == _found(index_dir, q) and after_merge[0] == total


def test_kept_proximity_and_tolerant_scans_answer_as_fresh_ones(seed_index, seed_records,
                                                                 keep_every_scan):
    """``a NEAR/n b`` and ``word~`` keep what their text checks found, per segment, as
    exact strings do; the second search reads no text and finds the brute-force set."""
    from test_fuzzy import scan
    from test_proximity import brute_force, sample_pairs
    queries = [(f"{a} NEAR/{n} {b}", brute_force(seed_records, a, b, n))
               for a, b, n in sample_pairs(seed_records, 12, seed=8)]
    names = sorted({u for r in seed_records for u in r.get("unions") or [] if len(u) >= 4})[:6]
    queries += [(f'"{name}"~', scan(seed_records, name)) for name in names]
    assert sum(bool(truth) for _, truth in queries) >= 12
    for q, truth in queries:
        _scans(seed_index).clear()
        first = _found(seed_index, q)
        kept = _scans(seed_index).kept()
        again = _found(seed_index, q)
        assert (kept or not truth) and _scans(seed_index).kept() == kept, q   # no new scan
        assert set(first[1]) == set(again[1]) == truth, q
