"""One request/response path over proto messages: HTTP (REST gateway) or in-process (embedded backend).

The HTTP transport learns each RPC's method, path and body from the `google.api.http` annotations through
the backend's own service table (`modeldb_backend.services.registry`), so client and server can never
disagree about a route. Neither transport imports tornado or jupyter; the in-process one imports the backend
(SQLAlchemy) only when it is first used.
"""

from __future__ import annotations

import abc
import json
import os
import threading
from collections.abc import Callable
from functools import cache
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote

from google.protobuf import json_format, message_factory
from google.protobuf.message import Message

from modeldb_backend.descriptors import descriptor_of, enum_type, message_type

from .errors import ModelDBError, UnavailableError, error_for
from .resolve import Target

if TYPE_CHECKING:
    import requests

    from modeldb_backend.rpc import HttpBinding, Rpc

API_PREFIX = "/api/v1/modeldb"
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 120.0  # a batch may queue behind other writers for the database's 30 s busy timeout
TRANSFER_CHUNK = 1024 * 1024
IDEMPOTENCY_HEADER = "Idempotency-Key"  # modeldb_backend.services.request_keys.HEADER (not imported: SQLAlchemy)
Progress = Callable[[int], object]  # called with the number of bytes just moved
StartProgress = Callable[[int | None], Progress]  # called once with the total size (None: unknown)


@cache
def rpc_table() -> dict[tuple[str, str], Rpc]:
    """Every RPC of our protos keyed by (short service name, RPC name), with messages and HTTP bindings:
    the server's own service table, read without its implementations (no SQLAlchemy, no Tornado)."""
    from modeldb_backend.services.registry import wire_rpcs

    return {(r.short_service, r.name): r for r in wire_rpcs().values()}


def lookup(service: str, name: str) -> Rpc:
    try:
        return rpc_table()[(service, name)]
    except KeyError:
        raise ValueError(f"no RPC {service}.{name} in the protos") from None


@cache
def _rpcs_by_request() -> dict[str, tuple[Rpc, ...]]:
    """Every RPC keyed by the full name of its request message (a few messages, such as GetTags, serve one
    RPC in each of several services)."""
    out: dict[str, tuple[Rpc, ...]] = {}
    for rpc in rpc_table().values():
        key = rpc.request_cls.DESCRIPTOR.full_name
        out[key] = (*out.get(key, ()), rpc)
    return out


def rpc_for(request: Message, service: str | None = None, rpc_name: str | None = None) -> Rpc:
    """The RPC that takes `request`'s message type; `service` (short name) or the RPC's name picks one where
    several do (VersioningService's CreateRepository and UpdateRepository both take SetRepository)."""
    if not isinstance(request, Message):
        raise TypeError(f"a call takes a request message of our protos, got {type(request).__name__}")
    name = request.DESCRIPTOR.full_name
    rpcs = _rpcs_by_request().get(name, ())
    if service is not None:
        rpcs = tuple(r for r in rpcs if r.short_service == service)
    if rpc_name is not None:
        rpcs = tuple(r for r in rpcs if r.name == rpc_name)
    if len(rpcs) == 1:
        return rpcs[0]
    if not rpcs:
        raise ValueError(f"no RPC{f' of {service}' if service else ''} takes a {name} request")
    if len({r.short_service for r in rpcs}) == 1:
        names = ", ".join(sorted(r.name for r in rpcs))
        raise ValueError(f"{name} is the request of several RPCs ({names}): say which with rpc=")
    services = ", ".join(sorted(r.short_service for r in rpcs))
    raise ValueError(f"{name} is the request of an RPC in several services ({services}): say which with service=")


@cache
def rpc_name(request_cls: type[Message], service: str) -> str:
    """The name of `service`'s RPC that takes `request_cls` (what the journal stores): call sites name the
    message type, which mypy checks, rather than spelling the RPC as a string."""
    return rpc_for(request_cls(), service).name


