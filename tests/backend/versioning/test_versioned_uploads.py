"""Versioned dataset artifacts (getUrlForBlobVersioned and the multipart part RPCs): a single PUT and GET on the
local store, the parts protocol ModelDB's client uses, ModelDB's checks and messages, hostile internal paths,
and presigned multipart uploads on S3 (moto)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.apiclient import Api, ApiError
from tests.backend.artifacts_support import content_path, payload, sha256, upload
from tests.backend.test_artifacts_s3 import bucket, moto_url  # noqa: F401  (fixtures: moto's S3 on loopback)
from tests.backend.versioning.support import (
    by_id,
    by_name,
    create_commit,
    create_repository,
    expanded,
    master_sha,
    path_component,
    python_env,
    vcall,
    verror,
)
from tests.servers import ServerThread, server_on

MiB = 1024 * 1024
TRAIN = "/home/me/data/train.csv"


@dataclass
class Versioned:
    """A repository whose commit holds the dataset blob `data` with one managed component (TRAIN)."""

    repo_id: str
    name: str
    commit: str
    data: bytes

    def ids(self, binding: int = 1, **more: Any) -> dict[str, Any]:
        rid = by_name(self.name) if binding == 0 else by_id(self.repo_id)
        return {"repository_id": rid, "commit_sha": self.commit, "location": ["data"], **more}


def dataset(*components: dict[str, Any]) -> dict[str, Any]:
    return {"dataset": {"path": {"components": list(components)}}}


def managed(path: str, data: bytes) -> dict[str, Any]:
    name = path.rsplit("/", 1)[-1]
    return path_component(path, len(data), sha256(data), internal_versioned_path=content_path(data, name))


def make(api: Api, uniq: str, data: bytes, *extra: dict[str, Any]) -> Versioned:
    name = f"up-{uniq}"
    repo = create_repository(api, name)["id"]
    blobs = [
        expanded(["data"], dataset(managed(TRAIN, data), path_component("/home/me/data/plain.csv"))),
        expanded(["env"], python_env("numpy")),
        *extra,
    ]
    commit = create_commit(api, repo, [master_sha(api, repo)], blobs)["commit_sha"]
    return Versioned(repo, name, commit, data)


def url(api: Api, v: Versioned, method: str, part: int = 0, binding: int = 1, **more: Any) -> dict[str, Any]:
    request = v.ids(binding, path_dataset_component_blob_path=TRAIN, method=method, part_number=str(part), **more)
    return vcall(api, "getUrlForBlobVersioned", request, binding=binding)


def parts_call(api: Api, rpc: str, v: Versioned, **more: Any) -> dict[str, Any]:
    return vcall(api, rpc, v.ids(path_dataset_component_blob_path=TRAIN, **more))


def upload_in_parts(api: Api, v: Versioned, parts: list[bytes]) -> list[dict[str, Any]]:
    """ModelDB's client: part 1 says whether parts are welcome; then per part a URL, a PUT and a commit."""
    assert url(api, v, "PUT", part=1)["multipart_upload_ok"] is True
    committed = []
    for number, part in enumerate(parts, start=1):
        resp = upload(url(api, v, "PUT", part=number)["url"], part)
        assert resp.status_code == 200, resp.text
        artifact_part = {"part_number": str(number), "etag": resp.headers["ETag"]}
        parts_call(api, "commitVersionedBlobArtifactPart", v, artifact_part=artifact_part)
        committed.append(artifact_part)
    return committed


# --- the local store ------------------------------------------------------------------------------------------


def test_single_put_then_get_on_the_local_store(api: Api, uniq: str, server: ServerThread) -> None:
    v = make(api, uniq, payload(100_000, seed=21))
    for binding in (0, 1):  # by workspace and name, and by repository id
        put = url(api, v, "PUT", binding=binding)
        assert "multipart_upload_ok" not in put and "/api/v1/artifact/storeArtifact?artifact_path=" in put["url"]
    resp = upload(put["url"], v.data)
    assert resp.status_code == 200 and resp.headers["ETag"] == f'"{sha256(v.data)}"'
    stored = server.server.backend.artifacts.root / content_path(v.data, "train.csv")  # type: ignore[union-attr, attr-defined]
    assert stored.read_bytes() == v.data, "the bytes live under the component's internal_versioned_path"
    for binding in (0, 1):
        down = requests.get(url(api, v, "GET", binding=binding)["url"], timeout=30)
        assert down.status_code == 200 and down.content == v.data

    # A later commit holding the same component reads the same upload.
    child = create_commit(api, v.repo_id, [v.commit], [expanded(["data"], dataset(managed(TRAIN, v.data)))])
    later = Versioned(v.repo_id, v.name, child["commit_sha"], v.data)
    assert requests.get(url(api, later, "GET")["url"], timeout=30).content == v.data


