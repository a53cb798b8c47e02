"""The backend as one object: settings, database, RPC table and the invoke path every transport uses."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from google.protobuf.message import Message
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .artifacts import ArtifactStore, StoredObject, open_store
from .errors import AlreadyExists, ModelDBError, NotFound
from .rpc import Rpc, build_table
from .services.context import CallContext
from .services.registry import service_triples
from .settings import Settings
from .store import migrate
from .store.engine import Database
from .validation import reject_nul_strings

log = logging.getLogger(__name__)
T = TypeVar("T")


class Backend:
    """A running backend: call `invoke` (blocking) or `ainvoke` (from an event loop)."""

    def __init__(self, settings: Settings, database: Database) -> None:
        self.settings = settings
        self.db = database
        self.artifacts: ArtifactStore = open_store(settings.artifact_root, settings.s3_endpoint_url)
        self.schema_revision = migrate.upgrade(database.engine)
        self.rpcs: dict[str, Rpc] = build_table(service_triples(self))
        self._by_name = {(r.service.rsplit(".", 1)[-1], r.name): r for r in self.rpcs.values()}
        # Where callers without an HTTP request of their own (gRPC, in-process) reach the HTTP endpoints;
        # the standalone server replaces it with its real address once it listens.
        self.default_base_url = f"http://{settings.host}:{settings.port}"
        self._executor = ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="modeldb-db")

    @classmethod
    def open(cls, settings: Settings | None = None) -> Backend:
        settings = settings or Settings.from_env()
        return cls(settings, Database.from_url(settings.db_url))

    @property
    def artifact_store_kind(self) -> str:
        return self.artifacts.kind

    @property
    def db_kind(self) -> str:
        return self.db.engine.dialect.name

    def rpc(self, service: str, name: str) -> Rpc:
        """Look an RPC up by short service name (`ProjectService`) and method name."""
        try:
            return self._by_name[(service, name)]
        except KeyError:
            raise NotFound(f"no RPC {service}.{name}") from None

    def invoke(self, rpc: Rpc, request: Message, actor: str = "local", base_url: str | None = None) -> Message:
        """Run one RPC in one transaction: its changes and its audit record commit together or not at all."""

        reject_nul_strings(request)

        def work(session: Session) -> Message:
            ctx = CallContext(
                session=session,
                settings=self.settings,
                actor=actor,
                artifacts=self.artifacts,
                base_url=base_url if base_url is not None else self.default_base_url,
            )
            response = rpc.handler(ctx, request)
            if rpc.mutating:
                ctx.write_audit(rpc.name, request, rpc.entity_type)
            return response

        try:
            return self.db.run(work, write=rpc.mutating)
        except IntegrityError as exc:
            # A uniqueness race the service's own checks could not see (two concurrent creates).
            raise AlreadyExists(f"{rpc.name}: the entity already exists in database") from exc

    async def ainvoke(self, rpc: Rpc, request: Message, actor: str = "local", base_url: str | None = None) -> Message:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.invoke, rpc, request, actor, base_url)

    async def run_blocking(self, fn: Callable[..., T], *args: Any) -> T:
        """Run blocking work (database, disk) on the backend's worker threads."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    async def upload_is_open(self, path: str, upload_id: str | None = None) -> bool:
        """Whether an upload URL issued by the API waits for the bytes of `path` (the local PUT endpoint asks)."""
        from .services.uploads import upload_is_open

        return await self.run_blocking(lambda: self.db.run(lambda s: upload_is_open(s, path, upload_id), write=False))

    async def record_upload(self, path: str, stored: StoredObject, actor: str = "local") -> int:
        """Note that the bytes of `path` arrived whole (size, SHA-256) through the local store's endpoint."""
        from .services.uploads import record_upload

        return await self.run_blocking(lambda: self.db.run(lambda s: record_upload(s, path, stored, actor), write=True))

    def call(self, service: str, name: str, request: Message | dict[str, Any] | None = None) -> Message:
        """Convenience for in-process callers: request as a message or a dict of proto field names."""
        from google.protobuf import json_format

        rpc = self.rpc(service, name)
        if not isinstance(request, Message):
            request = json_format.ParseDict(request or {}, rpc.request_cls())
        return self.invoke(rpc, request)

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        self.db.dispose()


__all__ = ["Backend", "ModelDBError"]
