"""Hostile JSON bodies on every body-taking REST route of a real server: never a 5xx, always a documented answer.

Where the schemathesis fuzz keeps to (or just outside) the document, these bodies use the request message's real
field names with values of any type and size: integers past 64 bits and of thousands of digits, NaN, odd unicode,
NUL, deep nesting, and ids of real entities half of the time.
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
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from modeldb_backend.services.registry import served_rpcs
from tests.fuzz.strategies import deep, dumps, shaped
from tests.fuzz.support import DOCUMENT, AppServer, plant_ids, seed

EXAMPLES = int(os.environ.get("MODELDB_FUZZ_BODY_EXAMPLES", "20"))
MAX_SECONDS = 5.0
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]
_RPCS = served_rpcs().values()
# (label, request descriptor) of every documented route whose whole body is the request message
BODY_ROUTES = sorted(
    (f"{b.method} {b.path.removeprefix('/v1')}", r.request_cls.DESCRIPTOR)
    for r in _RPCS
    for b in r.bindings
    if b.body == "*" and b.path.removeprefix("/v1") in DOCUMENT["paths"] and "{" not in b.path
)  # templated paths are left to the schemathesis fuzz, which fills their parameters


@pytest.fixture(scope="module")
def schema() -> Iterator[Any]:
    yield schemathesis.openapi.from_dict(DOCUMENT)


@pytest.mark.parametrize(("label", "descriptor"), BODY_ROUTES, ids=[label for label, _ in BODY_ROUTES])
def test_hostile_bodies_sqlite(schema: Any, sqlite_app: AppServer, label: str, descriptor: Any) -> None:
    method, path = label.split(" ", 1)
    operation = schema[path][method]
    session = requests.Session()
    seeds = seed(session, sqlite_app.api_url)
    url = sqlite_app.api_url + path
    bodies = st.one_of(
        shaped(descriptor).map(lambda d: (d, False)),
        shaped(descriptor).map(lambda d: (d, True)),
        st.builds(deep, st.integers(min_value=50, max_value=5000), st.sampled_from(["object", "value"])).map(
            lambda text: (text, False)
        ),
    )

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(body=bodies)
    def check(body: tuple[Any, bool]) -> None:
        document, aim = body
        if aim:
            plant_ids(document, seeds, path)
        raw = document.encode() if isinstance(document, str) else dumps(document)
        response = session.request(method, url, data=raw, timeout=60)
        where = f"{method} {url} with body {raw[:500]!r} ({len(raw)} bytes)"
        assert response.elapsed.total_seconds() < MAX_SECONDS, f"{where} took {response.elapsed}"
        try:
            operation.Case(body=None).validate_response(response, checks=CHECKS)
        except BaseExceptionGroup as group:  # schemathesis's FailureGroup; its curl line would not show our body
            problems = "\n".join(f"- {getattr(e, 'title', type(e).__name__)}: {e}"[:600] for e in group.exceptions)
            raise AssertionError(f"{where} -> {response.status_code} {response.text[:300]}\n{problems}") from None

    try:
        check()
    finally:
        session.close()
