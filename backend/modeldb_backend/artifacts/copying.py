"""One pass over an upload's bytes: written to the store's file in cache-sized pieces, SHA-256 hashed on a second core.

SHA-256 is the slowest step of an upload (about half the speed of a page-cache copy on one core), so it runs on a
helper thread (hashlib releases the GIL for large inputs) while the caller's thread writes the same bytes to the
file: the copy and the hash overlap instead of adding up. The bytes hashed are exactly the bytes written (the
same buffer, hashed in order), so the SHA-256 stays the digest of the stored file. (Starting writeback early with
`sync_file_range` was measured and made uploads slower on this machine's disk: the fsync before the rename does it.)
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import queue
import threading
from collections.abc import Callable
from functools import partial
from typing import IO

# Bytes per read/write/hash step of a copy from a file: large enough that calls cost nothing, small enough to stay in
# the CPU's cache between the read, the write and the hash (measured: 8 MiB buffers made uploads 2-3x slower).
COPY_BUFFER = 1024 * 1024
BUFFERS = 4  # rotating buffers of a copy: one being read and written, the others waiting for the hash thread
HASH_BATCH = 1024 * 1024  # small incoming chunks (HTTP) go to the hash thread in batches of about this
HASH_INLINE = 256 * 1024  # uploads this small are hashed on the caller's thread: no thread to start
_Batch = tuple[list[bytes | memoryview], Callable[[], object] | None]  # chunks, then what to call after


class OverLimit(ValueError):
    """A copy went past the byte limit its caller gave."""


def readinto_of(source: object) -> Callable[[bytearray], int | None] | None:
    """The stream's own readinto, if it has one (io.RawIOBase's default only raises NotImplementedError)."""
    method = getattr(source, "readinto", None)
    if method is None or getattr(type(source), "readinto", None) is io.RawIOBase.readinto:
        return None
    return method  # type: ignore[no-any-return]


class HashingFile:
    """An open file descriptor that is written whole (short writes retried) and hashed on a helper thread."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.size = 0
        self._hash = hashlib.sha256()
        self._pending: list[bytes | memoryview] = []
        self._pending_bytes = 0
        self._queue: queue.Queue[_Batch | None] | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def write(self, chunk: bytes | memoryview, done: Callable[[], object] | None = None) -> None:
        """Write `chunk` to the file and queue it for hashing; `done` runs once the hash thread is past it (so
        that a reused buffer is not overwritten before it was hashed). The chunk must not change until then."""
        view = memoryview(chunk)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]
        self.size += len(chunk)
        self._pending.append(chunk)
        self._pending_bytes += len(chunk)
        if done is not None or self._pending_bytes >= HASH_BATCH:
            self._hand_over(done)

    def copy_from(
        self,
        source: IO[bytes],
        progress: Callable[[int], object] | None = None,
        limit: int = -1,
        buffer_size: int = COPY_BUFFER,
    ) -> None:
        """Copy `source` to its end through rotating buffers; stops (OverLimit) past `limit` bytes when >= 0."""
        readinto = readinto_of(source)
        if readinto is None:  # a stream without readinto: fresh bytes per read
            while chunk := source.read(buffer_size):
                self._check_limit(len(chunk), limit)
                self.write(chunk)
                if progress is not None:
                    progress(len(chunk))
            return
        free: queue.Queue[bytearray] = queue.Queue()
        for _ in range(BUFFERS):
            free.put(bytearray(buffer_size))
        while True:
            buffer = free.get()
            count = readinto(buffer)
            if not count:
                break
            self._check_limit(count, limit)
            self.write(memoryview(buffer)[:count], done=partial(free.put, buffer))
            if progress is not None:
                progress(count)

    def hexdigest(self) -> str:
        """The SHA-256 of everything written (waits for the hash thread, which then ends)."""
        if self._queue is None:
            self._hash_now(self._pending)
        else:
            self._hand_over(None)
            self._stop()
        self._pending, self._pending_bytes = [], 0
        if self._error is not None:
            raise self._error
        return self._hash.hexdigest()

    def close(self) -> None:
        """End the hash thread (if any) without waiting for the digest; never raises."""
        with contextlib.suppress(BaseException):
            self._stop()

    def _check_limit(self, more: int, limit: int) -> None:
        if 0 <= limit < self.size + more:
            raise OverLimit(f"over the {limit}-byte limit")

    def _hand_over(self, done: Callable[[], object] | None) -> None:
        batch, self._pending, self._pending_bytes = self._pending, [], 0
        if self._queue is None:
            if self.size <= HASH_INLINE:
                self._hash_now(batch)
                if done is not None:
                    done()
                return
            self._queue = queue.Queue(maxsize=BUFFERS)  # bounded: memory held for hashing stays a few batches
            self._thread = threading.Thread(target=self._hash_loop, name="modeldb-upload-hash", daemon=True)
            self._thread.start()
        self._queue.put((batch, done))

    def _hash_now(self, batch: list[bytes | memoryview]) -> None:
        for chunk in batch:
            self._hash.update(chunk)

    def _hash_loop(self) -> None:
        assert self._queue is not None
        while (item := self._queue.get()) is not None:
            batch, done = item
            if self._error is None:
                try:
                    self._hash_now(batch)
                except BaseException as exc:
                    self._error = exc
            if done is not None:
                done()

    def _stop(self) -> None:
        if self._queue is not None and self._thread is not None:
            self._queue.put(None)  # the hash thread's signal to end
            self._thread.join()
            self._queue, self._thread = None, None
