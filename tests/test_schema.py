"""The schema: what each field lets a user find, and the recorded analysis."""
import json
import os

import pytest

from indexer.engines.embedded.lifecycle import generations, schema
from indexer.errors import IndexMismatch, IndexMissing
from indexer.reading.records import new_record
from indexer.engines.embedded import open_index, search
from indexer.engines.embedded.lifecycle.writing import index_records


@pytest.fixture()
def index_dir(tmp_path):
    path = str(tmp_path / "ix")
    index_records(path, [
        new_record(id="r1", kicker="引题", headline="ABC标题", subtitle="副题",
                   dateline="本报讯（记者 马超）", body="DEF正文", kind="news",
                   districts=["朝阳区"], unions=["朝阳区总工会"],
                   union_levels={"朝阳区总工会": "district"}, date="2025-10-30"),
        new_record(id="r2", headline="逗号,名字", body="正文", reporters=["张,三"]),
    ])
    return path


def ids(index_dir, q):
    return {h["id"] for h in search(open_index(index_dir), q, per_page=0)["hits"]}


@pytest.mark.parametrize("q", ['"引题"', '"ABC标题"', '"副题"', '"记者 马超"', '"DEF正文"'])
def test_every_text_field_is_searchable(index_dir, q):
    assert ids(index_dir, q) == {"r1"}


def test_no_exact_match_spans_two_fields(index_dir):
    assert ids(index_dir, '"标题DEF"') == set()
    assert ids(index_dir, '"题副"') == set()


def test_facet_values_with_commas_stay_one_value(index_dir):
    assert ids(index_dir, "reporter:张，三") == {"r2"}


def test_signature_recorded_and_checked(index_dir):
    generation = generations.live_generation(index_dir)
    assert generations.read_signature(generation) == schema.signature()
    with open(os.path.join(generation, generations.SIGNATURE), "w") as f:
        json.dump(dict(schema.signature(), dictionary="another"), f)
    with pytest.raises(IndexMismatch, match="--rebuild"):
        open_index(index_dir)
    with pytest.raises(IndexMismatch, match="dictionary"):
        index_records(index_dir, [new_record(id="r3", body="x")])
    index_records(index_dir, [new_record(id="r3", body="x")], rebuild=True)
    assert ids(index_dir, "") == {"r3"}


def test_missing_index_says_how_to_build_one(tmp_path):
    with pytest.raises(IndexMissing, match="baoku index"):
        open_index(str(tmp_path / "nothing"))


def test_document_keeps_the_whole_record_for_display():
    record = new_record(id="x", headline="标题", body="正文", reporters=["马超"])
    assert schema.stored_record({"record": schema.document(record)["record"]}) == record


def test_the_signature_records_the_whoosh_version(index_dir):
    recorded = generations.read_signature(generations.live_generation(index_dir))
    assert recorded["whoosh"] == "2.7.5" and recorded == schema.signature()


def test_another_whoosh_release_is_refused_with_a_fix():
    from indexer.errors import UnsupportedWhoosh
    from indexer.engines.embedded import whooshinternals
    whooshinternals.check_version(whooshinternals.WHOOSH_VERSION)
    with pytest.raises(UnsupportedWhoosh, match=r"needs Whoosh-Reloaded==2\.7\.5.*2\.8\.0 is "
                                                r"installed.*pip install"):
        whooshinternals.check_version("2.8.0")
