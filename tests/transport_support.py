"""Raw HTTP over one socket (keep-alive, pipelining, hostile bodies) and this process's memory, for the
transport hardening tests of the standalone server and of the Jupyter extension (both run in-process)."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field

MiB = 1024 * 1024


def rss_bytes() -> int:
    """This process's resident memory (the server under test runs in it)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS in /proc/self/status")


class PeakRss:
    """`with PeakRss() as peak:` samples RSS every 10 ms; `peak.growth` is the largest rise seen."""

    def __init__(self) -> None:
        self.baseline = 0
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_bytes())
            time.sleep(0.01)

    def __enter__(self) -> PeakRss:
        self.baseline = self.peak = rss_bytes()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self.peak = max(self.peak, rss_bytes())

    @property
    def growth(self) -> int:
        return self.peak - self.baseline


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class RawConnection:
    """One TCP connection to the server; requests are written verbatim, responses parsed by Content-Length."""

    port: int
    sock: socket.socket = field(init=False)
    buffer: bytes = b""

    def __post_init__(self) -> None:
        self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def _fill(self) -> bool:
        data = self.sock.recv(65536)
        self.buffer += data
        return bool(data)

    def read_response(self) -> Response:
        while b"\r\n\r\n" not in self.buffer:
            if not self._fill():
                raise ConnectionError(f"connection closed before a response (got {self.buffer[:200]!r})")
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        lines = head.decode("latin1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        length = int(headers.get("content-length", "0"))
        while len(self.buffer) < length:
            if not self._fill():
                raise ConnectionError("connection closed in the middle of a response body")
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return Response(status, headers, body)

    def is_closed_by_server(self, wait: float = 2.0) -> bool:
        self.sock.settimeout(wait)
        try:
            return self.sock.recv(1) == b""
        except TimeoutError:
            return False
        except ConnectionResetError:
            return True

    def close(self) -> None:
        self.sock.close()


def request(method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b"") -> bytes:
    """An HTTP/1.1 keep-alive request as bytes; a Content-Length is added for a body."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    all_headers = dict(headers or {})
    if body and "Content-Length" not in all_headers and "Transfer-Encoding" not in all_headers:
        all_headers["Content-Length"] = str(len(body))
    lines += [f"{k}: {v}" for k, v in all_headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin1") + body


def flood(port: int, head: bytes, total: int, chunked: bool, timeout: float = 20.0) -> tuple[Response, float]:
    """Send `head` then up to `total` body bytes (1 MiB at a time) while reading the answer concurrently;
    returns the answer and the seconds until it arrived. The server may hang up on us at any point."""
    conn = RawConnection(port)
    result: list[Response | BaseException] = []
    answered = threading.Event()
    start = time.monotonic()
    elapsed: list[float] = []

    def read() -> None:
        try:
            result.append(conn.read_response())
        except BaseException as exc:  # reported by the caller's assertion
            result.append(exc)
        elapsed.append(time.monotonic() - start)
        answered.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    piece = b"x" * MiB
    frame = f"{len(piece):x}\r\n".encode() + piece + b"\r\n" if chunked else piece
    try:
        conn.send(head)
        sent = 0
        while sent < total and not answered.is_set() and time.monotonic() - start < timeout:
            conn.send(frame)
            sent += len(piece)
        if chunked and sent >= total:
            conn.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered and closed: what we want
    answered.wait(timeout)
    conn.close()
    reader.join(5)
    assert result, "no answer from the server"
    outcome = result[0]
    if isinstance(outcome, BaseException):
        raise AssertionError(f"no parsable answer: {outcome!r}")
    return outcome, elapsed[0]
