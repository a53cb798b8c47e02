"""The RPC table: every RPC of our .proto files, its messages, HTTP bindings and implementation.

This is the single place where transports learn what exists. REST routes come from the
`google.api.http` annotations, gRPC method handlers from the same descriptors; implementations are the
methods named like the RPC on the classes a `ServiceSpec` lists (see `services/registry.py`, the one list
of services). Building a table with implementations checks the spec against the classes, so a misspelled
method name stops the server at start-up instead of silently answering 501.

This module imports protobuf only (no SQLAlchemy, no Tornado): the client builds its table here too.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from google.api import annotations_pb2, http_pb2
from google.protobuf import message_factory
from google.protobuf.descriptor import MethodDescriptor, ServiceDescriptor
from google.protobuf.message import Message

from .errors import Unimplemented

Handler = Callable[[Any, Message], Message]
SERVICES_PACKAGE = "modeldb_backend.services"  # where relative implementation names (".projects:…") live


class ServiceTableError(RuntimeError):
    """The service table disagrees with the protos or with the implementation classes (a programming error)."""


@dataclass(frozen=True)
class ServiceSpec:
    """One proto service: which classes implement it and which of its RPCs are deliberately left out."""

    descriptor: ServiceDescriptor
    entity_type: str  # what the audit records of its mutating RPCs name
    implementations: tuple[str, ...]  # "module:Class", module relative to SERVICES_PACKAGE when it starts with "."
    unimplemented: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # RPC name -> why

    @property
    def name(self) -> str:
        """The short service name (`ProjectService`)."""
        return str(self.descriptor.name)

    def load(self) -> list[object]:
        """One instance of every implementation class (imports them: server side only)."""
        return [_load_class(name)() for name in self.implementations]


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
    implemented: bool = True  # False: listed as deliberately unimplemented, answers 501

    @property
    def grpc_path(self) -> str:
        return f"/{self.service}/{self.name}"

    @property
    def short_service(self) -> str:
        return self.service.rsplit(".", 1)[-1]


def _load_class(name: str) -> type:
    module_name, sep, class_name = name.partition(":")
    if not sep or not class_name:
        raise ServiceTableError(f"implementation {name!r} is not written as 'module:Class'")
    try:
        cls = getattr(importlib.import_module(module_name, SERVICES_PACKAGE), class_name)
    except (ImportError, AttributeError) as exc:
        raise ServiceTableError(f"implementation {name!r} cannot be loaded: {exc}") from exc
    if not isinstance(cls, type):
        raise ServiceTableError(f"implementation {name!r} is not a class")
    return cls


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


def _unimplemented(name: str, reason: str) -> Handler:
    # Rpc.implemented (False for these) is what callers check; the name only helps in tracebacks.
    def handler(_ctx: Any, _request: Message) -> Message:
        raise Unimplemented(f"{name} is not implemented by this server ({reason})")

    return handler


def _not_loaded(name: str) -> Handler:
    def handler(_ctx: Any, _request: Message) -> Message:
        raise ServiceTableError(f"{name}: this RPC table was built without implementations (the client's table)")

    return handler


def rpc_like_methods(cls: type) -> list[str]:
    """Public methods whose names look like RPC names (no underscore: ModelDB's RPCs are lowerCamel or
    UpperCamel); snake_case public helpers such as EntityMetaRpcs.add_tags are not RPCs."""
    return sorted(
        name
        for name, value in inspect.getmembers(cls, callable)
        if not name.startswith("_") and "_" not in name and not isinstance(value, type)
    )


def check_service(spec: ServiceSpec, impls: Sequence[object]) -> list[str]:
    """What is wrong between a spec, its proto service and its implementation objects (empty: nothing)."""
    rpcs = {m.name for m in spec.descriptor.methods}
    problems: list[str] = []
    owners: dict[str, list[str]] = {name: [] for name in rpcs}
    for impl in impls:
        cls = type(impl)
        for name in rpc_like_methods(cls):
            if name in owners:
                owners[name].append(cls.__qualname__)
            else:
                problems.append(f"{spec.name}: {cls.__qualname__}.{name} names no RPC of {spec.descriptor.full_name}")
    for name, reason in spec.unimplemented.items():
        if name not in rpcs:
            problems.append(f"{spec.name}: {name} is listed as unimplemented but is no RPC of the service")
        elif owners[name]:
            problems.append(f"{spec.name}: {name} is listed as unimplemented but {owners[name][0]} implements it")
        elif not reason.strip():
            problems.append(f"{spec.name}: {name} is listed as unimplemented without a reason")
    for name, classes in sorted(owners.items()):
        if len(classes) > 1:
            problems.append(f"{spec.name}: {name} is implemented twice ({', '.join(classes)})")
        elif not classes and name not in spec.unimplemented:
            problems.append(f"{spec.name}: {name} is neither implemented nor listed as unimplemented (with a reason)")
    return problems


def build_table(specs: Iterable[ServiceSpec], *, load: bool = True) -> dict[str, Rpc]:
    """RPCs keyed by gRPC path. With `load`, the implementation classes are imported, instantiated and
    checked (ServiceTableError lists every mismatch); without it, the table has the messages, bindings and
    which RPCs are implemented, but no handlers (what the client needs, without importing the server)."""
    table: dict[str, Rpc] = {}
    problems: list[str] = []
    for spec in specs:
        impls = spec.load() if load else []
        problems += check_service(spec, impls) if load else []
        for method in spec.descriptor.methods:
            rpc = _rpc(spec, method, impls)
            table[rpc.grpc_path] = rpc
    if problems:
        raise ServiceTableError("the service table does not match the code:\n  " + "\n  ".join(problems))
    return table


def _rpc(spec: ServiceSpec, method: MethodDescriptor, impls: Sequence[object]) -> Rpc:
    bindings = _http_bindings(method)
    reason = spec.unimplemented.get(method.name)
    fn = next((getattr(i, method.name) for i in impls if hasattr(i, method.name)), None)
    if reason is not None:
        handler = _unimplemented(method.name, reason)
    else:
        handler = fn if fn is not None else _not_loaded(method.name)
    default_mutating = any(b.method != "GET" for b in bindings) if bindings else True
    return Rpc(
        service=spec.descriptor.full_name,
        name=method.name,
        request_cls=message_factory.GetMessageClass(method.input_type),
        response_cls=message_factory.GetMessageClass(method.output_type),
        bindings=bindings,
        handler=handler,
        mutating=getattr(fn, "__modeldb_mutating__", default_mutating),
        entity_type=spec.entity_type,
        implemented=reason is None,
    )
