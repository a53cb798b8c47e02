"""Issue 12, defect 7: a store that cannot write answers a clear 503 and leaves no temporary file.

Tests run as root, which chmod does not stop; the store is broken in ways that stop root too: a root
that is a regular file, an immutable directory (chattr +i) and a full filesystem (a small tmpfs). The last
two need root's capabilities and are skipped, not passed, where the machine does not grant them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.apiclient import Api
from tests.backend.artifacts_support import log_artifact, rest_ctx, store_root, upload, url_for
from tests.backend.runs_support import Ctx
from tests.servers import ServerThread, server_on, settings_in


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def srv(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    with server_on(request.param, tmp_path_factory.mktemp(f"storage-{request.param}"), request) as server:
        yield server


@pytest.fixture
def c(srv: ServerThread, uniq: str) -> Iterator[Ctx]:
    with rest_ctx(srv, uniq) as ctx:
        yield ctx


def _open_upload(c: Ctx, path: str) -> str:
    run = c.create(f"run-{uuid.uuid4().hex[:8]}")
    log_artifact(c, run["id"], "k", path)
    return url_for(c, run["id"], "k", "PUT")["url"]  # type: ignore[no-any-return]


def _parts(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*.part")] if directory.exists() else []


def _assert_unavailable(resp: requests.Response, *causes: str) -> None:
    assert resp.status_code == 503, resp.text
    body = resp.json()
    assert body["code"] == 14 and body["message"].startswith("artifact store: cannot"), body
    assert any(cause in body["message"] for cause in causes), body


def test_a_root_that_is_a_file_is_a_503_naming_the_cause(c: Ctx, srv: ServerThread) -> None:
    root = store_root(srv)
    url = _open_upload(c, f"{c.uniq}/k.bin")
    aside = root.with_name(f"aside-{c.uniq}")
    root.mkdir(parents=True, exist_ok=True)
    root.rename(aside)
    try:
        root.write_bytes(b"not a directory")
        _assert_unavailable(upload(url, b"bytes"), "it is not a directory")
    finally:
        root.unlink()
        aside.rename(root)
    assert upload(url, b"bytes").status_code == 200, "the same URL works once the store is back"


def test_a_root_under_a_file_is_a_503(c: Ctx, srv: ServerThread) -> None:
    """The same store, its root moved under a file (ENOTDIR, whoever runs the server)."""
    store = srv.server.backend.artifacts  # type: ignore[union-attr]
    url = _open_upload(c, f"{c.uniq}/k.bin")
    blocker = store.root.parent / f"file-{c.uniq}"
    blocker.write_bytes(b"x")
    original, store.root = store.root, blocker / "artifacts"
    try:
        _assert_unavailable(upload(url, b"bytes"), "Not a directory")
    finally:
        store.root = original
        blocker.unlink()


def _chattr(flag: str, path: Path) -> bool:
    chattr = shutil.which("chattr")
    if chattr is None:
        return False
    return subprocess.run([chattr, flag, str(path)], capture_output=True, check=False).returncode == 0


def test_a_read_only_directory_is_a_503_and_leaves_nothing(c: Ctx, srv: ServerThread) -> None:
    directory = store_root(srv) / f"ro-{c.uniq}"
    directory.mkdir(parents=True)
    url = _open_upload(c, f"ro-{c.uniq}/k.bin")
    if not _chattr("+i", directory):
        pytest.skip("chattr +i is not permitted here (needs CAP_LINUX_IMMUTABLE on a filesystem that has it)")
    try:
        _assert_unavailable(upload(url, b"bytes"), "Operation not permitted", "Read-only file system")
    finally:
        _chattr("-i", directory)
    assert _parts(directory) == []
    assert upload(url, b"bytes").status_code == 200


@pytest.fixture
def full_dir(srv: ServerThread, uniq: str) -> Iterator[Path]:
    """A directory of the store on a 256 KiB tmpfs, filled to the last byte."""
    directory = store_root(srv) / f"full-{uniq}"
    directory.mkdir(parents=True)
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(directory)], capture_output=True, check=False
    )
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mount.stderr.decode().strip()}")
    try:
        with open(directory / "filler", "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 4096)
            except OSError:
                pass
        yield directory
    finally:
        subprocess.run(["umount", str(directory)], check=True)


def test_a_full_disk_is_a_503_and_leaves_no_part_file(c: Ctx, full_dir: Path) -> None:
    # Small enough to sit in the file's buffer: the failure comes when the upload is made durable.
    url = _open_upload(c, f"{full_dir.name}/k.bin")
    _assert_unavailable(upload(url, b"x" * 3000), "No space left on device")
    assert _parts(full_dir) == []
    # Large: the failure comes while the body streams in; the answer says why and nothing stays behind.
    url = _open_upload(c, f"{full_dir.name}/big.bin")
    _assert_unavailable(requests.put(url, data=b"y" * (2 * 1024 * 1024), timeout=30), "No space left on device")
    deadline = time.monotonic() + 5
    while _parts(full_dir) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _parts(full_dir) == []


def test_stale_part_files_are_swept_at_start(tmp_path: Path) -> None:
    root = tmp_path / "artifacts"
    (root / "a" / "b").mkdir(parents=True)
    stale, fresh = root / "a" / "b" / ".k.bin.0123.part", root / "a" / ".k.bin.4567.part"
    kept = root / "a" / "b" / "k.bin"
    for path in (stale, fresh, kept):
        path.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(stale, (two_days_ago, two_days_ago))
    os.utime(kept, (two_days_ago, two_days_ago))
    with ServerThread(settings_in(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}")) as server:
        assert server.server is not None
        Api(server.server.backend, server.http_url, server.grpc_target, "rest").close()
    assert not stale.exists() and fresh.exists() and kept.exists()
