"""Property-based fuzz of every REST route against the OpenAPI document, on a real server per database.

Each operation gets a fixed number of derandomized examples (schemathesis: valid and invalid requests per the
document), some aimed at real entities. Every answer must be: not a 5xx, an answer that matches the document
(the response schema for 200, the error schema otherwise), and given within MAX_SECONDS.

MODELDB_FUZZ_EXAMPLES / MODELDB_FUZZ_PG_EXAMPLES change the budgets; MODELDB_FUZZ_SHRINK=1 turns on Hypothesis's
shrinking to get a minimal failing request (slow: use it with -k on one operation).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fuzz.support import FUZZ_DOCUMENT, LABELS, AppServer, plant_ids, seed

MAX_SECONDS = 5.0
SQLITE_EXAMPLES = int(os.environ.get("MODELDB_FUZZ_EXAMPLES", "25"))
PG_EXAMPLES = int(os.environ.get("MODELDB_FUZZ_PG_EXAMPLES", "8"))
SHRINK = os.environ.get("MODELDB_FUZZ_SHRINK") == "1"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def sqlite_schema(sqlite_app: AppServer) -> Iterator[tuple[Any, AppServer]]:
    yield schemathesis.openapi.from_dict(FUZZ_DOCUMENT), sqlite_app


@pytest.fixture(scope="module")
def pg_schema(pg_app: AppServer) -> Iterator[tuple[Any, AppServer]]:
    yield schemathesis.openapi.from_dict(FUZZ_DOCUMENT), pg_app


def fuzz_operation(schema: Any, server: AppServer, label: str, examples: int) -> None:
    method, path = label.split(" ", 1)
    operation = schema[path][method]
    session = requests.Session()
    seeds = seed(session, server.api_url)
    cases = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )
    phases = [Phase.explicit, Phase.generate, *([Phase.shrink] if SHRINK else [])]

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=phases,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=cases, aim=st.booleans())
    def check(case: Any, aim: bool) -> None:
        if aim:  # half the requests name the seeded entities instead of ids that do not exist
            plant_ids(case.body, seeds, path)
            plant_ids(case.query, seeds, path)
        response = case.call(base_url=server.api_url, session=session, timeout=60)
        if response.elapsed >= MAX_SECONDS:
            curl = case.as_curl_command(base_url=server.api_url)
            raise AssertionError(f"{label} took {response.elapsed:.1f} s (limit {MAX_SECONDS} s):\n{curl}")
        case.validate_response(response, checks=CHECKS)

    try:
        check()
    finally:
        session.close()


@pytest.mark.parametrize("label", LABELS)
def test_fuzz_sqlite(sqlite_schema: tuple[Any, AppServer], label: str) -> None:
    fuzz_operation(*sqlite_schema, label, SQLITE_EXAMPLES)


@pytest.mark.parametrize("label", LABELS)
def test_fuzz_postgresql(pg_schema: tuple[Any, AppServer], label: str) -> None:
    fuzz_operation(*pg_schema, label, PG_EXAMPLES)
