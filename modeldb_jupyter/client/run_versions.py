"""Runs that version their ingredients: a commit of the notebook, hyperparameters, Python environment and
datasets of a run, linked to the run (ModelDB's `logVersionedInput`), and what reads it back: the diff of two
runs' ingredients and a checkout of a run's notebook and requirements.txt.

The commit goes to the repository named after the run's project (created on first use), on a branch named
after the run's experiment (created from master); its snapshot is exactly the run's ingredients, at these
locations, which are also the keys of the run's versioned inputs:

    notebook          code.notebook: the notebook's name, size and sha256 (bytes: the run's notebook.ipynb)
    hyperparameters   config: the hyperparameters the run has when the commit is made
    environment       environment.python: the interpreter's version and the installed distributions
    data/<key>        dataset: each dataset version logged to the run under <key>

The notebook's bytes are the run's artifact `notebook.ipynb`, not a versioned blob upload: ModelDB uploads
versioned bytes only for dataset blobs, and the magics already attach that artifact at the end of every run.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modeldb_backend.pb.modeldb import dataset_version_service_pb2 as version_pb2
from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb2
from modeldb_backend.pb.modeldb import experiment_service_pb2 as expt_pb2
from modeldb_backend.pb.modeldb import project_service_pb2 as proj_pb2
from modeldb_backend.pb.versioning import versioning_service_pb2 as spb

from . import blobs
from .errors import AlreadyExistsError, ModelDBWarning, NotFoundError
from .versioning import MASTER, Commit, CommitBuilder, Repository, get_or_create_repository, repository_name

if TYPE_CHECKING:
    import pandas as pd

    from .entities import ExperimentRun

NOTEBOOK, HYPERPARAMETERS, ENVIRONMENT, DATA = "notebook", "hyperparameters", "environment", "data"
NOTEBOOK_ARTIFACT = "notebook.ipynb"
_ORDER = {NOTEBOOK: 0, HYPERPARAMETERS: 1, ENVIRONMENT: 2, DATA: 3}
_SAFE_NOTEBOOK = re.compile(r"^[\w][\w .+-]{0,200}\.ipynb$")


def branch_name(experiment: str) -> str:
    return re.sub(r"[:/\\]", "-", experiment).strip() or MASTER


def ingredients(
    run: ExperimentRun,
    notebook: spb.Blob | bytes | str | os.PathLike[str] | None = None,
    environment: bool = True,
    datasets: bool = True,
) -> dict[str, spb.Blob]:
    """{location: blob} of the run now: the notebook (a blob, or the notebook itself), the hyperparameters
    logged so far, this interpreter's environment, and the run's dataset versions."""
    found: dict[str, spb.Blob] = {}
    if notebook is not None:
        found[NOTEBOOK] = notebook if isinstance(notebook, spb.Blob) else blobs.notebook(notebook)
    hyperparameters = run.get_hyperparameters()  # flushes first: what the run has logged by now
    if hyperparameters:
        found[HYPERPARAMETERS] = blobs.config(hyperparameters)
    if environment:
        found[ENVIRONMENT] = blobs.python_environment()
    if datasets:
        found.update(dataset_blobs(run))
    return found


def dataset_blobs(run: ExperimentRun) -> dict[str, spb.Blob]:
    """data/<key> for each dataset version linked to the run (versions without files are left out)."""
    client = run._client
    out: dict[str, spb.Blob] = {}
    for linked in client.call(run_pb2.GetDatasets(id=run.id)).datasets:
        if not linked.linked_artifact_id:
            continue
        version = client.call(version_pb2.GetDatasetVersionById(id=linked.linked_artifact_id)).dataset_version
        blob = blobs.dataset_from_version(version.dataset_blob)
        if blob is not None:
            out[f"{DATA}/{linked.key.replace('/', '_')}"] = blob
    return out


def _names(run: ExperimentRun) -> tuple[str, str]:
    """(project name, experiment name) of the run."""
    client = run._client
    project = client.call(proj_pb2.GetProjectById(id=run.project_id)).project.name
    experiment = client.call(expt_pb2.GetExperimentById(id=run.experiment_id)).experiment.name
    return project, experiment


def _same_snapshot(commit: Commit, wanted: dict[str, spb.Blob]) -> bool:
    have = {location: blobs.content_sha(blob) for location, blob in commit.blob_dict().items()}
    return have == {location: blobs.content_sha(blob) for location, blob in wanted.items()}


def version_run(
    run: ExperimentRun,
    notebook: spb.Blob | bytes | str | os.PathLike[str] | None = None,
    *,
    repository: str | None = None,
    branch: str | None = None,
    message: str | None = None,
    environment: bool = True,
    datasets: bool = True,
) -> Commit:
    """Commit the run's ingredients (see the module's docstring) and link the commit to the run. A notebook
    given as a path or bytes is also stored as the run's artifact notebook.ipynb. A run already linked to
    a commit with the same ingredients gets nothing new; with other ingredients (a resumed run) the new
    commit is saved on the branch, but the run stays linked to its first one (one per run, as in ModelDB)."""
    if notebook is not None and not isinstance(notebook, spb.Blob):
        data, name = blobs.notebook_bytes(notebook)
        run.log_artifact(NOTEBOOK_ARTIFACT, data, overwrite=True)
        notebook = blobs.notebook(data, path=name)
    wanted = ingredients(run, notebook, environment=environment, datasets=datasets)
    project, experiment = _names(run)
    repo = get_or_create_repository(run._client, repository or repository_name(project))
    linked = run_commit(run)
    if linked is not None and linked[0].repository == repo and _same_snapshot(linked[0], wanted):
        return linked[0]
    branch = branch or branch_name(experiment)
    try:
        parent = repo.commit(branch=branch)
    except NotFoundError:
        parent = repo.commit(branch=MASTER)
    builder = CommitBuilder(repo, [parent], message or f"run {run.name} ({run.id})").clear()
    for location in sorted(wanted, key=_location_key):
        builder.put(location, wanted[location])
    commit = builder.save(branch=branch)
    _link(run, repo, commit, wanted)
    return commit


def _link(run: ExperimentRun, repo: Repository, commit: Commit, wanted: dict[str, spb.Blob]) -> None:
    entry = run_pb2.VersioningEntry(repository_id=repo.id, commit=commit.sha)
    for location in wanted:
        entry.key_location_map[location].location.extend(location.split("/"))
    try:
        run._client.call(run_pb2.LogVersionedInput(id=run.id, versioned_inputs=entry))
    except AlreadyExistsError:
        warnings.warn(
            f"run {run.name!r} is already linked to another commit (ModelDB keeps one per run); its new "
            f"ingredients are commit {commit.sha[:12]} on branch {commit.branch!r} of {repo.name!r}",
            ModelDBWarning,
            stacklevel=3,
        )


def _location_key(location: str) -> tuple[int, str]:
    return _ORDER.get(location.split("/")[0], len(_ORDER)), location


def run_commit(run: ExperimentRun) -> tuple[Commit, dict[str, str]] | None:
    """(the commit linked to the run, {key: location}), or None when the run has none."""
    client = run._client
    entry = client.call(run_pb2.GetVersionedInput(id=run.id)).versioned_inputs
    if not entry.repository_id or not entry.commit:
        return None
    message = client.call(spb.GetRepositoryRequest(id=_by_id(int(entry.repository_id)))).repository
    repo = Repository(client, message)
    keys = {key: "/".join(loc.location) for key, loc in entry.key_location_map.items()}
    return repo.commit(sha=entry.commit), keys


def _by_id(repo_id: int) -> Any:
    from modeldb_backend.pb.versioning import versioning_pb2 as vpb

    return vpb.RepositoryIdentification(repo_id=repo_id)


def _require_commit(run: ExperimentRun) -> Commit:
    found = run_commit(run)
    if found is None:
        raise NotFoundError(
            f"run {run.name!r} has no versioned ingredients: turn versioning on (`%modeldb version on`, or "
            "run_versions.version_run(run, ...)) before it ends"
        )
    return found[0]


def _notebook_bytes(run: ExperimentRun, blob: spb.Blob | None) -> bytes | None:
    """The run's stored notebook when it is the one the commit describes (same sha256), else None."""
    if blob is None or NOTEBOOK_ARTIFACT not in run.get_artifact_keys():
        return None
    data = run.get_artifact(NOTEBOOK_ARTIFACT)
    if not isinstance(data, bytes) or hashlib.sha256(data).hexdigest() != blob.code.notebook.path.sha256:
        return None
    return data


