"""Which objects implement which proto service: the only list of services the transports serve."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from google.protobuf.descriptor import ServiceDescriptor

from ..pb.ext import extension_pb2
from ..pb.modeldb import (
    comment_service_pb2,
    dataset_service_pb2,
    dataset_version_service_pb2,
    experiment_run_service_pb2,
    experiment_service_pb2,
    project_service_pb2,
)

if TYPE_CHECKING:
    from ..backend import Backend


def _service(module: object, name: str) -> ServiceDescriptor:
    return module.DESCRIPTOR.services_by_name[name]  # type: ignore[attr-defined, no-any-return]


def service_triples(backend: Backend) -> list[tuple[ServiceDescriptor, Sequence[object], str]]:
    """(service descriptor, implementation objects, audit entity type) for every served service."""
    from . import (
        artifact_urls,
        audit,
        comments,
        dataset_blobs,
        dataset_versions,
        datasets,
        experiment_runs,
        experiments,
        ext_columns,
        ext_query,
        finders,
        projects,
        run_states,
        series,
    )

    return [
        (
            _service(project_service_pb2, "ProjectService"),
            [projects.ProjectRpcs(), finders.ProjectFinders(), artifact_urls.ProjectArtifactUrlRpcs()],
            "project",
        ),
        (
            _service(experiment_service_pb2, "ExperimentService"),
            [experiments.ExperimentRpcs(), finders.ExperimentFinders(), artifact_urls.ExperimentArtifactUrlRpcs()],
            "experiment",
        ),
        (
            _service(experiment_run_service_pb2, "ExperimentRunService"),
            [experiment_runs.ExperimentRunRpcs(), finders.ExperimentRunFinders(), artifact_urls.RunArtifactUrlRpcs()],
            "experiment_run",
        ),
        (_service(comment_service_pb2, "CommentService"), [comments.CommentRpcs()], "comment"),
        (
            _service(extension_pb2, "ExtensionService"),
            [
                ext_query.QueryRpcs(),
                ext_columns.ColumnRpcs(),
                audit.AuditRpcs(),
                series.SeriesRpcs(),
                run_states.RunStateRpcs(),
            ],
            "extension",
        ),
        (_service(dataset_service_pb2, "DatasetService"), [datasets.DatasetRpcs()], "dataset"),
        (
            _service(dataset_version_service_pb2, "DatasetVersionService"),
            [dataset_versions.DatasetVersionRpcs(), dataset_blobs.DatasetBlobRpcs()],
            "dataset_version",
        ),
    ]
