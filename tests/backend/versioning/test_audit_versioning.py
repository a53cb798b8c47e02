"""The audit trail of VersioningService, LineageService and MetadataService: every mutating RPC, performed once,
leaves exactly one record naming the entity it changed (not the empty id of the table's fallback record), over
REST and gRPC on both databases. The finders (POST reads) leave none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.apiclient import Api
from tests.backend.artifacts_support import payload, upload
from tests.backend.runs_support import Ctx, now_ms
from tests.backend.versioning.support import audit_records, by_id, by_name, create_commit, expanded, python_env, vcall
from tests.backend.versioning.test_versioned_uploads import Versioned, make, parts_call, upload_in_parts, url

SERVICES = ("VersioningService", "LineageService", "MetadataService")
L, M = "LineageService", "MetadataService"


@dataclass
class Setup:
    api: Api
    uniq: str
    v: Versioned  # a repository whose commit holds a dataset with a managed component (TRAIN) and env

    @property
    def rid(self) -> str:
        return self.v.repo_id

    def child(self, *packages: str) -> str:
        """A new commit on top of the repository's commit, its python environment changed."""
        blobs = [expanded(["env"], python_env(*packages))]
        return str(create_commit(self.api, self.rid, [self.v.commit], blobs)["commit_sha"])

    def call(self, rpc: str, request: dict[str, Any]) -> dict[str, Any]:
        """A VersioningService call by repository id (its last HTTP binding over REST)."""
        return vcall(self.api, rpc, request, binding=len(self.api.rpc("VersioningService", rpc).bindings) - 1)

    def ref(self, rpc: str, kind: str, name: str, **more: Any) -> dict[str, Any]:
        return self.call(rpc, {"repository_id": by_id(self.rid), kind: name, **more})

    def label_id(self) -> dict[str, Any]:
        return {"id_type": "VERSIONING_REPOSITORY", "int_id": self.rid}


Expected = tuple[str, str]  # (entity_type, entity_id) of the audit record


def _create_repository(s: Setup) -> Expected:
    request = {"id": by_name(""), "repository": {"name": f"audit-new-{s.uniq}"}}
    return "repository", str(vcall(s.api, "CreateRepository", request)["repository"]["id"])


def _update_repository(s: Setup) -> Expected:
    s.call("UpdateRepository", {"id": by_id(s.rid), "repository": {"description": "audited"}})
    return "repository", s.rid


def _delete_repository(s: Setup) -> Expected:
    s.call("DeleteRepository", {"repository_id": by_id(s.rid)})
    return "repository", s.rid


def _create_commit(s: Setup) -> Expected:
    s.child("pandas")
    return "repository", s.rid


def _delete_commit(s: Setup) -> Expected:
    s.call("DeleteCommit", {"repository_id": by_id(s.rid), "commit_sha": s.child("pandas")})
    return "repository", s.rid


def _set_branch(s: Setup) -> Expected:
    s.ref("SetBranch", "branch", "dev", commit_sha=s.v.commit)
    return "branch", f"{s.rid}:dev"


def _delete_branch(s: Setup) -> Expected:
    s.ref("SetBranch", "branch", "dev", commit_sha=s.v.commit)
    s.ref("DeleteBranch", "branch", "dev")
    return "branch", f"{s.rid}:dev"


def _set_tag(s: Setup) -> Expected:
    s.ref("SetTag", "tag", "v1", commit_sha=s.v.commit)
    return "tag", f"{s.rid}:v1"


def _delete_tag(s: Setup) -> Expected:
    s.ref("SetTag", "tag", "v1", commit_sha=s.v.commit)
    s.ref("DeleteTag", "tag", "v1")
    return "tag", f"{s.rid}:v1"


def _merge(s: Setup) -> Expected:
    a = s.child("pandas")
    b = str(create_commit(s.api, s.rid, [s.v.commit], [expanded(["extra"], python_env("scipy"))])["commit_sha"])
    merged = s.call("MergeRepositoryCommits", {"repository_id": by_id(s.rid), "commit_sha_a": a, "commit_sha_b": b})
    return "commit", f"{s.rid}:{merged['commit']['commit_sha']}"


def _revert(s: Setup) -> Expected:
    request = {"repository_id": by_id(s.rid), "base_commit_sha": s.v.commit, "commit_to_revert_sha": s.v.commit}
    return "commit", f"{s.rid}:{s.call('RevertRepositoryCommits', request)['commit']['commit_sha']}"


def _get_url(s: Setup) -> Expected:
    url(s.api, s.v, "PUT")
    return "commit", f"{s.rid}:{s.v.commit}"


def _commit_part(s: Setup) -> Expected:
    assert url(s.api, s.v, "PUT", part=1)["multipart_upload_ok"] is True
    resp = upload(url(s.api, s.v, "PUT", part=1)["url"], s.v.data)
    assert resp.status_code == 200, resp.text
    part = {"part_number": "1", "etag": resp.headers["ETag"]}
    parts_call(s.api, "commitVersionedBlobArtifactPart", s.v, artifact_part=part)
    return "commit", f"{s.rid}:{s.v.commit}"


