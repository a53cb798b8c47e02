"""The one-pass copy of uploads (artifacts/copying.py): the digest is the SHA-256 of exactly the bytes written,
whatever the sizes of the pieces, whether hashed inline or on the helper thread; the store's staged writer
(bytes first, path afterwards) keeps the guarantees of every upload: limit, path checks, nothing left behind."""

from __future__ import annotations

import hashlib
import io
import os
import threading
from pathlib import Path

import pytest

from modeldb_backend.artifacts.copying import HASH_BATCH, HASH_INLINE, HashingFile, OverLimit
from modeldb_backend.artifacts.local import STAGING, LocalArtifactStore
from modeldb_backend.errors import InvalidArgument


def written(path: Path, pieces: list[bytes]) -> tuple[str, int]:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        sink = HashingFile(fd)
        for piece in pieces:
            sink.write(piece)
        return sink.hexdigest(), sink.size
    finally:
        os.close(fd)


@pytest.mark.parametrize(
    "pieces",
    [
        [],
        [b"tiny"],
        [os.urandom(HASH_INLINE + 1)],  # past the inline size: the helper thread hashes
        [os.urandom(65536) for _ in range(3 * HASH_BATCH // 65536 + 5)],  # HTTP-sized chunks, several batches
        [b"a", os.urandom(HASH_INLINE), b"b" * 7, os.urandom(HASH_BATCH + 3), b""],  # inline, then threaded
    ],
    ids=["empty", "tiny", "one-large", "many-chunks", "mixed"],
)
def test_written_pieces_hash_to_the_file(tmp_path: Path, pieces: list[bytes]) -> None:
    target = tmp_path / "out"
    digest, size = written(target, pieces)
    data = b"".join(pieces)
    assert target.read_bytes() == data and size == len(data)
    assert digest == hashlib.sha256(data).hexdigest()


class NoReadinto(io.RawIOBase):
    """A caller's stream that only implements read() (RawIOBase's readinto would raise NotImplementedError)."""

    def __init__(self, data: bytes) -> None:
        self.inner = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        return self.inner.read(size)


@pytest.mark.parametrize("buffer_size", [1000, 4096, 1 << 20])
@pytest.mark.parametrize("kind", ["readinto", "read-only"])
def test_copy_through_rotating_buffers(tmp_path: Path, buffer_size: int, kind: str) -> None:
    data = os.urandom(HASH_INLINE * 3 + 12345)  # many buffers: each is reused after the thread hashed it
    source = io.BytesIO(data) if kind == "readinto" else NoReadinto(data)
    seen: list[int] = []
    threads = threading.active_count()
    fd = os.open(tmp_path / "copy", os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        sink = HashingFile(fd)
        sink.copy_from(source, seen.append, buffer_size=buffer_size)  # type: ignore[arg-type]
        assert sink.hexdigest() == hashlib.sha256(data).hexdigest()
    finally:
        os.close(fd)
    assert (tmp_path / "copy").read_bytes() == data and sum(seen) == len(data)
    assert threading.active_count() == threads  # the helper thread ended with the digest


def test_over_the_limit_the_staged_file_is_gone(tmp_path: Path) -> None:
    store = LocalArtifactStore(tmp_path / "root")
    writer = store.stage()
    threads = threading.active_count()
    with pytest.raises(OverLimit):
        writer.copy_from(io.BytesIO(os.urandom(HASH_INLINE * 4)), limit=HASH_INLINE * 2)
    assert list((tmp_path / "root").rglob("*.part")) == []
    assert threading.active_count() <= threads


def test_staged_bytes_take_their_path_by_a_rename(tmp_path: Path) -> None:
    store = LocalArtifactStore(tmp_path / "root")
    data = os.urandom(HASH_INLINE * 2)
    writer = store.stage()
    writer.copy_from(io.BytesIO(data))
    stored = writer.finish()
    assert stored.size == len(data) and stored.sha256 == hashlib.sha256(data).hexdigest()
    path = f"{stored.sha256}/model.bin"
    store.adopt(path, writer)
    assert writer.commit() == stored
    assert (tmp_path / "root" / path).read_bytes() == data
    assert [p.name for p in (tmp_path / "root" / STAGING).iterdir()] == []  # nothing left staged


def test_staged_bytes_get_the_path_checks_of_any_upload(tmp_path: Path) -> None:
    store = LocalArtifactStore(tmp_path / "root")
    (tmp_path / "root" / "blocked").parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "root" / "blocked").write_bytes(b"a stored file")
    writer = store.stage()
    writer.write(b"bytes")
    writer.finish()
    for path in ("../outside", f"{STAGING}/x", "blocked/inside"):
        with pytest.raises(InvalidArgument):
            store.adopt(path, writer)
    writer.abort()
    assert sorted(p.name for p in (tmp_path / "root").rglob("*") if p.is_file()) == ["blocked"]
    assert not (tmp_path / "outside").exists()
