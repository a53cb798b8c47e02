"""Limits and run statuses have one source (modeldb_backend/limits.py, statuses from extension.proto's RunStatus):
the backend's checks, the store's column widths, the client's call-site checks and the magics all read it."""

from __future__ import annotations

import json
import subprocess
import sys

from modeldb_backend import limits, settings
from modeldb_backend.pb.ext import extension_pb2
from modeldb_backend.services import values as backend_values
from modeldb_backend.services.experiment_runs import lifecycle
from modeldb_backend.services.ext import run_states
from modeldb_backend.services.projects import rpcs as project_rpcs
from modeldb_backend.store import models
from modeldb_jupyter.client import batches, entities
from modeldb_jupyter.client import values as client_values
from modeldb_jupyter.magics import session


def test_backend_and_client_limits_are_the_same_objects() -> None:
    for name in ("MAX_KEY_LENGTH", "MAX_TAG_LENGTH", "MAX_VALUE_BYTES"):
        assert getattr(client_values, name) is getattr(limits, name) is getattr(backend_values, name), name
    assert backend_values.MAX_NAME_LENGTH is limits.MAX_NAME_LENGTH
    assert project_rpcs.MAX_WORKSPACE_LENGTH is limits.MAX_WORKSPACE_LENGTH
    assert lifecycle.MAX_JOB_ID_LENGTH is limits.MAX_JOB_ID_LENGTH
    assert settings.Settings().max_value_bytes is limits.MAX_VALUE_BYTES


def test_store_columns_are_as_wide_as_the_limits() -> None:
    assert models.NAME.length == limits.MAX_NAME_LENGTH
    assert models.KEY.length == limits.MAX_KEY_LENGTH
    tag_widths = {c.type.length for t in models.Base.metadata.tables.values() for c in t.columns if c.name == "tag"}
    assert tag_widths == {limits.MAX_TAG_LENGTH}


def test_run_statuses_come_from_the_proto_enum() -> None:
    enum = extension_pb2.RunStatus
    numbers = {name: getattr(batches, name) for name in ("RUNNING", "FINISHED", "FAILED", "KILLED")}
    assert numbers == {name: enum.Value(name) for name in numbers}
    assert batches.STATUS_NAMES is limits.STATUS_NAMES
    assert set(limits.STATUS_NAMES) == set(enum.values())
    assert run_states.STATUSES is limits.STATUS_ENUM_NAMES
    assert tuple(v.name for v in enum.DESCRIPTOR.values if v.number) == run_states.STATUSES
    assert (run_states.RUNNING, run_states.KILLED) == ("RUNNING", "KILLED")
    assert session.STATUSES is limits.END_STATUSES == ("finished", "failed", "killed")
    by_name = entities._STATUS_BY_NAME
    assert by_name == {word: enum.Value(word.upper()) for word in ("finished", "failed", "killed")}


def test_the_limits_module_is_standard_library_and_protobuf_only() -> None:
    code = (
        "import json, sys\n"
        "before = set(sys.modules)\n"
        "import modeldb_backend.limits\n"
        "new = sorted({m.split('.')[0] for m in set(sys.modules) - before})\n"
        "print(json.dumps([m for m in new if m not in sys.stdlib_module_names]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert set(json.loads(done.stdout.strip().splitlines()[-1])) <= {"modeldb_backend", "google"}
