"""Artifact upload and download: paths (files, or directories as zip), bytes, file objects, or any picklable
object (read back as bytes; unpickled only on request, see `get_artifact`). Files stream from and to disk
in chunks (never whole in memory); transfers of a few MB or more show a tqdm bar. Bytes go where
getUrlForArtifact says: the backend's own endpoint, a presigned S3 URL (single PUT, form POST, or multipart
in PART_SIZE parts).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import re
import tempfile
import time
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from modeldb_backend.pb.common.common_pb2 import ArtifactTypeEnum
from modeldb_backend.pb.modeldb import common_pb2
from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb2

from .errors import AlreadyExistsError, ModelDBError, ModelDBWarning, NotFoundError, UnavailableError
from .progress import Meter
from .values import check_key

if TYPE_CHECKING:
    from .entities import ExperimentRun

PART_SIZE = int(os.environ.get("MODELDB_ARTIFACT_PART_SIZE", str(64 * 1024 * 1024)))
IN_MEMORY = 16 * 1024 * 1024  # objects and unseekable streams spill to a temporary file beyond this
MEASURE_BUFFER = 1024 * 1024  # fits the CPU cache: larger buffers measured slower
BLOB = ArtifactTypeEnum.BLOB
DIRECTORY = "directory"  # artifact_subtype of a directory uploaded as a zip
UPLOAD_RETRY_DELAYS = (0.5, 2.0)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class _Source:
    file: IO[bytes]
    size: int
    sha256: str
    extension: str = ""
    serialization: str = ""
    subtype: str = ""
    staged: Any = None  # bytes already in the embedded store (the transport's `stage`), published by a rename


def _measure(file: IO[bytes]) -> tuple[int, str]:
    """(size, sha256) of a seekable stream from its current position, which is restored."""
    start = file.tell()
    digest, size = hashlib.sha256(), 0
    from modeldb_backend.artifacts.copying import readinto_of  # not at import: the backend package is heavy

    readinto = readinto_of(file)
    if readinto is None:  # a file object of the caller's without readinto
        while chunk := file.read(MEASURE_BUFFER):
            digest.update(chunk)
            size += len(chunk)
    else:
        buffer = bytearray(MEASURE_BUFFER)  # one buffer, reused: no fresh memory to fault in per chunk
        view = memoryview(buffer)
        while count := readinto(buffer):
            digest.update(view[:count])
            size += count
    file.seek(start)
    return size, digest.hexdigest()


def _stage(transport: Any, file: IO[bytes], label: str) -> Any:
    """The bytes copied and hashed in one pass into the embedded local store, when the transport can (else None):
    the path of an artifact holds its hash, so an upload elsewhere reads the bytes twice (hash, then send)."""
    stage = getattr(transport, "stage", None)
    if stage is None:
        return None
    with Meter(label) as meter:
        return stage(file, meter.start(_remaining(file)))


def _remaining(file: IO[bytes]) -> int | None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        return os.fstat(file.fileno()).st_size - file.tell()
    return None


@contextlib.contextmanager
def _open_source(artifact: Any, transport: Any = None, label: str = "") -> Iterator[_Source]:
    """The artifact's bytes, measured (size, SHA-256): staged in the store by an embedded `transport`."""
    with contextlib.ExitStack() as stack:
        if isinstance(artifact, bytes | bytearray | memoryview):
            file: IO[bytes] = io.BytesIO(bytes(artifact))
            extra: dict[str, str] = {}
        elif isinstance(artifact, str | os.PathLike):
            file, extra = _open_path(Path(artifact), stack)
        elif hasattr(artifact, "read"):
            file, extra = _open_stream(artifact, stack), {}
        else:
            spool = stack.enter_context(tempfile.SpooledTemporaryFile(max_size=IN_MEMORY))
            try:
                pickle.dump(artifact, spool, protocol=pickle.HIGHEST_PROTOCOL)
            except (pickle.PicklingError, TypeError, AttributeError) as exc:
                raise TypeError(
                    f"cannot pickle {type(artifact).__name__} ({exc}); save it to a file and log the path instead"
                ) from None
            spool.seek(0)
            file, extra = spool, {"extension": "pkl", "serialization": "pickle"}
        start = file.tell()
        staged = _stage(transport, file, label) if transport is not None else None
        file.seek(start)  # a store that wants the bytes sent after all (in parts) reads them again
        if staged is None:
            size, sha = _measure(file)
            yield _Source(file, size, sha, **extra)
            return
        stack.callback(staged.abort)  # not published (refused, failed): nothing stays in the store
        done = staged.finish()
        yield _Source(file, done.size, done.sha256, staged=staged, **extra)


