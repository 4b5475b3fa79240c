"""Contract fuzzing: the API keeps the promises of its own /api/openapi.json.

Schemathesis generates requests from the OpenAPI description (valid and
invalid parameters alike) and checks every answer: never a 5xx, and every
response matches the schema declared for its status code.  Each operation's
cases come from its Hypothesis strategy, run by a plain pytest test (not
schemathesis' pytest plugin, which reaches into pytest's private node
attributes and breaks on new pytest releases).
"""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error, response_schema_conformance
from schemathesis.generation import GenerationMode

from indexer.reading.records import new_record
from indexer.reading.sources import read_records
from indexer.engines.embedded.lifecycle.writing import index_records
from search_app import create_app
from search_app.openapi import openapi_spec

from archive_batches import SEEDS

EXAMPLES_PER_OPERATION = 50     # valid and invalid requests together
OPERATIONS = [(path, method) for path, methods in openapi_spec(create_app().config)["paths"].items()
              for method in methods]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("contract") / "index"
    extra = new_record(id="contract-1", kind="news", headline="职工之家<b>粗体</b>",
                       body="职工之家开展活动。", reporters=["马超"], districts=["朝阳区"],
                       date="2024-05-01", source="contract.jsonl")
    index_records(index_dir, [*read_records([SEEDS]), extra])
    app = create_app({"TESTING": True, "BAOKU_INDEX": str(index_dir)})
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_api_keeps_its_openapi_contract(api_schema, path, method):
    operation = api_schema[path][method.upper()]

    valid_or_not = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                             operation.as_strategy(GenerationMode.NEGATIVE))

    @given(case=valid_or_not)
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None,
              suppress_health_check=list(HealthCheck))
    def keeps_contract(case):
        case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

    keeps_contract()


def test_every_operation_is_fuzzed():
    assert {path for path, _ in OPERATIONS} >= {"/api/search", "/api/articles/{id}",
                                                "/api/suggest", "/api/issues",
                                                "/api/issues/{date}", "/api/stats",
                                                "/api/kwic", "/api/export"}
