"""OCR-tolerant matching (``word~``, ``fuzzy=1``): the string with one character
misread as a confusable one, or (4+ characters) one missing or extra inside it;
exact against a scan, never changing what a query without it finds."""
import random
import re

import pytest

from analyzers import normalize_query_chars
from conftest import build_index
from indexer.engines import open_engine
from indexer.reading.records import KINDS
from indexer.searching import fuzzy
from indexer.searching.fields import searchable_text

EVERY_KIND = {"kind": list(KINDS)}


def ids(result):
    return {hit["id"] for hit in result["hits"]}


def misread(name, rng):
    """``name`` as an OCR might print it: one confusable, missing or extra character."""
    table = fuzzy.confusables()
    swaps = [i for i, c in enumerate(name) if c in table]
    kind = rng.choice(["swap"] * 2 + (["drop", "add"] if len(name) >= 4 else []))
    if kind == "swap" and swaps:
        i = rng.choice(swaps)
        return name[:i] + rng.choice(table[name[i]]) + name[i + 1:]
    if len(name) < 4:       # no confusable character, too short to lose or gain one
        return None
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1:] if kind == "drop" else name[:i] + "口" + name[i:]


@pytest.fixture(scope="module")
def ocr(seed_records, tmp_path_factory):
    """Seed records in which held-out names (unions, districts) were misread once."""
    rng = random.Random(27)
    names = sorted({n for r in seed_records for n in (r.get("unions") or []) + (
        r.get("districts") or []) if len(n) >= 3})
    records, changed = [], []
    for r in seed_records:
        body = r.get("body") or ""
        present = [n for n in names if n in body]
        if present:
            name = rng.choice(present)
            wrong = misread(name, rng)
            if wrong is not None:
                body = body.replace(name, wrong)
                changed.append((r["id"], name, wrong))
        records.append(dict(r, body=body))
    return records, changed, build_index(tmp_path_factory, "ocr-index", records)


def scan(records, string):
    pattern = fuzzy.pattern(normalize_query_chars(string))
    return {r["id"] for r in records
            if pattern.search(normalize_query_chars(searchable_text(r)))}


def test_the_table_reads_the_classic_misreadings_and_not_unlike_shapes():
    table = fuzzy.confusables()
    for a, b in ("己已", "土士", "末未", "戊戌", "日曰", "人入"):
        assert b in table[a] and a in table[b]
    for a, b in ("土直", "工王", "己巳"):       # other corners: not read as one another
        assert b not in table.get(a, "")
    assert max(len(others) for others in table.values()) < fuzzy.MAX_GROUP


def test_misread_names_are_found_with_the_switch_and_missed_without(ocr):
    records, changed, index = ocr
    engine = open_engine(index)
    assert len(changed) >= 5
    found_exact = found_fuzzy = 0
    for doc_id, name, wrong in changed:
        exact = ids(engine.search(f'"{name}"', filters=EVERY_KIND, per_page=0, snippets=False))
        tolerant = engine.search(f'"{name}"~', filters=EVERY_KIND, per_page=0)
        found_exact += doc_id in exact
        found_fuzzy += doc_id in ids(tolerant)
        assert ids(tolerant) == scan(records, name)
        hit = next(h for h in tolerant["hits"] if h["id"] == doc_id)
        if name not in normalize_query_chars(searchable_text(
                next(r for r in records if r["id"] == doc_id))):
            assert hit["fuzzy"] and hit["fuzzy"][0]["q"] == normalize_query_chars(name)
    assert found_fuzzy == len(changed) > found_exact


def test_the_switch_is_the_same_as_marking_every_term(ocr, client):
    records, changed, index = ocr
    from search_app import create_app
    app_client = create_app({"TESTING": True, "BAOKU_INDEX": index}).test_client()
    doc_id, name, wrong = changed[0]
    asked = {"q": f'"{name}"', "kind": list(KINDS), "per_page": 100}
    plain = app_client.get("/api/search", query_string=asked).get_json()
    same = app_client.get("/api/search", query_string=dict(asked, fuzzy="0")).get_json()
    tolerant = app_client.get("/api/search", query_string=dict(asked, fuzzy="1")).get_json()
    assert ids(plain) == ids(same) == {r["id"] for r in records if normalize_query_chars(
        name) in normalize_query_chars(searchable_text(r))}
    assert ids(tolerant) == scan(records, name) >= ids(plain)
    hit = next(h for h in tolerant["hits"] if h["id"] == doc_id)
    if hit.get("fuzzy"):
        assert "<mark" in hit["snippet"] and re.sub("<[^>]+>", "", hit["snippet"])
    assert app_client.get("/api/search", query_string={"q": "x", "fuzzy": "2"}).status_code == 400
    page = app_client.get("/", query_string={"q": f'"{name}"', "fuzzy": "1", "per_page": 100,
                                             "kind": list(KINDS)}).get_data(as_text=True)
    assert ("容错命中" in page) == any(h.get("fuzzy") for h in tolerant["hits"])


def test_the_cluster_finds_the_same_set(ocr, sphinx_clusters):
    records, changed, index = ocr
    cluster = open_engine(sphinx_clusters("ocr", records))
    embedded = open_engine(index)
    for _, name, _ in changed[:6]:
        for q in (f"{name}~", f'"{name}"~ 工会', f'"{name}"~ OR "书屋"', f'工会 -"{name}"~'):
            assert ids(cluster.search(q, filters=EVERY_KIND, per_page=0, snippets=False)) == ids(
                embedded.search(q, filters=EVERY_KIND, per_page=0, snippets=False)), q
