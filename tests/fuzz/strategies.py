"""Hypothesis strategies for hostile request bodies: any JSON, or JSON shaped like a request message."""

from __future__ import annotations

import json
import re
from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from hypothesis import strategies as st

ODD_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(),  # any code point, lone surrogates included
        st.sampled_from(["\x00", "\ufeff", "\uffff", "\U0010ffff", "\u202e", "\ud800", "\udfff", "%", "\\"]),
    ),
    max_size=30,
)
# Python itself refuses int <-> str beyond 4,300 digits, so a huge integer travels as a marker string that
# `dumps` replaces with its digits in the JSON text.
HUGE_DIGITS = st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n)
_HUGE = re.compile(r'"\\u0001(-?[0-9]+)\\u0001"')
NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([2**31, -(2**31) - 1, 2**53 + 1, 2**63 - 1, 2**63, -(2**63) - 1, 2**64 - 1, 2**64, -1]),
    HUGE_DIGITS.map(lambda d: f"\x01{d}\x01"),
    HUGE_DIGITS.map(lambda d: f"\x01-{d}\x01"),
    st.floats(),  # NaN and infinities: json.dumps writes them as NaN/Infinity, which json.loads reads
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, ODD_TEXT)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ODD_TEXT, inner, max_size=4),
    max_leaves=20,
)


def dumps(document: Any) -> bytes:
    return _HUGE.sub(lambda m: m.group(1), json.dumps(document)).encode()


def _names(descriptor: Descriptor) -> list[str]:
    return sorted({n for f in descriptor.fields for n in (f.name, f.json_name)})


@st.composite
def shaped(draw: st.DrawFn, descriptor: Descriptor, depth: int = 0) -> Any:
    """A dict using the message's own field names, values either shaped in turn or any JSON at all."""
    names = _names(descriptor)
    if not names or depth > 3:
        return draw(DOCUMENTS)
    out: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from(names), max_size=5)):
        field = descriptor.fields_by_name.get(name) or next(f for f in descriptor.fields if f.json_name == name)
        out[name] = draw(_value_for(field, depth))
    return out


def _value_for(field: FieldDescriptor, depth: int) -> st.SearchStrategy[Any]:
    if field.type == FieldDescriptor.TYPE_MESSAGE and not field.message_type.full_name.startswith("google."):
        one = shaped(field.message_type, depth + 1)
    elif field.type == FieldDescriptor.TYPE_ENUM:
        one = st.one_of(st.sampled_from([v.name for v in field.enum_type.values]), NUMBERS, ODD_TEXT)
    else:
        one = SCALARS
    many = st.lists(one, max_size=3) if field.is_repeated else one
    return st.one_of(many, DOCUMENTS)


def deep(depth: int, kind: str) -> str:
    """JSON nested `depth` levels: [[[...]]], {"a":{"a":...}} or a Value-shaped attribute."""
    if kind == "list":
        return "[" * depth + "]" * depth
    if kind == "object":
        return '{"a":' * depth + "1" + "}" * depth
    inner = '{"a":' * depth + "1" + "}" * depth
    return '{"attributes":[{"key":"k","value":' + inner + "}]}"
