"""The research tools on the archive (slow; skipped without ../shared/corpora):
proximity sets equal a brute-force scan for generated term pairs and distances,
OCR-tolerant strings equal a regex scan, trend points equal filtered totals."""
import random

import pytest

from analyzers import normalize_query_chars
from indexer.engines import open_engine
from indexer.reading.records import KINDS
from indexer.searching import fuzzy
from indexer.searching.fields import searchable_text
from indexer.searching.trends import trends
from test_proximity import brute_force, sample_pairs

pytestmark = pytest.mark.slow
EVERY_KIND = {"kind": list(KINDS)}


def ids(result):
    return {hit["id"] for hit in result["hits"]}


@pytest.fixture(scope="module")
def archive(corpus_index):
    return open_engine(corpus_index)


def test_proximity_on_the_archive_equals_a_brute_force_scan(archive, corpus_records):
    for a, b, n in sample_pairs(corpus_records, 25, seed=2707):
        q = f"{a} NEAR/{n} {b}"
        found = ids(archive.search(q, filters=EVERY_KIND, per_page=0, snippets=False))
        assert found == brute_force(corpus_records, a, b, n), q


def test_tolerant_strings_on_the_archive_equal_a_regex_scan(archive, corpus_records):
    rng = random.Random(7)
    texts = {r["id"]: normalize_query_chars(searchable_text(r)) for r in corpus_records}
    for _ in range(10):
        text = texts[rng.choice(corpus_records)["id"]]
        i = rng.randrange(0, max(1, len(text) - 6))
        string = text[i:i + rng.randint(2, 6)]
        if set(string) & set(' "\ue000') or not string.strip():
            continue
        pattern = fuzzy.pattern(string)
        truth = {k for k, t in texts.items() if pattern.search(t)}
        assert ids(archive.search(f'"{string}"~', filters=EVERY_KIND, per_page=0,
                                  snippets=False)) == truth, string


def test_trend_points_equal_the_filtered_totals(archive):
    found = trends(archive, ["劳模", "工匠"], by="year")
    for s in found["series"]:
        for point, period in zip(s["points"], found["periods"]):
            total = archive.search(s["q"], filters={"year": [point["period"]]}, per_page=1,
                                   snippets=False)["total"]
            assert point["count"] == total
            assert point["share"] == pytest.approx(total / period["articles"])
