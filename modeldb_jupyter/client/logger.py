"""The background sender: non-blocking, lossless logging.

`log_*` calls validate, then append a tuple to `Sender.queue` (a deque: thread-safe, no lock). One daemon
thread per client drains the queue, groups items per run into `LogBatch` messages (each with an idempotency
key fixed before its first send) and sends them in order. Run status changes travel the same ordered path.
A run started with `Client.start_run` is created by the sender too: its creation (a client-chosen id) goes
with its first batch, and with its end status when that is queued already, in a `createRuns`; consecutive
creations share one call (one transaction on the server).

Failures: a 5xx or no answer is retried with exponential backoff; after a few failures (or when too many
batches wait in memory) pending requests are spooled to the journal and replayed later, deleted only once the
backend acknowledged them. A 4xx means the request can never succeed (e.g. the run was deleted): it is
reported once (a warning and `Client.errors`), kept under journal/rejected/ and dropped.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import warnings
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from google.protobuf.message import Message

from modeldb_backend.pb.ext import extension_pb2

from .batches import (
    BARRIER,
    CREATE,
    CREATE_RUNS,
    RUNNING,
    SERVICE,
    STATUS,
    BatchBuilder,
    Entry,
    build_create_runs,
    encode_create_runs,
    status_message,
)
from .errors import ModelDBError, ModelDBWarning, NotFoundError, UnauthenticatedError, UnimplementedError
from .journal import Journal
from .transport import Transport, lookup, rpc_name

log = logging.getLogger("modeldb_jupyter.client")

LINGER = 0.1  # seconds to let items accumulate after the first one, so small logs share a request
LINGER_MAX_ITEMS = 1000  # with this many items already queued, send at once
IDLE_WAIT = 1.0
SPOOL_AFTER_FAILURES = 3
MAX_BACKOFF = 30.0
# Unsent items kept in memory (about 100 bytes each); beyond this, whole batches are spooled to the journal.
# Counted in items, not batches: logging to many runs at once makes many small batches, which are no burden.
MAX_IN_MEMORY = 200_000
HEARTBEAT_EVERY = 30.0
# Creations sharing one createRuns call: bounds the request (and the server's transaction) whatever the queue.
GROUP_RUNS = 500
GROUP_ITEMS = 100_000
MAX_ERRORS = 1000


@dataclass
class LogError:
    """A request the backend refused for good (4xx); its data was not stored (a copy is in `saved_to`)."""

    run_id: str
    rpc: str
    error: ModelDBError
    items: int
    saved_to: Path | None
    time: float = field(default_factory=time.time)

    def __str__(self) -> str:
        return f"{self.rpc} for run {self.run_id} ({self.items} items) refused: {self.error}"


class Barrier:
    """Set when everything queued before it was acknowledged (acked=True) or safely spooled (acked=False)."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.acked = True

    def resolve(self, acked: bool) -> None:
        self.acked = self.acked and acked
        self.done.set()


