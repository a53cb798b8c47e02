"""Property: any JSON-like value logged as a run attribute comes back exactly as it was sent."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.apiclient import Api
from tests.backend.runs_support import Ctx, kv
from tests.servers import ServerThread

# Protobuf strings must be valid UTF-8, so lone surrogates are not values anyone can send.
# NUL is refused in every request string (a 400, tested in test_hardening_transport.py); everything else round-trips.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(TEXT, inner, max_size=5),
    max_leaves=25,
)


@pytest.fixture
def run_ctx(server: ServerThread, uniq: str) -> Iterator[tuple[Ctx, str]]:
    """One run for all examples; one transport per database keeps it cheap: REST on SQLite, gRPC on PostgreSQL."""
    assert server.server is not None
    transport = "rest" if server.server.backend.db_kind == "sqlite" else "grpc"
    api = Api(server.server.backend, server.http_url, server.grpc_target, transport)
    ctx = Ctx(api, uniq)
    yield ctx, ctx.create("property")["id"]
    api.close()


def same(sent: Any, got: Any) -> bool:
    """Deep equality that tells True from 1 (Python does not); 3.0 and 3 are the same JSON number."""
    if isinstance(sent, bool) or isinstance(got, bool):
        return type(sent) is type(got) and sent == got
    if isinstance(sent, int | float) and isinstance(got, int | float):
        return sent == got
    if isinstance(sent, list) and isinstance(got, list):
        return len(sent) == len(got) and all(same(a, b) for a, b in zip(sent, got, strict=True))
    if isinstance(sent, dict) and isinstance(got, dict):
        return sent.keys() == got.keys() and all(same(sent[k], got[k]) for k in sent)
    return type(sent) is type(got) and sent == got


_keys = itertools.count()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=VALUES)
def test_attribute_values_round_trip(run_ctx: tuple[Ctx, str], value: Any) -> None:
    ctx, run_id = run_ctx
    key = f"k{next(_keys)}"  # every example logs a new key on the shared run
    ctx.call("logAttribute", {"id": run_id, "attribute": kv(key, value)})
    got = ctx.call("getExperimentRunAttributes", {"id": run_id, "attribute_keys": [key]})["attributes"]
    assert len(got) == 1 and got[0]["key"] == key
    assert "value" in got[0]
    assert same(value, got[0]["value"]), (value, got[0]["value"])
