"""The modeldb-jupyter client: ModelDB's familiar API, non-blocking logging, pandas queries.

from modeldb_jupyter import Client
client = Client()                      # url → $MODELDB_URL → Jupyter server → embedded store
with client.set_experiment_run("r1") as run:
    run.log_hyperparameters({"lr": 0.01})
    for step in range(100):
        run.log_metric("loss", 1 / (step + 1))
client.runs_df(filter="metrics.loss < 0.1")
"""

from __future__ import annotations

from ..kernel import jupyter_server_target as _jupyter_server_target
from . import blobs
from .client import Client, close_all_clients
from .datasets import Dataset, DatasetVersion
from .default import current, default_client, set_current
from .entities import Experiment, ExperimentRun, MetricPoint, Project
from .errors import (
    AlreadyExistsError,
    InvalidArgumentError,
    ModelDBError,
    ModelDBWarning,
    NotFoundError,
    PermissionDeniedError,
    QuerySyntaxError,
    UnauthenticatedError,
    UnavailableError,
    UnimplementedError,
    UnknownColumnError,
)
from .logger import LogError
from .registry import ModelVersion, RegisteredModel
from .resolve import Target, register_resolver, unregister_resolver
from .versioning import Commit, CommitBuilder, MergeConflictError, Repository

# Resolution step 3: inside a kernel started by a Jupyter server with our extension, that server.
register_resolver(_jupyter_server_target)

__all__ = [
    "AlreadyExistsError",
    "Client",
    "Commit",
    "CommitBuilder",
    "Dataset",
    "DatasetVersion",
    "Experiment",
    "ExperimentRun",
    "InvalidArgumentError",
    "LogError",
    "MergeConflictError",
    "MetricPoint",
    "ModelDBError",
    "ModelDBWarning",
    "ModelVersion",
    "NotFoundError",
    "PermissionDeniedError",
    "Project",
    "QuerySyntaxError",
    "RegisteredModel",
    "Repository",
    "Target",
    "UnauthenticatedError",
    "UnavailableError",
    "UnimplementedError",
    "UnknownColumnError",
    "blobs",
    "close_all_clients",
    "current",
    "default_client",
    "register_resolver",
    "set_current",
    "unregister_resolver",
]
