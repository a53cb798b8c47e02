"""ExperimentRunService: create, read, rename, delete, clone and parent/job links of runs."""

from __future__ import annotations

import json

from sqlalchemy import select, update

from ...errors import InvalidArgument, NotFound
from ...limits import MAX_JOB_ID_LENGTH, MAX_NAME_LENGTH
from ...pb.modeldb import experiment_run_service_pb2 as pb
from ...store import models as m
from ..artifacts.rows import add_artifacts
from ..context import CallContext, mutating
from ..json_columns import message_json
from ..key_values import ARTIFACTS, ATTRIBUTES, DATASETS, HYPERPARAMETERS, METRICS, add_key_values, add_tags
from ..loading import RUN, live_experiment, live_project, live_run, new_id, require
from ..sqlchunks import chunked, first_missing, present
from ..values import check_name
from .changes import (
    add_observations,
    changed_run,
    check_name_free,
    check_text,
    copy_children,
    live_parent,
    run_message,
    run_name,
    stored_artifacts,
)
from .dataset_links import check_linked_versions
from .versioned_input_rows import copy_links
from .versioned_inputs import link_run


class RunLifecycleRpcs:
    """Run lifecycle RPCs; metadata logging lives in logged_values.py and code_and_artifacts.py."""

    def createExperimentRun(self, ctx: CallContext, request: pb.CreateExperimentRun) -> pb.CreateExperimentRun.Response:
        require(request.project_id, "Project ID not present")
        require(request.experiment_id, "Experiment ID not present")
        project = live_project(ctx.session, request.project_id)
        experiment = live_experiment(ctx.session, request.experiment_id)
        if experiment.project_id != project.id:
            raise InvalidArgument(
                f"Experiment {experiment.id} belongs to project {experiment.project_id}, not to project {project.id}"
            )
        name = run_name(request.name)
        check_name_free(ctx, experiment.id, name)
        check_linked_versions(ctx.session, request.datasets)
        if request.parent_id:
            live_parent(ctx, request.parent_id)
        # A client-supplied creation time is honoured and is also the run's first update time.
        created = request.date_created or ctx.now
        row = m.ExperimentRun(
            id=new_id(),
            project_id=project.id,
            experiment_id=experiment.id,
            name=name,
            description=check_text(request.description, "description"),
            owner=ctx.actor,
            date_created=created,
            date_updated=created,
            start_time=request.start_time,
            end_time=request.end_time,
            code_version=check_text(request.code_version, "code_version"),
            code_version_snapshot=message_json(request.code_version_snapshot),
            parent_id=request.parent_id,
            features=json.dumps([f.name for f in request.features]) if request.features else None,
            version_number=1,
            deleted=False,
        )
        ctx.session.add(row)
        ctx.session.flush()
        self._store_children(ctx, row.id, request)
        if request.HasField("versioned_inputs"):
            link_run(ctx, row.id, request.versioned_inputs)
        ctx.audit(RUN, row.id)
        return pb.CreateExperimentRun.Response(experiment_run=run_message(ctx, row))

    @staticmethod
    def _store_children(ctx: CallContext, run_id: str, request: pb.CreateExperimentRun) -> None:
        add_tags(ctx, RUN, run_id, request.tags)
        add_key_values(ctx, RUN, run_id, ATTRIBUTES, request.attributes, what="attribute")
        add_key_values(ctx, RUN, run_id, HYPERPARAMETERS, request.hyperparameters, what="hyperparameter")
        add_key_values(ctx, RUN, run_id, METRICS, request.metrics, what="metric")
        add_artifacts(ctx, RUN, run_id, ARTIFACTS, stored_artifacts(request.artifacts))
        add_artifacts(ctx, RUN, run_id, DATASETS, stored_artifacts(request.datasets))
        add_observations(ctx, run_id, request.observations)

    def getExperimentRunById(
        self, ctx: CallContext, request: pb.GetExperimentRunById
    ) -> pb.GetExperimentRunById.Response:
        return pb.GetExperimentRunById.Response(experiment_run=run_message(ctx, live_run(ctx.session, request.id)))

    def getExperimentRunByName(
        self, ctx: CallContext, request: pb.GetExperimentRunByName
    ) -> pb.GetExperimentRunByName.Response:
        require(request.name, "ExperimentRun name not present")
        require(request.experiment_id, "Experiment ID not present")
        row = ctx.session.scalar(
            select(m.ExperimentRun).where(
                m.ExperimentRun.experiment_id == request.experiment_id,
                m.ExperimentRun.name == request.name,
                ~m.ExperimentRun.deleted,
            )
        )
        if row is None:
            raise NotFound(f"ExperimentRun not found for the name: {request.name}")
        return pb.GetExperimentRunByName.Response(experiment_run=run_message(ctx, row))

    def deleteExperimentRun(self, ctx: CallContext, request: pb.DeleteExperimentRun) -> pb.DeleteExperimentRun.Response:
        require(request.id, "ExperimentRun ID not present")
        self._delete(ctx, [request.id])
        return pb.DeleteExperimentRun.Response(status=True)

    def deleteExperimentRuns(
        self, ctx: CallContext, request: pb.DeleteExperimentRuns
    ) -> pb.DeleteExperimentRuns.Response:
        if not request.ids:
            raise InvalidArgument("ExperimentRun IDs not found in request")
        self._delete(ctx, list(dict.fromkeys(request.ids)))
        return pb.DeleteExperimentRuns.Response(status=True)

    @staticmethod
    def _delete(ctx: CallContext, ids: list[str]) -> None:
        """Soft delete: the runs vanish from every read at once and their names become free."""
        if "" in ids:
            raise InvalidArgument("ExperimentRun ID not present: ids must not contain empty strings")
        live = present(ctx.session, m.ExperimentRun.id, ids, ~m.ExperimentRun.deleted)
        missing = first_missing(ids, live)
        if missing is not None:
            raise NotFound(f"ExperimentRun not found for given Id: {missing}")
        for part in chunked(ids):  # request-sized: chunked under SQLite's bound-parameter limit
            ctx.session.execute(update(m.ExperimentRun).where(m.ExperimentRun.id.in_(part)).values(deleted=True))
        for run_id in ids:
            ctx.audit(RUN, run_id, {"deleted": True})

    def updateExperimentRunName(
        self, ctx: CallContext, request: pb.UpdateExperimentRunName
    ) -> pb.UpdateExperimentRunName.Response:
        if not request.name.strip():
            raise InvalidArgument("ExperimentRun name is not present: pass a non-empty name")
        name = check_name(request.name, "ExperimentRun")
        row = changed_run(ctx, request.id)
        check_name_free(ctx, row.experiment_id, name, exclude_id=row.id)
        row.name = name
        return pb.UpdateExperimentRunName.Response()

    def updateExperimentRunDescription(
        self, ctx: CallContext, request: pb.UpdateExperimentRunDescription
    ) -> pb.UpdateExperimentRunDescription.Response:
        row = changed_run(ctx, request.id)
        row.description = check_text(request.description, "description")
        return pb.UpdateExperimentRunDescription.Response(experiment_run=run_message(ctx, row))

    def cloneExperimentRun(self, ctx: CallContext, request: pb.CloneExperimentRun) -> pb.CloneExperimentRun.Response:
        """A new run with all the source's metadata, as ModelDB main does: new id, all four times = now."""
        require(request.src_experiment_run_id, "Source ExperimentRun Id should not be empty")
        src = ctx.session.get(m.ExperimentRun, request.src_experiment_run_id)
        if src is None or src.deleted:
            raise NotFound(f"Source ExperimentRun not found for given Id: {request.src_experiment_run_id}")
        experiment_id, project_id = src.experiment_id, src.project_id
        if request.dest_experiment_id and request.dest_experiment_id != src.experiment_id:
            dest = live_experiment(ctx.session, request.dest_experiment_id)
            experiment_id, project_id = dest.id, dest.project_id
        name = check_name(request.dest_experiment_run_name, "ExperimentRun") or _clone_name(src.name, ctx.now)
        check_name_free(ctx, experiment_id, name)
        row = m.ExperimentRun(
            id=new_id(),
            project_id=project_id,
            experiment_id=experiment_id,
            name=name,
            owner=ctx.actor,  # the clone is the cloner's, as every row a caller creates
            date_created=ctx.now,
            date_updated=ctx.now,
            start_time=ctx.now,
            end_time=ctx.now,
            version_number=1,
            deleted=False,
            **{c: getattr(src, c) for c in _CLONED_COLUMNS},
        )
        ctx.session.add(row)
        ctx.session.flush()
        copy_children(ctx, src.id, row.id)
        copy_links(ctx.session, src.id, row.id)
        ctx.audit(RUN, row.id, {"cloned_from": src.id, "name": name, "experiment_id": experiment_id})
        return pb.CloneExperimentRun.Response(run=run_message(ctx, row))

    def setParentExperimentRunId(
        self, ctx: CallContext, request: pb.SetParentExperimentRunId
    ) -> pb.SetParentExperimentRunId.Response:
        require(request.experiment_run_id, "ExperimentRun ID not found in SetParentExperimentRunId request")
        require(request.parent_id, "Parent ExperimentRun ID not found in SetParentExperimentRunId request")
        if request.parent_id == request.experiment_run_id:
            raise InvalidArgument(f"ExperimentRun {request.parent_id} cannot be its own parent")
        row = changed_run(ctx, request.experiment_run_id)
        live_parent(ctx, request.parent_id)
        _refuse_cycle(ctx, row.id, request.parent_id)
        row.parent_id = request.parent_id
        return pb.SetParentExperimentRunId.Response()

    @mutating
    def logJobId(self, ctx: CallContext, request: pb.LogJobId) -> pb.LogJobId.Response:
        """A GET that writes (ModelDB's annotation), hence @mutating."""
        require(request.id, "ExperimentRun ID not found in LogJobId request")
        require(request.job_id, "Job ID not found in LogJobId request")
        check_text(request.job_id, "job_id", MAX_JOB_ID_LENGTH)
        changed_run(ctx, request.id).job_id = request.job_id
        return pb.LogJobId.Response()

    def getJobId(self, ctx: CallContext, request: pb.GetJobId) -> pb.GetJobId.Response:
        require(request.id, "ExperimentRun ID not found in GetJobId request")
        return pb.GetJobId.Response(job_id=live_run(ctx.session, request.id).job_id)


# Row columns a clone takes over from its source unchanged (children are copied by copy_children, versioned
# inputs by copy_links).
_CLONED_COLUMNS = (
    "description",
    "code_version",
    "code_version_snapshot",
    "parent_id",
    "environment",
    "features",
    "job_id",
)


def _clone_name(src_name: str, now: int) -> str:
    """ModelDB's default clone name "<source name> - <ms>", shortened to stay within the name limit."""
    suffix = f" - {now}"
    return src_name[: MAX_NAME_LENGTH - len(suffix)] + suffix


def _refuse_cycle(ctx: CallContext, run_id: str, parent_id: str) -> None:
    """Walk up from the new parent; meeting the run itself means the link would close a cycle.

    One lookup per ancestor: parent chains are short and this is a single-run write, not a page read.
    """
    seen: set[str] = set()
    current: str = parent_id
    while current and current not in seen:
        if current == run_id:
            raise InvalidArgument(f"ExperimentRun {parent_id} descends from {run_id}: the parent link would be a cycle")
        seen.add(current)
        current = ctx.session.scalar(select(m.ExperimentRun.parent_id).where(m.ExperimentRun.id == current)) or ""
