"""`modeldb-backend serve --workers N`: N server processes sharing the REST and gRPC ports, under one supervisor.

One Python process runs every request's Python on one core (the GIL), so the standalone server uses several:
the parent migrates the database once, reserves the ports (port 0 becomes one concrete port for all), then starts
N children (`python -m modeldb_backend.workers`, settings as JSON on stdin). Each child is a whole server with its
own event loop, DB threads and connection pool, bound with SO_REUSEPORT so the kernel spreads connections over
them (gRPC sets SO_REUSEPORT itself). The parent restarts a child that dies, forwards SIGTERM/SIGINT, waits a
bounded time for the children's own bounded shutdown and kills what is left. A supervisor killed hard (SIGKILL)
takes its children with it at once (PDEATHSIG SIGKILL, no drain), as one killed process would vanish.

Nothing a request needs lives in one process (upload URLs, idempotency keys, the watchdog's decisions are in the
database), which is what lets any child answer any request. Every child runs the heartbeat watchdog; a stale run
is killed once because the sweep locks and rechecks in the database (SQLite serialises write transactions).

The Jupyter extension stays one process: Jupyter owns its port and event loop, and its kernels reach the
backend in-process or through that one server; a notebook's load is one user's.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from typing import IO, NoReturn

from .backend import COMMIT_SETTLE_S
from .settings import Settings

log = logging.getLogger("modeldb_backend.workers")
READY_TIMEOUT_S = 120.0  # a child's start: imports, database connection, binding
POLL_S = 0.2
STOP_SLACK_S = 10.0  # beyond the children's own bound (drain + grace + commit settle + closing connections)
RESTART_MIN_S, RESTART_MAX_S = 0.5, 30.0  # back-off of a child that keeps dying soon after its start
STABLE_S = 10.0  # a child that ran this long before dying is restarted at once
MULTIPROC_VAR = "PROMETHEUS_MULTIPROC_DIR"
_PR_SET_PDEATHSIG = 1


class WorkersError(RuntimeError):
    """The workers could not start (their own messages are on stderr already)."""


@dataclass
class _Child:
    index: int
    process: subprocess.Popen[bytes]
    ready: IO[bytes]  # the child writes one byte once it listens, then closes its end
    started: float = field(default_factory=time.monotonic)


def reserve_port(host: str, port: int) -> socket.socket:
    """A socket bound (not listening) to `port` (0: a free one) that the children can share with SO_REUSEPORT.

    A first bind without SO_REUSEPORT fails on a port anyone listens on, as the single-process server would,
    instead of silently sharing it with another server of the same user.
    """
    from .server import ListenError

    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
            port = probe.getsockname()[1]
        held = socket.socket(family, kind, proto)
        held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        held.bind((address[0], port, *address[2:]))
    except OSError as exc:
        raise ListenError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    return held


def stop_bound(settings: Settings) -> float:
    """How long the parent waits for a child's bounded shutdown before it kills it."""
    from .server import CLOSE_CONNECTIONS_S

    own = settings.drain_seconds + settings.shutdown_grace_seconds + COMMIT_SETTLE_S + CLOSE_CONNECTIONS_S
    return own + STOP_SLACK_S


