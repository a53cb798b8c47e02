"""The on-disk spool of requests the backend has not acknowledged yet: `$MODELDB_HOME/journal/`.

Layout: `journal/<hash of the backend>/<pid>-<random>/<sequence>.req`, one directory per live client, held
with an exclusive `flock` on its `.lock` file for as long as the client lives. A file is one request:
a JSON header line (backend, RPC, creation time) and the serialized proto message, written to a temporary
name, fsynced and renamed, so a reader never sees half a file. A file is deleted only after the backend
acknowledged the request (applied, or already applied: batches carry idempotency keys), so a crash at
any point loses nothing and a replay duplicates nothing.

A directory whose lock nobody holds belongs to a client that is gone (closed, crashed, killed); the next
client on the same backend adopts its files (renames them into its own directory) and sends them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
import uuid
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # Windows: no flock; a client then replays only its own process's leftovers
    fcntl = None  # type: ignore[assignment]  # fcntl does not exist on Windows

SUFFIX = ".req"
REJECTED = "rejected"


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _try_lock(path: Path) -> IO[bytes] | None:
    """An open file holding an exclusive lock on `path`, or None when another client holds it."""
    try:
        handle = open(path, "ab")  # noqa: SIM115 - the handle is the lock; it lives as long as the journal
    except OSError:
        return None
    if fcntl is None:
        return handle
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


class Journal:
    """One client's spool for one backend (`identity`), under `home/journal/`."""

    def __init__(self, home: Path, identity: str) -> None:
        self.identity = identity
        self.root = home / "journal" / hashlib.sha256(identity.encode()).hexdigest()[:16]
        self._dir: Path | None = None
        self._lock: IO[bytes] | None = None
        self._seq = 0

    # --- own directory -----------------------------------------------------------------------------------

    def _own_dir(self) -> Path:
        """Created on first use: a temporary name, locked, then renamed, so no one can adopt it half-made."""
        if self._dir is not None:
            return self._dir
        self.root.mkdir(parents=True, exist_ok=True)
        temp = self.root / f".new-{uuid.uuid4().hex}"
        temp.mkdir()
        lock = _try_lock(temp / ".lock")
        if lock is None:
            raise OSError(f"cannot lock the new journal directory {temp}")
        final = self.root / f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        temp.rename(final)
        self._dir, self._lock = final, lock
        (final / "backend.txt").write_text(self.identity + "\n")
        return final

    def write(self, rpc: str, payload: bytes) -> Path:
        """Spool one request durably; returns its file."""
        directory = self._own_dir()
        self._seq += 1
        final = directory / f"{self._seq:012d}{SUFFIX}"
        header = json.dumps({"v": 1, "backend": self.identity, "rpc": rpc, "created": _now_ms()}).encode()
        _write_atomic(final, header + b"\n" + payload)
        return final

    @staticmethod
    def read(path: Path) -> tuple[str, bytes]:
        """(RPC name, serialized request) of a spooled file."""
        data = path.read_bytes()
        header, _, payload = data.partition(b"\n")
        return str(json.loads(header)["rpc"]), payload

    @staticmethod
    def delete(path: Path) -> None:
        path.unlink(missing_ok=True)

    def reject(self, path: Path | None, rpc: str, payload: bytes) -> Path:
        """Keep a request the backend refused (4xx) under journal/rejected/, for inspection; never replayed."""
        target_dir = self.root.parent / REJECTED
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / f"{_now_ms()}-{uuid.uuid4().hex[:8]}{SUFFIX}"
        header = json.dumps({"v": 1, "backend": self.identity, "rpc": rpc, "created": _now_ms()}).encode()
        _write_atomic(target, header + b"\n" + payload)
        if path is not None:
            self.delete(path)
        return target

    # --- adopting what gone clients left -------------------------------------------------------------------

    def has_orphans(self) -> bool:
        """Cheap check (one directory listing) whether other clients' directories exist at all."""
        try:
            return any(p.is_dir() and not p.name.startswith(".") and p != self._dir for p in self.root.iterdir())
        except OSError:
            return False

    def adopt(self) -> list[Path]:
        """Move the files of every unlocked directory into ours, oldest first; returns them in send order."""
        adopted: list[Path] = []
        try:
            candidates = sorted(p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith("."))
        except OSError:
            return adopted
        for other in candidates:
            if other == self._dir or (fcntl is None and not other.name.startswith(f"{os.getpid()}-")):
                continue
            lock = _try_lock(other / ".lock")
            if lock is None:
                continue  # a live client owns it
            try:
                adopted.extend(self._take(other))
            finally:
                lock.close()
        return adopted

    def _take(self, other: Path) -> list[Path]:
        files = sorted(other.glob(f"*{SUFFIX}"))
        taken: list[Path] = []
        if files:
            directory = self._own_dir()
            for source in files:
                self._seq += 1
                target = directory / f"{self._seq:012d}{SUFFIX}"
                os.replace(source, target)
                taken.append(target)
        for leftover in other.iterdir():  # the lock file, backend.txt, an interrupted temporary file
            leftover.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            other.rmdir()
        return taken

    def release(self) -> None:
        """Unlock our directory (its files, if any, are left for the next client); remove it when empty."""
        directory, lock = self._dir, self._lock
        self._dir = self._lock = None
        if directory is None or lock is None:
            return
        if not any(directory.glob(f"*{SUFFIX}")):
            for leftover in directory.iterdir():
                leftover.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                directory.rmdir()
        lock.close()

    def forget_after_fork(self) -> None:
        """In a forked child: the directory and its lock belong to the parent."""
        self._dir = None
        self._lock = None  # the parent's lock stays held: the child's copy of the descriptor is not closed


def _write_atomic(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(temp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
