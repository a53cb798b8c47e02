"""One error hierarchy for the whole backend, mapped to gRPC and HTTP status in one table.

This module is the single source of the error table for the REST gateway, the gRPC server, the Jupyter
handlers and the client (`modeldb_jupyter.client.errors` derives its classes from `Code`), so it imports
nothing but the standard library: the HTTP client may import it without loading the server side.
"""

from __future__ import annotations

import enum


class Code(enum.IntEnum):
    """gRPC status codes (the numbers are on the wire in REST error bodies too)."""

    OK = 0
    CANCELLED = 1
    UNKNOWN = 2
    INVALID_ARGUMENT = 3
    DEADLINE_EXCEEDED = 4
    NOT_FOUND = 5
    ALREADY_EXISTS = 6
    PERMISSION_DENIED = 7
    RESOURCE_EXHAUSTED = 8
    FAILED_PRECONDITION = 9
    ABORTED = 10
    OUT_OF_RANGE = 11
    UNIMPLEMENTED = 12
    INTERNAL = 13
    UNAVAILABLE = 14
    DATA_LOSS = 15
    UNAUTHENTICATED = 16


# grpc-gateway v1's HTTPStatusFromCode, which ModelDB's REST clients were written against.
HTTP_STATUS: dict[Code, int] = {
    Code.OK: 200,
    Code.CANCELLED: 408,
    Code.UNKNOWN: 500,
    Code.INVALID_ARGUMENT: 400,
    Code.DEADLINE_EXCEEDED: 504,
    Code.NOT_FOUND: 404,
    Code.ALREADY_EXISTS: 409,
    Code.PERMISSION_DENIED: 403,
    Code.RESOURCE_EXHAUSTED: 429,
    Code.FAILED_PRECONDITION: 400,
    Code.ABORTED: 409,
    Code.OUT_OF_RANGE: 400,
    Code.UNIMPLEMENTED: 501,
    Code.INTERNAL: 500,
    Code.UNAVAILABLE: 503,
    Code.DATA_LOSS: 500,
    Code.UNAUTHENTICATED: 401,
}

# Statuses the HTTP layer answers on its own (routing, methods, limits: Tornado's HTTPError) that no code
# maps to, and the code their error body carries.
_HTTP_ONLY: dict[int, Code] = {
    405: Code.UNIMPLEMENTED,
    413: Code.RESOURCE_EXHAUSTED,
    414: Code.INVALID_ARGUMENT,
    416: Code.OUT_OF_RANGE,
}


def code_for_http_status(status: int) -> Code:
    """The gRPC code of an error known only by its HTTP status (a Tornado HTTPError, not a ModelDBError).

    The inverse of HTTP_STATUS: where several codes share a status, the first (the most general: 400 is
    INVALID_ARGUMENT, 409 ALREADY_EXISTS, 500 UNKNOWN); UNKNOWN for any other status.
    """
    if status in _HTTP_ONLY:
        return _HTTP_ONLY[status]
    codes = [code for code, mapped in HTTP_STATUS.items() if mapped == status and code is not Code.OK]
    return codes[0] if codes else Code.UNKNOWN


class ModelDBError(Exception):
    """Base of every error the API reports to a caller; carries a gRPC code and a readable message."""

    code: Code = Code.INTERNAL
    retryable = False  # whether the caller may send the same request again and expect it to succeed

    def __init__(self, message: str, code: Code | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    @property
    def http_status(self) -> int:
        return HTTP_STATUS[self.code]

    def to_json(self) -> dict[str, object]:
        """The grpc-gateway error body: ModelDB's client reads `code` and `message`."""
        return {"error": self.message, "code": int(self.code), "message": self.message, "details": []}


class InvalidArgument(ModelDBError):
    code = Code.INVALID_ARGUMENT


class NotFound(ModelDBError):
    code = Code.NOT_FOUND


class AlreadyExists(ModelDBError):
    code = Code.ALREADY_EXISTS

    @classmethod
    def raced(cls, rpc_name: str) -> AlreadyExists:
        """A uniqueness race the service's own checks could not see (two concurrent creates)."""
        return cls(f"{rpc_name}: the entity already exists in database")


class FailedPrecondition(ModelDBError):
    """The request is well formed but the current state forbids it (a commit with children, an upload not
    started): 400 over REST, as grpc-gateway maps FAILED_PRECONDITION, and FAILED_PRECONDITION over gRPC."""

    code = Code.FAILED_PRECONDITION


class PermissionDenied(ModelDBError):
    code = Code.PERMISSION_DENIED


class Unauthenticated(ModelDBError):
    code = Code.UNAUTHENTICATED


class Unimplemented(ModelDBError):
    code = Code.UNIMPLEMENTED


class Unavailable(ModelDBError):
    """Transient: the same request may succeed when sent again (503 over REST, UNAVAILABLE over gRPC).

    The database was busy, unreachable or lost its connection, or the server is shutting down. Nothing of
    the request was saved, unless its message says otherwise (e.g. a connection lost during COMMIT).
    """

    code = Code.UNAVAILABLE
    retryable = True


class PayloadTooLarge(ModelDBError):
    """A body over the configured limit; REST answers 413 rather than the gateway's 429."""

    code = Code.RESOURCE_EXHAUSTED

    @property
    def http_status(self) -> int:
        return 413