class Transport(abc.ABC):
    """Calls RPCs and moves artifact bytes for one backend."""

    def __init__(self, target: Target) -> None:
        self.target = target

    sends_json = False  # whether `call` can take a request already encoded as its JSON body

    @abc.abstractmethod
    def call(
        self, service: str, name: str, request: Message | None, body: bytes | None = None, key: str | None = None
    ) -> Message:
        """Send one request (or, where `sends_json`, its ready JSON body); raises a typed ModelDBError
        (UnavailableError when there was no usable answer). `key`: the idempotency key of a write, the same
        on each retry, so that the server applies it once (`Idempotency-Key`)."""

    @abc.abstractmethod
    def upload(self, url: str, source: IO[bytes], size: int, progress: Progress | None = None) -> str:
        """PUT `size` bytes from `source` to an upload URL; returns the ETag (for multipart parts)."""

    @abc.abstractmethod
    def download(self, url: str, sink: IO[bytes], start: StartProgress | None = None) -> None:
        """Stream a download URL into `sink`; `start(total)` is called once the size is known."""

    def post_form(self, url: str, fields: dict[str, str], source: IO[bytes]) -> None:
        """Presigned POST (S3 form upload): fields then the file."""
        _http_post_form(_session(), url, fields, source)

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections (the embedded backend itself lives for the process)."""


# --- HTTP ------------------------------------------------------------------------------------------------

_local = threading.local()


def _forget_sessions_after_fork() -> None:
    """A forked child must not share the parent's pooled keep-alive sockets."""
    global _local
    _local = threading.local()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_sessions_after_fork)


def _session() -> requests.Session:
    """One requests.Session per thread: Session is not documented as thread-safe."""
    import requests

    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
    return session


def _choose_binding(rpc: Rpc, request: Message) -> HttpBinding:
    """The first binding whose path parameters the request fills (workspace-scoped routes need a workspace) and
    that can carry the rest of it: a message whose JSON is no object (an update_mask is "a,b") cannot travel as
    query parameters, so then a binding taking the whole request as its body wins (PATCH .../full_body)."""
    fitting = [b for b in rpc.bindings if all(_field_text(request, p) for p in b.path_params)]
    for binding in fitting:
        if binding.body == "*" or not _opaque_outside_body(request, binding):
            return binding
    if fitting:
        return fitting[0]
    if not rpc.bindings:
        raise ValueError(f"{rpc.name} has no HTTP binding")
    return min(rpc.bindings, key=lambda b: len(b.path_params))


def _opaque_outside_body(request: Message, binding: HttpBinding) -> bool:
    """Whether a set message field left for the query string has a non-object JSON form (FieldMask, ...)."""
    placed = {p.split(".")[0] for p in binding.path_params} | {binding.body}
    for field, value in request.ListFields():
        if field.name in placed or field.type != field.TYPE_MESSAGE or field.is_repeated:
            continue
        if value.DESCRIPTOR.full_name != "google.protobuf.Value" and not isinstance(
            json_format.MessageToDict(value), dict
        ):
            return True
    return False


def _field_text(request: Message, path: str) -> str:
    value: Any = request
    for part in path.split("."):
        value = getattr(value, part)
    return str(value) if value not in ("", 0) else ""


