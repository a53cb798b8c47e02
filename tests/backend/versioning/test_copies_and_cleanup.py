"""What other services do with versioning data: deepCopyProject keeps the runs' versioned inputs, and
DeleteRepository clears the repository's labels and the records of its versioned uploads."""

from __future__ import annotations

from tests.apiclient import Api
from tests.backend.runs_support import Ctx
from tests.backend.versioning.support import create_commit, create_repository, expanded, master_sha, path_dataset

P = "ProjectService"


def _linked_repo(api: Api, name: str) -> tuple[str, str]:
    """A repository and its commit holding datasets at data/train and config."""
    repo = create_repository(api, name)["id"]
    blobs = [expanded(["data", "train"], path_dataset("train.csv")), expanded(["config"], path_dataset("c.csv"))]
    return repo, create_commit(api, repo, [master_sha(api, repo)], blobs)["commit_sha"]


def test_deep_copy_keeps_versioned_inputs(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    repo, commit = _linked_repo(api, f"copy-links-{uniq}")
    linked = {"repository_id": repo, "commit": commit, "key_location_map": {"train": {"location": ["data", "train"]}}}
    bare = {"repository_id": repo, "commit": commit}  # a link naming no key
    keyed = c.create("keyed", versioned_inputs=linked)
    c.create("bare", versioned_inputs=bare)
    c.create("unlinked")
    copy = api.call(P, "deepCopyProject", {"id": c.project["id"]})["project"]
    runs = api.call("ExperimentRunService", "getExperimentRunsInProject", {"project_id": copy["id"]})["experiment_runs"]
    by_name = {run["name"]: run for run in runs}
    assert set(by_name) == {"keyed", "bare", "unlinked"}
    assert by_name["keyed"]["versioned_inputs"] == linked and by_name["keyed"]["id"] != keyed["id"]
    assert by_name["bare"]["versioned_inputs"] == bare
    assert "versioned_inputs" not in by_name["unlinked"]
    # getVersionedInputs reads the copy's own rows; the source keeps its link.
    got = api.call("ExperimentRunService", "getVersionedInputs", {"id": by_name["keyed"]["id"]})
    assert got["versioned_inputs"] == linked
    assert c.get(keyed["id"])["versioned_inputs"] == linked
