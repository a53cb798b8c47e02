"""The one list of services: every proto service we serve, the classes that implement it, and the RPCs it
deliberately leaves out (they answer 501).

The backend, the gRPC server, the REST gateway, the OpenAPI document and the client all read this table.
Importing this module is light (protobuf only): implementation classes are named, not imported, so the
client can build its table (`wire_rpcs`) without SQLAlchemy; `served_rpcs` imports and checks them.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType

from google.protobuf.descriptor import ServiceDescriptor

from ..pb.ext import extension_pb2
from ..pb.metadata import metadata_service_pb2
from ..pb.modeldb import (
    comment_service_pb2,
    dataset_service_pb2,
    dataset_version_service_pb2,
    experiment_run_service_pb2,
    experiment_service_pb2,
    lineage_pb2,
    project_service_pb2,
)
from ..pb.registry import registry_service_pb2, stage_service_pb2
from ..pb.versioning import versioning_service_pb2
from ..rpc import Rpc, ServiceSpec, build_table
from .registry_service.unavailable import UNAVAILABLE


def _service(module: ModuleType, name: str) -> ServiceDescriptor:
    service: ServiceDescriptor = module.DESCRIPTOR.services_by_name[name]  # a generated _pb2 module's file
    return service


_REGISTRY = _service(registry_service_pb2, "RegistryService")
_STAGES = _service(stage_service_pb2, "StageService")

SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec(
        _service(project_service_pb2, "ProjectService"),
        "project",
        (".projects.rpcs:ProjectRpcs", ".projects.finders:ProjectFinders", ".artifacts.urls:ProjectArtifactUrlRpcs"),
    ),
    ServiceSpec(
        _service(experiment_service_pb2, "ExperimentService"),
        "experiment",
        (
            ".experiments.rpcs:ExperimentRpcs",
            ".experiments.finders:ExperimentFinders",
            ".artifacts.urls:ExperimentArtifactUrlRpcs",
        ),
    ),
    ServiceSpec(
        _service(experiment_run_service_pb2, "ExperimentRunService"),
        "experiment_run",
        (
            ".experiment_runs.rpcs:ExperimentRunRpcs",
            ".experiment_runs.finders:ExperimentRunFinders",
            ".artifacts.urls:RunArtifactUrlRpcs",
            ".experiment_runs.versioned_inputs:RunVersionedInputRpcs",
        ),
    ),
    ServiceSpec(_service(comment_service_pb2, "CommentService"), "comment", (".comments.rpcs:CommentRpcs",)),
    ServiceSpec(
        _service(extension_pb2, "ExtensionService"),
        "extension",
        (
            ".ext.query:QueryRpcs",
            ".ext.columns:ColumnRpcs",
            ".ext.audit:AuditRpcs",
            ".ext.series:SeriesRpcs",
            ".ext.series_downsample:DownsampleRpcs",
            ".ext.bulk_runs:BulkRunRpcs",
            ".ext.run_states:RunStateRpcs",
            ".registry_service.from_run:RunModelVersionRpcs",
        ),
    ),
    ServiceSpec(_service(dataset_service_pb2, "DatasetService"), "dataset", (".datasets.rpcs:DatasetRpcs",)),
    ServiceSpec(
        _service(dataset_version_service_pb2, "DatasetVersionService"),
        "dataset_version",
        (".dataset_versions.rpcs:DatasetVersionRpcs", ".dataset_versions.blobs:DatasetBlobRpcs"),
    ),
    ServiceSpec(
        _service(versioning_service_pb2, "VersioningService"),
        "repository",
        (
            ".versioning.repositories:RepositoryRpcs",
            ".versioning.commits:CommitRpcs",
            ".versioning.blobs:BlobRpcs",
            ".versioning.repository_admin:RepositoryAdminRpcs",
            ".versioning.refs:RefRpcs",
            ".versioning.history:HistoryRpcs",
            ".versioning.find_blobs:FindBlobRpcs",
            ".versioning.merging:MergeRpcs",
            ".versioning.uploads:VersionedUploadRpcs",
        ),
    ),
    ServiceSpec(_service(lineage_pb2, "LineageService"), "lineage", (".lineage.rpcs:LineageRpcs",)),
    ServiceSpec(
        _service(metadata_service_pb2, "MetadataService"),
        "metadata",
        (
            ".metadata.rpcs:LabelRpcs",
            ".metadata.rpcs:PropertyRpcs",
            ".metadata.rpcs:KeyValuePropertyRpcs",
            ".metadata.rpcs:RandomNameRpcs",
        ),
    ),
    ServiceSpec(
        _REGISTRY,
        "registered_model",
        (
            ".registry_service.models:RegisteredModelRpcs",
            ".registry_service.versions:ModelVersionRpcs",
            ".registry_service.artifacts:ModelVersionArtifactRpcs",
            ".registry_service.logging:ModelVersionLogRpcs",
            ".registry_service.unavailable:UnavailableRpcs",
        ),
        UNAVAILABLE,  # external deployments: not available in this server
    ),
    ServiceSpec(_STAGES, "model_version", (".registry_service.stages:StageRpcs",)),
)


@cache
def _served() -> dict[str, Rpc]:
    return build_table(SERVICES)


def served_rpcs() -> dict[str, Rpc]:
    """Every RPC keyed by gRPC path, with its implementation (imports the services: server side only).
    Raises ServiceTableError when a class method names no RPC or an RPC is neither implemented nor listed.
    Needs no backend: handlers get everything from the CallContext of each call."""
    return dict(_served())


@cache
def _wire() -> dict[str, Rpc]:
    return build_table(SERVICES, load=False)


def wire_rpcs() -> dict[str, Rpc]:
    """Every RPC keyed by gRPC path with messages, HTTP bindings and `implemented`, but no handlers: the
    client's table (imports neither SQLAlchemy nor Tornado)."""
    return dict(_wire())
