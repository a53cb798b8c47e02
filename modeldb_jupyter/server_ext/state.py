"""The backend as the Jupyter server holds it: opened at start, reported in status, closed at stop."""

from __future__ import annotations

import logging
import secrets
import threading
from typing import Any

from modeldb_backend import __version__ as backend_version
from modeldb_backend.backend import Backend
from modeldb_backend.errors import Unavailable
from modeldb_backend.settings import Settings


class BackendState:
    """Owns the Backend; a failure to open it is kept and reported instead of stopping Jupyter."""

    def __init__(self, settings: Settings, log: logging.Logger, error: str | None = None) -> None:
        """`error`: why the backend must not open (a bad setting); it is reported like a failure to open."""
        self.settings = settings
        self.log = log
        self.kernel_token = secrets.token_urlsafe(32)
        self.backend: Backend | None = None
        self.error = error
        self._lock = threading.Lock()

    def open(self) -> None:
        if self.error is not None:
            self.log.error("ModelDB backend not started: %s", self.error)
            return
        try:
            self.backend = Backend.open(self.settings)
        except Exception as exc:  # any failure: Jupyter keeps serving notebooks, status says why
            self.error = f"{type(exc).__name__}: {exc}".replace(self.settings.db_url, self.settings.redacted_db_url())
            self.log.error("ModelDB backend could not open %s: %s", self.settings.redacted_db_url(), self.error)
            return
        self.log.info(
            "ModelDB backend ready: database %s (%s, schema %s), artifacts %s (%s)",
            self.settings.redacted_db_url(),
            self.backend.db_kind,
            self.backend.schema_revision,
            self.settings.artifact_root,
            self.backend.artifact_store_kind,
        )

    def require_backend(self) -> Backend:
        if self.backend is None:
            raise Unavailable(f"the ModelDB backend is not available: {self.error or 'not started'}")
        return self.backend

    def status(self) -> dict[str, Any]:
        backend = self.backend
        return {
            "version": backend_version,
            "ok": backend is not None,
            "error": self.error,
            "database": self.settings.redacted_db_url(),
            "database_kind": backend.db_kind if backend else None,
            "schema_revision": backend.schema_revision if backend else None,
            "artifact_store": self.settings.artifact_root,
            "artifact_store_kind": backend.artifact_store_kind if backend else None,
        }

    def close(self) -> None:
        if self.backend is not None:
            self.backend.close()
            self.backend = None
