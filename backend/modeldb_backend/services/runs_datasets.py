"""ExperimentRunService: the runs that used a dataset version (their `datasets` link it)."""

from __future__ import annotations

from sqlalchemy import select

from ..pb.modeldb import experiment_run_service_pb2 as pb
from ..query.kinds import RUNS
from ..store import models as m
from .children import DATASETS
from .context import CallContext
from .dataset_common import live_dataset_version
from .entities import RUN, run_messages
from .finders import find


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
