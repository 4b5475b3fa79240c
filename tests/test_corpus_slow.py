"""The whole 新闻联播 archive (24,102 items) through the JSON Lines path, losing nothing."""
import gzip
import json
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
    """Every item comes out as it went in, in order, but for placeholders
    (``TITLE_NOT_FOUND``, a title with no body), each refused and reported with its line."""
    problems = []
    records = list(read_records([CORPUS], on_problem=problems.append))
    refused = {p.line for p in problems}
    assert all(p.path == str(CORPUS) and p.line for p in problems)
    out = iter(records)
    count = 0
    for line, item in enumerate(archive_items(), start=1):
        if line in refused:
            continue
        record = next(out)
        assert (record["id"], record["headline"], record["body"]) == (
            item["id"], item["title"], item["body"]), f"line {line}"
        assert (record["date"], record["url"], record["source"]) == (
            item["date"], item["url"], item["source"])
        count += 1
    assert next(out, None) is None
    assert count + len(refused) == 24_102 and len(refused) < 24_102 // 1000
