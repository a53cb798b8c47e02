"""DatasetService: create, read, update, find and soft-delete datasets; the runs that used their versions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, select, update

from ...errors import AlreadyExists, NotFound
from ...pb.modeldb import common_pb2 as mdb_common_pb2
from ...pb.modeldb import dataset_service_pb2 as pb
from ...query.finder import Find, run_find
from ...query.kinds import DATASET_KIND, EXPERIMENTS, RUNS
from ...query.sorting import sort_keys
from ...store import models as m
from ..context import CallContext, read_only
from ..entity_meta.rules import generated_name, require_items, require_text
from ..key_values import ATTRIBUTES, DATASETS, add_key_values, add_tags, delete_key_values, delete_tags, load_tags
from ..loading import RUN, experiment_messages, live_by_name, run_messages
from ..projects.rpcs import workspace_of
from ..sqlchunks import check_listed, chunked, present
from ..values import check_name, check_tags
from .loading import (
    DATASET,
    DATASET_VERSION,
    changed_dataset,
    dataset_key,
    dataset_messages,
    find_rows,
    live_dataset,
    messages_of,
    require_dataset_id,
)


def _dataset(ctx: CallContext, row: m.Dataset) -> pb.Dataset:
    return dataset_messages(ctx.session, [row])[0]


def check_dataset_name_free(ctx: CallContext, workspace: str, name: str, exclude_id: int = 0) -> None:
    """Dataset names are unique per workspace among live datasets (deleted ones free their name)."""
    clash = ctx.session.scalar(
        select(m.Dataset.id).where(
            m.Dataset.workspace == workspace, m.Dataset.name == name, ~m.Dataset.deleted, m.Dataset.id != exclude_id
        )
    )
    if clash:
        raise AlreadyExists(f"Dataset '{name}' already exists in database")


def linking_runs(dataset_id: int) -> Select[Any]:
    """Ids of runs whose `datasets` link a live version of the dataset (set-based, one subquery)."""
    versions = select(m.DatasetVersion.id).where(m.DatasetVersion.dataset_id == dataset_id, ~m.DatasetVersion.deleted)
    return select(m.Artifact.entity_id).where(
        m.Artifact.entity_type == RUN, m.Artifact.field == DATASETS, m.Artifact.linked_artifact_id.in_(versions)
    )


class DatasetRpcs:
    # --- create / read / delete -------------------------------------------------------------------------

    def createDataset(self, ctx: CallContext, request: pb.CreateDataset) -> pb.CreateDataset.Response:
        name = check_name(request.name, "Dataset") or generated_name("Dataset")
        workspace = workspace_of(request.workspace_name)
        check_tags(request.tags)
        check_dataset_name_free(ctx, workspace, name)
        created = request.time_created or ctx.now
        row = m.Dataset(
            workspace=workspace,
            name=name,
            description=request.description,
            owner=ctx.actor,
            dataset_visibility=int(request.dataset_visibility),
            dataset_type=int(request.dataset_type),
            visibility=int(request.visibility),
            time_created=created,
            time_updated=created,
            version_number=1,
            deleted=False,
        )
        ctx.session.add(row)
        ctx.session.flush()  # assigns the integer id the children are keyed by
        add_key_values(ctx, DATASET, str(row.id), ATTRIBUTES, request.attributes, what="attribute")
        add_tags(ctx, DATASET, str(row.id), request.tags)
        ctx.audit(DATASET, str(row.id))
        return pb.CreateDataset.Response(dataset=_dataset(ctx, row))

    def getAllDatasets(self, ctx: CallContext, request: pb.GetAllDatasets) -> pb.GetAllDatasets.Response:
        where = [m.Dataset.workspace == workspace_of(request.workspace_name)]
        found = find_rows(ctx, DATASET_KIND, where, request, default_sort="time_updated", tiebreak="id")
        return pb.GetAllDatasets.Response(datasets=dataset_messages(ctx.session, found.rows), total_records=found.total)

    def getDatasetById(self, ctx: CallContext, request: pb.GetDatasetById) -> pb.GetDatasetById.Response:
        return pb.GetDatasetById.Response(dataset=_dataset(ctx, live_dataset(ctx.session, request.id)))

    def getDatasetByName(self, ctx: CallContext, request: pb.GetDatasetByName) -> pb.GetDatasetByName.Response:
        require_text(request.name, "Dataset name not found: set name")
        row = live_by_name(ctx.session, m.Dataset, workspace_of(request.workspace_name), request.name)
        if row is None:
            raise NotFound(f"Dataset with name '{request.name}' not found")
        return pb.GetDatasetByName.Response(dataset_by_user=_dataset(ctx, row))

    def deleteDataset(self, ctx: CallContext, request: pb.DeleteDataset) -> pb.DeleteDataset.Response:
        self._delete(ctx, [require_dataset_id(request.id)])
        return pb.DeleteDataset.Response(status=True)

    def deleteDatasets(self, ctx: CallContext, request: pb.DeleteDatasets) -> pb.DeleteDatasets.Response:
        require_items(request.ids, "Dataset ids not found: pass ids")
        self._delete(ctx, list(request.ids))
        return pb.DeleteDatasets.Response(status=True)

    def _delete(self, ctx: CallContext, ids: Sequence[str]) -> None:
        """Soft delete with the versions, at once: names are free again and versions vanish from finds.
        Runs keep their dataset links (`linked_artifact_id`), so they stay readable as logged."""
        wanted = list(dict.fromkeys(require_dataset_id(i) for i in ids))
        keys = {i: dataset_key(i) for i in wanted}
        valid = list(dict.fromkeys(k for k in keys.values() if k is not None))
        live = present(ctx.session, m.Dataset.id, valid, ~m.Dataset.deleted)
        missing = next((i for i, k in keys.items() if k not in live), None)
        if missing is not None:
            raise NotFound(f"Dataset not found for given Id: {missing}")
        for part in chunked(valid):  # request-sized: chunked under SQLite's bound-parameter limit
            self._delete_chunk(ctx, part)
        for dataset_id in wanted:
            ctx.audit(DATASET, dataset_id, {"deleted": True})

    @staticmethod
    def _delete_chunk(ctx: CallContext, dataset_ids: Sequence[int]) -> None:
        ctx.session.execute(
            update(m.Dataset).where(m.Dataset.id.in_(dataset_ids)).values(deleted=True, time_updated=ctx.now)
        )
        version_where = [m.DatasetVersion.dataset_id.in_(dataset_ids), ~m.DatasetVersion.deleted]
        for version_id in ctx.session.scalars(select(m.DatasetVersion.id).where(*version_where)):
            ctx.audit(DATASET_VERSION, version_id, {"deleted": True})
        ctx.session.execute(update(m.DatasetVersion).where(*version_where).values(deleted=True))

    @read_only
    def findDatasets(self, ctx: CallContext, request: pb.FindDatasets) -> pb.FindDatasets.Response:
        where: list[ColumnElement[bool]] = []
        if request.dataset_ids:
            # One IN list inside a sorted, paged find: capped rather than chunked (sqlchunks.MAX_LISTED_IDS).
            keys = [dataset_key(i) for i in check_listed(request.dataset_ids, "dataset_ids")]
            where.append(m.Dataset.id.in_([k for k in keys if k is not None]))
        else:
            where.append(m.Dataset.workspace == workspace_of(request.workspace_name))
        found = find_rows(ctx, DATASET_KIND, where, request, default_sort="time_updated", tiebreak="id")
        return pb.FindDatasets.Response(
            datasets=messages_of(ctx.session, DATASET_KIND, found.rows, request.ids_only), total_records=found.total
        )

    # --- name and description ---------------------------------------------------------------------------

    def updateDatasetName(self, ctx: CallContext, request: pb.UpdateDatasetName) -> pb.UpdateDatasetName.Response:
        require_dataset_id(request.id)
        name = check_name(request.name, "Dataset") or generated_name("Dataset")
        row = changed_dataset(ctx, request.id)
        check_dataset_name_free(ctx, row.workspace, name, exclude_id=row.id)
        row.name = name
        return pb.UpdateDatasetName.Response(dataset=_dataset(ctx, row))

    def updateDatasetDescription(
        self, ctx: CallContext, request: pb.UpdateDatasetDescription
    ) -> pb.UpdateDatasetDescription.Response:
        row = changed_dataset(ctx, request.id)
        row.description = request.description
        return pb.UpdateDatasetDescription.Response(dataset=_dataset(ctx, row))

    # --- tags -------------------------------------------------------------------------------------------

    def addDatasetTags(self, ctx: CallContext, request: pb.AddDatasetTags) -> pb.AddDatasetTags.Response:
        require_dataset_id(request.id)
        require_items(request.tags, "Dataset tags not found in AddDatasetTags request: pass tags")
        check_tags(request.tags)
        row = changed_dataset(ctx, request.id)
        add_tags(ctx, DATASET, str(row.id), request.tags)
        return pb.AddDatasetTags.Response(dataset=_dataset(ctx, row))

    def getDatasetTags(self, ctx: CallContext, request: mdb_common_pb2.GetTags) -> mdb_common_pb2.GetTags.Response:
        row = live_dataset(ctx.session, request.id)
        return mdb_common_pb2.GetTags.Response(tags=load_tags(ctx.session, [str(row.id)]).get(str(row.id), []))

    def deleteDatasetTags(self, ctx: CallContext, request: pb.DeleteDatasetTags) -> pb.DeleteDatasetTags.Response:
        """Tags that are not present are ignored (the client deletes without checking first)."""
        row = changed_dataset(ctx, request.id)
        delete_tags(ctx, str(row.id), request.tags, request.delete_all)
        return pb.DeleteDatasetTags.Response(dataset=_dataset(ctx, row))

    # --- attributes ---------------------------------------------------------------------------------------

    def addDatasetAttributes(
        self, ctx: CallContext, request: pb.AddDatasetAttributes
    ) -> pb.AddDatasetAttributes.Response:
        """ModelDB stores dataset attributes as repository attributes: adding an existing key replaces it
        (the client's own tests overwrite with `add_attribute`)."""
        require_dataset_id(request.id)
        require_items(request.attributes, "Attribute list not found in AddDatasetAttributes request: pass attributes")
        row = changed_dataset(ctx, request.id)
        add_key_values(ctx, DATASET, str(row.id), ATTRIBUTES, request.attributes, replace=True, what="attribute")
        return pb.AddDatasetAttributes.Response(dataset=_dataset(ctx, row))

    def updateDatasetAttributes(
        self, ctx: CallContext, request: pb.UpdateDatasetAttributes
    ) -> pb.UpdateDatasetAttributes.Response:
        require_dataset_id(request.id)
        require_text(request.attribute.key, "Attribute key not found in UpdateDatasetAttributes request")
        row = changed_dataset(ctx, request.id)
        add_key_values(ctx, DATASET, str(row.id), ATTRIBUTES, [request.attribute], replace=True, what="attribute")
        return pb.UpdateDatasetAttributes.Response(dataset=_dataset(ctx, row))

    def deleteDatasetAttributes(
        self, ctx: CallContext, request: pb.DeleteDatasetAttributes
    ) -> pb.DeleteDatasetAttributes.Response:
        """Keys that are not present are ignored (the client deletes without checking first)."""
        row = changed_dataset(ctx, request.id)
        delete_key_values(ctx, str(row.id), ATTRIBUTES, request.attribute_keys, request.delete_all)
        return pb.DeleteDatasetAttributes.Response(dataset=_dataset(ctx, row))

    # --- runs and experiments that used the dataset ------------------------------------------------------

    def getLastExperimentByDatasetId(
        self, ctx: CallContext, request: pb.LastExperimentByDatasetId
    ) -> pb.LastExperimentByDatasetId.Response:
        """The most recently updated live experiment with a live run that links a version of the dataset;
        an empty response when there is none (as ModelDB)."""
        dataset = live_dataset(ctx.session, request.dataset_id)
        run_experiments = RUNS.live(select(m.ExperimentRun.experiment_id).select_from(m.ExperimentRun)).where(
            m.ExperimentRun.id.in_(linking_runs(dataset.id))
        )
        stmt = EXPERIMENTS.live(select(m.Experiment)).where(m.Experiment.id.in_(run_experiments))
        row = ctx.session.scalar(stmt.order_by(m.Experiment.date_updated.desc(), m.Experiment.id.desc()).limit(1))
        response = pb.LastExperimentByDatasetId.Response()
        if row is not None:
            response.experiment.CopyFrom(experiment_messages(ctx.session, [row])[0])
        return response

    @read_only
    def getExperimentRunByDataset(
        self, ctx: CallContext, request: pb.GetExperimentRunByDataset
    ) -> pb.GetExperimentRunByDataset.Response:
        """Every live run linking a live version of the dataset, most recently updated first."""
        dataset = live_dataset(ctx.session, request.dataset_id)
        where: list[ColumnElement[bool]] = [m.ExperimentRun.id.in_(linking_runs(dataset.id))]
        found = run_find(ctx.session, Find(RUNS, where, sort_keys("", False)))
        return pb.GetExperimentRunByDataset.Response(experiment_runs=run_messages(ctx.session, found.rows))
