"""ExperimentRunService implementation, assembled from mixins (one module per area).

Not here (the service table lists their classes itself): the find/list family (finders.py), artifact upload
URLs and multipart uploads (services/artifacts/urls.py), and the links to versioning commits with their
listings ListCommitExperimentRuns/ListBlobExperimentRuns (versioned_inputs.py).
"""

from __future__ import annotations

from .code_and_artifacts import RunCodeArtifactRpcs
from .dataset_links import RunDatasetRpcs
from .lifecycle import RunLifecycleRpcs
from .logged_values import RunLoggedValueRpcs


class ExperimentRunRpcs(RunLifecycleRpcs, RunLoggedValueRpcs, RunCodeArtifactRpcs, RunDatasetRpcs):
    """RPCs of ExperimentRunService other than finds, artifact uploads and versioning links."""
