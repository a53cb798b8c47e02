"""Logging datasets, code, attributes and Docker metadata into a model version.

ModelDB's log RPCs of the registry carry no overwrite flag, and its log RPCs of runs refuse a key that is
already there unless asked to overwrite: so these add, never replace. A key already in the version is a 409
naming it (nothing of the request is written); replacing goes through UpdateModelVersion (PATCH merges, PUT
replaces), which is what ModelDB's client does for `overwrite=True`. Docker metadata is one value: logging it
onto a version that has some is the same 409. A version locked CLOSED refuses all of them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from google.protobuf import json_format

from ...errors import AlreadyExists, InvalidArgument
from ...pb.registry import registry_service_pb2 as pb
from ...pb.versioning import versioning_pb2 as vpb
from ...store import registry_models as rm
from ..artifacts.rows import add_artifacts
from ..context import CallContext
from ..experiment_runs.dataset_links import check_linked_versions
from ..json_columns import message_json
from ..key_values import ATTRIBUTES, DATASETS, add_key_values, unique_keys
from .artifacts import changed, live_version, refuse_closed

MAX_PORT = 65535
# What each log RPC must carry, said when it carries none.
_MISSING = {
    "datasets": "send at least one dataset (key and linked_artifact_id)",
    "code_blob_map": "send at least one code version by key",
    "attributes": "send at least one attribute (key and value)",
    "docker_metadata": "send request_port, request_path and health_path",
}


def code_map(text: str | None) -> dict[str, object]:
    """A version's code_blob_map column as {key: CodeBlob as JSON dict}."""
    data = json.loads(text) if text else {}
    return data if isinstance(data, dict) else {}


def merge_code_blobs(
    version: rm.ModelVersion, blobs: Mapping[str, vpb.CodeBlob], *, replace: bool = False
) -> list[str]:
    """Add code blobs to the version's map (an existing key is a 409 unless `replace`); returns the keys added."""
    current = code_map(version.code_blob_map)
    keys = unique_keys(sorted(blobs), "code version key")
    taken = [k for k in keys if k in current]
    if taken and not replace:
        raise AlreadyExists(
            f"Key '{taken[0]}' already exists in the code versions of model version {version.id}: "
            "replace it with UpdateModelVersion"
        )
    for key in keys:
        current[key] = json_format.MessageToDict(blobs[key], preserving_proto_field_name=True)
    version.code_blob_map = json.dumps(current, sort_keys=True) if current else None
    return keys


def _check_docker(docker: pb.DockerMetadata) -> None:
    if not 0 < docker.request_port <= MAX_PORT:
        raise InvalidArgument(
            f"docker_metadata.request_port must be the port the image serves requests on (1 to {MAX_PORT}), "
            f"got {docker.request_port}"
        )
    for name, path in (("request_path", docker.request_path), ("health_path", docker.health_path)):
        if path and not path.startswith("/"):
            raise InvalidArgument(f"docker_metadata.{name} must be an absolute URL path (start with '/'), got {path!r}")


def _version_to_log(ctx: CallContext, version_id: int, field: str, present: bool) -> rm.ModelVersion:
    """The live version, locked for the write, once its lock lets `field` change and the request carries some
    (else a 400 saying what to send)."""
    version = live_version(ctx, version_id, for_update=True)
    refuse_closed(version, [field])
    if not present:
        raise InvalidArgument(f"{field} not present: {_MISSING[field]}")
    return version


class ModelVersionLogRpcs:
    """RegistryService: logDatasets, logCodeBlob, logAttributes and logDockerMetadata of model versions."""

    def logDatasetsInModelVersion(
        self, ctx: CallContext, request: pb.LogDatasetsInModelVersion
    ) -> pb.LogDatasetsInModelVersion.Response:
        version = _version_to_log(ctx, request.model_version_id, "datasets", bool(request.datasets))
        check_linked_versions(ctx.session, request.datasets)
        add_artifacts(ctx, rm.MODEL_VERSION, rm.version_entity_id(version.id), DATASETS, request.datasets)
        changed(ctx, version)
        return pb.LogDatasetsInModelVersion.Response()

    def logCodeBlobInModelVersion(
        self, ctx: CallContext, request: pb.LogCodeBlobInModelVersion
    ) -> pb.LogCodeBlobInModelVersion.Response:
        version = _version_to_log(ctx, request.model_version_id, "code_blob_map", bool(request.code_blob_map))
        for key, blob in request.code_blob_map.items():
            if blob.WhichOneof("content") is None:
                raise InvalidArgument(f"code version {key!r} is empty: send a git or notebook code blob")
        merge_code_blobs(version, request.code_blob_map)
        changed(ctx, version)
        return pb.LogCodeBlobInModelVersion.Response()

    def logAttributesInModelVersion(
        self, ctx: CallContext, request: pb.LogAttributesInModelVersion
    ) -> pb.LogAttributesInModelVersion.Response:
        version = _version_to_log(ctx, request.model_version_id, "attributes", bool(request.attributes))
        add_key_values(ctx, rm.MODEL_VERSION, rm.version_entity_id(version.id), ATTRIBUTES, request.attributes)
        changed(ctx, version)
        return pb.LogAttributesInModelVersion.Response()

    def logDockerMetadataInModelVersion(
        self, ctx: CallContext, request: pb.LogDockerMetadataInModelVersion
    ) -> pb.LogDockerMetadataInModelVersion.Response:
        version = _version_to_log(ctx, request.model_version_id, "docker_metadata", request.HasField("docker_metadata"))
        _check_docker(request.docker_metadata)
        if version.docker_metadata:
            raise AlreadyExists(
                f"Docker metadata already exists in model version {version.id}: replace it with UpdateModelVersion"
            )
        version.docker_metadata = message_json(request.docker_metadata)
        changed(ctx, version)
        return pb.LogDockerMetadataInModelVersion.Response()