def test_s3_dataset_components_are_stored_too(api: Api, uniq: str) -> None:
    """An S3 dataset blob's components carry their path (and internal path) in `path`, matched the same way."""
    data = payload(5000, seed=27)
    s3_path = "s3://bucket/key/train.csv"
    s3_blob = {"dataset": {"s3": {"components": [{"path": managed(s3_path, data), "s3_version_id": "v1"}]}}}
    v = make(api, uniq, data, expanded(["s3data"], s3_blob))
    request = {**v.ids(), "location": ["s3data"], "path_dataset_component_blob_path": s3_path}
    put = vcall(api, "getUrlForBlobVersioned", {**request, "method": "PUT"}, binding=1)
    assert upload(put["url"], data).status_code == 200
    got = vcall(api, "getUrlForBlobVersioned", {**request, "method": "GET"}, binding=1)
    assert requests.get(got["url"], timeout=30).content == data


def test_parts_as_modeldb_client_sends_them(api: Api, uniq: str) -> None:
    """ModelDB's v0.18.2 client asks for part 1 and fails on a single-PUT answer, so every store offers parts."""
    parts = [payload(70_000, seed=22), payload(1234, seed=23)]
    v = make(api, uniq, b"".join(parts))
    committed = upload_in_parts(api, v, parts)
    got = parts_call(api, "getCommittedVersionedBlobArtifactParts", v)["artifact_parts"]
    assert got == committed
    assert parts_call(api, "commitMultipartVersionedBlobArtifact", v) == {}
    assert requests.get(url(api, v, "GET")["url"], timeout=30).content == v.data
    err = verror(api, "commitMultipartVersionedBlobArtifact", v.ids(path_dataset_component_blob_path=TRAIN))
    assert err.code == 9 and err.message.startswith("Multipart wasn't initialized OR Artifact upload status not found")


def test_refusals_with_modeldb_messages(api: Api, uniq: str) -> None:
    query = {"dataset": {"query": {"components": [{"query": "SELECT 1", "data_source_uri": "db://x"}]}}}
    v = make(api, uniq, b"abc", expanded(["sql"], query))
    other = make(api, f"{uniq}-b", b"xyz")

    get_url = "getUrlForBlobVersioned"

    def why(rpc: str, request: dict[str, Any]) -> tuple[int, str]:
        err = verror(api, rpc, request, 1 if rpc == get_url else 0)  # only getUrl has a route per repository
        return err.code, err.message.split(":")[0]

    ids = v.ids(path_dataset_component_blob_path=TRAIN)
    full = {**ids, "method": "GET"}
    assert why(get_url, {**full, "location": []}) == (3, "Blob location not found in GetUrlForBlobVersioned request")
    assert why(get_url, {**full, "path_dataset_component_blob_path": ""}) == (
        3,
        "Blob path not found in GetUrlForBlobVersioned request",
    )
    assert why(get_url, {**full, "method": ""}) == (3, "Method not found in GetUrlForBlobVersioned request")
    assert why(get_url, {**full, "method": "DELETE"})[0] == 3
    assert why(get_url, {**full, "location": ["env"]}) == (3, "Blob Location '[env]' not found in commit blobs")
    assert why(get_url, {**full, "location": ["nope", "x"]}) == (
        3,
        "Blob Location '[nope, x]' not found in commit blobs",
    )
    assert why(get_url, {**full, "location": [".."]})[0] == 3
    for path in ("/home/me/data/plain.csv", "/nowhere"):  # unmanaged (no internal path), absent
        assert why(get_url, {**full, "path_dataset_component_blob_path": path}) == (
            5,
            "Dataset component blob not found for the path",
        )
    assert why(get_url, {**full, "location": ["sql"]}) == (5, "Dataset component blob not found for the path")
    assert why(get_url, {**full, "commit_sha": other.commit}) == (5, "Commit_hash and repository_id mapping not found")
    assert why(get_url, {**full, "repository_id": by_id("987654321")}) == (
        5,
        "Couldn't find repository by id 987654321",
    )

    no_ids = {"path_dataset_component_blob_path": TRAIN}
    assert why("commitVersionedBlobArtifactPart", {**no_ids, "repository_id": by_id(v.repo_id)}) == (
        3,
        "Commit hash and Location and Artifact Part not found in CommitVersionedBlobArtifactPart request",
    )
    assert why("commitVersionedBlobArtifactPart", ids) == (
        3,
        "Artifact Part not found in CommitVersionedBlobArtifactPart request",
    )
    assert why("getCommittedVersionedBlobArtifactParts", {**ids, "location": []}) == (
        3,
        "Location not found in GetCommittedVersionedBlobArtifactParts request",
    )
    assert why("commitMultipartVersionedBlobArtifact", {**ids, "path_dataset_component_blob_path": ""}) == (
        3,
        "Path not found in CommitMultipartVersionedBlobArtifact request",
    )
    part = {"part_number": "1", "etag": '"e"'}
    assert why("commitVersionedBlobArtifactPart", {**ids, "artifact_part": part}) == (
        9,
        "Multipart wasn't initialized OR Artifact upload status not found in DB",
    )
    assert why("commitMultipartVersionedBlobArtifact", ids)[0] == 9
    assert parts_call(api, "getCommittedVersionedBlobArtifactParts", v) == {}
    url(api, v, "PUT", part=1)
    assert why("commitMultipartVersionedBlobArtifact", ids)[0] == 3, "no parts committed yet"
    assert why("commitVersionedBlobArtifactPart", {**ids, "artifact_part": {"part_number": "0", "etag": "e"}})[0] == 3


