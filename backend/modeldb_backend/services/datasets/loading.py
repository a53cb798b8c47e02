"""Shared by DatasetService and DatasetVersionService: loading live rows, hydration, version content, finds.

A dataset's id is its integer primary key rendered as a decimal string (as ModelDB's repository ids are);
its children (tags, attributes) are keyed by that string. A version's id is a UUID string.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from ...errors import InvalidArgument, NotFound
from ...pb.modeldb import dataset_service_pb2 as ds_pb
from ...pb.modeldb import dataset_version_service_pb2 as dv_pb
from ...pb.versioning import versioning_pb2
from ...query.finder import Find, Found, run_find
from ...query.kinds import EntityKind
from ...query.sorting import SortKey
from ...store import models as m
from ..context import CallContext
from ..finders import predicates_of
from ..json_columns import fill_message, message_json
from ..key_values import ATTRIBUTES, load_key_values, load_tags

DATASET, DATASET_VERSION = "dataset", "dataset_version"
_MAX_ID_DIGITS = 18  # keeps every accepted id inside a signed 64-bit integer

# The legacy `dataset_version_info` oneof: stored kind -> field name of DatasetVersion / CreateDatasetVersion.
INFO_FIELDS = {
    "raw": "raw_dataset_version_info",
    "path": "path_dataset_version_info",
    "query": "query_dataset_version_info",
}
_LOCATION = dv_pb.PathLocationTypeEnum


# --- loading live rows ------------------------------------------------------------------------------------


def dataset_key(dataset_id: str) -> int | None:
    """The primary key a dataset id names, or None when the text cannot name any dataset."""
    if not dataset_id.isascii() or not dataset_id.isdigit() or len(dataset_id) > _MAX_ID_DIGITS:
        return None
    return int(dataset_id)


def require_dataset_id(dataset_id: str) -> str:
    if not dataset_id:
        raise InvalidArgument("Dataset id not found: set the dataset id")
    return dataset_id


def live_dataset(session: Session, dataset_id: str, *, for_update: bool = False) -> m.Dataset:
    """The live dataset `dataset_id` names; 400 when no id is given, 404 when none is live."""
    key = dataset_key(require_dataset_id(dataset_id))
    row = session.get(m.Dataset, key, with_for_update=for_update or None) if key is not None else None
    if row is None or row.deleted:
        raise NotFound(f"Dataset not found for given Id: {dataset_id}")
    return row


def live_dataset_version(
    session: Session, dataset_id: str, version_id: str, *, for_update: bool = False
) -> m.DatasetVersion:
    """The live version `version_id`; 404 when absent, deleted, or (with `dataset_id`) of another dataset.

    Deleting a dataset deletes its versions in the same transaction, so a live version has a live dataset.
    """
    if not version_id:
        raise InvalidArgument("DatasetVersion id not found: set the dataset version id")
    row = session.get(m.DatasetVersion, version_id, with_for_update=for_update or None)
    if row is None or row.deleted:
        raise NotFound(f"DatasetVersion not found for given Id: {version_id}")
    if dataset_id and str(row.dataset_id) != dataset_id:
        raise NotFound(f"DatasetVersion {version_id} not found in dataset {dataset_id}")
    return row


def touch(row: m.Dataset | m.DatasetVersion, ctx: CallContext) -> None:
    """Every change: time_updated = max(old, now) and version_number + 1."""
    row.time_updated = max(row.time_updated or 0, ctx.now)
    row.version_number = (row.version_number or 0) + 1


def changed_dataset(ctx: CallContext, dataset_id: str, changes: dict[str, object] | None = None) -> m.Dataset:
    """The live dataset a mutation is about to change: locked, time_updated/version bumped, audited."""
    row = live_dataset(ctx.session, dataset_id, for_update=True)
    touch(row, ctx)
    ctx.audit(DATASET, str(row.id), changes)
    return row


def changed_version(
    ctx: CallContext, dataset_id: str, version_id: str, changes: dict[str, object] | None = None
) -> m.DatasetVersion:
    """The live version a mutation is about to change: locked, time_updated/version bumped, audited."""
    row = live_dataset_version(ctx.session, dataset_id, version_id, for_update=True)
    touch(row, ctx)
    ctx.audit(DATASET_VERSION, row.id, changes)
    return row


# --- hydration --------------------------------------------------------------------------------------------


def dataset_messages(session: Session, rows: Sequence[m.Dataset]) -> list[ds_pb.Dataset]:
    ids = [str(r.id) for r in rows]
    attrs = load_key_values(session, ids, ATTRIBUTES)
    tags = load_tags(session, ids)
    return [
        ds_pb.Dataset(
            id=str(r.id),
            name=r.name,
            owner=r.owner,
            description=r.description,
            tags=tags.get(str(r.id), []),
            dataset_visibility=r.dataset_visibility,  # type: ignore[arg-type]  # the column holds the enum's number; the stubs accept only the enum type
            dataset_type=r.dataset_type,  # type: ignore[arg-type]  # the column holds the enum's number; the stubs accept only the enum type
            attributes=attrs.get(str(r.id), []),
            time_created=r.time_created,
            time_updated=r.time_updated,
            visibility=r.visibility,  # type: ignore[arg-type]  # the column holds the enum's number; the stubs accept only the enum type
            version_number=r.version_number,
        )
        for r in rows
    ]


def version_messages(session: Session, rows: Sequence[m.DatasetVersion]) -> list[dv_pb.DatasetVersion]:
    ids = [r.id for r in rows]
    attrs = load_key_values(session, ids, ATTRIBUTES)
    tags = load_tags(session, ids)
    out = []
    for r in rows:
        msg = dv_pb.DatasetVersion(
            id=r.id,
            parent_id=r.parent_id,
            dataset_id=str(r.dataset_id),
            time_logged=r.time_logged,
            description=r.description,
            tags=tags.get(r.id, []),
            dataset_type=r.dataset_type,  # type: ignore[arg-type]  # the column holds the enum's number; the stubs accept only the enum type
            attributes=attrs.get(r.id, []),
            owner=r.owner,
            version=r.version,
            time_updated=r.time_updated,
            version_number=r.version_number,
        )
        fill_message(msg.dataset_blob, r.dataset_blob)
        _fill_info(msg, r)
        out.append(msg)
    return out


def messages_of(session: Session, kind: EntityKind, rows: Sequence[Any], ids_only: bool) -> list[Any]:
    """A page of datasets or versions as messages; `ids_only` gives messages with only `id` set."""
    if kind.name == DATASET:
        return [ds_pb.Dataset(id=str(r.id)) for r in rows] if ids_only else dataset_messages(session, rows)
    return [dv_pb.DatasetVersion(id=r.id) for r in rows] if ids_only else version_messages(session, rows)


# --- version content: the dataset blob and the legacy *_dataset_version_info oneof ------------------------


def version_content(request: dv_pb.CreateDatasetVersion) -> tuple[str | None, str, str | None]:
    """(dataset_blob JSON, info kind, info JSON) to store for a new version.

    Components are always described by the blob: when only a legacy path/query info is sent, the blob is
    derived from it (as ModelDB does for path infos); a raw info has no components and keeps no blob.
    """
    info_field = request.WhichOneof("dataset_version_info")
    info_kind = next((k for k, f in INFO_FIELDS.items() if f == info_field), "")
    info_json = message_json(getattr(request, info_field)) if info_field else None
    if request.HasField("dataset_blob"):
        if request.dataset_blob.WhichOneof("content") is None:
            raise InvalidArgument("dataset_blob has no content: set dataset_blob.path, dataset_blob.s3 or .query")
        return message_json(request.dataset_blob), info_kind, info_json
    if not info_field:
        raise InvalidArgument(
            "CreateDatasetVersion needs the version's content: set dataset_blob (path, s3 or query),"
            " or one of path_dataset_version_info, query_dataset_version_info, raw_dataset_version_info"
        )
    blob = _blob_from_info(request)
    return (message_json(blob) if blob is not None else None), info_kind, info_json


def _blob_from_info(request: dv_pb.CreateDatasetVersion) -> versioning_pb2.DatasetBlob | None:
    blob = versioning_pb2.DatasetBlob()
    if request.HasField("path_dataset_version_info"):
        info = request.path_dataset_version_info
        components = [
            versioning_pb2.PathDatasetComponentBlob(
                path=part.path,
                size=part.size,
                last_modified_at_source=part.last_modified_at_source,
                md5=part.checksum,
                base_path=info.base_path,
            )
            for part in info.dataset_part_infos
        ]
        if info.location_type == _LOCATION.S3_FILE_SYSTEM:
            blob.s3.SetInParent()
            for component in components:
                blob.s3.components.add().path.CopyFrom(component)
        else:
            blob.path.SetInParent()
            blob.path.components.extend(components)
        return blob
    if request.HasField("query_dataset_version_info"):
        query = request.query_dataset_version_info
        blob.query.components.add(
            query=query.query,
            data_source_uri=query.data_source_uri,
            execution_timestamp=query.execution_timestamp,
            num_records=query.num_records,
        )
        return blob
    return None


def _fill_info(msg: dv_pb.DatasetVersion, row: m.DatasetVersion) -> None:
    """The stored legacy info, or one derived from the blob as ModelDB's main branch does."""
    if row.info_kind in INFO_FIELDS:
        target = getattr(msg, INFO_FIELDS[row.info_kind])
        target.SetInParent()
        fill_message(target, row.info)
        return
    blob = msg.dataset_blob
    kind = blob.WhichOneof("content")
    if kind == "query":
        info = msg.query_dataset_version_info
        info.SetInParent()
        if blob.query.components:
            first = blob.query.components[0]
            info.query, info.data_source_uri = first.query, first.data_source_uri
            info.execution_timestamp, info.num_records = first.execution_timestamp, first.num_records
        return
    if kind not in ("path", "s3"):
        return
    components = list(blob.path.components) if kind == "path" else [c.path for c in blob.s3.components]
    path_info = msg.path_dataset_version_info
    path_info.SetInParent()
    path_info.location_type = _LOCATION.LOCAL_FILE_SYSTEM if kind == "path" else _LOCATION.S3_FILE_SYSTEM
    path_info.size = sum(c.size for c in components)
    for c in components:
        path_info.dataset_part_infos.add(
            path=c.path, size=c.size, checksum=c.md5, last_modified_at_source=c.last_modified_at_source
        )


# --- finds ----------------------------------------------------------------------------------------------


def find_rows(
    ctx: CallContext,
    kind: EntityKind,
    where: list[ColumnElement[bool]],
    request: Any,
    *,
    default_sort: str,
    tiebreak: str,
    page: tuple[int, int] | None = None,
) -> Found:
    """Filter (predicates if the request has them), sort, page and count datasets or versions in SQL.

    Equal sort values fall back to `tiebreak` (dataset id, version number) in the same direction, so
    pages never overlap and "newest first" among versions logged in the same millisecond stays right.
    """
    key = request.sort_key or default_sort
    order = [SortKey(key, request.ascending)]
    if key != tiebreak:
        order.append(SortKey(tiebreak, request.ascending))
    number, limit = page or (request.page_number, request.page_limit)
    spec = Find(kind, list(where), order, number, limit)
    if "predicates" in request.DESCRIPTOR.fields_by_name:
        spec.add_predicates(predicates_of(request.predicates))
    return run_find(ctx.session, spec)