def _open_path(path: Path, stack: contextlib.ExitStack) -> tuple[IO[bytes], dict[str, str]]:
    if path.is_dir():
        temp = stack.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 - closed by the exit stack
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as archive:
            for item in sorted(path.rglob("*")):
                if item.is_file():
                    archive.write(item, item.relative_to(path).as_posix())
        temp.seek(0)
        return temp, {"extension": "zip", "subtype": DIRECTORY}
    if not path.is_file():
        raise FileNotFoundError(
            f"{str(path)!r} is not an existing file or directory; to store a string, log it as bytes (text.encode())"
            " or as an attribute"
        )
    return stack.enter_context(open(path, "rb")), {"extension": path.suffix.lstrip(".")}


def _open_stream(stream: Any, stack: contextlib.ExitStack) -> IO[bytes]:
    seekable = getattr(stream, "seekable", lambda: False)()
    if seekable:
        readable: IO[bytes] = stream  # a seekable file object, read as bytes
        return readable
    spool = stack.enter_context(tempfile.SpooledTemporaryFile(max_size=IN_MEMORY))  # noqa: SIM115 - closed by the exit stack
    while chunk := stream.read(1024 * 1024):
        if isinstance(chunk, str):
            raise TypeError("file objects must be opened in binary mode ('rb')")
        spool.write(chunk)
    spool.seek(0)
    return spool


def artifact_path(key: str, source: _Source) -> str:
    """Where the bytes live in the store: content hash, then a file-name-safe form of the key."""
    name = _UNSAFE.sub("_", key).strip("._") or "artifact"
    return f"{source.sha256}/{name}{'.' + source.extension if source.extension else ''}"


def log_artifact(run: ExperimentRun, key: str, artifact: Any, overwrite: bool = False) -> None:
    check_key(key, "artifact")
    client = run._client
    with _open_source(artifact, client._transport, f"upload {key}") as source:
        message = run_pb2.LogArtifact(id=run.id)
        art = message.artifact
        art.key, art.path, art.artifact_type = key, artifact_path(key, source), BLOB
        art.filename_extension, art.serialization, art.artifact_subtype = (
            source.extension,
            source.serialization,
            source.subtype,
        )
        if overwrite:
            _delete(run, key)
        try:
            client.call(message)
        except AlreadyExistsError as exc:
            raise AlreadyExistsError(
                f"run {run.name!r} already has an artifact {key!r}; pass overwrite=True to replace it", code=exc.code
            ) from None
        try:
            _upload(run, key, source)
        except BaseException:
            with contextlib.suppress(ModelDBError):
                _delete(run, key)  # no half-logged artifact: a retry can log the key again
            raise


def _delete(run: ExperimentRun, key: str) -> None:
    run._client.call(run_pb2.DeleteArtifact(id=run.id, key=key))


def _url(run: ExperimentRun, key: str, method: str, part: int) -> common_pb2.GetUrlForArtifact.Response:
    msg = common_pb2.GetUrlForArtifact(
        id=run.id,
        key=key,
        method=method,
        artifact_type=BLOB,
        part_number=part,
    )
    return run._client.call(msg, service="ExperimentRunService")


