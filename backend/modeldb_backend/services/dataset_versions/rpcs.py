"""DatasetVersionService: versions numbered 1, 2, 3... per dataset, each pointing at its parent.

Not here: the managed component uploads (getUrlForDatasetBlobVersioned and the multipart commits, in
blobs.py). A version's components are described by its `dataset_blob` JSON column.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, select, update

from ...errors import AlreadyExists, NotFound
from ...pb.modeldb import dataset_version_service_pb2 as pb
from ...query.kinds import DATASET_VERSION_KIND
from ...store import models as m
from ..context import CallContext, read_only
from ..datasets.loading import (
    DATASET,
    DATASET_VERSION,
    changed_version,
    find_rows,
    live_dataset,
    live_dataset_version,
    messages_of,
    version_content,
    version_messages,
)
from ..entity_meta.rules import attributes_of, require_items, require_text
from ..key_values import ATTRIBUTES, add_key_values, add_tags, check_batch_keys, delete_key_values, delete_tags
from ..loading import new_id
from ..projects.rpcs import workspace_of
from ..sqlchunks import check_listed
from ..values import check_tags

__all__ = ["DatasetVersionRpcs", "live_dataset_version"]

DEFAULT_SORT, TIEBREAK = "time_logged", "version"


def _version(ctx: CallContext, row: m.DatasetVersion) -> pb.DatasetVersion:
    return version_messages(ctx.session, [row])[0]


def _parent_id(ctx: CallContext, dataset_id: int, requested: str) -> str:
    """The named parent (a live version of the same dataset), else the latest live version, else none."""
    if requested:
        return live_dataset_version(ctx.session, str(dataset_id), requested).id
    latest = ctx.session.scalar(
        select(m.DatasetVersion.id)
        .where(m.DatasetVersion.dataset_id == dataset_id, ~m.DatasetVersion.deleted)
        .order_by(m.DatasetVersion.version.desc())
        .limit(1)
    )
    return latest or ""


def _version_number(ctx: CallContext, dataset_id: int, requested: int) -> int:
    """The requested number if no live version has it (as ModelDB honours one), else max + 1.

    The maximum counts deleted versions too, so a number once given never names another version.
    """
    if requested:
        clash = ctx.session.scalar(
            select(m.DatasetVersion.id).where(
                m.DatasetVersion.dataset_id == dataset_id,
                m.DatasetVersion.version == requested,
                ~m.DatasetVersion.deleted,
            )
        )
        if clash:
            raise AlreadyExists(f"DatasetVersion with version {requested} already exists in dataset {dataset_id}")
        return requested
    current = ctx.session.scalar(
        select(func.max(m.DatasetVersion.version)).where(m.DatasetVersion.dataset_id == dataset_id)
    )
    return (current or 0) + 1


class DatasetVersionRpcs:
    # --- create / read / delete -------------------------------------------------------------------------

    def createDatasetVersion(
        self, ctx: CallContext, request: pb.CreateDatasetVersion
    ) -> pb.CreateDatasetVersion.Response:
        blob_json, info_kind, info_json = version_content(request)
        check_tags(request.tags)
        check_batch_keys(request.attributes, "attribute")
        # Locking the dataset row serialises concurrent creates (SQLite's write lock already does), so
        # version numbers and parents never race.
        dataset = live_dataset(ctx.session, request.dataset_id, for_update=True)
        logged = request.time_created or ctx.now
        row = m.DatasetVersion(
            id=new_id(),
            dataset_id=dataset.id,
            parent_id=_parent_id(ctx, dataset.id, request.parent_id),
            version=_version_number(ctx, dataset.id, request.version),
            description=request.description,
            owner=ctx.actor,
            dataset_type=int(request.dataset_type),
            info_kind=info_kind,
            info=info_json,
            dataset_blob=blob_json,
            time_logged=logged,
            time_updated=logged,
            version_number=1,
            deleted=False,
        )
        ctx.session.add(row)
        ctx.session.flush()
        add_key_values(ctx, DATASET_VERSION, row.id, ATTRIBUTES, request.attributes, what="attribute")
        add_tags(ctx, DATASET_VERSION, row.id, request.tags)
        # The dataset was updated when its newest version was logged (ModelDB's reconciler, done at once).
        dataset.time_updated = logged
        dataset.version_number = (dataset.version_number or 0) + 1
        ctx.audit(DATASET_VERSION, row.id)
        ctx.audit(DATASET, str(dataset.id), {"time_updated": logged, "new_version": row.id})
        return pb.CreateDatasetVersion.Response(dataset_version=_version(ctx, row))

    def getAllDatasetVersionsByDatasetId(
        self, ctx: CallContext, request: pb.GetAllDatasetVersionsByDatasetId
    ) -> pb.GetAllDatasetVersionsByDatasetId.Response:
        dataset = live_dataset(ctx.session, request.dataset_id)
        where = [m.DatasetVersion.dataset_id == dataset.id]
        found = find_rows(ctx, DATASET_VERSION_KIND, where, request, default_sort=DEFAULT_SORT, tiebreak=TIEBREAK)
        return pb.GetAllDatasetVersionsByDatasetId.Response(
            dataset_versions=version_messages(ctx.session, found.rows), total_records=found.total
        )

    def getDatasetVersionById(
        self, ctx: CallContext, request: pb.GetDatasetVersionById
    ) -> pb.GetDatasetVersionById.Response:
        row = live_dataset_version(ctx.session, "", request.id)
        return pb.GetDatasetVersionById.Response(dataset_version=_version(ctx, row))

    def getLatestDatasetVersionByDatasetId(
        self, ctx: CallContext, request: pb.GetLatestDatasetVersionByDatasetId
    ) -> pb.GetLatestDatasetVersionByDatasetId.Response:
        """The newest version by time logged (then version number); `ascending` gives the oldest instead."""
        dataset = live_dataset(ctx.session, request.dataset_id)
        where = [m.DatasetVersion.dataset_id == dataset.id]
        found = find_rows(
            ctx, DATASET_VERSION_KIND, where, request, default_sort=DEFAULT_SORT, tiebreak=TIEBREAK, page=(1, 1)
        )
        if not found.rows:
            raise NotFound(f"No datasetVersion found for dataset '{request.dataset_id}'")
        return pb.GetLatestDatasetVersionByDatasetId.Response(dataset_version=_version(ctx, found.rows[0]))

    def deleteDatasetVersion(
        self, ctx: CallContext, request: pb.DeleteDatasetVersion
    ) -> pb.DeleteDatasetVersion.Response:
        self._delete(ctx, request.dataset_id, [request.id])
        return pb.DeleteDatasetVersion.Response()

    def deleteDatasetVersions(
        self, ctx: CallContext, request: pb.DeleteDatasetVersions
    ) -> pb.DeleteDatasetVersions.Response:
        require_items(request.ids, "DatasetVersion ids not found: pass ids")
        self._delete(ctx, request.dataset_id, list(request.ids))
        return pb.DeleteDatasetVersions.Response()

    def _delete(self, ctx: CallContext, dataset_id: str, ids: Sequence[str]) -> None:
        """Soft delete; a deleted version's children take its parent, so the chain skips it (as ModelDB
        re-parents the child commit). Runs that linked the version keep their link."""
        rows = [live_dataset_version(ctx.session, dataset_id, i, for_update=True) for i in dict.fromkeys(ids)]
        for row in rows:
            row.deleted = True
            row.time_updated = max(row.time_updated, ctx.now)
            ctx.session.execute(
                update(m.DatasetVersion)
                .where(m.DatasetVersion.dataset_id == row.dataset_id, m.DatasetVersion.parent_id == row.id)
                .values(parent_id=row.parent_id)
            )
            ctx.audit(DATASET_VERSION, row.id, {"deleted": True})

    @read_only
    def findDatasetVersions(self, ctx: CallContext, request: pb.FindDatasetVersions) -> pb.FindDatasetVersions.Response:
        where: list[ColumnElement[bool]] = []
        if request.dataset_id:
            where.append(m.DatasetVersion.dataset_id == live_dataset(ctx.session, request.dataset_id).id)
        if request.dataset_version_ids:
            where.append(m.DatasetVersion.id.in_(check_listed(request.dataset_version_ids, "dataset_version_ids")))
        if not where:  # versions of every dataset in the workspace (the live rule joins their dataset)
            where.append(m.Dataset.workspace == workspace_of(request.workspace_name))
        found = find_rows(ctx, DATASET_VERSION_KIND, where, request, default_sort=DEFAULT_SORT, tiebreak=TIEBREAK)
        versions = messages_of(ctx.session, DATASET_VERSION_KIND, found.rows, request.ids_only)
        return pb.FindDatasetVersions.Response(dataset_versions=versions, total_records=found.total)

    # --- description, tags, attributes -------------------------------------------------------------------

    def updateDatasetVersionDescription(
        self, ctx: CallContext, request: pb.UpdateDatasetVersionDescription
    ) -> pb.UpdateDatasetVersionDescription.Response:
        row = changed_version(ctx, request.dataset_id, request.id)
        row.description = request.description
        return pb.UpdateDatasetVersionDescription.Response(dataset_version=_version(ctx, row))

    def addDatasetVersionTags(
        self, ctx: CallContext, request: pb.AddDatasetVersionTags
    ) -> pb.AddDatasetVersionTags.Response:
        require_text(request.id, "DatasetVersion id not found: set the dataset version id")
        require_items(request.tags, "DatasetVersion tags not found in AddDatasetVersionTags request: pass tags")
        check_tags(request.tags)
        row = changed_version(ctx, request.dataset_id, request.id)
        add_tags(ctx, DATASET_VERSION, row.id, request.tags)
        return pb.AddDatasetVersionTags.Response(dataset_version=_version(ctx, row))

    def deleteDatasetVersionTags(
        self, ctx: CallContext, request: pb.DeleteDatasetVersionTags
    ) -> pb.DeleteDatasetVersionTags.Response:
        """Tags that are not present are ignored (the client deletes without checking first)."""
        row = changed_version(ctx, request.dataset_id, request.id)
        delete_tags(ctx, row.id, request.tags, request.delete_all)
        return pb.DeleteDatasetVersionTags.Response(dataset_version=_version(ctx, row))

    def addDatasetVersionAttributes(
        self, ctx: CallContext, request: pb.AddDatasetVersionAttributes
    ) -> pb.AddDatasetVersionAttributes.Response:
        """A key the version already has is a 409 (as ModelDB); updateDatasetVersionAttributes replaces."""
        require_text(request.id, "DatasetVersion id not found: set the dataset version id")
        require_items(request.attributes, "Attribute list not found in AddDatasetVersionAttributes request")
        row = changed_version(ctx, request.dataset_id, request.id)
        add_key_values(ctx, DATASET_VERSION, row.id, ATTRIBUTES, request.attributes, what="attribute")
        return pb.AddDatasetVersionAttributes.Response(dataset_version=_version(ctx, row))

    def updateDatasetVersionAttributes(
        self, ctx: CallContext, request: pb.UpdateDatasetVersionAttributes
    ) -> pb.UpdateDatasetVersionAttributes.Response:
        require_text(request.id, "DatasetVersion id not found: set the dataset version id")
        require_text(request.attribute.key, "Attribute key not found in UpdateDatasetVersionAttributes request")
        row = changed_version(ctx, request.dataset_id, request.id)
        add_key_values(ctx, DATASET_VERSION, row.id, ATTRIBUTES, [request.attribute], replace=True, what="attribute")
        return pb.UpdateDatasetVersionAttributes.Response(dataset_version=_version(ctx, row))

    def getDatasetVersionAttributes(
        self, ctx: CallContext, request: pb.GetDatasetVersionAttributes
    ) -> pb.GetDatasetVersionAttributes.Response:
        row = live_dataset_version(ctx.session, request.dataset_id, request.id)
        attrs = attributes_of(ctx, row.id, request.attribute_keys, request.get_all, "DatasetVersion")
        return pb.GetDatasetVersionAttributes.Response(attributes=attrs)

    def deleteDatasetVersionAttributes(
        self, ctx: CallContext, request: pb.DeleteDatasetVersionAttributes
    ) -> pb.DeleteDatasetVersionAttributes.Response:
        """Keys that are not present are ignored (the client deletes without checking first)."""
        row = changed_version(ctx, request.dataset_id, request.id)
        delete_key_values(ctx, row.id, ATTRIBUTES, request.attribute_keys, request.delete_all)
        return pb.DeleteDatasetVersionAttributes.Response(dataset_version=_version(ctx, row))
