"""An OpenAPI 3.1 description of the REST gateway, generated from the protos (the RPC table).

The document says what the gateway accepts and answers, in the JSON encoding of `codec.py`:

- requests: proto field names (lowerCamel JSON names are accepted too, and unknown fields are ignored, so
  request objects allow additional properties); 64-bit integers as JSON numbers or decimal strings; enums as
  names or numbers; doubles as numbers or "NaN"/"Infinity"/"-Infinity"; google.protobuf.Value, Struct and
  ListValue as free JSON. GET bindings take their fields as query parameters (`a.b=1`, repeated keys for lists).
- responses: proto field names, default values omitted, 64-bit integers as decimal strings, enums as names;
  every error is `{"error", "code", "message", "details"}` with the gRPC code number in `code`.

The same paths are also served under the `/v1` prefix (grpc-gateway's own paths). RPCs the server does not
implement (they always answer 501) are left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import tornado.web
from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor

from .. import __version__
from ..descriptors import descriptor_of, enum_type, message_type
from ..rpc import HttpBinding, Rpc
from .core import ModelDBHandler

if TYPE_CHECKING:
    from ..backend import Backend

PUBLIC_PREFIX = "/api/v1/modeldb"
DOCUMENT_NAME = "openapi.json"
_V1 = "/v1"

F = FieldDescriptor
_INT32 = {F.TYPE_INT32, F.TYPE_SINT32, F.TYPE_SFIXED32}
_UINT32 = {F.TYPE_UINT32, F.TYPE_FIXED32}
_INT64 = {F.TYPE_INT64, F.TYPE_SINT64, F.TYPE_SFIXED64}
_UINT64 = {F.TYPE_UINT64, F.TYPE_FIXED64}
_RANGES = {
    **dict.fromkeys(_INT32, (-(2**31), 2**31 - 1, "int32")),
    **dict.fromkeys(_UINT32, (0, 2**32 - 1, "int32")),
    **dict.fromkeys(_INT64, (-(2**63), 2**63 - 1, "int64")),
    **dict.fromkeys(_UINT64, (0, 2**64 - 1, "int64")),
}
_NON_FINITE = {"type": "string", "enum": ["NaN", "Infinity", "-Infinity"]}
_ANY_JSON = {"description": "any JSON value"}
_WELL_KNOWN = {
    "google.protobuf.Value": _ANY_JSON,
    "google.protobuf.Struct": {"type": "object", "description": "any JSON object"},
    "google.protobuf.ListValue": {"type": "array", "description": "any JSON array"},
}
# QueryRunColumns answers its per-run 64-bit arrays as plain JSON numbers (all below 2**53: ms timestamps),
# see fast_json.columns_to_json; everything else follows json_format.
_PLAIN_INT64_ARRAYS = {"modeldb_jupyter.v1.QueryRunColumns.Response"}
_QUERY_DEPTH = 3  # nested message fields reachable as `a.b.c` query parameters
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error", "code", "message"],
    "properties": {
        "error": {"type": "string", "description": "the message again (grpc-gateway v1)"},
        "code": {"type": "integer", "minimum": 0, "maximum": 16, "description": "the gRPC status code"},
        "message": {"type": "string"},
        "details": {"type": "array"},
    },
}


def is_implemented(rpc: Rpc) -> bool:
    """False for the RPCs the service table lists as deliberately unimplemented (they answer 501)."""
    return rpc.implemented


class _Schemas:
    """JSON Schemas of proto messages, one component per message and direction (request or response)."""

    def __init__(self) -> None:
        self.components: dict[str, Any] = {}

    def ref(self, descriptor: Descriptor, request: bool) -> dict[str, Any]:
        if descriptor.full_name in _WELL_KNOWN:
            return dict(_WELL_KNOWN[descriptor.full_name])
        name = descriptor.full_name + ("-request" if request else "")
        if name not in self.components:
            self.components[name] = {}  # placed first so recursive messages end at this $ref
            self.components[name] = self._message(descriptor, request)
        return {"$ref": f"#/components/schemas/{name}"}

    def _message(self, descriptor: Descriptor, request: bool) -> dict[str, Any]:
        plain = descriptor.full_name in _PLAIN_INT64_ARRAYS
        properties = {f.name: self.field(f, request, plain_int64=plain and f.is_repeated) for f in descriptor.fields}
        return {
            "type": "object",
            "title": descriptor.full_name,
            "properties": properties,
            # requests: unknown fields are ignored and lowerCamel names accepted; responses carry nothing else
            "additionalProperties": request,
        }

    def field(self, field: FieldDescriptor, request: bool, plain_int64: bool = False) -> dict[str, Any]:
        if _is_map(field):
            value = message_type(field).fields_by_name["value"]
            return {"type": "object", "additionalProperties": self.single(value, request)}
        item = self.single(field, request, plain_int64)
        return {"type": "array", "items": item} if field.is_repeated else item

    def single(self, field: FieldDescriptor, request: bool, plain_int64: bool = False) -> dict[str, Any]:
        if field.type == F.TYPE_MESSAGE:
            return self.ref(message_type(field), request)
        if field.type == F.TYPE_ENUM:
            return enum_schema(enum_type(field), request)
        return scalar_schema(field, request, plain_int64)


def enum_schema(enum: EnumDescriptor, request: bool) -> dict[str, Any]:
    names = {"type": "string", "enum": [v.name for v in enum.values]}
    if not request:
        return names
    return {"anyOf": [names, {"type": "integer", "enum": [v.number for v in enum.values]}]}


def scalar_schema(field: FieldDescriptor, request: bool, plain_int64: bool = False) -> dict[str, Any]:
    kind = field.type
    if kind == F.TYPE_BOOL:
        return {"type": "boolean"}
    if kind in (F.TYPE_DOUBLE, F.TYPE_FLOAT):
        return {"anyOf": [{"type": "number"}, _NON_FINITE]}
    if kind == F.TYPE_BYTES:
        return {"type": "string", "contentEncoding": "base64"}
    if kind in _RANGES:
        return _integer_schema(kind, request, plain_int64)
    return {"type": "string"}


def _integer_schema(kind: int, request: bool, plain_int64: bool) -> dict[str, Any]:
    low, high, fmt = _RANGES[kind]
    number = {"type": "integer", "format": fmt, "minimum": low, "maximum": high}
    if kind in _INT32 | _UINT32 or plain_int64:
        return number
    sign = "" if kind in _UINT64 else "-?"
    if not request:
        return {"type": "string", "format": fmt, "pattern": f"^{sign}[0-9]+$"}
    # up to 18 digits always fits; clients send either spelling
    decimal = {"type": "string", "pattern": f"^{sign}[0-9]{{1,18}}$"}
    return {"anyOf": [number, decimal]}


def _is_map(field: FieldDescriptor) -> bool:
    return field.type == F.TYPE_MESSAGE and message_type(field).GetOptions().map_entry


def query_parameters(descriptor: Descriptor, skip: set[str], prefix: str = "", depth: int = 0) -> list[dict[str, Any]]:
    """Query parameters for the fields of a GET (or body-less) binding, as `fill_from_params` reads them."""
    params: list[dict[str, Any]] = []
    for field in descriptor.fields:
        name = prefix + field.name
        if name in skip or _is_map(field):
            continue
        if field.type == F.TYPE_MESSAGE and message_type(field).full_name == "google.protobuf.Value":
            if not field.is_repeated:
                params.append(_query_param(name, {"type": "string"}))
            continue
        if field.type == F.TYPE_MESSAGE:
            if not field.is_repeated and depth < _QUERY_DEPTH and message_type(field).full_name not in _WELL_KNOWN:
                params.extend(query_parameters(message_type(field), skip, name + ".", depth + 1))
            continue
        schema = _query_scalar(field)
        params.append(_query_param(name, {"type": "array", "items": schema} if field.is_repeated else schema))
    return params


def _query_scalar(field: FieldDescriptor) -> dict[str, Any]:
    if field.type == F.TYPE_ENUM:
        return enum_schema(enum_type(field), request=True)
    if field.type in _RANGES:
        low, high, fmt = _RANGES[field.type]
        return {"type": "integer", "format": fmt, "minimum": low, "maximum": high}
    if field.type in (F.TYPE_DOUBLE, F.TYPE_FLOAT):
        return {"type": "number"}
    return scalar_schema(field, request=True)


def _query_param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "style": "form", "explode": True}


def _path_parameter(descriptor: Descriptor, name: str) -> dict[str, Any]:
    """A `{a.b}` path variable: the (nested) field it fills."""
    field: FieldDescriptor | None = None
    for part in name.split("."):
        field = descriptor.fields_by_name[part]
        if field.type == F.TYPE_MESSAGE:
            descriptor = message_type(field)
    assert field is not None
    schema = _query_scalar(field)
    if schema.get("type") == "string":
        schema = {**schema, "minLength": 1}
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _operation(rpc: Rpc, binding: HttpBinding, schemas: _Schemas, operation_id: str) -> dict[str, Any]:
    descriptor = descriptor_of(rpc.request_cls)
    path_params = binding.path_params
    params = [_path_parameter(descriptor, name) for name in path_params]
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "tags": [rpc.service.rsplit(".", 1)[-1]],
        "summary": f"{rpc.service}.{rpc.name}",
    }
    if binding.body == "*":
        body_schema = schemas.ref(descriptor, request=True)
    elif binding.body:
        body_schema = schemas.field(descriptor.fields_by_name[binding.body], request=True)
    if binding.body:
        operation["requestBody"] = {"required": False, "content": {"application/json": {"schema": body_schema}}}
    if binding.body != "*":
        skip = {*path_params, binding.body} if binding.body else set(path_params)
        params.extend(query_parameters(descriptor, skip))
    if params:
        operation["parameters"] = params
    response = schemas.ref(descriptor_of(rpc.response_cls), request=False)
    operation["responses"] = {
        "200": {"description": "OK", "content": {"application/json": {"schema": response}}},
        "4XX": {"$ref": "#/components/responses/Error"},
        "5XX": {"$ref": "#/components/responses/Error"},
    }
    return operation


def openapi_document(rpcs: Iterable[Rpc], prefix: str = PUBLIC_PREFIX, *, bearer_auth: bool = False) -> dict[str, Any]:
    """The OpenAPI 3.1 document of every implemented HTTP binding, with `prefix` as the server URL."""
    schemas = _Schemas()
    paths: dict[str, dict[str, Any]] = {}
    for rpc in sorted(rpcs, key=lambda r: r.grpc_path):
        if not is_implemented(rpc):
            continue
        bindings = [b for b in rpc.bindings if b.path.startswith(_V1 + "/")]
        for i, binding in enumerate(bindings):
            operation_id = f"{rpc.service.rsplit('.', 1)[-1]}.{rpc.name}" + (f".{i}" if i else "")
            item = paths.setdefault(binding.path[len(_V1) :], {})
            method = binding.method.lower()
            assert method not in item, f"two RPCs bound to {binding.method} {binding.path}"
            item[method] = _operation(rpc, binding, schemas, operation_id)
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "ModelDB REST API (modeldb-jupyter)",
            "version": __version__,
            "description": __doc__,
        },
        "servers": [{"url": prefix}],
        "paths": paths,
        "components": {
            "schemas": {**dict(sorted(schemas.components.items())), "Error": ERROR_SCHEMA},
            "responses": {
                "Error": {
                    "description": "An error, with the gRPC code and a message",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
            },
        },
    }
    if bearer_auth:
        document["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
        document["security"] = [{"bearer": []}]
    return document


@tornado.web.stream_request_body
class OpenApiHandler(ModelDBHandler, tornado.web.RequestHandler):
    """GET the document; its server URL is where this request found it, so any mount point works.

    It holds no data (the same for every caller), so the standalone server serves it without its token (inside
    Jupyter it is behind the login as every route is); a request body is read up to the small limit of every
    route without a body (bodies.py) and dropped.
    """

    public = True

    _MAX_CACHED = 4  # one entry per mount point in practice; bounded all the same

    def initialize(self, rpcs: list[Rpc], bearer_auth: bool, cache: dict[str, bytes]) -> None:
        self.rpcs = rpcs
        self.bearer_auth = bearer_auth
        self.cache = cache

    def get(self) -> None:
        self.raise_deferred()
        server_url = self.request.path.rstrip("/").removesuffix("/" + DOCUMENT_NAME)
        body = self.cache.get(server_url)
        if body is None:
            body = json.dumps(openapi_document(self.rpcs, server_url, bearer_auth=self.bearer_auth)).encode()
            if len(self.cache) < self._MAX_CACHED:
                self.cache[server_url] = body
        self.set_header("Content-Type", "application/json")
        self.finish(body)

    def head(self) -> None:
        self.get()


def openapi_routes(base: str, backend: Backend | None) -> list[Any]:
    """The route of `{base}/api/v1/modeldb/openapi.json` (`backend` None: the RPC table without a database)."""
    if backend is not None:
        rpcs = list(backend.rpcs.values())
        bearer = bool(backend.settings.token)
    else:
        from ..services.registry import served_rpcs

        rpcs = list(served_rpcs().values())
        bearer = False
    kwargs = {"rpcs": rpcs, "bearer_auth": bearer, "cache": {}}
    return [(f"{base.rstrip('/')}{PUBLIC_PREFIX}/{DOCUMENT_NAME}", OpenApiHandler, kwargs)]
