"""log_code (git snapshot) and log_environment (Python version and installed distributions).

Code: inside a git work tree the snapshot records the remote URL, the commit and whether the tree has
uncommitted changes (plus the file being run). Outside one there is nothing trustworthy to record, so the
call logs nothing, warns once, and returns None; pass `repo_url` / `commit_hash` to record them explicitly,
or log the sources with `log_artifact`.

Environment: `importlib.metadata`, never a `pip` subprocess, so it works in any venv and is fast.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from google.protobuf import json_format

from modeldb_backend.pb.common.common_pb2 import TernaryEnum
from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb2

from .errors import AlreadyExistsError, ModelDBWarning
from .protos import now_ms

if TYPE_CHECKING:
    from .entities import ExperimentRun

TERNARY = {None: TernaryEnum.UNKNOWN, True: TernaryEnum.TRUE, False: TernaryEnum.FALSE}
_VERSION = re.compile(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$")


def _git(args: list[str], cwd: Path) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run([git, *args], cwd=cwd, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def git_snapshot(path: Path | None = None) -> dict[str, Any] | None:
    """{repo, hash, is_dirty, root} of the git work tree around `path` (default: the working directory)."""
    cwd = (path or Path.cwd()).resolve()
    if cwd.is_file():
        cwd = cwd.parent
    root = _git(["rev-parse", "--show-toplevel"], cwd)
    if root is None:
        return None
    commit = _git(["rev-parse", "HEAD"], cwd) or ""
    remote = _git(["config", "--get", "remote.origin.url"], cwd) or ""
    status = _git(["status", "--porcelain", "--untracked-files=no"], cwd)
    return {"repo": remote, "hash": commit, "is_dirty": None if status is None else bool(status), "root": root}


def _exec_path() -> str | None:
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    return os.path.abspath(path) if path else None


def log_code(
    run: ExperimentRun,
    exec_path: str | None = None,
    repo_url: str | None = None,
    commit_hash: str | None = None,
    is_dirty: bool | None = None,
    overwrite: bool = False,
) -> dict[str, Any] | None:
    """Log the code version; returns what was logged, or None (with a warning) outside a git repository."""
    exec_path = exec_path or _exec_path()
    snapshot = git_snapshot(Path(exec_path) if exec_path else None)
    if snapshot is None and not (repo_url or commit_hash):
        warnings.warn(
            "log_code: not inside a git repository, so no code version was logged; pass repo_url=/commit_hash= "
            "or log your sources with run.log_artifact(...)",
            ModelDBWarning,
            stacklevel=3,
        )
        return None
    snapshot = snapshot or {"repo": "", "hash": "", "is_dirty": None, "root": None}
    repo = repo_url if repo_url is not None else snapshot["repo"]
    commit = commit_hash if commit_hash is not None else snapshot["hash"]
    dirty = is_dirty if is_dirty is not None else snapshot["is_dirty"]
    files = [os.path.relpath(exec_path, snapshot["root"])] if exec_path and snapshot["root"] else []
    message = run_pb2.LogExperimentRunCodeVersion(id=run.id, overwrite=overwrite)
    git = message.code_version.git_snapshot
    git.repo, git.hash, git.is_dirty = repo, commit, TERNARY[dirty]
    git.filepaths.extend(files)
    message.code_version.date_logged = now_ms()
    try:
        run._client.call(message)
    except AlreadyExistsError as exc:
        raise AlreadyExistsError(
            f"run {run.name!r} already has a code version; pass overwrite=True to replace it", code=exc.code
        ) from None
    return {"repo": repo, "hash": commit, "is_dirty": dirty, "filepaths": files}


def get_code(run: ExperimentRun) -> dict[str, Any]:
    code = run._client.call(run_pb2.GetExperimentRunCodeVersion(id=run.id)).code_version
    data = json_format.MessageToDict(code, preserving_proto_field_name=True)
    git = data.get("git_snapshot")
    if git is not None:
        git["is_dirty"] = {"TRUE": True, "FALSE": False}.get(git.get("is_dirty", ""))
    return data


def _version(text: str) -> dict[str, Any]:
    match = _VERSION.match(text)
    if match is None:
        return {"suffix": text}
    major, minor, patch, suffix = match.groups()
    return {"major": int(major), "minor": int(minor or 0), "patch": int(patch or 0), "suffix": suffix or ""}


def installed_distributions() -> dict[str, str]:
    """{name: version} of every installed distribution (what `pip freeze` lists), sorted by name."""
    found: dict[str, str] = {}
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name and name not in found:
            found[name] = dist.version
    return dict(sorted(found.items(), key=lambda kv: kv[0].lower()))


def log_environment(run: ExperimentRun, env: Any = None, overwrite: bool = False) -> None:
    """The Python version and the installed distributions (`env`: a dict {name: version} to log instead)."""
    packages = installed_distributions() if env is None else dict(env)
    message = run_pb2.LogEnvironment(id=run.id)
    python = message.environment.python
    json_format.ParseDict(_version(".".join(str(p) for p in sys.version_info[:3])), python.version)
    for name, version in packages.items():
        requirement = python.requirements.add(library=name, constraint="==")
        json_format.ParseDict(_version(str(version)), requirement.version)
    python.raw_requirements = "\n".join(f"{n}=={v}" for n, v in packages.items())
    run._client.call(message)


def get_environment(run: ExperimentRun) -> dict[str, Any]:
    environment = run._fresh().environment
    return json_format.MessageToDict(environment, preserving_proto_field_name=True)