def diff_runs(old: ExperimentRun, new: ExperimentRun) -> pd.DataFrame:
    """What changed from `old`'s ingredients to `new`'s: location, type, status, element, old, new; the
    notebook cell by cell (when both runs kept their notebook), then hyperparameters, packages and data."""
    from .version_diff import cell_rows, cell_sources, diff_frame, diff_rows

    a, b = _require_commit(old), _require_commit(new)
    if a.repository != b.repository:
        raise ValueError(
            f"runs {old.name!r} and {new.name!r} are versioned in different repositories "
            f"({a.repository.name!r}, {b.repository.name!r}): compare runs of one project"
        )
    rows = diff_rows(a.diff_messages(b)) if a.sha != b.sha else []
    notebook_rows = [r for r in rows if r["location"] == NOTEBOOK and r["status"] == "modified"]
    if notebook_rows:
        old_nb = _notebook_bytes(old, a.blob_dict().get(NOTEBOOK))
        new_nb = _notebook_bytes(new, b.blob_dict().get(NOTEBOOK))
        if old_nb is not None and new_nb is not None:
            cells = cell_rows(cell_sources(old_nb), cell_sources(new_nb))
            same = [{**r, "element": "same cells (ids, counts or metadata differ)"} for r in notebook_rows]
            rows = [r for r in rows if r not in notebook_rows] + (cells or same)
    rows.sort(key=lambda r: _location_key(r["location"]))
    return diff_frame(rows)


