"""The backend as one object: settings, database, RPC table and the invoke path every transport uses."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from google.protobuf.message import Message
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .artifacts import ArtifactStore, StoredObject, open_store
from .errors import AlreadyExists, ModelDBError, NotFound, Unavailable
from .rpc import Rpc
from .services import request_keys
from .services.context import CallContext
from .services.registry import served_rpcs
from .settings import Settings
from .store import migrate
from .store.engine import SHUTTING_DOWN, Database, PoolSettings, Ticket, current_ticket
from .validation import validate_request

log = logging.getLogger(__name__)
T = TypeVar("T")
SHUTDOWN_GRACE_S = 5.0  # how long requests under way may still finish once shutdown begins
COMMIT_SETTLE_S = 5.0  # how long shutdown waits for COMMITs under way when it abandons the rest
ABANDONED = (
    "the server shut down before the request finished; nothing of it was saved (its transaction rolled back): "
    "retry the request"
)


class Backend:
    """A running backend: call `invoke` (blocking) or `ainvoke` (from an event loop)."""

    def __init__(self, settings: Settings, database: Database) -> None:
        self.settings = settings
        self.db = database
        self.rpcs: dict[str, Rpc] = served_rpcs()  # checked against the service classes before any I/O
        self.artifacts: ArtifactStore = open_store(settings.artifact_root, settings.s3_endpoint_url)
        self.schema_revision = migrate.upgrade(database.engine)
        self._by_name = {(r.service.rsplit(".", 1)[-1], r.name): r for r in self.rpcs.values()}
        # Where callers without an HTTP request of their own (gRPC, in-process) reach the HTTP endpoints;
        # the standalone server replaces it with its real address once it listens.
        self.default_base_url = f"http://{settings.host}:{settings.port}"
        self._executor = ThreadPoolExecutor(max_workers=settings.db_threads, thread_name_prefix="modeldb-db")
        self._jobs: dict[concurrent.futures.Future[Any], Ticket] = {}
        self._waiters: set[asyncio.Future[None]] = set()  # one per awaiting caller; resolved on abandon
        self._lock = threading.Lock()
        self._closing = False

    @classmethod
    def open(cls, settings: Settings | None = None) -> Backend:
        settings = settings or Settings.from_env()
        return cls(settings, Database.from_url(settings.db_url, PoolSettings.from_settings(settings)))

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

    def invoke(
        self,
        rpc: Rpc,
        request: Message,
        actor: str = "local",
        base_url: str | None = None,
        idempotency_key: str | None = None,
    ) -> Message:
        """Run one RPC in one transaction: its changes and its audit record commit together or not at all.

        With an idempotency key, a mutating RPC runs once per key and caller (services/request_keys.py)."""

        validate_request(request)
        keyed = request_keys.keyed_call(rpc, request, actor, idempotency_key)

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

        if keyed is not None:
            return request_keys.run_once(self.db, keyed, self.settings.idempotency_key_ttl_seconds, work)
        try:
            return self.db.run(work, write=rpc.mutating)
        except IntegrityError as exc:
            raise AlreadyExists.raced(rpc.name) from exc

    async def ainvoke(
        self,
        rpc: Rpc,
        request: Message,
        actor: str = "local",
        base_url: str | None = None,
        idempotency_key: str | None = None,
    ) -> Message:
        return await self.run_blocking(self.invoke, rpc, request, actor, base_url, idempotency_key)

    async def run_blocking(self, fn: Callable[..., T], *args: Any) -> T:
        """Run blocking work (database, disk) on the backend's worker threads.

        Once shutdown abandons the work (see `aclose`), the caller gets a 503 at once; the thread may still
        be blocked, but its transaction can no longer commit.
        """
        ticket = Ticket()
        job = self._submit(fn, args, ticket)
        loop = asyncio.get_running_loop()
        work: asyncio.Future[T] = asyncio.wrap_future(job, loop=loop)
        abandoned: asyncio.Future[None] = loop.create_future()
        with self._lock:
            self._waiters.add(abandoned)
        try:
            either: set[asyncio.Future[Any]] = {work, abandoned}
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
            if work.done() and not work.cancelled():
                return work.result()
            if ticket.committed:  # it committed before the gate closed: its answer is on its way
                return await self._settle(work)
            work.cancel()  # stops a job still queued; a running thread cannot be interrupted
            raise Unavailable(ABANDONED)
        finally:
            with self._lock:
                self._waiters.discard(abandoned)

    @staticmethod
    async def _settle(work: asyncio.Future[T]) -> T:
        try:
            return await asyncio.wait_for(asyncio.shield(work), COMMIT_SETTLE_S)
        except TimeoutError:
            raise Unavailable("the server shut down while answering; the request's changes were saved") from None

    def _submit(self, fn: Callable[..., T], args: tuple[Any, ...], ticket: Ticket) -> concurrent.futures.Future[T]:
        def job() -> T:
            token = current_ticket.set(ticket)
            try:
                return fn(*args)
            finally:
                current_ticket.reset(token)

        with self._lock:
            if self._closing:
                raise Unavailable(SHUTTING_DOWN)
            future = self._executor.submit(job)
            self._jobs[future] = ticket
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: concurrent.futures.Future[Any]) -> None:
        with self._lock:
            self._jobs.pop(future, None)

    @property
    def busy_workers(self) -> int:
        """Work items still running (after shutdown: the ones abandoned, blocked in their thread)."""
        with self._lock:
            return len(self._jobs)

    @property
    def queue_depth(self) -> int:
        """Work items waiting for a thread: the executor runs as many as it has threads, the rest queue."""
        return max(0, self.busy_workers - self._executor._max_workers)

    async def upload_is_open(self, path: str, upload_id: str | None = None) -> bool:
        """Whether an upload URL issued by the API waits for the bytes of `path` (the local PUT endpoint asks)."""
        from .artifacts.local_transfer import upload_is_open_now

        return await self.run_blocking(upload_is_open_now, self, path, upload_id)

    async def record_upload(self, path: str, stored: StoredObject, actor: str = "local") -> int:
        """Note that the bytes of `path` arrived whole (size, SHA-256) through the local store's endpoint."""
        from .artifacts.local_transfer import record_upload_now

        return await self.run_blocking(record_upload_now, self, path, stored, actor)

    def call(self, service: str, name: str, request: Message | dict[str, Any] | None = None) -> Message:
        """Convenience for in-process callers: request as a message or a dict of proto field names."""
        from google.protobuf import json_format

        rpc = self.rpc(service, name)
        if not isinstance(request, Message):
            request = json_format.ParseDict(request or {}, rpc.request_cls())
        return self.invoke(rpc, request)

    def begin_shutdown(self) -> None:
        """Refuse new work (503); work under way goes on."""
        with self._lock:
            self._closing = True

    async def aclose(self, grace: float = SHUTDOWN_GRACE_S) -> int:
        """`close` for a caller on an event loop, which keeps running (abandoned callers get their 503s)."""
        return await asyncio.get_running_loop().run_in_executor(None, self.close, grace)

    def close(self, grace: float = SHUTDOWN_GRACE_S) -> int:
        """Shut down in bounded time: work under way gets `grace` seconds, then it is abandoned.

        Abandoned work cannot commit any more (its transaction rolls back when its thread gets
        unblocked, or when the process exits); its callers are answered 503. Returns how many were abandoned.
        """
        self.begin_shutdown()
        self._drain(grace)
        return self._finish_close()

    def _drain(self, grace: float) -> None:
        with self._lock:
            pending = list(self._jobs)
        concurrent.futures.wait(pending, timeout=grace)

    def _finish_close(self) -> int:
        if not self.db.gate.close(COMMIT_SETTLE_S):
            log.warning("a COMMIT was still under way after %s s; shutting down anyway", COMMIT_SETTLE_S)
        with self._lock:
            abandoned, waiters = len(self._jobs), list(self._waiters)
        for waiter in waiters:
            with contextlib.suppress(RuntimeError):  # its loop is closed: nobody is waiting any more
                waiter.get_loop().call_soon_threadsafe(_resolve, waiter)
        if abandoned:
            log.warning("abandoned %d request(s) still running after the grace period; they roll back", abandoned)
        self._executor.shutdown(wait=False, cancel_futures=True)
        self.db.dispose()
        return abandoned


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


__all__ = ["Backend", "ModelDBError"]
