"""Typed client exceptions, mapped from the gRPC code every backend error carries (REST bodies too).

Each class also derives from the builtin a Python user would reach for (`ValueError`, `LookupError`, ...),
so `except ValueError` keeps working for code written against ModelDB's own client.

The codes come from the backend's one error table (`modeldb_backend.errors`, standard library only: importing
it loads nothing of the server side).
"""

from __future__ import annotations

import re

from modeldb_backend.errors import Code, code_for_http_status


class ModelDBError(Exception):
    """Base of every error the client raises about the backend's answer (or lack of one)."""

    code: int = Code.UNKNOWN

    def __init__(self, message: str, *, code: int | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.status = status  # HTTP status when the error came over HTTP

    @property
    def transient(self) -> bool:
        """Whether retrying the same request later may succeed (the backend was down or overloaded)."""
        return False


class InvalidArgumentError(ModelDBError, ValueError):
    """The request was refused as invalid (HTTP 400): the message says which field and what to fix."""

    code = Code.INVALID_ARGUMENT


class QuerySyntaxError(InvalidArgumentError):
    """A `filter` in the query language does not parse; `line`/`column` point at the problem (1-based)."""

    _WHERE = re.compile(r"(?:line (\d+), )?column (\d+)")

    def __init__(self, message: str, **kwargs: int | None) -> None:
        super().__init__(message, **kwargs)
        match = self._WHERE.search(message)
        self.line: int | None = int(match.group(1) or 1) if match else None
        self.column: int | None = int(match.group(2)) if match else None


class UnknownColumnError(InvalidArgumentError, KeyError):
    """`runs_df(columns=...)` named a column that no run has (or a field that does not exist)."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return self.message


class NotFoundError(ModelDBError, LookupError):
    """The entity does not exist (or was deleted) (HTTP 404)."""

    code = Code.NOT_FOUND


class AlreadyExistsError(ModelDBError, ValueError):
    """An entity with that name or key already exists (HTTP 409)."""

    code = Code.ALREADY_EXISTS


class PermissionDeniedError(ModelDBError, PermissionError):
    code = Code.PERMISSION_DENIED


class UnauthenticatedError(ModelDBError, PermissionError):
    """The server wants a token: pass `Client(token=...)` or set MODELDB_TOKEN (HTTP 401)."""

    code = Code.UNAUTHENTICATED


class UnimplementedError(ModelDBError, NotImplementedError):
    """The backend does not serve this RPC (HTTP 501, or 404 for an unknown route)."""

    code = Code.UNIMPLEMENTED


class UnavailableError(ModelDBError, ConnectionError):
    """No answer, a 5xx or a busy database: the request may succeed when retried."""

    code = Code.UNAVAILABLE

    @property
    def transient(self) -> bool:
        return True


class ModelDBWarning(UserWarning):
    """Something the user should know that is not an error of the current call (e.g. data waiting to be sent)."""


# Every gRPC code, and the exception it raises; None: the code says nothing more than "failed", so the HTTP
# status decides (a 5xx is transient).
_BY_CODE: dict[Code, type[ModelDBError] | None] = {
    Code.OK: None,
    Code.CANCELLED: None,
    Code.UNKNOWN: None,
    Code.INVALID_ARGUMENT: InvalidArgumentError,
    Code.DEADLINE_EXCEEDED: UnavailableError,
    Code.NOT_FOUND: NotFoundError,
    Code.ALREADY_EXISTS: AlreadyExistsError,
    Code.PERMISSION_DENIED: PermissionDeniedError,
    Code.RESOURCE_EXHAUSTED: UnavailableError,  # 429 (or a body over the limit, 413): back off and retry
    Code.FAILED_PRECONDITION: InvalidArgumentError,  # the request cannot apply in the current state
    Code.ABORTED: AlreadyExistsError,  # grpc-gateway maps it to 409 as well
    Code.OUT_OF_RANGE: InvalidArgumentError,
    Code.UNIMPLEMENTED: UnimplementedError,
    Code.INTERNAL: None,
    Code.UNAVAILABLE: UnavailableError,
    Code.DATA_LOSS: None,
    Code.UNAUTHENTICATED: UnauthenticatedError,
}
# HTTP statuses whose body carried no gRPC code (a proxy answered): the class of the status's code, except
# that a bare 404 means the route does not exist (this URL is no ModelDB API), not that an entity is missing.
_BY_STATUS: dict[int, type[ModelDBError] | None] = {
    **{status: _BY_CODE[code_for_http_status(status)] for status in (400, 401, 403, 409, 501)},
    404: UnimplementedError,
}
# Codes that say only "the server failed": with a 5xx status the failure counts as transient.
_SERVER_FAILED = frozenset({Code.OK, Code.UNKNOWN, Code.INTERNAL, Code.DATA_LOSS})


def error_for(code: int | None, message: str, status: int | None = None) -> ModelDBError:
    """The typed exception for a backend error; 5xx without a more specific code counts as transient."""
    if (code is None or code in _SERVER_FAILED) and status is not None and status >= 500 and status != 501:
        return UnavailableError(message, code=code or Code.UNAVAILABLE, status=status)
    cls = _code_class(code) or _BY_STATUS.get(status or -1) or ModelDBError
    if cls is InvalidArgumentError and "query syntax error" in message:
        cls = QuerySyntaxError
    return cls(message, code=code, status=status)


def _code_class(code: int | None) -> type[ModelDBError] | None:
    """The class of a gRPC code (None for a missing, unspecific or unknown one)."""
    if code is None:
        return None
    try:
        return _BY_CODE[Code(code)]
    except ValueError:  # a number no gRPC code has (a newer server, or a proxy's invention)
        return None