def _upload(run: ExperimentRun, key: str, source: _Source) -> None:
    transport = run._client._transport
    target = _url(run, key, "PUT", 1)
    if source.staged is not None and not (target.multipart_upload_ok or target.fields):
        cast(Any, transport).upload_staged(target.url, source.staged)  # the embedded transport (it staged them)
        return
    with Meter(f"upload {key}") as meter:
        update = meter.start(source.size)
        if target.multipart_upload_ok:
            _upload_parts(run, key, source, update, target.url)
        elif target.fields:
            transport.post_form(target.url, dict(target.fields), source.file)
        else:
            _with_retries(partial(transport.upload, target.url, source.file, source.size, update), source.file)


def _with_retries(send: Callable[[], str], file: IO[bytes]) -> str:
    """A transfer that failed for want of an answer starts over from the same position, a few times."""
    start = file.tell()
    for delay in (*UPLOAD_RETRY_DELAYS, None):
        try:
            return send()
        except UnavailableError:
            if delay is None:
                raise
        time.sleep(delay)
        file.seek(start)
    raise AssertionError("unreachable")


def _upload_parts(run: ExperimentRun, key: str, source: _Source, update: Any, first_url: str) -> None:
    """S3 multipart: one part in memory at a time, each committed with its ETag, then the whole."""
    client, number, url = run._client, 1, first_url
    while True:
        chunk = source.file.read(PART_SIZE)
        if not chunk and number > 1:
            break
        part = io.BytesIO(chunk)
        etag = _with_retries(partial(client._transport.upload, url, part, len(chunk), update), part)
        commit = common_pb2.CommitArtifactPart(id=run.id, key=key)
        commit.artifact_part.part_number, commit.artifact_part.etag = number, etag
        client.call(commit)
        if len(chunk) < PART_SIZE:
            break
        number += 1
        url = _url(run, key, "PUT", number).url
    client.call(common_pb2.CommitMultipartArtifact(id=run.id, key=key))


def _artifact(run: ExperimentRun, key: str) -> Any:
    msg = common_pb2.GetArtifacts(id=run.id, key=key)
    found = [a for a in run._client.call(msg, service="ExperimentRunService").artifacts if a.key == key]
    if not found:
        raise NotFoundError(f"run {run.name!r} has no artifact {key!r}")
    return found[0]


def _download(run: ExperimentRun, key: str, sink: IO[bytes]) -> None:
    url = _url(run, key, "GET", 0).url
    with Meter(f"download {key}") as meter:
        run._client._transport.download(url, sink, meter.start)


def get_artifact(run: ExperimentRun, key: str, unpickle: bool = False) -> Any:
    """The artifact's bytes (the path, for a path-only artifact). Nothing is deserialised unless asked:
    with `unpickle=True` an artifact logged as a pickled object comes back as that object. Unpickling runs
    whatever code the pickle names, and anyone who can write to the run chooses those bytes, so ask for it
    only for runs written by people you trust."""
    art = _artifact(run, key)
    if art.path_only:
        return art.path
    pickled = art.serialization == "pickle"
    with tempfile.SpooledTemporaryFile(max_size=IN_MEMORY) as spool:
        _download(run, key, spool)
        spool.seek(0)
        if pickled and unpickle:
            return pickle.load(spool)  # the caller opted in (see the docstring)
        data = spool.read()
    if pickled:
        warnings.warn(
            f"artifact {key!r} of run {run.name!r} is a pickled object, returned as bytes; "
            f"get_artifact({key!r}, unpickle=True) loads it (only for runs written by people you trust)",
            ModelDBWarning,
            stacklevel=3,
        )
    return data


def download_artifact(run: ExperimentRun, key: str, download_to_path: str | os.PathLike[str]) -> str:
    """Stream to `download_to_path` (a temporary file renamed into place); a directory is unpacked there."""
    art = _artifact(run, key)
    target = Path(download_to_path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.download")
    try:
        with open(temp, "wb") as sink:
            _download(run, key, sink)
        if art.artifact_subtype == DIRECTORY:
            with zipfile.ZipFile(temp) as archive:
                archive.extractall(target)  # zipfile drops absolute and ".." parts of member names
        else:
            os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return str(target)
