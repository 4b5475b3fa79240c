"""National and foreign news gets no false Beijing metadata: the judged news archive.

``data/xwlb_judged.json`` holds what a reader judged right for the CCTV 新闻联播
archive: a fixed random sample of 200 items (districts and unions with levels,
mostly none), every union the archive names with its level, and every item
that is about a Beijing district.  A new union or district anywhere in the
archive fails the test until someone has judged it and added it to the data.
"""
import gzip
import json
import random
from pathlib import Path

import pytest

from indexer.reading.sources import read_records

from conftest import CORPORA

CORPUS = CORPORA / "xwlb_2022_2026.jsonl.gz"
JUDGED = json.loads((Path(__file__).parent / "data" / "xwlb_judged.json").read_text(encoding="utf-8"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.exists(), reason=f"{CORPUS} is absent"),
]


@pytest.fixture(scope="module")
def extracted():
    """{id: record} of the whole archive, as ``baoku extract`` gives it."""
    return {record["id"]: record for record in read_records([CORPUS])}


def test_the_sample_is_the_seeded_draw():
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        ids = [json.loads(line)["id"] for line in lines]
    drawn = {ids[k] for k in random.Random(JUDGED["seed"]).sample(range(len(ids)), 200)}
    assert drawn == set(JUDGED["sample"])


def test_sampled_items_get_the_judged_districts_and_unions(extracted):
    wrong = {}
    for item_id, expected in JUDGED["sample"].items():
        record = extracted[item_id]
        got = {"districts": record["districts"], "unions": record["union_levels"]}
        if got != expected:
            wrong[item_id] = (got, expected)
    assert wrong == {}


def test_every_union_in_the_archive_is_judged_with_its_level(extracted):
    judged, ignored = JUDGED["archive_unions"], set(JUDGED["known_wrong"])
    found = {name: level for record in extracted.values()
             for name, level in record["union_levels"].items() if name not in ignored}
    assert {n: l for n, l in found.items() if judged.get(n) != l} == {}
    assert set(judged) <= set(found)


def test_only_judged_items_get_a_beijing_district(extracted):
    found = {item_id: record["districts"] for item_id, record in extracted.items()
             if record["districts"]}
    assert found == JUDGED["archive_districts"]
