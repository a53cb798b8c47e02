"""Versioning data seen from elsewhere: deepCopyProject keeps the runs' versioned inputs, a local-store upload of a
versioned dataset component joins the audit trail, and DeleteRepository clears the repository's labels and the
records of its versioned uploads."""

from __future__ import annotations

from tests.apiclient import Api
from tests.backend.artifacts_support import payload, upload
from tests.backend.runs_support import Ctx
from tests.backend.versioning.support import (
    audit_records,
    by_id,
    create_commit,
    create_repository,
    expanded,
    master_sha,
    path_dataset,
    sql,
    vcall,
)
from tests.backend.versioning.test_versioned_uploads import make, url

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


def test_versioned_upload_on_the_local_store_is_audited(api: Api, uniq: str) -> None:
    v = make(api, uniq, payload(10_000, seed=41))
    resp = upload(url(api, v, "PUT")["url"], v.data)
    assert resp.status_code == 200, resp.text
    [stored] = audit_records(api, entity_type="repository", entity_id=v.repo_id, action="storeArtifact")
    assert stored["changes"]["size"] == len(v.data) and stored["changes"]["sha256"] == resp.headers["ETag"].strip('"')


def test_delete_repository_clears_labels_and_versioned_uploads(api: Api, uniq: str) -> None:
    v = make(api, uniq, payload(1000, seed=43))
    put = url(api, v, "PUT")["url"]  # an upload URL issued, no bytes sent yet
    label = f"gone-{uniq}"
    ident = {"id_type": "VERSIONING_REPOSITORY", "int_id": v.repo_id}
    api.call("MetadataService", "AddLabels", {"id": ident, "labels": [label]})
    vcall(api, "DeleteRepository", {"repository_id": by_id(v.repo_id)}, binding=1)
    assert api.call("MetadataService", "GetLabels", {"id": ident}).get("labels", []) == []
    assert api.call("MetadataService", "GetLabelIds", {"labels": [label]}).get("ids", []) == []
    owners = sql(api, "SELECT owner_key FROM stored_blobs WHERE owner_key LIKE :k", k=f"versioned:{v.repo_id}:%")
    assert owners == []
    assert upload(put, v.data).status_code >= 400, "the deleted repository's upload URL admits nothing"