def _commit_multipart(s: Setup) -> Expected:
    upload_in_parts(s.api, s.v, [s.v.data])
    parts_call(s.api, "commitMultipartVersionedBlobArtifact", s.v)
    return "commit", f"{s.rid}:{s.v.commit}"


def _lineage(rpc: str) -> Callable[[Setup], Expected]:
    def perform(s: Setup) -> Expected:
        ctx = Ctx(s.api, s.uniq)
        run = ctx.create("r")["id"]
        edge = {"input": [{"type": "DATASET_VERSION", "external_id": ctx.dataset_version()}]}
        edge["output"] = [{"type": "EXPERIMENT_RUN", "external_id": run}]
        if rpc == "deleteLineage":
            s.api.call(L, "addLineage", edge)
        s.api.call(L, rpc, edge)
        return "lineage", run

    return perform


def _metadata(rpc: str, fields: dict[str, Any], before: str = "", **before_fields: Any) -> Callable[[Setup], Expected]:
    """A MetadataService call on the repository's labels or properties (after the call `before`, if named)."""

    def perform(s: Setup) -> Expected:
        if before:
            s.api.call(M, before, {"id": s.label_id(), **before_fields})
        s.api.call(M, rpc, {"id": s.label_id(), **fields})
        return "metadata", s.rid

    return perform


KV = {"property_name": "stats", "key_value_property": [{"key": "rows", "value": "12"}]}
CASES: dict[str, Callable[[Setup], Expected]] = {
    "CreateRepository": _create_repository,
    "UpdateRepository": _update_repository,
    "DeleteRepository": _delete_repository,
    "CreateCommit": _create_commit,
    "DeleteCommit": _delete_commit,
    "SetBranch": _set_branch,
    "DeleteBranch": _delete_branch,
    "SetTag": _set_tag,
    "DeleteTag": _delete_tag,
    "MergeRepositoryCommits": _merge,
    "RevertRepositoryCommits": _revert,
    "getUrlForBlobVersioned": _get_url,
    "commitVersionedBlobArtifactPart": _commit_part,
    "commitMultipartVersionedBlobArtifact": _commit_multipart,
    "addLineage": _lineage("addLineage"),
    "deleteLineage": _lineage("deleteLineage"),
    "AddLabels": _metadata("AddLabels", {"labels": ["a"]}),
    "UpdateLabels": _metadata("UpdateLabels", {"labels": ["b"]}),
    "DeleteLabels": _metadata("DeleteLabels", {"labels": ["a"]}, "AddLabels", labels=["a"]),
    "AddProperty": _metadata("AddProperty", {"key": "k", "value": "v"}),
    "DeleteProperty": _metadata("DeleteProperty", {"key": "k"}, "AddProperty", key="k", value="v"),
    "AddKeyValueProperties": _metadata("AddKeyValueProperties", KV),
    "DeleteKeyValueProperties": _metadata(
        "DeleteKeyValueProperties", {"property_name": "stats", "keys": ["rows"]}, "AddKeyValueProperties", **KV
    ),
}


def _rpcs(api: Api) -> dict[str, bool]:
    """Every RPC of the three services, and whether the table counts it as mutating."""
    return {rpc.name: rpc.mutating for rpc in api.backend.rpcs.values() if rpc.service.endswith(SERVICES)}


def test_the_table_lists_every_mutating_rpc(api: Api) -> None:
    assert sorted(name for name, mutating in _rpcs(api).items() if mutating) == sorted(CASES)


@pytest.mark.parametrize("rpc", sorted(CASES))
def test_each_mutating_rpc_writes_its_record(api: Api, uniq: str, rpc: str) -> None:
    setup = Setup(api, uniq, make(api, uniq, payload(2000, seed=51)))
    since = now_ms()
    entity_type, entity_id = CASES[rpc](setup)
    records = audit_records(api, action=rpc, entity_type=entity_type, entity_id=entity_id, since=since)
    assert len(records) == 1, (rpc, entity_type, entity_id, records)
    assert records[0]["actor"] == "local"
    unnamed = [r for r in audit_records(api, action=rpc, since=since) if not r.get("entity_id")]
    assert unnamed == [], f"{rpc} left a record naming no entity"


@pytest.mark.parametrize("rpc", ["findRepositories", "findRepositoriesBlobs"])
def test_finders_are_reads(api: Api, uniq: str, rpc: str) -> None:
    """POST finders change nothing: they run in a read-only transaction and leave no audit record."""
    assert _rpcs(api)[rpc] is False
    since = now_ms()
    vcall(api, rpc, {"workspace_name": "personal", "repo_ids": ["1"]})
    assert audit_records(api, action=rpc, since=since) == []
