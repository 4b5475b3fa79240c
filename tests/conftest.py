"""Shared fixtures: a small index of the seed pages, the corpora location.

Each helper adds its own fixtures in its marked section.
"""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CORPORA = ROOT.parent / "shared" / "corpora"


# --- index (seed_index, corpus_path) -----------------------------------------

@pytest.fixture(scope="session")
def seed_records():
    """The records of the seed pages, as `baoku index seeds/` reads them."""
    from indexer.sources import read_records
    return list(read_records([str(SEEDS)]))


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, seed_records):
    """The path of an index of the seed pages, built once per session (read-only)."""
    from indexer.writing import index_records
    path = tmp_path_factory.mktemp("seed-index") / "index"
    index_records(str(path), seed_records)
    return str(path)


@pytest.fixture(scope="session")
def corpus_path():
    """The 24k-item news archive; skips the test when the corpora are absent."""
    path = CORPORA / "xwlb_2022_2026.jsonl.gz"
    if not path.exists():
        pytest.skip(f"corpus not found: {path}")
    return path


# --- web app (app, client, runner) -------------------------------------------
