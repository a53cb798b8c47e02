"""ExperimentRunService implementation, assembled from mixins (one module per area).

Not here: the find/list family (finders.py), artifact upload URLs and multipart uploads
(services/artifacts/urls.py), and the versioning listings ListCommitExperimentRuns/ListBlobExperimentRuns;
those answer UNIMPLEMENTED until their own modules provide them.
"""

from __future__ import annotations

from .code_and_artifacts import RunCodeArtifactRpcs
from .dataset_links import RunDatasetRpcs
from .lifecycle import RunLifecycleRpcs
from .logged_values import RunLoggedValueRpcs


class ExperimentRunRpcs(RunLifecycleRpcs, RunLoggedValueRpcs, RunCodeArtifactRpcs, RunDatasetRpcs):
    """RPCs of ExperimentRunService other than finds, artifact uploads and versioning listings."""
