"""Datasets and path-based dataset versions (ModelDB's DatasetService / DatasetVersionService).

A version made from paths records one component per file: path, size, last modified time, sha256 and md5
(the files are read once, in chunks). Runs link versions with `run.log_dataset_version(key, version)`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modeldb_backend.pb.common import common_pb2
from modeldb_backend.pb.modeldb import dataset_service_pb2 as dataset_pb2
from modeldb_backend.pb.modeldb import dataset_version_service_pb2 as version_pb2
from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb2

from .entities import _Described, _Entity
from .errors import AlreadyExistsError, NotFoundError
from .protos import from_ms, key_values
from .values import check_key, check_tags

if TYPE_CHECKING:
    import datetime as dt

    from .client import Client
    from .entities import ExperimentRun

DATA = common_pb2.ArtifactTypeEnum.DATA
PATH = dataset_pb2.DatasetTypeEnum.PATH


class Dataset(_Described):
    _kind = "dataset"

    def create_version(
        self,
        paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
        desc: str | None = None,
        tags: Any = None,
        attrs: Mapping[str, Any] | None = None,
    ) -> DatasetVersion:
        """A new version whose components are the files at `paths` (directories are walked)."""
        message = version_pb2.CreateDatasetVersion(
            dataset_id=self.id,
            description=desc or "",
            tags=check_tags(tags or []),
            attributes=key_values(attrs, "attribute"),
            dataset_type=PATH,
        )
        for component in path_components(paths):
            message.dataset_blob.path.components.add(**component)
        response = self._client.call(message)
        return DatasetVersion(self._client, response.dataset_version)

    def get_latest_version(self) -> DatasetVersion:
        msg = version_pb2.GetLatestDatasetVersionByDatasetId(dataset_id=self.id)
        try:
            response = self._client.call(msg)
        except NotFoundError:
            response = None
        if response is None or not response.dataset_version.id:
            raise NotFoundError(f"dataset {self.name!r} has no versions yet") from None
        return DatasetVersion(self._client, response.dataset_version)

    def get_version(self, id: str) -> DatasetVersion:
        return get_dataset_version_by_id(self._client, id)

    @property
    def versions(self) -> list[DatasetVersion]:
        """All versions, oldest first."""
        out: list[DatasetVersion] = []
        number = 1
        while True:
            msg = version_pb2.FindDatasetVersions(
                dataset_id=self.id,
                page_number=number,
                page_limit=100,
                sort_key="time_logged",
                ascending=True,
            )
            page = self._client.call(msg).dataset_versions
            out.extend(DatasetVersion(self._client, v) for v in page)
            if len(page) < 100:
                return out
            number += 1

    def delete(self) -> None:
        self._client.call(dataset_pb2.DeleteDataset(id=self.id))


class DatasetVersion(_Entity):
    _kind = "dataset_version"

    @property
    def name(self) -> str:
        return f"v{self._msg.version}" if self._msg.version else self.id

    @property
    def dataset_id(self) -> str:
        return str(self._msg.dataset_id)

    @property
    def version(self) -> int:
        return int(self._msg.version)

    @property
    def description(self) -> str:
        return str(self._msg.description)

    @property
    def time_logged(self) -> dt.datetime | None:
        return from_ms(int(self._msg.time_logged))

    @property
    def components(self) -> list[dict[str, Any]]:
        """The files of a path-based version: path, size, last_modified_at_source (ms), sha256, md5."""
        from google.protobuf import json_format

        blob = self._msg.dataset_blob
        kind = blob.WhichOneof("content")
        items = getattr(blob, kind).components if kind in ("path", "s3") else []
        out = []
        for item in items:
            data = json_format.MessageToDict(item if kind == "path" else item.path, preserving_proto_field_name=True)
            for field in ("size", "last_modified_at_source"):  # uint64 arrive as strings from MessageToDict
                data[field] = int(data.get(field, 0))
            out.append(data)
        return out


def _files(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path, Path]]:
    items = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    for item in items:
        path = Path(item).expanduser().resolve()
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                yield file, path
        elif path.is_file():
            yield path, path.parent
        else:
            raise FileNotFoundError(f"{str(item)!r} is not an existing file or directory")


def path_components(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[dict[str, Any]]:
    """One component per file: path, size, last_modified_at_source (ms), sha256, md5, base_path."""
    out = []
    for file, base in _files(paths):
        sha, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
        with open(file, "rb") as handle:
            while chunk := handle.read(1024 * 1024):
                sha.update(chunk)
                md5.update(chunk)
        stat = file.stat()
        out.append(
            {
                "path": file.as_posix(),
                "size": stat.st_size,
                "last_modified_at_source": int(stat.st_mtime * 1000),
                "sha256": sha.hexdigest(),
                "md5": md5.hexdigest(),
                "base_path": base.as_posix(),
            }
        )
    if not out:
        raise ValueError(f"no files found at {paths!r}: a dataset version needs at least one file")
    return out


def _dataset_by_name(client: Client, name: str) -> Dataset | None:
    try:
        found = client.call(dataset_pb2.GetDatasetByName(name=name)).dataset_by_user
    except NotFoundError:
        return None
    return Dataset(client, found) if found.id else None


def create_dataset(client: Client, name: str, desc: Any, tags: Any, attrs: Mapping[str, Any] | None) -> Dataset:
    msg = dataset_pb2.CreateDataset(
        name=name,
        description=desc or "",
        tags=check_tags(tags or []),
        attributes=key_values(attrs, "attribute"),
        dataset_type=PATH,
    )
    return Dataset(client, client.call(msg).dataset)


def get_dataset(client: Client, name: str | None, id: str | None) -> Dataset:
    if id:
        return Dataset(client, client.call(dataset_pb2.GetDatasetById(id=id)).dataset)
    if not name:
        raise ValueError("give the dataset's name or id")
    found = _dataset_by_name(client, name)
    if found is None:
        raise NotFoundError(f"no dataset named {name!r}")
    return found


def set_dataset(
    client: Client, name: str, desc: Any, tags: Any, attrs: Mapping[str, Any] | None, id: str | None
) -> Dataset:
    if id:
        return get_dataset(client, None, id)
    dataset, _created = client._get_or_create(
        lambda: _dataset_by_name(client, name), lambda: create_dataset(client, name, desc, tags, attrs)
    )
    return dataset


def get_dataset_version_by_id(client: Client, id: str) -> DatasetVersion:
    return DatasetVersion(client, client.call(version_pb2.GetDatasetVersionById(id=id)).dataset_version)


def log_dataset_version(run: ExperimentRun, key: str, version: DatasetVersion, overwrite: bool = False) -> None:
    if not isinstance(version, DatasetVersion):
        raise TypeError(f"dataset_version must be a DatasetVersion, got {type(version).__name__}")
    message = run_pb2.LogDataset(id=run.id, overwrite=overwrite)
    dataset = message.dataset
    dataset.key, dataset.path, dataset.path_only = check_key(key, "dataset"), "See attached dataset version", True
    dataset.artifact_type, dataset.linked_artifact_id = DATA, version.id
    try:
        run._client.call(message)
    except AlreadyExistsError as exc:
        raise AlreadyExistsError(
            f"run {run.name!r} already has a dataset {key!r}; pass overwrite=True to replace it", code=exc.code
        ) from None


def get_dataset_version(run: ExperimentRun, key: str) -> DatasetVersion:
    linked = [d for d in run._client.call(run_pb2.GetDatasets(id=run.id)).datasets if d.key == key]
    if not linked:
        raise NotFoundError(f"run {run.name!r} has no dataset {key!r}")
    return get_dataset_version_by_id(run._client, linked[0].linked_artifact_id)
