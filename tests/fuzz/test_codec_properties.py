"""Property: JSON bodies and query parameters decode to a filled message or an InvalidArgument, nothing else.

Covers every request message of the RPC table with arbitrary JSON documents, documents shaped like the message
(its real field names, proto and lowerCamel, with values of any type), deep nesting, integers of thousands of
digits, odd unicode (lone surrogates, NUL, non-characters) and bytes that are not UTF-8.
"""

from __future__ import annotations

import contextlib
from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modeldb_backend.errors import InvalidArgument
from modeldb_backend.services.registry import served_rpcs
from modeldb_backend.transport.codec import fill_from_params, parse_json_body
from modeldb_backend.validation import validate_request
from tests.fuzz.strategies import DOCUMENTS, HUGE_DIGITS, ODD_TEXT, deep, dumps, shaped

RPCS = sorted(served_rpcs().values(), key=lambda r: r.grpc_path)
BODY_RPCS = [r for r in RPCS if any(b.body for b in r.bindings)]
REQUEST_CLASSES = sorted({r.request_cls for r in RPCS}, key=lambda c: c.DESCRIPTOR.full_name)
SETTINGS = settings(
    max_examples=300, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck)
)

RAW_BODIES = st.one_of(
    DOCUMENTS.map(dumps),
    st.builds(deep, st.integers(min_value=1, max_value=20_000), st.sampled_from(["list", "object", "value"])).map(
        str.encode
    ),
    st.binary(max_size=64),  # not UTF-8, not JSON
    st.integers(min_value=4000, max_value=20_000).map(lambda n: b'{"page_limit": ' + b"1" * n + b"}"),
)


def decode_or_invalid(raw: bytes, cls: type[Message], field: str) -> None:
    message = cls()
    try:
        parse_json_body(raw, message, field)
    except InvalidArgument:
        return
    message.SerializeToString()  # a filled message is a valid message
    with contextlib.suppress(InvalidArgument):
        validate_request(message)


@SETTINGS
@given(rpc=st.sampled_from(BODY_RPCS), raw=RAW_BODIES)
def test_raw_json_bodies_decode_or_are_invalid(rpc: Any, raw: bytes) -> None:
    body_field = next(b.body for b in rpc.bindings if b.body)
    decode_or_invalid(raw, rpc.request_cls, body_field)


@SETTINGS
@given(data=st.data(), rpc=st.sampled_from(BODY_RPCS))
def test_message_shaped_bodies_decode_or_are_invalid(data: st.DataObject, rpc: Any) -> None:
    document = data.draw(shaped(rpc.request_cls.DESCRIPTOR))
    raw = dumps(document)
    decode_or_invalid(raw, rpc.request_cls, "*")


def _param_names(descriptor: Descriptor, prefix: str = "", depth: int = 0) -> list[str]:
    names = []
    for field in descriptor.fields:
        for name in (field.name, field.json_name):
            names.append(prefix + name)
            if field.type == FieldDescriptor.TYPE_MESSAGE and depth < 2:
                names.extend(_param_names(field.message_type, f"{prefix}{name}.", depth + 1))
    return names or ["unknown"]


PARAM_VALUES = st.one_of(
    ODD_TEXT,
    st.integers().map(str),
    HUGE_DIGITS,
    st.sampled_from(["true", "false", "NaN", "Infinity", "-Infinity", "1e999", "0x10", " 1", "1_000", "", "-"]),
)


@SETTINGS
@given(data=st.data(), cls=st.sampled_from(REQUEST_CLASSES))
def test_query_parameters_fill_or_are_invalid(data: st.DataObject, cls: type[Message]) -> None:
    names = st.one_of(st.sampled_from(_param_names(cls.DESCRIPTOR)), ODD_TEXT)
    params = data.draw(st.dictionaries(names, st.lists(PARAM_VALUES, min_size=1, max_size=3), max_size=6))
    message = cls()
    try:
        fill_from_params(message, params)
    except InvalidArgument:
        return
    message.SerializeToString()


def test_a_field_set_whole_and_by_its_fields_is_invalid() -> None:
    """`attribute.value=x&attribute.value.null_value=` (found by the fuzz above): 400, not a crash."""
    from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb

    for params in (
        {"attribute.value": [""], "attribute.value.null_value": [""]},
        {"attribute.value.null_value": [""], "attribute.value": [""]},
    ):
        try:
            fill_from_params(run_pb.LogAttribute(), params)
        except InvalidArgument as exc:
            assert "attribute" in exc.message or "value" in exc.message
        else:
            raise AssertionError(f"{params} was accepted")
