"""The one settings object: every knob of the backend. MODELDB_* variables are read here and nowhere else.

Every host builds its `Settings` the same way, once: field defaults, then the host's own defaults (the Jupyter
extension and the embedded client keep gRPC off), then the MODELDB_* variables, then explicit overrides (command
line flags, Jupyter traitlets, arguments). A value that cannot be used (`MODELDB_PORT=http`, a negative size) is
one `SettingsError` naming where the value came from and what is allowed.

The gRPC port is off when it is `off` (the documented spelling), or one of the older spellings `-1` (any
negative number), `none` or the empty string; `0` picks a free port.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

from .limits import MAX_VALUE_BYTES

DEFAULT_MAX_BODY = 32 * 1024 * 1024
DEFAULT_MAX_UPLOAD = 64 * 1024**3
GRPC_OFF = "off"
_OFF_SPELLINGS = frozenset({GRPC_OFF, "none", ""})  # "none" and "" are older spellings, as is any negative port

HOME_VAR = "MODELDB_HOME"
URL_VAR = "MODELDB_URL"  # the client's server; not a setting of the backend
TOKEN_VAR = "MODELDB_TOKEN"
# The variable behind each field (fields not listed have no variable).
ENV_VARS: dict[str, str] = {
    "db_url": "MODELDB_DB_URL",
    "artifact_root": "MODELDB_ARTIFACT_ROOT",
    "s3_endpoint_url": "MODELDB_S3_ENDPOINT_URL",
    "host": "MODELDB_HOST",
    "port": "MODELDB_PORT",
    "grpc_port": "MODELDB_GRPC_PORT",
    "token": TOKEN_VAR,
    "token_user": "MODELDB_TOKEN_USER",
    "tokens_file": "MODELDB_TOKENS_FILE",
    "max_body_size": "MODELDB_MAX_BODY_SIZE",
    "max_upload_size": "MODELDB_MAX_UPLOAD_SIZE",
    "heartbeat_sweep_seconds": "MODELDB_HEARTBEAT_SWEEP_SECONDS",
    "drain_seconds": "MODELDB_DRAIN_SECONDS",
    "shutdown_grace_seconds": "MODELDB_SHUTDOWN_GRACE_SECONDS",
    "db_pool_size": "MODELDB_DB_POOL_SIZE",
    "db_max_overflow": "MODELDB_DB_MAX_OVERFLOW",
    "db_pool_timeout_seconds": "MODELDB_DB_POOL_TIMEOUT_SECONDS",
    "db_connect_timeout_seconds": "MODELDB_DB_CONNECT_TIMEOUT_SECONDS",
    "instance_name": "MODELDB_INSTANCE_NAME",
    "access_log": "MODELDB_ACCESS_LOG",
    "metrics_public": "MODELDB_METRICS_PUBLIC",
    "idempotency_key_ttl_seconds": "MODELDB_IDEMPOTENCY_KEY_TTL_SECONDS",
    "workers": "MODELDB_WORKERS",
    "public_url": "MODELDB_PUBLIC_URL",
}
ACCESS_LOG_FORMATS = ("json", "text", "off")
_TRUE, _FALSE = frozenset({"true", "1", "yes", "on"}), frozenset({"false", "0", "no", "off"})
_PORT = (0, 65535)
_POSITIVE = (1, None)
_INT_BOUNDS: dict[str, tuple[int, int | None]] = {
    "port": _PORT,
    "max_body_size": _POSITIVE,
    "max_upload_size": _POSITIVE,
    "max_value_bytes": _POSITIVE,
    "workers": _POSITIVE,
    "db_threads": _POSITIVE,
    "db_pool_size": _POSITIVE,
    "db_max_overflow": (0, None),
    "db_connect_timeout_seconds": _POSITIVE,  # libpq takes whole seconds
}
_SECONDS = frozenset(
    {"heartbeat_sweep_seconds", "drain_seconds", "shutdown_grace_seconds", "idempotency_key_ttl_seconds"}
)
_REQUIRED_TEXT = frozenset({"db_url", "artifact_root", "host"})
_OPTIONAL_TEXT = frozenset({"s3_endpoint_url", "token", "instance_name", "tokens_file"})
# A person's name as requests carry it (owner, audit actor): no spaces, so a tokens file line splits in two.
USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}")


class SettingsError(ValueError):
    """A setting whose value cannot be used; the message names the variable, flag or trait it came from."""


def modeldb_home(environ: Mapping[str, str] | None = None) -> Path:
    """Where the embedded default keeps its database, artifacts and journal (`$MODELDB_HOME`, else ~/.modeldb)."""
    env = os.environ if environ is None else environ
    return Path(env.get(HOME_VAR) or Path.home() / ".modeldb").expanduser()


def default_workers() -> int:
    """The cores this process may run on (a container's CPU set, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_db_url(home: Path | None = None) -> str:
    return f"sqlite:///{(home or modeldb_home()) / 'modeldb.sqlite'}"


def client_server(environ: Mapping[str, str] | None = None) -> tuple[str | None, str | None]:
    """The server a client is pointed at by the environment: ($MODELDB_URL, $MODELDB_TOKEN), None when unset."""
    env = os.environ if environ is None else environ
    return env.get(URL_VAR) or None, env.get(TOKEN_VAR) or None


def _parse_int(value: object, source: str, bounds: tuple[int, int | None]) -> int:
    low, high = bounds
    allowed = f"an integer from {low} to {high}" if high is not None else f"an integer of at least {low}"
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise SettingsError(f"{source} must be {allowed}, got {value!r}")
    try:
        number = int(value)
    except ValueError:
        raise SettingsError(f"{source} must be {allowed}, got {value!r}") from None
    if number < low or (high is not None and number > high):
        raise SettingsError(f"{source} must be {allowed}, got {value!r}")
    return number


def parse_grpc_port(value: object, source: str) -> int | None:
    """A gRPC port, or None for off (`off`; older spellings: a negative number, `none`, empty)."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip().lower() in _OFF_SPELLINGS:
        return None
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        try:
            if int(value) < 0:
                return None
        except ValueError:
            pass
    try:
        return _parse_int(value, source, _PORT)
    except SettingsError:
        raise SettingsError(f"{source} must be a port from 0 to 65535 or {GRPC_OFF!r}, got {value!r}") from None


def _parse_seconds(value: object, source: str) -> float:
    message = f"{source} must be a number of seconds, 0 or more (0 turns it off), got {value!r}"
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise SettingsError(message)
    try:
        seconds = float(value)
    except ValueError:
        raise SettingsError(message) from None
    if not math.isfinite(seconds) or seconds < 0:
        raise SettingsError(message)
    return seconds


def _parse_positive_seconds(value: object, source: str) -> float:
    seconds = _parse_seconds(value, source)
    if seconds == 0:
        raise SettingsError(f"{source} must be a number of seconds greater than 0, got {value!r}")
    return seconds


def _parse_text(name: str, value: object, source: str) -> str | None:
    if value is None and name in _OPTIONAL_TEXT:
        return None
    if not isinstance(value, str):
        raise SettingsError(f"{source} must be text, got {value!r}")
    if not value.strip():
        if name in _REQUIRED_TEXT:
            raise SettingsError(f"{source} must not be empty")
        return None
    return value


def parse_setting(name: str, value: object, source: str) -> object:
    """`value` as the type of field `name`, or a SettingsError naming `source` and what is allowed."""
    if name in _INT_BOUNDS:
        return _parse_int(value, source, _INT_BOUNDS[name])
    if name == "grpc_port":
        return parse_grpc_port(value, source)
    if name in _SECONDS:
        return _parse_seconds(value, source)
    if name == "db_pool_timeout_seconds":
        return _parse_positive_seconds(value, source)
    if name == "insecure":
        if not isinstance(value, bool):
            raise SettingsError(f"{source} must be true or false, got {value!r}")
        return value
    if name == "token_user":
        return parse_user_name(value, source)
    if name == "metrics_public":
        return _parse_bool(value, source)
    if name == "instance_name" and isinstance(value, str) and not _is_header_value(value):
        raise SettingsError(f"{source} must be 1 to 128 printable ASCII characters (an HTTP header), got {value!r}")
    if name == "public_url":
        return parse_public_url(value, source)
    if name == "access_log":
        if not isinstance(value, str) or value.strip().lower() not in ACCESS_LOG_FORMATS:
            raise SettingsError(f"{source} must be one of {', '.join(ACCESS_LOG_FORMATS)}, got {value!r}")
        return value.strip().lower()
    return _parse_text(name, value, source)


def parse_public_url(value: object, source: str) -> str | None:
    """An http(s) base URL (scheme, host, optional port and path; no query, no credentials), without its
    trailing slash; None when unset or empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    message = f"{source} must be an http:// or https:// URL such as https://modeldb.example.org, got {value!r}"
    if not isinstance(value, str):
        raise SettingsError(message)
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number from 0 to 65535
    except ValueError:
        raise SettingsError(message) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.query:
        raise SettingsError(message)
    if parts.fragment or any(c.isspace() for c in value.strip()):
        raise SettingsError(message)
    return value.strip().rstrip("/")


def parse_user_name(value: object, source: str) -> str:
    """A user name: 1 to 128 of letters, digits and . _ @ + - (starting with a letter or digit)."""
    if not isinstance(value, str) or not USER_NAME.fullmatch(value):
        raise SettingsError(f"{source} must be a user name (letters, digits, . _ @ + -; at most 128), got {value!r}")
    return value


def _is_header_value(text: str) -> bool:
    return len(text) <= 128 and all(" " <= c <= "~" for c in text)


def _parse_bool(value: object, source: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise SettingsError(f"{source} must be true or false, got {value!r}")


@dataclass(frozen=True)
class Settings:
    """Configuration of one backend instance (standalone server, Jupyter extension or in-process)."""

    db_url: str = field(default_factory=default_db_url)
    artifact_root: str = field(default_factory=lambda: str(modeldb_home() / "artifacts"))
    s3_endpoint_url: str | None = None  # an S3-compatible service (MinIO, ...) instead of AWS
    host: str = "127.0.0.1"
    port: int = 8080
    grpc_port: int | None = 8085  # None: no gRPC server; 0: a free port
    token: str | None = None
    token_user: str = "token"  # who a request with the shared MODELDB_TOKEN is: the run owner, the audit actor
    tokens_file: str | None = None  # per-user tokens, lines `user sha256:<hex>` (transport/tokens.py)
    insecure: bool = False
    max_body_size: int = DEFAULT_MAX_BODY
    max_upload_size: int = DEFAULT_MAX_UPLOAD
    max_value_bytes: int = MAX_VALUE_BYTES
    # `serve`: server processes sharing the ports (workers.py); the Jupyter extension is always one process.
    workers: int = field(default_factory=default_workers)
    db_threads: int = 8  # per process: the threads that run requests' database work
    heartbeat_sweep_seconds: float = 30.0  # how often dead RUNNING runs are marked KILLED; 0 = never
    # How long a mutating request's idempotency key and stored answer are kept (services/request_keys.py).
    idempotency_key_ttl_seconds: float = 86400.0
    # Shutdown on SIGTERM: /readyz answers 503 for drain_seconds while requests are still served (a load
    # balancer stops sending new ones), then requests under way get shutdown_grace_seconds to finish.
    drain_seconds: float = 0.0
    shutdown_grace_seconds: float = 5.0
    # PostgreSQL connection pool (SQLite ignores these): per process, so replicas x (size + overflow) connections.
    db_pool_size: int = 10
    db_max_overflow: int = 10
    db_pool_timeout_seconds: float = 30.0  # a request waiting longer for a pooled connection gets a 503
    db_connect_timeout_seconds: int = 10  # a database host that does not answer fails the request, not hangs it
    # Operations (transport/access_log.py, transport/metrics.py). The instance name is sent as the response
    # header X-ModelDB-Instance; None: `<hostname>:<REST port>` once the server listens.
    instance_name: str | None = None
    access_log: str = "json"  # json | text | off: one line per request on the logger modeldb_backend.access
    metrics_public: bool = False  # /metrics without the token (a scraper inside the cluster)
    # `serve`: the base URL clients reach the server at (a load balancer, an ingress). Artifact URLs of the local
    # store are built on it, for every caller (over REST it wins over Host / X-Forwarded-Host); None: each REST
    # request's own host, and the address the server listens on for gRPC. The Jupyter extension ignores it.
    public_url: str | None = None

    def __post_init__(self) -> None:
        # Settings built in code are checked as strictly as those read from the environment.
        for item in fields(self):
            value = getattr(self, item.name)
            checked = parse_setting(item.name, value, _label(item.name))
            if item.name == "grpc_port" and checked is None and value is not None:
                raise SettingsError(f"grpc_port must be a port from 0 to 65535, or None for off, got {value!r}")
            if checked is not value:
                object.__setattr__(self, item.name, checked)  # e.g. "8080" given in code becomes 8080
        if self.db_pool_size + self.db_max_overflow < 2:  # a start-up migration holds its lock on one of two
            raise SettingsError(
                f"{_label('db_pool_size')} + {_label('db_max_overflow')} must allow at least 2 connections "
                f"(migrations hold a lock on one while they run on another), got {self.db_pool_size} + "
                f"{self.db_max_overflow}"
            )

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        defaults: Mapping[str, object] | None = None,
        source: str = "{}",
        **overrides: object,
    ) -> Settings:
        """Settings from the host's `defaults`, then MODELDB_* variables, then `overrides` (those not None).

        `source` names the overrides in errors: "--{}" style for flags, "ModelDBExtension.{}" for traitlets.
        """
        env = os.environ if environ is None else environ
        home = modeldb_home(env)
        values: dict[str, object] = {"db_url": default_db_url(home), "artifact_root": str(home / "artifacts")}
        values.update(defaults or {})
        for name, var in ENV_VARS.items():
            raw = env.get(var)
            if raw is not None and (raw.strip() or name == "grpc_port"):  # an empty variable is unset
                values[name] = parse_setting(name, raw, var)
        return cls(**values).with_overrides(source, **overrides)  # type: ignore[arg-type]  # checked above

    def with_overrides(self, source: str = "{}", **overrides: object) -> Settings:
        """These settings with the overrides that are not None, each checked and named by `source` in errors."""
        checked = {
            name: parse_setting(name, value, source.format(name))
            for name, value in overrides.items()
            if value is not None
        }
        return replace(self, **checked)  # type: ignore[arg-type]  # parse_setting returns the field's type

    def redacted_db_url(self) -> str:
        """The database URL with any password hidden, for logs and status pages."""
        from sqlalchemy.engine import make_url

        try:
            return make_url(self.db_url).render_as_string(hide_password=True)
        except Exception:  # an unparsable URL is reported as such, never echoed with secrets
            return "<unparsable database URL>"


def _label(name: str) -> str:
    var = ENV_VARS.get(name)
    return f"{name} ({var})" if var else name
