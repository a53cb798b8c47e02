"""The RPC table: every RPC of our .proto files, its messages, HTTP bindings and implementation.

This is the single place where transports learn what exists. REST routes come from the
`google.api.http` annotations, gRPC method handlers from the same descriptors; implementations are
looked up by RPC name on the service object registered for the proto service.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from google.api import annotations_pb2, http_pb2
from google.protobuf import message_factory
from google.protobuf.descriptor import MethodDescriptor, ServiceDescriptor
from google.protobuf.message import Message

from .errors import Unimplemented

Handler = Callable[[Any, Message], Message]


@dataclass(frozen=True)
class HttpBinding:
    method: str  # GET, POST, PUT, DELETE, PATCH
    path: str  # template as annotated, e.g. /v1/project/createProject
    body: str  # "*", a field name, or "" (query string only)

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"{([^}=]+)(?:=[^}]*)?}", self.path)


@dataclass(frozen=True)
class Rpc:
    service: str  # fully-qualified proto service name
    name: str
    request_cls: type[Message]
    response_cls: type[Message]
    bindings: tuple[HttpBinding, ...]
    handler: Handler
    mutating: bool
    entity_type: str

    @property
    def grpc_path(self) -> str:
        return f"/{self.service}/{self.name}"


def _http_bindings(method: MethodDescriptor) -> tuple[HttpBinding, ...]:
    options = method.GetOptions()
    if not options.HasExtension(annotations_pb2.http):
        return ()
    rule: http_pb2.HttpRule = options.Extensions[annotations_pb2.http]
    return tuple(_binding(r) for r in [rule, *rule.additional_bindings])


def _binding(rule: http_pb2.HttpRule) -> HttpBinding:
    kind = rule.WhichOneof("pattern")
    if kind == "custom":
        return HttpBinding(rule.custom.kind.upper(), rule.custom.path, rule.body)
    assert kind is not None, "http rule without a pattern"
    return HttpBinding(kind.upper(), getattr(rule, kind), rule.body)


def _unimplemented(name: str) -> Handler:
    def handler(_ctx: Any, _request: Message) -> Message:
        raise Unimplemented(f"{name} is not implemented by this server")

    return handler


def build_table(services: Iterable[tuple[ServiceDescriptor, Sequence[object], str]]) -> dict[str, Rpc]:
    """RPCs keyed by gRPC path, from (service descriptor, implementation objects, entity type) triples.

    A service may be implemented by several objects (e.g. writes and finds in separate modules); the
    first object that has a method named like the RPC implements it.
    """
    table: dict[str, Rpc] = {}
    for service, impls, entity_type in services:
        for method in service.methods:
            bindings = _http_bindings(method)
            fn = next((getattr(i, method.name) for i in impls if hasattr(i, method.name)), None)
            default_mutating = any(b.method != "GET" for b in bindings) if bindings else True
            rpc = Rpc(
                service=service.full_name,
                name=method.name,
                request_cls=message_factory.GetMessageClass(method.input_type),
                response_cls=message_factory.GetMessageClass(method.output_type),
                bindings=bindings,
                handler=fn if fn is not None else _unimplemented(method.name),
                mutating=getattr(fn, "__modeldb_mutating__", default_mutating),
                entity_type=entity_type,
            )
            table[rpc.grpc_path] = rpc
    return table
