"""The one settings object: every knob of the backend, read from arguments or MODELDB_* variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_MAX_BODY = 32 * 1024 * 1024
DEFAULT_MAX_UPLOAD = 64 * 1024**3


def modeldb_home() -> Path:
    """Where the embedded default keeps its database and artifacts (`$MODELDB_HOME`, else ~/.modeldb)."""
    return Path(os.environ.get("MODELDB_HOME") or Path.home() / ".modeldb").expanduser()


def default_db_url(home: Path | None = None) -> str:
    return f"sqlite:///{(home or modeldb_home()) / 'modeldb.sqlite'}"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from exc


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    """Configuration of one backend instance (standalone server, Jupyter extension or in-process)."""

    db_url: str = field(default_factory=default_db_url)
    artifact_root: str = field(default_factory=lambda: str(modeldb_home() / "artifacts"))
    s3_endpoint_url: str | None = None  # an S3-compatible service (MinIO, ...) instead of AWS
    host: str = "127.0.0.1"
    port: int = 8080
    grpc_port: int | None = 8085
    token: str | None = None
    insecure: bool = False
    max_body_size: int = DEFAULT_MAX_BODY
    max_upload_size: int = DEFAULT_MAX_UPLOAD
    max_value_bytes: int = 64 * 1024
    workers: int = 8
    heartbeat_sweep_seconds: float = 30.0  # how often dead RUNNING runs are marked KILLED; 0 = never

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from MODELDB_* variables; explicit keyword overrides (not None) win."""
        home = modeldb_home()
        grpc_raw = os.environ.get("MODELDB_GRPC_PORT")
        base = cls(
            db_url=os.environ.get("MODELDB_DB_URL") or default_db_url(home),
            artifact_root=os.environ.get("MODELDB_ARTIFACT_ROOT") or str(home / "artifacts"),
            s3_endpoint_url=os.environ.get("MODELDB_S3_ENDPOINT_URL") or None,
            host=os.environ.get("MODELDB_HOST") or "127.0.0.1",
            port=_env_int("MODELDB_PORT", 8080),
            grpc_port=(None if grpc_raw in ("off", "none", "") else int(grpc_raw)) if grpc_raw is not None else 8085,
            token=os.environ.get("MODELDB_TOKEN") or None,
            max_body_size=_env_int("MODELDB_MAX_BODY_SIZE", DEFAULT_MAX_BODY),
            max_upload_size=_env_int("MODELDB_MAX_UPLOAD_SIZE", DEFAULT_MAX_UPLOAD),
            heartbeat_sweep_seconds=_env_float("MODELDB_HEARTBEAT_SWEEP_SECONDS", 30.0),
        )
        return replace(base, **{k: v for k, v in overrides.items() if v is not None})

    def redacted_db_url(self) -> str:
        """The database URL with any password hidden, for logs and status pages."""
        from sqlalchemy.engine import make_url

        try:
            return make_url(self.db_url).render_as_string(hide_password=True)
        except Exception:  # an unparsable URL is reported as such, never echoed with secrets
            return "<unparsable database URL>"