class Sender:
    """Owns the queue, the ordered outbox, the journal and the one background thread of a client."""

    def __init__(self, transport: Transport, journal: Journal) -> None:
        self.transport = transport
        self.journal = journal
        self.queue: deque[tuple[Any, ...]] = deque()
        self.attention = True  # checked on every log call: wake the thread / start it / show a notice
        self.errors: deque[LogError] = deque(maxlen=MAX_ERRORS)
        self.notices: list[str] = []
        self._init_state()

    def _init_state(self) -> None:
        self._lock = threading.Lock()  # guards the outbox and drains (the thread and close() both touch them)
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._outbox: deque[Entry] = deque()
        self._builder = BatchBuilder()
        self._failures = 0
        self._retry_at = 0.0
        self._outage_since: float | None = None
        self._urgent = 0  # flushes waiting right now: do not linger
        self._flushes = 0  # flushes ever requested; in an outage each one earns an immediate retry
        self._tried_for = 0
        self._adopted_for = 0
        self._stopping = False
        self._closed = False
        self._running: set[str] = set()  # runs to keep alive with heartbeats
        self._next_heartbeat = time.monotonic() + HEARTBEAT_EVERY
        self._heartbeats_ok = True
        self._warned: set[tuple[str, int]] = set()
        # Runs whose creation is queued but not yet acknowledged (or refused): synchronous calls wait for them.
        self.unborn: set[str] = set()
        self._singly = 0  # creations to send one per call (after a shared call was refused: find the bad one)

    # --- user-thread side ------------------------------------------------------------------------------------

    def poke(self, stacklevel: int = 3) -> None:
        """Called from log calls when `attention` is set: start/wake the thread and show pending notices."""
        self.attention = False
        if self._thread is None or not self._thread.is_alive():
            self.start()
        self._wake.set()
        self._show_notices(stacklevel + 1)

    def _show_notices(self, stacklevel: int) -> None:
        while self.notices:
            warnings.warn(self.notices.pop(0), ModelDBWarning, stacklevel=stacklevel)

    def start(self) -> None:
        if self._closed:
            raise RuntimeError("this client is closed: create a new Client to log more")
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._main, name="modeldb-sender", daemon=True)
                self._thread.start()

    def start_if_journal(self) -> None:
        """Replay what earlier clients of this backend left behind, without waiting for a first log call."""
        if self.journal.has_orphans():
            self.start()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything queued so far is acknowledged (True) or spooled to the journal (False).

        Returns False as well when `timeout` passes first; nothing is lost either way.
        """
        if self._closed:
            return not self.queue and not self._outbox
        barrier = Barrier()
        self.queue.append((None, BARRIER, barrier))
        self._urgent += 1
        self._flushes += 1
        try:
            self.poke(stacklevel=4)
            done = barrier.done.wait(timeout) and barrier.acked
        finally:
            self._urgent -= 1
        self._show_notices(stacklevel=4)
        return done

    def close(self, timeout: float | None) -> bool:
        """Flush (bounded), stop the thread, spool whatever is still unsent, release the journal."""
        if self._closed:
            return True
        sent = self.flush(timeout) if (self.queue or self._outbox or self._thread) else True
        self._stopping = True
        self._wake.set()
        thread = self._thread
        if thread is not None:
            thread.join(5.0)
        with self._lock:
            self._closed = True
            self._drain_locked()
            left = [e for e in self._outbox if e.barrier is None]
            for entry in left:
                self._spool(entry)
            for entry in self._outbox:
                if entry.barrier is not None:
                    entry.barrier.resolve(False)
        if left:
            log.warning("%d request(s) not yet sent are kept in %s for the next client", len(left), self.journal.root)
        self.journal.release()
        self.attention = True  # the next log call learns that this client is closed
        return sent and not left

    def after_fork(self) -> None:
        """In a forked child: the queue, outbox and journal directory belong to the parent process."""
        self.queue.clear()
        self.notices.clear()
        self.journal.forget_after_fork()
        self._init_state()
        self.attention = True

    # --- the thread ---------------------------------------------------------------------------------------------

    def _main(self) -> None:
        try:
            self._adopt()
            while not self._done():
                self._sleep()
                if self._flushes != self._adopted_for:  # each flush also looks for data gone clients left
                    self._adopted_for = self._flushes
                    self._adopt()
                with self._lock:
                    if self._closed:
                        return
                    self._drain_locked()
                if self._may_send_now():
                    self._send_all()
                self._heartbeat_if_due()
        except Exception:  # never let the thread die silently: the data stays queued for close() to spool
            log.exception("modeldb sender thread failed")
            self._notice("the background sender failed (see the log); unsent data will be spooled at exit")

    def _done(self) -> bool:
        return self._stopping and not self.queue and (not self._outbox or self._failures > 0)

    def _may_send_now(self) -> bool:
        """Healthy, or the backoff has run out, or (in an outage) a new flush asks for one more try now."""
        if not self._failures or time.monotonic() >= self._retry_at:
            return True
        return self._outage_since is not None and self._flushes != self._tried_for and not self._stopping

    def _wait(self, timeout: float) -> None:
        if timeout > 0:
            self._wake.wait(timeout)
            self._wake.clear()

    def _sleep(self) -> None:
        if self._stopping:
            return
        now = time.monotonic()
        if self._failures:  # backing off: still wake now and then to spool new items, or for a flush
            if not self._may_send_now():
                self._wait(min(self._retry_at - now, IDLE_WAIT))
            return
        if self._outbox or self._urgent or len(self.queue) >= LINGER_MAX_ITEMS:
            return
        if not self.queue:
            # Announce "wake me" before the last look at the queue, so an item appended in between is seen.
            self.attention = True
            if self.queue:
                return
            self._wait(min(IDLE_WAIT, max(self._next_heartbeat - now, 0.0)))
            if not self.queue or self._urgent:
                return
        self._wait(LINGER)  # let a burst finish arriving; a flush cuts this short

    def _drain_locked(self) -> None:
        """Queue → outbox entries, preserving order per run (a status or a barrier closes open batches)."""
        queue, builder = self.queue, self._builder
        while queue:
            item = queue.popleft()
            kind = item[1]
            if kind == BARRIER:
                self._outbox.extend(builder.finish_all())
                self._outbox.append(Entry("barrier", "", barrier=item[2]))
            elif kind == STATUS:
                self.note_status(item[0], item[2] == RUNNING)
                if builder.fold_status(item):
                    continue
                self._outbox.extend(builder.finish(item[0]))
                rpc = rpc_name(extension_pb2.SetRunStatus, SERVICE)
                self._outbox.append(Entry(rpc, item[0], status_message(item), items=1))
            else:
                if kind == CREATE and item[2].status == RUNNING:
                    self.note_status(item[0], True)
                full = builder.add(item)
                if full is not None:
                    self._outbox.append(full)
        self._outbox.extend(builder.finish_all())
        self._spool_excess()

    def _spool_excess(self) -> None:
        """In an outage everything new goes to disk at once; otherwise only what exceeds the memory budget."""
        in_memory = 0
        for entry in self._outbox:
            if entry.barrier is not None or entry.path is not None:
                continue
            in_memory += entry.items
            if self._outage_since is not None or in_memory > MAX_IN_MEMORY:
                self._spool(entry)

    def _spool(self, entry: Entry) -> None:
        message = entry.proto()
        if entry.path is not None or message is None:
            return
        try:
            entry.path = self.journal.write(entry.rpc, message.SerializeToString())
        except OSError as exc:  # a full or read-only disk: keep it in memory, it is still retried
            self._notice(f"cannot write the journal in {self.journal.root}: {exc}; unsent data is only in memory")
            return
        entry.forget()

    def _send_all(self) -> None:
        if self._failures and self._outage_since is not None:
            self._tried_for = self._flushes
        while True:
            with self._lock:
                entry = self._outbox[0] if self._outbox else None
            if entry is None:
                return
            if entry.barrier is not None:
                with self._lock:
                    self._outbox.popleft()
                entry.barrier.resolve(True)
                continue
            group = self._creations(entry)
            if not (self._send_group(group) if len(group) > 1 else self._send_one(entry)):
                return

    def _creations(self, head: Entry) -> list[Entry]:
        """The head and the in-memory creations right after it, when the head is one: they share a call."""
        if not head.creates:
            return [head]
        if self._singly:
            self._singly -= 1
            return [head]
        group: list[Entry] = []
        items = 0
        with self._lock:
            for entry in self._outbox:
                if entry.barrier is not None:  # a flush point between creations (run.end queues one per run)
                    continue
                if not entry.creates or len(group) >= GROUP_RUNS or (group and items + entry.items > GROUP_ITEMS):
                    break
                group.append(entry)
                items += entry.items
        return group

    def _send_group(self, group: list[Entry]) -> bool:
        """Several creations (never spooled ones: those have a file each) in one createRuns; True when all
        are acknowledged. A refusal sends them again one per call, so only the run at fault is refused."""
        body = encode_create_runs(group) if self.transport.sends_json else None
        message = None if body is not None else build_create_runs(group)
        try:
            self.transport.call(SERVICE, CREATE_RUNS, message, body)
        except ModelDBError as exc:
            if exc.transient or isinstance(exc, UnauthenticatedError):
                self._failed(exc)
                return False
            self._singly = len(group)
            return True
        barriers = []
        with self._lock:
            left = len(group)  # the group and the flush points among it lead the outbox, in order
            while left and self._outbox:
                entry = self._outbox.popleft()
                if entry.barrier is not None:
                    barriers.append(entry.barrier)
                    continue
                left -= 1
                self.unborn.discard(entry.run_id)
        for barrier in barriers:
            barrier.resolve(True)
        self._recovered()
        return True

    def _send_one(self, entry: Entry) -> bool:
        """Send the head entry; True when it is done with (acknowledged or refused for good)."""
        body = entry.json_body() if self.transport.sends_json else None
        try:
            message = None if body is not None else (entry.proto() or self._load(entry))
        except (OSError, ValueError) as exc:  # a damaged journal file: set it aside, go on with the rest
            log.warning("journal file %s cannot be read (%s); moved aside", entry.path, exc)
            self._set_aside(entry)
            return True
        try:
            self.transport.call(SERVICE, entry.rpc, message, body)
        except ModelDBError as exc:
            # A missing or wrong token is fixed by configuration, not by dropping data: keep it for later.
            if exc.transient or isinstance(exc, UnauthenticatedError):
                self._failed(exc)
                return False
            self._refused(entry, message or entry.proto() or self._load(entry), exc)
        with self._lock:
            if entry.rpc == CREATE_RUNS:
                self.unborn.discard(entry.run_id)
            if entry.path is not None:
                self.journal.delete(entry.path)
            if self._outbox and self._outbox[0] is entry:
                self._outbox.popleft()
        self._recovered()
        return True

    def _set_aside(self, entry: Entry) -> None:
        with self._lock:
            if entry.path is not None:
                target = self.journal.root.parent / "rejected" / f"damaged-{entry.path.name}"
                target.parent.mkdir(parents=True, exist_ok=True)
                entry.path.replace(target)
            if self._outbox and self._outbox[0] is entry:
                self._outbox.popleft()

    def _load(self, entry: Entry) -> Message:
        assert entry.path is not None
        rpc, payload = self.journal.read(entry.path)
        message = lookup(SERVICE, rpc).request_cls()
        message.ParseFromString(payload)
        return message

    def _failed(self, exc: ModelDBError) -> None:
        self._failures += 1
        delay = min(MAX_BACKOFF, 0.5 * 2 ** (self._failures - 1)) * random.uniform(0.8, 1.2)
        self._retry_at = time.monotonic() + delay
        if self._failures >= SPOOL_AFTER_FAILURES or self._outage_since is not None:
            self._enter_outage(exc)

    def _enter_outage(self, exc: ModelDBError) -> None:
        """Spool everything pending and release flushes: their data is safe on disk, if not yet sent."""
        with self._lock:
            for entry in self._outbox:
                if entry.barrier is None:
                    self._spool(entry)
            barriers = [e for e in self._outbox if e.barrier is not None]
            for entry in barriers:
                self._outbox.remove(entry)
        if self._outage_since is None:  # announced before flushes return, so they can show it
            self._outage_since = time.time()
            pending = sum(e.items for e in self._outbox)
            self._notice(
                f"the ModelDB backend ({self.transport.target.describe()}) is not answering ({exc.message}); "
                f"{pending} logged item(s) are kept in {self.journal.root} and will be sent when it answers again"
            )
        for entry in barriers:
            assert entry.barrier is not None
            entry.barrier.resolve(False)

    def _recovered(self) -> None:
        if self._failures == 0:
            return
        self._failures = 0
        self._retry_at = 0.0
        if self._outage_since is not None:
            log.info("the ModelDB backend answers again; sending the data kept since the outage began")
            self._outage_since = None

    def _refused(self, entry: Entry, message: Message, exc: ModelDBError) -> None:
        if isinstance(message, extension_pb2.SetRunStatus) and isinstance(exc, UnimplementedError):
            return  # a backend without run states: logging still works, statuses are simply not kept
        saved: Path | None = None
        try:
            saved = self.journal.reject(entry.path, entry.rpc, message.SerializeToString())
            entry.path = None
        except OSError:
            saved = None
        run_id = entry.run_id or getattr(message, "run_id", "")
        self.errors.append(LogError(run_id, entry.rpc, exc, entry.items, saved))
        if entry.rpc == CREATE_RUNS:  # the run will never exist: what follows for it is refused without a word
            self._warned.add((run_id, -1))
            with self._lock:
                self._running.discard(run_id)
        elif (run_id, -1) in self._warned:
            return
        if (run_id, exc.code) not in self._warned:
            self._warned.add((run_id, exc.code))
            where = f"; a copy is in {saved}" if saved else ""
            self._notice(f"the backend refused {entry.items} logged item(s) for run {run_id}: {exc}{where}")

    def _notice(self, text: str) -> None:
        log.warning("%s", text)
        self.notices.append(text)
        self.attention = True

    # --- journal replay and heartbeats -------------------------------------------------------------------------

    def _adopt(self) -> None:
        try:
            files = self.journal.adopt()
        except OSError as exc:
            log.warning("cannot read the journal in %s: %s", self.journal.root, exc)
            return
        if files:
            log.info("replaying %d request(s) left in %s by an earlier client", len(files), self.journal.root)
        with self._lock:
            for path in files:
                try:
                    rpc, _ = self.journal.read(path)
                except (OSError, ValueError, KeyError) as exc:
                    log.warning("journal file %s cannot be read (%s); skipped", path, exc)
                    continue
                self._outbox.append(Entry(rpc, "", None, path, items=0))

    def note_status(self, run_id: str, running: bool) -> None:
        """Keep (or stop keeping) a run alive with heartbeats (called with the lock held, from drains)."""
        if running:
            self._running.add(run_id)
        else:
            self._running.discard(run_id)

    def _heartbeat_if_due(self) -> None:
        now = time.monotonic()
        if now < self._next_heartbeat:
            return
        # Set the next time even when there is nothing to send: `_sleep` waits until it, and a time left in
        # the past made an idle sender spin (a whole core, and the GIL, taken from the user's thread).
        self._next_heartbeat = now + HEARTBEAT_EVERY
        if not self._running or not self._heartbeats_ok or self._failures:
            return
        with self._lock:
            run_ids = sorted(self._running)
        try:
            self._heartbeat(run_ids)
        except NotFoundError:  # a run was deleted meanwhile: find it, forget it, keep the others alive
            for run_id in run_ids:
                try:
                    self._heartbeat([run_id])
                except NotFoundError:
                    with self._lock:
                        self._running.discard(run_id)
                except ModelDBError:
                    break
        except UnimplementedError:
            self._heartbeats_ok = False
        except ModelDBError as exc:
            log.debug("heartbeat failed: %s", exc)

    def _heartbeat(self, run_ids: list[str]) -> None:
        message = extension_pb2.Heartbeat(run_ids=run_ids)
        self.transport.call(SERVICE, rpc_name(extension_pb2.Heartbeat, SERVICE), message)

    @property
    def pending(self) -> int:
        """Items not yet acknowledged (queued or in unsent requests)."""
        with self._lock:
            return len(self.queue) + sum(e.items for e in self._outbox)
