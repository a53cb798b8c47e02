"""Idempotency keys of mutating RPCs: a retried write is applied once, on any replica.

A caller may send a key with any mutating RPC (HTTP header `Idempotency-Key`, gRPC metadata `idempotency-key`).
The first call with a key runs, and its answer (the serialised response message) is stored with the caller,
the key, the RPC and the SHA-256 of the request IN THE CALL'S OWN TRANSACTION: the write and its key commit
together or not at all. A later call with the same key (same caller) gets that answer without running again;
the same key on another RPC or another request is refused (409 / ALREADY_EXISTS). Keys are the caller's
own namespace (the primary key is (actor, key)), so nobody can read another person's answers by guessing keys.

Concurrent twins (a client retried while its first try still runs): both look the key up and find nothing;
the second one's INSERT of the key waits for the first transaction (the primary key) and fails once it
commits, so the second rolls back all it did and answers with the first one's stored answer. A twin that
fails earlier (its own unique name collides with the first one's new row: AlreadyExists) is answered the same
way: any failure of a keyed call looks the key up once more before it is reported.

Costs per keyed write: one primary-key SELECT and one INSERT. Read-only RPCs ignore keys; RPCs whose request
carries its own `idempotency_key` (ExtensionService.logBatch: services/ext/series.py) keep theirs only, so a
batch is never recorded twice. Keys live `idempotency_key_ttl_seconds` (24 h); the server's periodic sweep
deletes older ones in bounded batches (`purge_expired`), and an expired key found on the way is reused.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from google.protobuf.message import Message
from sqlalchemy import bindparam, delete, insert, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import AlreadyExists, InvalidArgument, ModelDBError
from ..store.models import RequestKey
from .context import now_ms

if TYPE_CHECKING:
    from ..rpc import Rpc
    from ..store.engine import Database

log = logging.getLogger(__name__)
HEADER = "Idempotency-Key"
METADATA = "idempotency-key"  # gRPC metadata keys are lower-case
MAX_KEY_CHARS = 128
# A UUID, a ULID, base64 (url-safe or not) or any such token fits; no spaces, commas or control characters.
_KEY = re.compile(r"[A-Za-z0-9._:~+/=-]+")
OWN_KEY_FIELD = "idempotency_key"  # a request field of that name: the RPC deduplicates by itself
PURGE_BATCH = 1000  # keys deleted per transaction by the sweep (short write transactions)
PURGE_MAX_BATCHES = 100  # per sweep; the rest goes on the next one
PURGE_EVERY_S = 60.0  # the heartbeat sweep runs every 30 s by default; expired keys need no such haste
_T = RequestKey.__table__
# Built once: composing a statement per call cost more than running it (SQLite: 85 and 140 us of CPU for the
# SELECT and the INSERT built per call, 34 and 31 us prebuilt with bound parameters).
_SELECT = select(_T.c.rpc, _T.c.request_sha256, _T.c.response, _T.c.created_at).where(
    _T.c.actor == bindparam("actor"), _T.c.key == bindparam("key")
)
_INSERT = insert(_T)


class KeyReused(AlreadyExists):
    """The key was used before for another request or RPC: 409 / ALREADY_EXISTS, as a logBatch whose own key
    belongs to another run's batch (services/ext/series.py)."""


def check_key(raw: str | None) -> str | None:
    """The key as sent, or None when there is none (absent or empty); InvalidArgument for a malformed one."""
    if raw is None or raw == "":
        return None
    if len(raw) > MAX_KEY_CHARS:
        raise InvalidArgument(f"{HEADER} is {len(raw)} characters long; the limit is {MAX_KEY_CHARS}")
    if not _KEY.fullmatch(raw):
        raise InvalidArgument(
            f"{HEADER} {raw[:40]!r} has characters other than letters, digits and . _ : ~ + / = - (use a UUID)"
        )
    return raw


@dataclass(frozen=True)
class KeyedCall:
    """One keyed call of a mutating RPC: who, which key, which RPC and which request (its digest)."""

    rpc: Rpc
    actor: str
    key: str
    digest: str


