"""gRPC (grpc.aio) server: generic method handlers derived from the same RPC table as REST."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
from google.protobuf.message import Message

from ..backend import Backend
from ..errors import Code, ModelDBError
from ..rpc import Rpc

log = logging.getLogger(__name__)
MAX_MESSAGE_BYTES = 32 * 1024 * 1024


def _metadata_headers(context: grpc.aio.ServicerContext) -> dict[str, str]:
    """gRPC metadata as header-like pairs so REST and gRPC share one token check."""
    out: dict[str, str] = {}
    for key, value in context.invocation_metadata() or ():
        if isinstance(value, str):
            out[key] = value
            out[key.lower()] = value
    if "authorization" in out:
        out["Authorization"] = out["authorization"]
    return out


def _behavior(backend: Backend, rpc: Rpc) -> Callable[[Message, grpc.aio.ServicerContext], Awaitable[Message]]:
    from .rest import check_token

    async def handle(request: Message, context: grpc.aio.ServicerContext) -> Message:
        try:
            actor = check_token(backend.settings.token, _HeaderView(_metadata_headers(context)))
            return await backend.ainvoke(rpc, request, actor)
        except ModelDBError as exc:
            await context.abort(grpc.StatusCode[Code(exc.code).name], exc.message)
        except Exception:
            log.exception("internal error in %s", rpc.grpc_path)
            await context.abort(grpc.StatusCode.INTERNAL, "internal error")
        raise AssertionError("unreachable")  # abort always raises

    return handle


class _HeaderView:
    """Case-tolerant header lookup over gRPC metadata (metadata keys are lower-case)."""

    def __init__(self, data: dict[str, str]) -> None:
        self._data = data

    def get(self, name: str, default: Any = None) -> Any:
        return self._data.get(name, self._data.get(name.lower(), default))


def make_grpc_server(backend: Backend, host: str, port: int) -> tuple[grpc.aio.Server, int]:
    """A grpc.aio server exposing every service in the RPC table; returns it with its bound port."""
    server = grpc.aio.server(
        options=[
            ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
            ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
        ]
    )
    per_service: dict[str, dict[str, grpc.RpcMethodHandler]] = defaultdict(dict)
    for rpc in backend.rpcs.values():
        per_service[rpc.service][rpc.name] = grpc.unary_unary_rpc_method_handler(
            _behavior(backend, rpc),
            request_deserializer=rpc.request_cls.FromString,
            response_serializer=rpc.response_cls.SerializeToString,
        )
    server.add_generic_rpc_handlers(
        tuple(grpc.method_handlers_generic_handler(name, handlers) for name, handlers in per_service.items())
    )
    # gRPC parses "::1:0" as host "::1:0" with a default port; IPv6 literals need brackets.
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        bound = server.add_insecure_port(address)
    except RuntimeError as exc:  # grpcio reports bind failures as RuntimeError, not OSError
        raise OSError(f"cannot listen for gRPC on {address}: {exc}") from exc
    if bound == 0:
        raise OSError(f"cannot listen for gRPC on {address}")
    return server, bound
