"""Typed client exceptions, mapped from the gRPC code every backend error carries (REST bodies too).

Each class also derives from the builtin a Python user would reach for (`ValueError`, `LookupError`, ...),
so `except ValueError` keeps working for code written against ModelDB's own client.
"""

from __future__ import annotations

import re


class ModelDBError(Exception):
    """Base of every error the client raises about the backend's answer (or lack of one)."""

    code: int = 2  # gRPC UNKNOWN

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

    code = 3


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

    code = 5


class AlreadyExistsError(ModelDBError, ValueError):
    """An entity with that name or key already exists (HTTP 409)."""

    code = 6


class PermissionDeniedError(ModelDBError, PermissionError):
    code = 7


class UnauthenticatedError(ModelDBError, PermissionError):
    """The server wants a token: pass `Client(token=...)` or set MODELDB_TOKEN (HTTP 401)."""

    code = 16


class UnimplementedError(ModelDBError, NotImplementedError):
    """The backend does not serve this RPC (HTTP 501, or 404 for an unknown route)."""

    code = 12


class UnavailableError(ModelDBError, ConnectionError):
    """No answer, a 5xx or a busy database: the request may succeed when retried."""

    code = 14

    @property
    def transient(self) -> bool:
        return True


class ModelDBWarning(UserWarning):
    """Something the user should know that is not an error of the current call (e.g. data waiting to be sent)."""


_BY_CODE: dict[int, type[ModelDBError]] = {
    3: InvalidArgumentError,
    9: InvalidArgumentError,  # FAILED_PRECONDITION: the request cannot apply in the current state
    11: InvalidArgumentError,  # OUT_OF_RANGE
    5: NotFoundError,
    6: AlreadyExistsError,
    10: AlreadyExistsError,  # ABORTED: grpc-gateway maps it to 409 as well
    7: PermissionDeniedError,
    16: UnauthenticatedError,
    12: UnimplementedError,
    14: UnavailableError,
    4: UnavailableError,  # DEADLINE_EXCEEDED
    8: UnavailableError,  # RESOURCE_EXHAUSTED (429): back off and retry
}
# HTTP statuses whose body carried no gRPC code (a proxy answered, or the route does not exist).
_BY_STATUS: dict[int, type[ModelDBError]] = {
    400: InvalidArgumentError,
    401: UnauthenticatedError,
    403: PermissionDeniedError,
    404: UnimplementedError,
    409: AlreadyExistsError,
    501: UnimplementedError,
}


def error_for(code: int | None, message: str, status: int | None = None) -> ModelDBError:
    """The typed exception for a backend error; 5xx without a more specific code counts as transient."""
    if code in (None, 0, 2, 13, 15) and status is not None and status >= 500 and status != 501:
        return UnavailableError(message, code=code or 14, status=status)
    cls = _BY_CODE.get(code or -1) or _BY_STATUS.get(status or -1) or ModelDBError
    if cls is InvalidArgumentError and "query syntax error" in message:
        cls = QuerySyntaxError
    return cls(message, code=code, status=status)
