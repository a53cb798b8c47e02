"""ExperimentRunService: code version, environment, datasets and artifact metadata (versioned inputs:
versioned_inputs.py)."""

from __future__ import annotations

from collections.abc import Sequence

from ...errors import AlreadyExists, InvalidArgument
from ...pb.common import common_pb2
from ...pb.modeldb import common_pb2 as mdb_common_pb2
from ...pb.modeldb import experiment_run_service_pb2 as pb
from ..artifacts.rows import add_artifacts, delete_artifacts, load_artifacts
from ..context import CallContext
from ..json_columns import fill_message, message_json
from ..key_values import ARTIFACTS, DATASETS
from ..loading import RUN, live_run
from .changes import changed_run, require_message, stored_artifacts
from .dataset_links import check_linked_versions


class RunCodeArtifactRpcs:
    """Everything of a run that is neither lifecycle nor key-value metadata."""

    # --- code version -----------------------------------------------------------------------------------

    def logExperimentRunCodeVersion(
        self, ctx: CallContext, request: pb.LogExperimentRunCodeVersion
    ) -> pb.LogExperimentRunCodeVersion.Response:
        if not request.HasField("code_version") or request.code_version.WhichOneof("code") is None:
            raise InvalidArgument("code_version not present: send a git_snapshot or a code_archive")
        row = changed_run(ctx, request.id)
        if row.code_version_snapshot and not request.overwrite:
            raise AlreadyExists("Code version already logged")
        code_version = common_pb2.CodeVersion()
        code_version.CopyFrom(request.code_version)
        if code_version.WhichOneof("code") == "code_archive":
            code_version.code_archive.upload_completed = True
        row.code_version_snapshot = message_json(code_version)
        return pb.LogExperimentRunCodeVersion.Response()

    def getExperimentRunCodeVersion(
        self, ctx: CallContext, request: pb.GetExperimentRunCodeVersion
    ) -> pb.GetExperimentRunCodeVersion.Response:
        row = live_run(ctx.session, request.id)
        response = pb.GetExperimentRunCodeVersion.Response()
        fill_message(response.code_version, row.code_version_snapshot)
        return response

    # --- environment ------------------------------------------------------------------------------------

    def logEnvironment(self, ctx: CallContext, request: pb.LogEnvironment) -> pb.LogEnvironment.Response:
        """The run's environment is replaced on every call (the client logs it once per `log_environment`)."""
        require_message(request.HasField("environment"), "Environment")
        changed_run(ctx, request.id).environment = message_json(request.environment)
        return pb.LogEnvironment.Response()

    # --- datasets ---------------------------------------------------------------------------------------

    def logDataset(self, ctx: CallContext, request: pb.LogDataset) -> pb.LogDataset.Response:
        require_message(request.HasField("dataset"), "dataset")
        _log_artifacts(ctx, request.id, DATASETS, [request.dataset], request.overwrite)
        return pb.LogDataset.Response()

    def logDatasets(self, ctx: CallContext, request: pb.LogDatasets) -> pb.LogDatasets.Response:
        _log_artifacts(ctx, request.id, DATASETS, request.datasets, request.overwrite)
        return pb.LogDatasets.Response()

    def getDatasets(self, ctx: CallContext, request: pb.GetDatasets) -> pb.GetDatasets.Response:
        row = live_run(ctx.session, request.id)
        return pb.GetDatasets.Response(datasets=load_artifacts(ctx.session, [row.id], DATASETS).get(row.id, []))

    # --- artifacts (metadata; bytes go through the artifact store) ----------------------------------------

    def logArtifact(self, ctx: CallContext, request: pb.LogArtifact) -> pb.LogArtifact.Response:
        require_message(request.HasField("artifact"), "artifact")
        _log_artifacts(ctx, request.id, ARTIFACTS, [request.artifact], False)
        return pb.LogArtifact.Response()

    def logArtifacts(self, ctx: CallContext, request: pb.LogArtifacts) -> pb.LogArtifacts.Response:
        _log_artifacts(ctx, request.id, ARTIFACTS, request.artifacts, False)
        return pb.LogArtifacts.Response()

    def getArtifacts(
        self, ctx: CallContext, request: mdb_common_pb2.GetArtifacts
    ) -> mdb_common_pb2.GetArtifacts.Response:
        """All artifacts of the run, or only the one named by `key` (none if it was never logged)."""
        row = live_run(ctx.session, request.id)
        found = load_artifacts(ctx.session, [row.id], ARTIFACTS, key=request.key or None).get(row.id, [])
        return mdb_common_pb2.GetArtifacts.Response(artifacts=found)

    def deleteArtifact(self, ctx: CallContext, request: pb.DeleteArtifact) -> pb.DeleteArtifact.Response:
        """Deleting a key that is not logged succeeds: the client deletes before re-logging with overwrite."""
        if not request.key:
            # ModelDB deletes every artifact when the key is empty; refusing is the safer reading.
            raise InvalidArgument("Artifact key not present: name the artifact to delete")
        row = changed_run(ctx, request.id)
        delete_artifacts(ctx, row.id, ARTIFACTS, [request.key])
        return pb.DeleteArtifact.Response()


def _log_artifacts(
    ctx: CallContext, run_id: str, field: str, artifacts: Sequence[common_pb2.Artifact], overwrite: bool
) -> None:
    """Artifacts or dataset links of a run; an existing key is a 409 "Key 'k' already exists" unless overwrite."""
    if not artifacts:
        live_run(ctx.session, run_id)
        return
    row = changed_run(ctx, run_id)
    if field == DATASETS:
        check_linked_versions(ctx.session, artifacts)
    add_artifacts(ctx, RUN, row.id, field, stored_artifacts(artifacts), replace=overwrite)
