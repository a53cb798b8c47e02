"""Versioning blobs from Python values, and back: the pure half of `modeldb_jupyter.client.versioning`.

A blob is one versioned ingredient (ModelDB's `ai.verta.modeldb.versioning.Blob`): a dataset, an environment,
code or a config. Nothing here talks to a backend:

    blobs.config({"lr": 0.01, "layers": [64, 32]})   # hyperparameters → config blob
    blobs.python_environment()                      # this interpreter and its installed distributions
    blobs.notebook("train.ipynb")                   # code.notebook: the file's name, size and sha256
    blobs.dataset_path("data/")                     # one component per file (size, sha256, md5, mtime)

Config values follow ModelDB's schema: int64, float (32-bit: 0.01 reads back as 0.01 here, the shortest
decimal that round-trips) or string; booleans, None, lists and dicts are stored as their JSON text.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import struct
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from modeldb_backend.pb.versioning import versioning_pb2 as vpb
from modeldb_backend.pb.versioning import versioning_service_pb2 as spb

from .values import check_key

Blob = spb.Blob
INT32_MAX = 2**31 - 1
INT64 = range(-(2**63), 2**63)
_VERSION = re.compile(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$")
PathLike = str | os.PathLike[str]


# --- config ----------------------------------------------------------------------------------------------------


def _f32(value: float) -> float | None:
    """The shortest decimal that a 32-bit float stores as `value` does, or None when it does not fit."""
    try:
        stored = struct.unpack("f", struct.pack("f", value))[0]
    except OverflowError:
        return None
    if math.isinf(stored) and not math.isinf(value):  # beyond float32's range (packs as inf on some builds)
        return None
    for digits in range(1, 10):
        shortest = float(f"{stored:.{digits}g}")
        if struct.unpack("f", struct.pack("f", shortest))[0] == stored:
            return shortest
    return float(stored)


def hyperparameter_value(value: Any, name: str = "value") -> vpb.HyperparameterValuesConfigBlob:
    """One config value: ints as int64, floats as float (32-bit), strings as they are, anything else as JSON."""
    if isinstance(value, bool) or value is None or isinstance(value, list | tuple | dict):
        return vpb.HyperparameterValuesConfigBlob(string_value=json.dumps(value, sort_keys=True, default=str))
    if isinstance(value, int) and value in INT64:
        return vpb.HyperparameterValuesConfigBlob(int_value=value)
    if isinstance(value, float) and _f32(value) is not None:
        return vpb.HyperparameterValuesConfigBlob(float_value=value)
    if isinstance(value, str):
        return vpb.HyperparameterValuesConfigBlob(string_value=value)
    if isinstance(value, int | float):  # too large for int64 / float32: keep every digit as text
        return vpb.HyperparameterValuesConfigBlob(string_value=repr(value))
    raise TypeError(f"hyperparameter {name!r}: {type(value).__name__} is not a number, string, list or dict")


def value_of(value: vpb.HyperparameterValuesConfigBlob) -> Any:
    """A stored config value as Python (floats as their shortest 32-bit decimal)."""
    kind = value.WhichOneof("value")
    if kind == "int_value":
        return int(value.int_value)
    if kind == "float_value":
        return _f32(value.float_value)
    return value.string_value if kind == "string_value" else None


def config(hyperparameters: Mapping[str, Any]) -> spb.Blob:
    """A config blob with one hyperparameter per key (sorted by name, so equal dicts give equal blobs)."""
    if not isinstance(hyperparameters, Mapping):
        raise TypeError(f"hyperparameters must be a dict, got {type(hyperparameters).__name__}")
    blob = spb.Blob()
    for name in sorted(hyperparameters):
        check_key(name, "hyperparameter")
        value = hyperparameter_value(hyperparameters[name], name)
        blob.config.hyperparameters.add(name=name, value=value)
    return blob


def config_values(blob: spb.Blob) -> dict[str, Any]:
    """The hyperparameters of a config blob as {name: value}."""
    return {h.name: value_of(h.value) for h in blob.config.hyperparameters}


# --- environment ---------------------------------------------------------------------------------------------------


def version_message(text: str) -> vpb.VersionEnvironmentBlob:
    """'1.26.4' → major 1, minor 26, patch 4; the rest ('rc1', '.post1+local') is the suffix."""
    match = _VERSION.match(text)
    parts = match.groups()[:3] if match else ()
    if match is None or any(p is not None and int(p) > INT32_MAX for p in parts):
        return vpb.VersionEnvironmentBlob(suffix=text)
    major, minor, patch, suffix = match.groups()
    return vpb.VersionEnvironmentBlob(major=int(major), minor=int(minor or 0), patch=int(patch or 0), suffix=suffix)


def version_text(version: vpb.VersionEnvironmentBlob) -> str:
    if not (version.major or version.minor or version.patch) and version.suffix:
        return version.suffix
    return f"{version.major}.{version.minor}.{version.patch}{version.suffix}"


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_packages() -> dict[str, str]:
    """{distribution: version} of this interpreter (importlib.metadata; one entry per canonical name)."""
    from .codeenv import installed_distributions

    seen: dict[str, tuple[str, str]] = {}
    for name, version in installed_distributions().items():
        seen.setdefault(_canonical(name), (name, version))
    return dict(sorted(seen.values(), key=lambda item: _canonical(item[0])))


def python_environment(
    packages: Mapping[str, str] | None = None,
    python_version: str | None = None,
    environment_variables: Mapping[str, str] | None = None,
    command_line: Iterable[str] = (),
) -> spb.Blob:
    """An environment.python blob: the interpreter's version and `packages` ({name: version}; default: the
    installed distributions) as `name==version` requirements, also kept verbatim in raw_requirements.
    The command line is empty unless given: a kernel's argv names its connection file, which differs per
    kernel and would show as a change between any two runs."""
    packages = installed_packages() if packages is None else dict(packages)
    if python_version is None:
        python_version = ".".join(str(p) for p in sys.version_info[:3])
    blob = spb.Blob()
    env = blob.environment
    env.python.version.CopyFrom(version_message(python_version))
    for name, version in sorted(packages.items(), key=lambda item: _canonical(item[0])):
        if not name:
            raise ValueError("a package needs a name")
        env.python.requirements.add(library=name, constraint="==", version=version_message(str(version)))
    env.python.raw_requirements = requirements_text(packages)
    for key, value in sorted((environment_variables or {}).items()):
        if not re.fullmatch(r"[A-Za-z0-9_-]+", key):
            raise ValueError(f"environment variable {key!r}: names are letters, digits, '_' and '-'")
        env.environment_variables.add(name=key, value=str(value))
    env.command_line.extend(command_line)
    return blob


def requirements_text(packages: Mapping[str, str]) -> str:
    return "".join(f"{name}=={version}\n" for name, version in sorted(packages.items(), key=lambda i: _canonical(i[0])))


def requirements(blob: spb.Blob) -> str:
    """The requirements.txt of an environment.python blob (verbatim when it kept the raw text)."""
    python = blob.environment.python
    if python.raw_requirements:
        text = python.raw_requirements
        return text if text.endswith("\n") else text + "\n"
    return "".join(f"{r.library}{r.constraint}{version_text(r.version)}\n" for r in python.requirements)


def packages_of(blob: spb.Blob) -> dict[str, str]:
    """{library: 'constraint+version'} of an environment.python blob."""
    return {r.library: f"{r.constraint}{version_text(r.version)}" for r in blob.environment.python.requirements}


# --- code --------------------------------------------------------------------------------------------------------


def notebook_bytes(source: bytes | str | PathLike | Mapping[str, Any]) -> tuple[bytes, str]:
    """(the notebook's bytes, its file name) from a path, the bytes, the JSON text or a parsed notebook."""
    if isinstance(source, bytes):
        return source, "notebook.ipynb"
    if isinstance(source, Mapping):
        return (json.dumps(source, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode(), "notebook.ipynb"
    if isinstance(source, str) and source.lstrip().startswith("{"):
        return source.encode(), "notebook.ipynb"
    path = Path(source).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"{str(source)!r} is not a notebook file")
    return path.read_bytes(), path.name


def notebook(
    source: bytes | str | PathLike | Mapping[str, Any] | None = None,
    *,
    path: str | None = None,
    sha256: str | None = None,
    size: int | None = None,
) -> spb.Blob:
    """A code.notebook blob: the notebook's file name, size, sha256 and md5. `source` is a path, the bytes,
    the JSON text or a parsed notebook; or give `path`, `sha256` and `size` of a snapshot stored elsewhere
    (the magics store the bytes as the run's artifact notebook.ipynb). The file's time is left out on purpose:
    the same contents are the same blob."""
    blob = spb.Blob()
    component = blob.code.notebook.path
    if source is not None:
        data, name = notebook_bytes(source)
        component.sha256 = hashlib.sha256(data).hexdigest()
        component.md5 = hashlib.md5(data, usedforsecurity=False).hexdigest()
        component.size = len(data)
        component.path = path or name
        return blob
    if not sha256 or size is None:
        raise ValueError("give the notebook (a path, bytes or JSON), or path=, sha256= and size= of a stored one")
    component.path, component.sha256, component.size = path or "notebook.ipynb", sha256, size
    return blob


# --- datasets ------------------------------------------------------------------------------------------------------


def dataset_path(paths: PathLike | Iterable[PathLike]) -> spb.Blob:
    """A dataset.path blob: one component per file under `paths` (directories are walked)."""
    from .datasets import path_components

    blob = spb.Blob()
    for component in path_components(paths):
        blob.dataset.path.components.add(**component)
    return blob


def dataset_from_version(dataset_blob: vpb.DatasetBlob) -> spb.Blob | None:
    """A dataset version's blob as a versioning blob; None when it has no components (nothing to version)."""
    kind = dataset_blob.WhichOneof("content")
    if kind is None or not getattr(dataset_blob, kind).components:
        return None
    blob = spb.Blob()
    blob.dataset.CopyFrom(dataset_blob)
    return blob


# --- describing blobs ----------------------------------------------------------------------------------------------


def kind(blob: spb.Blob) -> str:
    """'dataset.path', 'environment.python', 'code.notebook', 'config', ... ('' for an empty blob)."""
    top = blob.WhichOneof("content")
    if top is None:
        return ""
    if top == "config":
        return "config"
    sub = getattr(blob, top).WhichOneof("content")
    return f"{top}.{sub}" if sub else top


def content_sha(blob: spb.Blob) -> str:
    """sha256 of the blob's deterministic serialization: equal contents, equal hash (a client-side digest,
    not the backend's internal blob SHA)."""
    return hashlib.sha256(blob.SerializeToString(deterministic=True)).hexdigest()


def summary(blob: spb.Blob) -> str:
    """One line for people: what the blob holds."""
    what = kind(blob)
    if what == "config":
        values = config_values(blob)
        text = ", ".join(f"{k}={v!r}" for k, v in values.items())
        return text if len(text) <= 120 else text[:117] + "..."
    if what == "environment.python":
        python = blob.environment.python
        return f"Python {version_text(python.version)}, {len(python.requirements)} packages"
    if what == "environment.docker":
        docker = blob.environment.docker
        return f"docker {docker.repository}:{docker.tag or docker.sha}"
    if what == "code.notebook":
        path = blob.code.notebook.path
        return f"{path.path} ({path.size} bytes, sha256 {path.sha256[:12]})"
    if what == "code.git":
        git = blob.code.git
        return f"git {git.repo} {git.hash[:12]}{' (dirty)' if git.is_dirty else ''}"
    if what.startswith("dataset."):
        items = getattr(blob.dataset, what.split(".")[1]).components
        return f"{len(items)} component{'s' if len(items) != 1 else ''}"
    return what
