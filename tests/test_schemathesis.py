"""Contract fuzzing: the API keeps the promises of its own /api/openapi.json.

Schemathesis generates requests from the OpenAPI description (valid and
invalid parameters alike) and checks every answer: never a 5xx, and every
response matches the schema declared for its status code.
"""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from indexer.records import new_record
from indexer.sources import read_records
from indexer.writing import index_records
from search_app import create_app

from archive_batches import SEEDS

EXAMPLES_PER_OPERATION = 25


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("contract") / "index"
    extra = new_record(id="contract-1", kind="news", headline="职工之家<b>粗体</b>",
                       body="职工之家开展活动。", reporters=["马超"], districts=["朝阳区"],
                       date="2024-05-01", source="contract.jsonl")
    index_records(index_dir, [*read_records([SEEDS]), extra])
    app = create_app({"TESTING": True, "BAOKU_INDEX": str(index_dir)})
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_api_keeps_its_openapi_contract(case):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
