"""Calls RPCs by name over REST or gRPC with JSON-shaped requests and responses, for the tests."""

from __future__ import annotations

import copy
import json
from typing import Any

import grpc
import requests
from google.protobuf import json_format

from modeldb_backend.backend import Backend
from modeldb_backend.rpc import Rpc
from modeldb_backend.transport.codec import message_to_json
from modeldb_backend.transport.grpc_server import message_size_options
from modeldb_jupyter.client.transport import query_params


class ApiError(Exception):
    def __init__(self, code: int, status: int, message: str) -> None:
        super().__init__(f"{status} (code {code}): {message}")
        self.code = code
        self.status = status
        self.message = message


class Api:
    """`api.call("ProjectService", "createProject", {...})` returns the response as grpc-gateway JSON."""

    transport: str

    def __init__(self, backend: Backend, http_url: str, grpc_target: str, transport: str, token: str | None = None):
        self.backend = backend
        self.http_url = http_url
        self.transport = transport
        self.token = token
        # The channel takes what the server may send (its body limit), not gRPC's default of 4 MB.
        options = message_size_options(backend.settings.max_body_size)
        self._channel = grpc.insecure_channel(grpc_target, options=options) if transport == "grpc" else None
        self.session = requests.Session()

    def rpc(self, service: str, name: str) -> Rpc:
        return self.backend.rpc(service, name)

    def call(self, service: str, name: str, request: dict[str, Any] | None = None, binding: int = 0) -> dict[str, Any]:
        """Over REST through the RPC's HTTP binding number `binding` (its first by default); path parameters
        are taken from the request, flat (`"id.name": ...`) or nested (`{"id": {"name": ...}}`)."""
        rpc = self.rpc(service, name)
        request = request or {}
        if self.transport == "grpc":
            return self._grpc(rpc, request)
        return self._rest(rpc, request, binding)

    def _rest(self, rpc: Rpc, request: dict[str, Any], number: int = 0) -> dict[str, Any]:
        binding = rpc.bindings[number]
        path = binding.path
        body = copy.deepcopy(request)
        for param in binding.path_params:
            path = path.replace("{" + param + "}", str(_pop_param(body, param)))
        url = self.http_url + "/api/v1/modeldb" + path[len("/v1") :]
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        if binding.body == "*":
            resp = self.session.request(binding.method, url, data=json.dumps(body), headers=headers)
        elif binding.body:  # one field is the body, the rest goes in the query string
            data = json.dumps(body.pop(binding.body)) if binding.body in body else None
            resp = self.session.request(binding.method, url, data=data, params=query_params(body), headers=headers)
        else:
            resp = self.session.request(binding.method, url, params=query_params(body), headers=headers)
        if resp.status_code != 200:
            try:
                err = resp.json()
            except ValueError:
                raise ApiError(-1, resp.status_code, resp.text) from None
            raise ApiError(err["code"], resp.status_code, err["message"])
        return resp.json()  # type: ignore[no-any-return]

    def _grpc(self, rpc: Rpc, request: dict[str, Any]) -> dict[str, Any]:
        assert self._channel is not None
        message = json_format.ParseDict(request, rpc.request_cls(), ignore_unknown_fields=True)
        call = self._channel.unary_unary(
            rpc.grpc_path,
            request_serializer=rpc.request_cls.SerializeToString,
            response_deserializer=rpc.response_cls.FromString,
        )
        metadata = [("authorization", f"Bearer {self.token}")] if self.token else None
        try:
            response = call(message, metadata=metadata, timeout=60)
        except grpc.RpcError as exc:
            code = exc.code()  # type: ignore[attr-defined]
            raise ApiError(code.value[0], -1, exc.details()) from None  # type: ignore[attr-defined]
        return message_to_json(response)

    def close(self) -> None:
        if self._channel is not None:
            self._channel.close()
        self.session.close()


def _pop_param(body: dict[str, Any], param: str) -> Any:
    """Remove and return a path parameter's value: the flat key, or the nested fields it names."""
    if param in body:
        return body.pop(param)
    *parents, last = param.split(".")
    node = body
    for part in parents:
        node = node[part]
    return node.pop(last)