class Supervisor:
    """Starts, watches and stops the children; `run` returns the exit code of `serve`."""

    def __init__(self, settings: Settings, log_level: str) -> None:
        self.settings = settings
        self.log_level = log_level
        self.children: dict[int, _Child] = {}
        self._stop = threading.Event()
        self._held: list[socket.socket] = []
        self._restart_at: dict[int, float] = {}
        self._backoff: dict[int, float] = {}
        self._metrics_dir: str | None = None

    def run(self) -> int:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._on_signal)
        try:  # every exit stops the children in order: their PDEATHSIG (SIGKILL) is for a supervisor killed hard
            return self._run()
        finally:
            self._stop_children()

    def _run(self) -> int:
        try:
            self._reserve()
            self._prepare_metrics_dir()
            for index in range(1, self.settings.workers + 1):
                self._start(index)
            self._wait_ready()
        except WorkersError as exc:
            log.error("%s", exc)
            return 2
        if not self._stop.is_set():
            log.info("%d worker processes serving on port %d", len(self.children), self.settings.port)
        while not self._stop.wait(POLL_S):
            self._supervise()
        log.info("stopping %d worker processes", len(self.children))
        return 0

    def _on_signal(self, *_: object) -> None:
        """The first signal stops the workers; another is passed on (it ends their drain early, as it would
        end a single process's)."""
        if not self._stop.is_set():
            self._stop.set()
            return
        for child in self.children.values():
            with contextlib.suppress(ProcessLookupError):
                child.process.send_signal(signal.SIGTERM)

    def _reserve(self) -> None:
        held = reserve_port(self.settings.host, self.settings.port)
        self._held.append(held)
        resolved: dict[str, object] = {"port": held.getsockname()[1]}
        if self.settings.grpc_port is not None:
            grpc_held = reserve_port(self.settings.host, self.settings.grpc_port)
            self._held.append(grpc_held)
            resolved["grpc_port"] = grpc_held.getsockname()[1]
        self.settings = replace(self.settings, **resolved)  # type: ignore[arg-type]  # ints, checked again

    def _prepare_metrics_dir(self) -> None:
        """Prometheus' multiprocess mode: every child writes its samples to files in one directory, and any
        child's /metrics sums them. Set here, in the parent's own environment, so the children inherit it."""
        if os.environ.get(MULTIPROC_VAR):
            return
        self._metrics_dir = tempfile.mkdtemp(prefix="modeldb-metrics-")
        os.environ[MULTIPROC_VAR] = self._metrics_dir

    def _start(self, index: int) -> None:
        read_end, write_end = os.pipe()
        payload = {
            "settings": asdict(self.settings),
            "log_level": self.log_level,
            "index": index,
            "parent": os.getpid(),
            "ready_fd": write_end,
        }
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "modeldb_backend.workers"],
                stdin=subprocess.PIPE,
                pass_fds=(write_end,),
                process_group=0,  # Ctrl-C reaches the parent only; it forwards one SIGTERM
            )
        finally:
            os.close(write_end)
        assert process.stdin is not None
        with contextlib.suppress(BrokenPipeError):  # a child that died at once is reported by its exit
            process.stdin.write(json.dumps(payload).encode())
        with contextlib.suppress(BrokenPipeError):
            process.stdin.close()
        self.children[index] = _Child(index, process, os.fdopen(read_end, "rb", buffering=0))

    def _wait_ready(self) -> None:
        try:
            self._wait_for_words()
        finally:  # each child closes its end once it has written (or died)
            for child in self.children.values():
                child.ready.close()

    def _wait_for_words(self) -> None:
        waiting = {child.ready.fileno(): child for child in self.children.values()}
        deadline = time.monotonic() + READY_TIMEOUT_S
        with selectors.DefaultSelector() as selector:
            for fd in waiting:
                selector.register(fd, selectors.EVENT_READ)
            while waiting:
                if self._stop.is_set():  # a signal while starting: an ordinary stop of those started
                    return
                left = deadline - time.monotonic()
                if left <= 0:
                    raise WorkersError(f"worker processes did not start within {READY_TIMEOUT_S:.0f} s")
                for key, _ in selector.select(min(left, POLL_S)):
                    child = waiting.pop(int(key.fd))
                    selector.unregister(key.fd)
                    if not child.ready.read(1):  # its end closed without a word: it failed to start
                        code = child.process.wait(READY_TIMEOUT_S)
                        raise WorkersError(f"worker {child.index} exited with code {code} while starting")

    def _supervise(self) -> None:
        """Restart children that died, after a back-off when they die soon after their start."""
        now = time.monotonic()
        for index, child in list(self.children.items()):
            code = child.process.poll()
            if code is None or index in self._restart_at:
                continue
            self._forget(child)
            ran = now - child.started
            delay = 0.0 if ran >= STABLE_S else self._backoff.get(index, RESTART_MIN_S)
            self._backoff[index] = min(max(delay, RESTART_MIN_S) * 2, RESTART_MAX_S)
            log.warning(
                "worker %d (pid %d) exited with code %s; restarting in %.1f s", index, child.process.pid, code, delay
            )
            self._restart_at[index] = now + delay
        for index, when in list(self._restart_at.items()):
            if when <= now:
                del self._restart_at[index]
                self._start(index)
                self.children[index].ready.close()  # not waited for: a failure shows as its exit

    def _forget(self, child: _Child) -> None:
        """A dead child's live gauges leave the multiprocess metrics (prometheus_client's documented hook)."""
        from .transport.metrics import mark_process_dead

        mark_process_dead(child.process.pid)

    def _stop_children(self) -> None:
        running = [child for child in self.children.values() if child.process.poll() is None]
        for child in running:
            with contextlib.suppress(ProcessLookupError):
                child.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + stop_bound(self.settings)
        for child in running:
            try:
                child.process.wait(max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                log.warning("worker %d (pid %d) did not stop in time; killing it", child.index, child.process.pid)
                child.process.kill()
                child.process.wait(10)
        if self._metrics_dir is not None:
            shutil.rmtree(self._metrics_dir, ignore_errors=True)
            self._metrics_dir = None
        for held in self._held:  # kept until now: a restarted child finds its ports still reserved
            held.close()
        self._held.clear()


def serve_workers(settings: Settings, log_level: str) -> int:
    """`serve` with settings.workers > 1: migrate once, then supervise the children until a signal."""
    from .cli import migrate_or_fail

    if not migrate_or_fail(settings):
        return 2
    try:
        return Supervisor(settings, log_level).run()
    except Exception as exc:  # ListenError from the reservation: one line, as the single process says it
        from .cli import describe_failure

        print(f"modeldb-backend: {describe_failure(exc)}", file=sys.stderr)
        return 2


def _die_with_parent(parent: int) -> None:
    """SIGKILL this child when the supervisor dies without stopping it, so no orphan keeps serving the port.

    The supervisor stops its children itself on every exit it controls (signals, start failures, its own
    errors), so this fires only when it was killed hard (SIGKILL, the OOM killer). Whoever sends SIGKILL wants
    the server gone at once, not drained: the children vanish as one process would, in-flight requests are cut
    (their transactions roll back) and the ports are free for the next start. SIGTERM here would drain for
    MODELDB_DRAIN_SECONDS while answering, a "killed" server that keeps serving.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        sys.exit(1)


def child_main() -> NoReturn:
    """One worker: settings from the supervisor on stdin, then the single-process server on the shared ports."""
    from .cli import LOG_FORMAT, exit_now, serve

    payload = json.loads(sys.stdin.read())
    _die_with_parent(int(payload["parent"]))
    index = int(payload["index"])
    logging.basicConfig(
        level=str(payload["log_level"]).upper(), format=LOG_FORMAT.replace("%(name)s", f"%(name)s [worker {index}]")
    )
    settings = Settings(**payload["settings"])
    ready_fd = int(payload["ready_fd"])

    def started() -> None:
        with contextlib.suppress(OSError):  # a restarted worker's supervisor does not wait for the word
            os.write(ready_fd, b"R")
        os.close(ready_fd)

    code = serve(settings, reuse_port=True, on_started=started)
    # The backend is closed (pool disposed, transactions ended): skip the interpreter's teardown of gRPC's and
    # the executors' threads, seconds on a loaded machine that the supervisor (and its caller) would wait for.
    exit_now(code)


if __name__ == "__main__":
    child_main()
