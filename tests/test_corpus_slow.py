"""The whole 新闻联播 archive (24,102 items) through the JSON Lines path, losing nothing."""
import gzip
import json
from itertools import zip_longest
from pathlib import Path

import pytest

from indexer.reading.sources import read_records

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "xwlb_2022_2026.jsonl.gz"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.exists(), reason=f"{CORPUS} is absent"),
]


def archive_items():
    """The archive's items, read without Baoku's code."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as file:
        for line in file:
            yield json.loads(line)


def test_every_archive_item_comes_out_unchanged():
    problems = []
    count = 0
    for item, record in zip_longest(archive_items(), read_records([CORPUS], on_problem=problems.append)):
        assert item is not None and record is not None, f"item count differs after {count}"
        assert (record["id"], record["headline"], record["body"]) == (
            item["id"], item["title"], item["body"])
        assert (record["date"], record["url"], record["source"]) == (
            item["date"], item["url"], item["source"])
        count += 1
    assert problems == []
    assert count == 24_102
