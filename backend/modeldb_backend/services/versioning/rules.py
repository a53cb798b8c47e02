"""What a snapshot may contain: location rules (ours: names, never paths) and ModelDB's blob validation."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...errors import InvalidArgument
from ...limits import MAX_BLOB_COMPONENTS, MAX_LOCATION_DEPTH, MAX_LOCATION_SEGMENT_LENGTH
from ...pb.versioning import versioning_pb2 as vpb
from ...pb.versioning import versioning_service_pb2 as pb

_ENV_NAME = re.compile(r"[a-zA-Z0-9_-]+")
_NOT_NUMERIC = "has a STRING_VALUE which is not in a valid numeric notation"


def check_location(location: Sequence[str], what: str = "Blob location") -> tuple[str, ...]:
    """A location is a list of names: each non-empty, not `.` or `..`, without `/` or NUL, at most
    MAX_LOCATION_SEGMENT_LENGTH characters; at most MAX_LOCATION_DEPTH of them. The segments become tree
    entry names, so a segment that a file system or URL would read as a path is refused here."""
    if len(location) > MAX_LOCATION_DEPTH:
        raise InvalidArgument(f"{what} has {len(location)} segments; the limit is {MAX_LOCATION_DEPTH}")
    for segment in location:
        if segment in ("", ".", ".."):
            raise InvalidArgument(
                f"{what} {list(location)!r} has the segment {segment!r}: every segment must be a name "
                "(not empty, '.' or '..')"
            )
        if "/" in segment or "\x00" in segment:
            raise InvalidArgument(
                f"{what} {list(location)!r} has a segment with '/' or NUL: pass each folder as its own segment"
            )
        if len(segment) > MAX_LOCATION_SEGMENT_LENGTH:
            raise InvalidArgument(
                f"{what} has a segment of {len(segment)} characters; the limit is {MAX_LOCATION_SEGMENT_LENGTH}"
            )
    return tuple(location)


def validate_blob(blob: pb.Blob) -> None:
    """ModelDB's blob validation (its Validator visitor), with its messages."""
    kind = blob.WhichOneof("content")
    if kind is None:
        raise InvalidArgument("Unknown blob type specified")
    if kind == "dataset":
        _dataset(blob.dataset)
    elif kind == "environment":
        _environment(blob.environment)
    elif kind == "code":
        _code(blob.code)
    else:
        _config(blob.config)


def _dataset(dataset: vpb.DatasetBlob) -> None:
    sub = dataset.WhichOneof("content")
    if sub is None:
        return
    components = getattr(dataset, sub).components
    if len(components) > MAX_BLOB_COMPONENTS:
        raise InvalidArgument(
            f"a dataset blob has {len(components)} components; the limit is {MAX_BLOB_COMPONENTS}: "
            "split it over several blobs"
        )
    if sub == "path" and any(not c.path for c in components):
        raise InvalidArgument("Dataset path is empty")
    if sub == "s3" and any(not c.path.path for c in components):
        raise InvalidArgument("Dataset path is empty")


def _environment(env: vpb.EnvironmentBlob) -> None:
    if env.WhichOneof("content") == "docker" and not env.docker.repository:
        raise InvalidArgument("Environment repository path should not be empty")
    if env.WhichOneof("content") == "python":
        _python(env.python)
    names = [v.name for v in env.environment_variables]
    for name in names:
        if not _ENV_NAME.fullmatch(name):
            raise InvalidArgument(
                f"Environment variable name: {name} should be not empty, should contain only alphanumeric or underscore"
            )
    if len(set(names)) != len(names):
        raise InvalidArgument("There are recurring variables")


def _python(python: vpb.PythonEnvironmentBlob) -> None:
    for items, noun in ((python.requirements, "requirements"), (python.constraints, "constraints")):
        if any(not r.library for r in items):
            raise InvalidArgument("Requirement or constraint library name should not be empty")
        if len({r.SerializeToString(deterministic=True) for r in items}) != len(items):
            raise InvalidArgument(f"There are recurring {noun}")


def _code(code: vpb.CodeBlob) -> None:
    sub = code.WhichOneof("content")
    if sub == "git" and not code.git.repo:
        raise InvalidArgument("Code repository path should not be empty")
    if sub == "notebook":
        if code.notebook.HasField("git_repo") and not code.notebook.git_repo.repo:
            raise InvalidArgument("Code repository path should not be empty")
        if code.notebook.HasField("path") and not code.notebook.path.path:
            raise InvalidArgument("Dataset path is empty")


def _config(config: vpb.ConfigBlob) -> None:
    for hp_set in config.hyperparameter_set:
        if not hp_set.name:
            raise InvalidArgument("Hyperparameter set name is empty")
        if hp_set.WhichOneof("value") == "continuous":
            bounds = hp_set.continuous
            for value, label in (
                (bounds.interval_begin, "beginSetConfigBlob "),
                (bounds.interval_end, "endSetConfigBlob "),
                (bounds.interval_step, "stepSetConfigBlob "),
            ):
                _numeric(value, label)


def _numeric(value: vpb.HyperparameterValuesConfigBlob, label: str) -> None:
    if value.WhichOneof("value") != "string_value" or not value.string_value:
        return
    try:
        float(value.string_value)
    except ValueError:
        raise InvalidArgument(label + _NOT_NUMERIC) from None
