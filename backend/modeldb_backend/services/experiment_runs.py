"""ExperimentRunService implementation, assembled from mixins (one module per area).

Not here: the find/list family (finders.py), artifact upload URLs and multipart uploads (artifact store),
and the versioning listings ListCommitExperimentRuns/ListBlobExperimentRuns; those answer UNIMPLEMENTED
until their own modules provide them.
"""

from __future__ import annotations

from .runs_core import RunCoreRpcs
from .runs_datasets import RunDatasetRpcs
from .runs_metadata import RunMetadataRpcs
from .runs_misc import RunMiscRpcs


class ExperimentRunRpcs(RunCoreRpcs, RunMetadataRpcs, RunMiscRpcs, RunDatasetRpcs):
    """RPCs of ExperimentRunService other than finds, artifact uploads and versioning listings."""