def keyed_call(rpc: Rpc, request: Message, actor: str, key: str | None) -> KeyedCall | None:
    """The call to deduplicate, or None: no key, a read-only RPC, or an RPC with its own idempotency key.

    The digest is taken before the call runs: an implementation may normalise its request in place."""
    key = check_key(key)
    if key is None or not rpc.mutating or OWN_KEY_FIELD in request.DESCRIPTOR.fields_by_name:
        return None
    digest = hashlib.sha256(request.SerializeToString(deterministic=True)).hexdigest()
    return KeyedCall(rpc, actor, key, digest)


def run_once(db: Database, call: KeyedCall, ttl_seconds: float, work: Callable[[Session], Message]) -> Message:
    """Run `work` (the RPC and its audit, in one write transaction) once per key; a replay gets the stored answer."""
    ttl_ms = int(ttl_seconds * 1000)

    def keyed_work(session: Session) -> Message:
        stored = _lookup(session, call, now_ms(), ttl_ms, reclaim=True)
        if stored is not None:
            return stored
        response = work(session)
        # A plain INSERT: a concurrent twin's uncommitted key makes it wait, and fail once the twin commits.
        row = {"actor": call.actor, "key": call.key, "rpc": call.rpc.grpc_path, "request_sha256": call.digest}
        session.execute(_INSERT, {**row, "response": response.SerializeToString(), "created_at": now_ms()})
        return response

    try:
        return db.run(keyed_work, write=True)
    except (IntegrityError, ModelDBError) as exc:
        if isinstance(exc, KeyReused) or (isinstance(exc, ModelDBError) and exc.retryable):
            raise
        # Did a concurrent twin with this key commit meanwhile? Then its answer is this call's answer.
        stored = db.run(lambda session: _lookup(session, call, now_ms(), ttl_ms, reclaim=False), write=False)
        if stored is not None:
            log.info("%s: idempotency key replayed after a concurrent twin committed", call.rpc.name)
            return stored
        if isinstance(exc, IntegrityError):
            raise AlreadyExists.raced(call.rpc.name) from exc
        raise


def _lookup(session: Session, call: KeyedCall, now: int, ttl_ms: int, reclaim: bool) -> Message | None:
    """The stored answer for the key, None when it is unknown or expired (with `reclaim`, an expired key is
    deleted so that this call can take it); KeyReused when the key belongs to another request."""
    c = _T.c
    row = session.execute(_SELECT, {"actor": call.actor, "key": call.key}).first()
    if row is None:
        return None
    if row.created_at < now - ttl_ms:
        if reclaim:
            session.execute(delete(_T).where(c.actor == call.actor, c.key == call.key))
        return None
    if row.rpc != call.rpc.grpc_path:
        raise KeyReused(
            f"{HEADER} {call.key!r} was already used for {row.rpc.rsplit('/', 1)[-1]}: send a new key per request"
        )
    if row.request_sha256 != call.digest:
        raise KeyReused(
            f"{HEADER} {call.key!r} was already used for a different {call.rpc.name} request: use a new key"
        )
    return call.rpc.response_cls.FromString(row.response)


def purge_expired(db: Database, ttl_seconds: float, now: int | None = None) -> int:
    """Delete keys older than the TTL, PURGE_BATCH per transaction (at most PURGE_MAX_BATCHES); returns how many."""
    cutoff = (now_ms() if now is None else now) - int(ttl_seconds * 1000)
    c = _T.c

    def one_batch(session: Session) -> int:
        rows = [
            tuple(r) for r in session.execute(select(c.actor, c.key).where(c.created_at < cutoff).limit(PURGE_BATCH))
        ]
        if rows:
            session.execute(delete(_T).where(tuple_(c.actor, c.key).in_(rows)))
        return len(rows)

    total = 0
    for _ in range(PURGE_MAX_BATCHES):
        done = db.run(one_batch, write=True)
        total += done
        if done < PURGE_BATCH:
            break
    return total


class Purger:
    """`purge_expired` for a periodic task (the server's heartbeat sweep): due on its first pass, then at most
    every PURGE_EVERY_S. Every replica may purge: a key deleted twice is simply gone."""

    def __init__(self, db: Database, ttl_seconds: float) -> None:
        self.db, self.ttl_seconds = db, ttl_seconds
        self._last: float | None = None

    def due(self) -> bool:
        return self._last is None or time.monotonic() - self._last >= PURGE_EVERY_S

    def __call__(self) -> int:
        self._last = time.monotonic()
        return purge_expired(self.db, self.ttl_seconds)
