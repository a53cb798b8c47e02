"""gRPC (grpc.aio) server: generic method handlers derived from the same RPC table as REST."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
from google.protobuf.message import DecodeError, Message

from ..backend import Backend
from ..errors import Code, InvalidArgument, ModelDBError, Unauthenticated
from ..rpc import Rpc
from ..services import request_keys
from .access_log import GrpcCall, Operations
from .health import add_health
from .tokens import Credentials, identify

log = logging.getLogger(__name__)
GRPC_MAX_MESSAGE = 2**31 - 1  # gRPC's message length options are 32-bit signed integers


def grpc_status(code: Code) -> grpc.StatusCode:
    """The gRPC status of an error code (errors.Code names and numbers are gRPC's own)."""
    return grpc.StatusCode[Code(code).name]


def _metadata_headers(context: grpc.aio.ServicerContext[Any, Any]) -> dict[str, str]:
    """gRPC metadata as header-like pairs so REST and gRPC share one token check."""
    out: dict[str, str] = {}
    for key, value in context.invocation_metadata() or ():
        if isinstance(value, str):
            out[key] = value
            out[key.lower()] = value
    if "authorization" in out:
        out["Authorization"] = out["authorization"]
    return out


class _Undecodable:
    """What the request deserializer hands over for bytes that are no message of the RPC's type."""

    def __init__(self, message: str) -> None:
        self.message = message


def _deserializer(cls: type[Message]) -> Callable[[bytes], Message | _Undecodable]:
    """Parse a request; a failure becomes INVALID_ARGUMENT in the handler (grpc.aio would answer UNKNOWN)."""

    def parse(data: bytes) -> Message | _Undecodable:
        try:
            return cls.FromString(data)
        except (DecodeError, ValueError, RecursionError) as exc:
            return _Undecodable(f"request is not a valid {cls.DESCRIPTOR.full_name} message: {exc}")

    return parse


def _authenticate(
    tokens: tuple[str, ...] | None, user: str, backend: Backend, context: grpc.aio.ServicerContext[Any, Any]
) -> str:
    """The caller's identity: with `tokens` given, any one of them is accepted and the caller is `user`; else
    the server's own tokens say who calls (tokens.py)."""
    headers = _HeaderView(_metadata_headers(context))
    if tokens is None:
        return identify(backend.settings, headers)
    refusal = Unauthenticated("missing or wrong token: send 'Authorization: Bearer <token>'")
    for token in tokens:  # each one a shared token of its own (an empty one: no authentication)
        try:
            return Credentials(token or None, user, None).identify(headers)
        except Unauthenticated as exc:
            refusal = exc
    raise refusal


def _behavior(
    backend: Backend, rpc: Rpc, tokens: tuple[str, ...] | None, user: str, ops: Operations
) -> Callable[[Message | _Undecodable, grpc.aio.ServicerContext[Any, Any]], Awaitable[Message]]:
    service = rpc.service.rsplit(".", 1)[-1]

    async def handle(request: Message | _Undecodable, context: grpc.aio.ServicerContext[Any, Any]) -> Message:
        call = GrpcCall(ops, service, rpc.name, rpc.grpc_path, context.invocation_metadata())
        try:
            await context.send_initial_metadata(ops.headers(call.request_id))  # x-request-id, x-modeldb-instance
            actor = call.actor = _authenticate(tokens, user, backend, context)
            if isinstance(request, _Undecodable):
                raise InvalidArgument(request.message)
            call.bytes_in = request.ByteSize()
            key = _HeaderView(_metadata_headers(context)).get(request_keys.METADATA)
            response = await backend.ainvoke(rpc, request, actor, None, key)
            call.code, call.bytes_out = "OK", response.ByteSize()
            return response
        except ModelDBError as exc:
            call.code = grpc_status(exc.code).name
            await context.abort(grpc_status(exc.code), exc.message)
        except Exception:
            call.code = "INTERNAL"
            log.exception("internal error in %s", rpc.grpc_path)
            await context.abort(grpc.StatusCode.INTERNAL, "internal error")
        finally:
            call.finish()
        raise AssertionError("unreachable")  # abort always raises

    return handle


class _HeaderView:
    """Case-tolerant header lookup over gRPC metadata (metadata keys are lower-case)."""

    def __init__(self, data: dict[str, str]) -> None:
        self._data = data

    def get(self, name: str, default: Any = None) -> Any:
        return self._data.get(name, self._data.get(name.lower(), default))


def message_size_options(max_body_size: int) -> list[tuple[str, int]]:
    """gRPC channel options taking and giving messages up to the REST body limit (MODELDB_MAX_BODY_SIZE).

    gRPC's own default is 4 MB received, which a 100,000-blob ListCommitBlobs answer exceeds; REST takes
    requests up to the limit and answers of any size, so gRPC must at least carry the same requests and
    answers of that size. A client channel uses the same options to receive them.
    """
    limit = min(max_body_size, GRPC_MAX_MESSAGE)
    return [("grpc.max_receive_message_length", limit), ("grpc.max_send_message_length", limit)]


def make_grpc_server(
    backend: Backend,
    host: str,
    port: int,
    tokens: tuple[str, ...] | None = None,
    user: str = "token",
    ops: Operations | None = None,
) -> tuple[grpc.aio.Server, int]:
    """A grpc.aio server exposing every service in the RPC table; returns it with its bound port.

    `tokens` (non-empty) are the tokens a caller may present instead of the server's own (the Jupyter extension
    accepts its kernels' secret and Jupyter's token); `user` is who presents them (the Jupyter server's user).
    `ops`: the server's request ids, instance name, access log and metrics (access_log.py).
    """
    ops = ops or Operations(backend.settings)
    if tokens is not None and (not tokens or not all(tokens)):
        raise ValueError("tokens must be non-empty strings")
    server = grpc.aio.server(options=message_size_options(backend.settings.max_body_size))
    per_service: dict[str, dict[str, grpc.RpcMethodHandler[Any, Any]]] = defaultdict(dict)
    for rpc in backend.rpcs.values():
        per_service[rpc.service][rpc.name] = grpc.unary_unary_rpc_method_handler(
            _behavior(backend, rpc, tokens, user, ops),
            request_deserializer=_deserializer(rpc.request_cls),
            response_serializer=rpc.response_cls.SerializeToString,
        )
    server.add_generic_rpc_handlers(
        tuple(grpc.method_handlers_generic_handler(name, handlers) for name, handlers in per_service.items())
    )
    add_health(server, backend)  # grpc.health.v1.Health, unauthenticated like any probe endpoint
    # gRPC parses "::1:0" as host "::1:0" with a default port; IPv6 literals need brackets.
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        bound = server.add_insecure_port(address)
    except RuntimeError as exc:  # grpcio reports bind failures as RuntimeError, not OSError
        raise OSError(f"cannot listen for gRPC on {address}: {exc}") from exc
    if bound == 0:
        raise OSError(f"cannot listen for gRPC on {address}")
    return server, bound