@pytest.mark.parametrize(
    "hostile",
    ["../outside.csv", "a/../../outside.csv", "/etc/passwd", "C:/x.csv", "a\\..\\b", "a/%2e%2e/b", ".modeldb-owned/x"],
)
def test_hostile_internal_versioned_path_is_400(api: Api, uniq: str, hostile: str) -> None:
    component = path_component(TRAIN, 3, internal_versioned_path=hostile)
    repo = create_repository(api, f"hostile-{uniq}")["id"]
    commit = create_commit(api, repo, [master_sha(api, repo)], [expanded(["data"], dataset(component))])
    v = Versioned(repo, "", commit["commit_sha"], b"")
    for method in ("PUT", "GET"):
        with pytest.raises(ApiError) as info:
            url(api, v, method)
        assert (info.value.code, info.value.status in (400, -1)) == (3, True), hostile
        assert "artifact store cannot use" in info.value.message or "keeps for itself" in info.value.message


def test_nul_in_internal_versioned_path_is_400(api: Api, uniq: str) -> None:
    """A commit cannot even carry one: every request string with NUL is refused, so no URL can name it."""
    component = path_component(TRAIN, 3, internal_versioned_path="a\x00b")
    repo = create_repository(api, f"nul-{uniq}")["id"]
    with pytest.raises(ApiError) as info:
        create_commit(api, repo, [master_sha(api, repo)], [expanded(["data"], dataset(component))])
    assert info.value.code == 3


# --- S3 (moto) ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def s3_srv(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    moto_url: str,  # noqa: F811
    bucket: Any,  # noqa: F811
) -> Iterator[ServerThread]:
    tmp: Path = tmp_path_factory.mktemp(f"versioned-s3-{request.param}")
    s3 = {"artifact_root": f"s3://{bucket.name}/vprefix", "s3_endpoint_url": moto_url}
    with server_on(request.param, tmp, request, **s3) as server:
        yield server


@pytest.fixture(params=("rest", "grpc"))
def s3_api(request: pytest.FixtureRequest, s3_srv: ServerThread) -> Iterator[Api]:
    assert s3_srv.server is not None
    client = Api(s3_srv.server.backend, s3_srv.http_url, s3_srv.grpc_target, request.param)
    yield client
    client.close()


def test_s3_presigned_single_put_and_get(s3_api: Api, uniq: str, bucket: Any) -> None:  # noqa: F811
    v = make(s3_api, uniq, payload(50_000, seed=24))
    put = url(s3_api, v, "PUT")
    assert "X-Amz-Signature=" in put["url"] and "multipart_upload_ok" not in put
    assert upload(put["url"], v.data).status_code == 200
    key = f"vprefix/{content_path(v.data, 'train.csv')}"
    assert bucket.Object(key).get()["Body"].read() == v.data
    get = url(s3_api, v, "GET")
    assert "X-Amz-Signature=" in get["url"] and requests.get(get["url"], timeout=30).content == v.data


def test_s3_multipart_with_parts(s3_api: Api, uniq: str, bucket: Any) -> None:  # noqa: F811
    parts = [payload(5 * MiB, seed=25), payload(4321, seed=26)]  # S3 parts but the last are at least 5 MiB
    v = make(s3_api, uniq, b"".join(parts))
    committed = upload_in_parts(s3_api, v, parts)
    assert parts_call(s3_api, "getCommittedVersionedBlobArtifactParts", v)["artifact_parts"] == committed
    parts_call(s3_api, "commitMultipartVersionedBlobArtifact", v)
    key = f"vprefix/{content_path(v.data, 'train.csv')}"
    assert sha256(bucket.Object(key).get()["Body"].read()) == sha256(v.data)
    down = requests.get(url(s3_api, v, "GET")["url"], timeout=60)
    assert sha256(down.content) == sha256(v.data)
