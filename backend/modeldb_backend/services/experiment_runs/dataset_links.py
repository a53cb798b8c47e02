"""ExperimentRunService: the runs that used a dataset version (their `datasets` link it)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import InvalidArgument
from ...pb.common import common_pb2
from ...pb.modeldb import experiment_run_service_pb2 as pb
from ...query.kinds import RUNS
from ...store import models as m
from ..context import CallContext
from ..datasets.loading import live_dataset_version
from ..finders import find
from ..key_values import DATASETS
from ..loading import RUN, run_messages
from ..sqlchunks import present


def check_linked_versions(session: Session, datasets: Sequence[common_pb2.Artifact]) -> None:
    """A run may link only live dataset versions, as ModelDB checks (400 "Dataset not found ...").

    An entry without `linked_artifact_id` (a plain dataset path) is not a link and is not checked; links
    already stored are never re-checked, so a run keeps its link when the version is deleted later.
    """
    wanted = list(dict.fromkeys(d.linked_artifact_id for d in datasets if d.linked_artifact_id))
    if not wanted:
        return
    found = present(session, m.DatasetVersion.id, wanted, ~m.DatasetVersion.deleted)
    missing = next((d for d in datasets if d.linked_artifact_id and d.linked_artifact_id not in found), None)
    if missing is not None:
        raise InvalidArgument(
            f"Dataset not found for dataset version: {missing.linked_artifact_id} (dataset key {missing.key!r}:"
            " linked_artifact_id must be the id of an existing dataset version)"
        )


class RunDatasetRpcs:
    def getExperimentRunsByDatasetVersionId(
        self, ctx: CallContext, request: pb.GetExperimentRunsByDatasetVersionId
    ) -> pb.GetExperimentRunsByDatasetVersionId.Response:
        """Live runs linking the live version, sorted and paged like findExperimentRuns."""
        version = live_dataset_version(ctx.session, "", request.dataset_version_id)
        linking = select(m.Artifact.entity_id).where(
            m.Artifact.entity_type == RUN, m.Artifact.field == DATASETS, m.Artifact.linked_artifact_id == version.id
        )
        found = find(ctx, RUNS, [m.ExperimentRun.id.in_(linking)], request)
        return pb.GetExperimentRunsByDatasetVersionId.Response(
            experiment_runs=run_messages(ctx.session, found.rows), total_records=found.total
        )