def query_params(data: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """grpc-gateway query encoding: `a.b=` for nested fields, repeated keys for lists."""
    out: list[tuple[str, str]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.extend(query_params(value, name + "."))
        elif isinstance(value, list):
            out.extend((name, _scalar(v)) for v in value)
        else:
            out.append((name, _scalar(value)))
    return out


def _scalar(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def encode_request(rpc: Rpc, request: Message) -> tuple[str, str, list[tuple[str, str]], bytes | None]:
    """(HTTP method, path under the API prefix, query parameters, JSON body) as grpc-gateway expects them."""
    binding = _choose_binding(rpc, request)
    data = json_format.MessageToDict(request, preserving_proto_field_name=True)
    path = binding.path
    for param in binding.path_params:
        path = path.replace(_placeholder(binding.path, param), quote(_field_text(request, param), safe=""))
        data.pop(param.split(".")[0], None)
    path = path[len("/v1") :] if path.startswith("/v1/") else path
    if binding.body == "*":
        return binding.method, path, [], json.dumps(data).encode()
    if binding.body:
        body = data.pop(binding.body, {})
        return binding.method, path, query_params(data), json.dumps(body).encode()
    return binding.method, path, query_params(data), None


def _placeholder(template: str, param: str) -> str:
    start = template.index("{" + param)
    return template[start : template.index("}", start) + 1]


def _raise_for(response: requests.Response, what: str) -> None:
    if response.ok:
        return
    code: int | None = None
    message = response.text.strip()[:500] or response.reason
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("code"), int):
        code = body["code"]
        message = str(body.get("message") or body.get("error") or message)
    elif response.status_code == 404:
        message = f"{what} answered 404 {message!r}: is this a modeldb-jupyter (or ModelDB) server?"
    raise error_for(code, message, status=response.status_code)


class HttpTransport(Transport):
    """The REST gateway of a standalone server or of the Jupyter extension."""

    def __init__(self, target: Target) -> None:
        super().__init__(target)
        self.base = target.url
        self.headers = {"Content-Type": "application/json", "User-Agent": "modeldb-jupyter-client"}
        if target.token:
            self.headers["Authorization"] = f"Bearer {target.token}"

    sends_json = True

    def call(
        self, service: str, name: str, request: Message | None, body: bytes | None = None, key: str | None = None
    ) -> Message:
        import requests

        rpc = lookup(service, name)
        if body is None:
            assert request is not None
            method, path, params, body = encode_request(rpc, request)
        else:  # a logBatch encoded by batches.encode_log_batch: always POST with the whole body
            binding = rpc.bindings[0]
            method, path, params = binding.method, binding.path[len("/v1") :], []
        url = f"{self.base}{API_PREFIX}{path}"
        headers = self.headers if key is None else {**self.headers, IDEMPOTENCY_HEADER: key}
        try:
            response = _session().request(
                method, url, params=params, data=body, headers=headers, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT)
            )
        except requests.RequestException as exc:
            raise UnavailableError(f"no answer from {self.base} to {name}: {exc}") from exc
        _raise_for(response, f"{self.base}{API_PREFIX}{path}")
        try:
            data = response.json()
            fast = fast_history(data, rpc.response_cls) or fast_columns(data, rpc.response_cls)
            return fast or _parse(data, rpc.response_cls())
        except (ValueError, json_format.ParseError) as exc:
            raise UnavailableError(f"{name}: the server's answer is not valid JSON: {exc}") from exc

    def _auth(self, url: str) -> dict[str, str]:
        """Our token goes only to our own server, never to a presigned object-store URL."""
        return {"Authorization": self.headers["Authorization"]} if self.target.token and self._ours(url) else {}

    def _ours(self, url: str) -> bool:
        return url.startswith(self.base + "/")

    def upload(self, url: str, source: IO[bytes], size: int, progress: Progress | None = None) -> str:
        return _http_put(_session(), url, source, size, self._auth(url), progress)

    def download(self, url: str, sink: IO[bytes], start: StartProgress | None = None) -> None:
        _http_get(_session(), url, sink, self._auth(url), start)


def _parse(data: Any, message: Message) -> Message:
    json_format.ParseDict(data, message, ignore_unknown_fields=True)
    return message


_SERIES_FIELDS = frozenset({"run_id", "key", "steps", "values", "timestamps"})


def fast_history(data: Any, response_cls: type[Message]) -> Message | None:
    """A getMetricHistory answer built directly (json_format needs seconds for 100,000 points); None for any
    other message or shape, which then takes the general path."""
    if response_cls.DESCRIPTOR.full_name != "modeldb_jupyter.v1.GetMetricHistory.Response":
        return None
    if not isinstance(data, dict) or not set(data) <= {"series"} or not isinstance(data.get("series", []), list):
        return None
    series = []
    series_cls = _keywords(
        message_factory.GetMessageClass(message_type(descriptor_of(response_cls).fields_by_name["series"]))
    )
    for item in data.get("series", []):
        if not isinstance(item, dict) or not set(item) <= _SERIES_FIELDS:
            return None
        try:
            steps = [int(v) for v in item.get("steps", [])]
            values = [float(v) for v in item.get("values", [])]
            stamps = [int(v) for v in item.get("timestamps", [])]
        except (TypeError, ValueError):
            return None
        series.append(
            series_cls(
                run_id=item.get("run_id", ""), key=item.get("key", ""), steps=steps, values=values, timestamps=stamps
            )
        )
    return _keywords(response_cls)(series=series)


def _keywords(cls: type[Message]) -> Callable[..., Message]:
    """A message class as what it is: called with its fields as keywords, which the base `Message` type does not
    declare (the classes here are found at run time, so their own stubs do not apply)."""
    return cls


_COLUMNS_RESPONSE = "modeldb_jupyter.v1.QueryRunColumns.Response"
_KEY_COLUMN_FIELDS = frozenset({"field", "key", "kind", "rows", "bools", "doubles", "strings"})


def fast_columns(data: Any, response_cls: type[Message]) -> Message | None:
    """A queryRunColumns answer built from its lists in one step per field; None for any other message or
    for a shape the plain encoder (fast_json.columns_to_json) does not make, which then takes json_format."""
    if response_cls.DESCRIPTOR.full_name != _COLUMNS_RESPONSE or not isinstance(data, dict):
        return None
    fields = descriptor_of(response_cls).fields_by_name
    if not set(data) <= set(fields) or not isinstance(data.get("key_columns", []), list):
        return None
    column_type = message_type(fields["key_columns"])
    column_cls = _keywords(message_factory.GetMessageClass(column_type))
    kinds, statuses = enum_type(column_type.fields_by_name["kind"]), enum_type(fields["statuses"])
    try:
        columns = []
        for item in data.get("key_columns", []):
            if not isinstance(item, dict) or not set(item) <= _KEY_COLUMN_FIELDS:
                return None
            doubles = item.get("doubles", [])
            if any(isinstance(v, str) for v in doubles):  # NaN and infinities arrive as strings
                doubles = [float(v) for v in doubles]
            kind = item.get("kind", 0)
            kind = kinds.values_by_name[kind].number if isinstance(kind, str) else kind
            columns.append(column_cls(**{**item, "kind": kind, "doubles": doubles}))
        states = [statuses.values_by_name[s].number if isinstance(s, str) else s for s in data.get("statuses", [])]
        rest = {k: v for k, v in data.items() if k not in ("key_columns", "statuses", "total_records")}
        total = int(data.get("total_records", 0))
        return _keywords(response_cls)(total_records=total, statuses=states, key_columns=columns, **rest)
    except (KeyError, TypeError, ValueError):
        return None


class _Reader:
    """A file-like body of known length that reports progress; requests streams it and sends Content-Length."""

    def __init__(self, source: IO[bytes], size: int, progress: Progress | None) -> None:
        self.source, self.size, self.progress = source, size, progress

    def __len__(self) -> int:
        return self.size

    def read(self, n: int = -1) -> bytes:
        chunk = self.source.read(TRANSFER_CHUNK if n is None or n < 0 else max(n, 64 * 1024))
        if chunk and self.progress is not None:
            self.progress(len(chunk))
        return chunk


def _http_put(
    session: requests.Session,
    url: str,
    source: IO[bytes],
    size: int,
    headers: dict[str, str],
    progress: Progress | None,
) -> str:
    import requests

    try:
        response = session.put(
            url, data=_Reader(source, size, progress), headers={**headers, "Content-Length": str(size)}, timeout=60
        )
    except requests.RequestException as exc:
        raise UnavailableError(f"upload to {url.split('?')[0]} failed: {exc}") from exc
    _raise_for(response, url.split("?")[0])
    return response.headers.get("ETag", "").strip('"')


def _http_get(
    session: requests.Session, url: str, sink: IO[bytes], headers: dict[str, str], start: StartProgress | None
) -> None:
    import requests

    try:
        with session.get(url, headers=headers, stream=True, timeout=60) as response:
            _raise_for(response, url.split("?")[0])
            length = response.headers.get("Content-Length")
            progress = start(int(length) if length and length.isdigit() else None) if start else None
            for chunk in response.iter_content(TRANSFER_CHUNK):
                sink.write(chunk)
                if progress is not None:
                    progress(len(chunk))
    except requests.RequestException as exc:
        raise UnavailableError(f"download from {url.split('?')[0]} failed: {exc}") from exc


def _http_post_form(session: requests.Session, url: str, fields: dict[str, str], source: IO[bytes]) -> None:
    import requests

    try:
        response = session.post(url, data=fields, files={"file": source}, timeout=60)
    except requests.RequestException as exc:
        raise UnavailableError(f"upload to {url.split('?')[0]} failed: {exc}") from exc
    _raise_for(response, url.split("?")[0])


def make_transport(target: Target) -> Transport:
    if target.kind == "http":
        return HttpTransport(target)
    from .embedded import InProcessTransport

    return InProcessTransport(target)


__all__ = [
    "HttpTransport",
    "ModelDBError",
    "Transport",
    "encode_request",
    "lookup",
    "make_transport",
    "rpc_for",
    "rpc_table",
]