def safe_notebook_name(stored: str) -> str:
    """The file name to write a stored notebook path to: its last part when that is a plain *.ipynb name,
    else notebook.ipynb (a stored path never chooses the directory)."""
    name = stored.replace("\\", "/").rsplit("/", 1)[-1]
    return name if _SAFE_NOTEBOOK.match(name) and name not in (".ipynb",) else "notebook.ipynb"


def checkout_run(run: ExperimentRun, directory: str | os.PathLike[str] = ".", force: bool = False) -> list[Path]:
    """Write the run's notebook and a requirements.txt into `directory` (created when missing); existing
    files are refused unless `force`. Returns the paths written."""
    commit = _require_commit(run)
    stored = commit.blob_dict()
    target = Path(directory).expanduser()
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"{str(directory)!r} is not a directory")
    files: dict[Path, bytes] = {}
    notebook_blob = stored.get(NOTEBOOK)
    if notebook_blob is not None:
        data = _notebook_bytes(run, notebook_blob)
        if data is None:
            raise NotFoundError(
                f"run {run.name!r} no longer has the notebook its commit {commit.sha[:12]} describes "
                f"(artifact {NOTEBOOK_ARTIFACT} missing or replaced)"
            )
        files[target / safe_notebook_name(notebook_blob.code.notebook.path.path)] = data
    environment = stored.get(ENVIRONMENT)
    if environment is not None and blobs.kind(environment) == "environment.python":
        files[target / "requirements.txt"] = blobs.requirements(environment).encode()
    if not files:
        raise NotFoundError(f"run {run.name!r}'s commit {commit.sha[:12]} has no notebook or environment to write")
    existing = [str(p) for p in files if p.exists() or p.is_symlink()]
    if existing and not force:
        raise FileExistsError(f"{', '.join(existing)} already exist(s): pass --force (force=True) to overwrite")
    target.mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        _write(path, data)
    return list(files)


def _write(path: Path, data: bytes) -> None:
    """Atomically: a partial file never replaces the old one."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; these are ordinary project files
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
