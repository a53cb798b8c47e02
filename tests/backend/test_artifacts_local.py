"""Artifact URLs and uploads on the local store, through every RPC that hands out URLs (both DBs, REST and gRPC)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.apiclient import Api, ApiError
from tests.backend.artifacts_support import (
    CODE,
    DATA,
    content_path,
    log_artifact,
    payload,
    sha256,
    upload,
    url_for,
)
from tests.backend.runs_support import Ctx
from tests.servers import ServerThread


@pytest.fixture
def c(api: Api, uniq: str) -> Ctx:
    return Ctx(api, uniq)


def test_upload_and_download_round_trip(c: Ctx, server: ServerThread) -> None:
    run = c.create("roundtrip")
    data = payload(300_000, seed=1)
    path = content_path(data, "model.pkl")
    log_artifact(c, run["id"], "model.pkl", path, artifact_type="MODEL")

    put = url_for(c, run["id"], "model.pkl", "PUT", part=1)  # what the client asks first
    assert put.get("multipart_upload_ok") is None  # the local store takes one PUT
    assert "/api/v1/artifact/storeArtifact?artifact_path=" in put["url"]
    resp = upload(put["url"], data)
    assert resp.status_code == 200, resp.text
    assert resp.headers["ETag"] == f'"{sha256(data)}"'
    assert resp.json()["size"] == len(data) and resp.json()["fileName"] == "model.pkl"

    get = url_for(c, run["id"], "model.pkl", "GET")
    assert "/api/v1/artifact/getArtifact/model.pkl?artifact_path=" in get["url"]
    down = requests.get(get["url"], timeout=30)
    assert down.status_code == 200 and sha256(down.content) == sha256(data)
    assert int(down.headers["Content-Length"]) == len(data)
    stored = server.server.backend.artifacts.root / path  # type: ignore[union-attr, attr-defined]
    assert stored.read_bytes() == data
    assert c.call("getArtifacts", {"id": run["id"], "key": "model.pkl"})["artifacts"][0]["upload_completed"] is True

    records = c.api.call("ExtensionService", "findAuditRecords", {"entity_id": run["id"], "action": "storeArtifact"})[
        "records"
    ]
    assert [r["changes"] for r in records] == [{"path": path, "size": len(data), "sha256": sha256(data)}]


def test_url_errors(c: Ctx) -> None:
    run = c.create("url-errors")
    log_artifact(c, run["id"], "link", "s3://bucket/elsewhere", path_only=True)
    err = c.error("getUrlForArtifact", {"id": run["id"], "key": "nope", "method": "GET"})
    assert (err.code, err.message) == (3, "Key nope not logged")
    err = c.error("getUrlForArtifact", {"id": run["id"], "key": "link", "method": "GET"})
    assert err.code == 3 and "path_only" in err.message
    assert c.error("getUrlForArtifact", {"id": run["id"], "key": "", "method": "GET"}).code == 3
    assert "Method" in c.error("getUrlForArtifact", {"id": run["id"], "key": "link"}).message
    log_artifact(c, run["id"], "x", "p/x")
    assert "GET or PUT" in c.error("getUrlForArtifact", {"id": run["id"], "key": "x", "method": "POST"}).message
    assert c.error("getUrlForArtifact", {"id": "no-such-run", "key": "x", "method": "GET"}).code == 5
    too_many = {"id": run["id"], "key": "x", "method": "PUT", "part_number": "10001"}
    assert c.error("getUrlForArtifact", too_many).code == 3


def test_logged_paths_must_stay_inside_the_store(c: Ctx) -> None:
    run = c.create("bad-paths")
    for bad in ("../escape", "a/../../b", "/etc/passwd", "a\\b", "C:/x", "a/%2e%2e/b", "./a", "x" * 300):
        err = c.error("logArtifact", {"id": run["id"], "artifact": {"key": "k", "path": bad}})
        assert err.code == 3 and "path" in err.message, bad
    # A path_only artifact only records where bytes live elsewhere: any path goes.
    log_artifact(c, run["id"], "abs", "/data/train.csv", path_only=True)
    assert c.call("getArtifacts", {"id": run["id"]})["artifacts"][0]["path"] == "/data/train.csv"


def test_put_needs_an_issued_url(c: Ctx, server: ServerThread) -> None:
    run = c.create("put-needs-url")
    data = b"some bytes"
    path = content_path(data, "k")
    store = f"{server.http_url}/api/v1/artifact/storeArtifact"
    refused = requests.put(store, params={"artifact_path": "anything/at/all"}, data=data, timeout=10)
    assert refused.status_code == 403 and refused.json()["code"] == 7
    log_artifact(c, run["id"], "k", path)
    refused = requests.put(store, params={"artifact_path": path}, data=data, timeout=10)
    assert refused.status_code == 403, "logging alone issues no upload URL"
    url = url_for(c, run["id"], "k", "PUT")["url"]
    assert upload(url, data).status_code == 200
    assert upload(url, data).status_code == 403, "the URL admits one upload"
    assert upload(url_for(c, run["id"], "k", "PUT")["url"], data).status_code == 200
    # Deleting the artifact closes its open upload.
    url = url_for(c, run["id"], "k", "PUT")["url"]
    c.call("deleteArtifact", {"id": run["id"], "key": "k"})
    assert upload(url, data).status_code == 403


def test_overwrite_replaces_the_bytes(c: Ctx) -> None:
    """The client's overwrite=True: delete, log again, new URL, new bytes."""
    run = c.create("overwrite")
    first, second = b"first version", b"second version"
    log_artifact(c, run["id"], "k", "fixed/k.bin")
    assert upload(url_for(c, run["id"], "k", "PUT")["url"], first).status_code == 200
    c.call("deleteArtifact", {"id": run["id"], "key": "k"})
    log_artifact(c, run["id"], "k", "fixed/k.bin")
    assert upload(url_for(c, run["id"], "k", "PUT")["url"], second).status_code == 200
    assert requests.get(url_for(c, run["id"], "k", "GET")["url"], timeout=10).content == second


def test_multipart_rpcs_on_the_local_store(c: Ctx) -> None:
    run = c.create("multipart-local")
    log_artifact(c, run["id"], "k", "p/k")
    assert url_for(c, run["id"], "k", "PUT", part=1).get("multipart_upload_ok") is None
    part = {"id": run["id"], "key": "k", "artifact_part": {"part_number": "1", "etag": '"e"'}}
    assert "Multipart wasn't initialized" in c.error("commitArtifactPart", part).message
    assert c.call("getCommittedArtifactParts", {"id": run["id"], "key": "k"}) == {}
    assert c.error("commitMultipartArtifact", {"id": run["id"], "key": "k"}).code == 3
    assert c.error("getCommittedArtifactParts", {"id": run["id"], "key": "nope"}).message == "Key nope not logged"
    assert c.error("commitArtifactPart", {"id": run["id"], "key": "k"}).code == 3  # no artifact_part


ARCHIVE = {"key": "code", "path": "", "artifact_type": "CODE", "filename_extension": "zip"}


def _archive(data: bytes) -> dict[str, Any]:
    return {"code_archive": {**ARCHIVE, "path": content_path(data, "code.zip")}, "date_logged": "1"}


def test_code_archive_of_a_run(c: Ctx) -> None:
    run = c.create("code")
    err = c.error(
        "getUrlForArtifact", {"id": run["id"], "key": "verta_code_archive", "method": "GET", "artifact_type": CODE}
    )
    assert (err.code, err.message) == (3, "Code version has not been logged")
    zipped = payload(5000, seed=2)
    c.call("logExperimentRunCodeVersion", {"id": run["id"], "code_version": _archive(zipped)})
    put = url_for(c, run["id"], "verta_code_archive", "PUT", artifact_type=CODE)
    assert upload(put["url"], zipped).status_code == 200
    get = url_for(c, run["id"], "verta_code_archive", "GET", artifact_type=CODE)
    assert requests.get(get["url"], timeout=10).content == zipped
    git = {"git_snapshot": {"repo": "https://x/y.git", "hash": "abc"}}
    c.call("logExperimentRunCodeVersion", {"id": run["id"], "code_version": git, "overwrite": True})
    err = c.error(
        "getUrlForArtifact", {"id": run["id"], "key": "verta_code_archive", "method": "GET", "artifact_type": CODE}
    )
    assert err.code == 3 and "git snapshot" in err.message


def test_experiment_and_project_artifacts_and_code(c: Ctx) -> None:
    for service, entity_id, log_code in (
        ("ExperimentService", c.experiment["id"], "logExperimentCodeVersion"),
        ("ProjectService", c.project["id"], "logProjectCodeVersion"),
    ):
        data = payload(1000, seed=len(service))
        c.api.call(
            service, "logArtifacts", {"id": entity_id, "artifacts": [{"key": "a", "path": content_path(data, "a")}]}
        )
        request = {"id": entity_id, "key": "a", "method": "PUT", "part_number": "1"}
        put = c.api.call(service, "getUrlForArtifact", request)
        assert put.get("multipart_upload_ok") is None
        assert upload(put["url"], data).status_code == 200
        get = c.api.call(service, "getUrlForArtifact", {**request, "method": "GET", "part_number": "0"})
        assert requests.get(get["url"], timeout=10).content == data
        assert c.api.call(service, "getArtifacts", {"id": entity_id})["artifacts"][0]["upload_completed"] is True

        zipped = payload(700, seed=len(log_code))
        c.api.call(service, log_code, {"id": entity_id, "code_version": _archive(zipped)})
        code = {"id": entity_id, "key": "verta_code_archive", "method": "PUT", "artifact_type": CODE}
        assert upload(c.api.call(service, "getUrlForArtifact", code)["url"], zipped).status_code == 200
        got = requests.get(c.api.call(service, "getUrlForArtifact", {**code, "method": "GET"})["url"], timeout=10)
        assert got.content == zipped
        with pytest.raises(ApiError) as info:
            c.api.call(service, "getUrlForArtifact", {**request, "key": "missing"})
        assert (info.value.code, info.value.message) == (3, "Key missing not logged")


def test_data_type_urls(c: Ctx) -> None:
    run = c.create("data-type")
    version = c.dataset_version()
    link = {"key": "train", "path": "See attached dataset version", "path_only": True, "linked_artifact_id": version}
    c.call("logDataset", {"id": run["id"], "dataset": {**link, "artifact_type": DATA}})
    err = c.error("getUrlForArtifact", {"id": run["id"], "key": "train", "method": "GET", "artifact_type": DATA})
    assert err.code == 3 and err.message.startswith("Not supported yet")
    # Before datasets were first-class, DATA artifacts were plain artifacts: they still resolve.
    log_artifact(c, run["id"], "old-data", "p/old.csv", artifact_type="DATA")
    assert "getArtifact/old.csv" in url_for(c, run["id"], "old-data", "GET", artifact_type=DATA)["url"]
    assert (
        c.error("getUrlForArtifact", {"id": run["id"], "key": "none", "method": "GET", "artifact_type": DATA}).code == 3
    )


def test_cloned_run_downloads_the_same_bytes(c: Ctx) -> None:
    run = c.create("clone-src")
    data = b"cloned bytes"
    log_artifact(c, run["id"], "k", content_path(data, "k"))
    assert upload(url_for(c, run["id"], "k", "PUT")["url"], data).status_code == 200
    clone = c.call("cloneExperimentRun", {"src_experiment_run_id": run["id"], "dest_experiment_run_name": "clone"})
    got = requests.get(url_for(c, clone["run"]["id"], "k", "GET")["url"], timeout=10)
    assert got.content == data


def _dataset_version(c: Ctx, components: list[dict[str, Any]]) -> dict[str, Any]:
    dataset = c.api.call("DatasetService", "createDataset", {"name": f"ds-{c.uniq}"})["dataset"]
    blob = {"path": {"components": components}}
    request = {"dataset_id": dataset["id"], "dataset_blob": blob}
    return c.api.call("DatasetVersionService", "createDatasetVersion", request)["dataset_version"]  # type: ignore[no-any-return]


def test_managed_dataset_components(c: Ctx, server: ServerThread) -> None:
    """ModelDB's client uploads dataset components only in parts: the local store offers them here."""
    parts = [payload(3000, seed=6), payload(2000, seed=7)]
    data = b"".join(parts)
    managed = {"path": "/home/me/data/train.csv", "size": str(len(data)), "sha256": sha256(data)}
    managed["internal_versioned_path"] = content_path(data, "train.csv")
    version = _dataset_version(c, [managed, {"path": "/home/me/data/unmanaged.csv", "size": "1"}])
    where = {"dataset_id": version["dataset_id"], "dataset_version_id": version["id"], "workspace_name": "personal"}
    component = {**where, "path_dataset_component_blob_path": managed["path"]}

    def call(rpc: str, **extra: Any) -> dict[str, Any]:
        return c.api.call("DatasetVersionService", rpc, {**component, **extra})

    first = call("getUrlForDatasetBlobVersioned", method="PUT", part_number="1")
    assert first["multipart_upload_ok"] is True and "&part_number=1&upload_id=" in first["url"]
    single = first["url"].split("&part_number=")[0]
    assert upload(single, data).status_code == 403, "only the issued part URLs admit bytes"
    for number, part in enumerate(parts, start=1):
        url = call("getUrlForDatasetBlobVersioned", method="PUT", part_number=str(number))["url"]
        resp = upload(url, part)
        assert resp.status_code == 200 and resp.headers["ETag"] == f'"{sha256(part)}"'
        wrong_upload = url.rsplit("upload_id=", 1)[0] + "upload_id=" + "0" * 32
        assert upload(wrong_upload, part).status_code == 403
        # The client's commit requests carry no dataset_id.
        artifact_part = {"part_number": str(number), "etag": resp.headers["ETag"]}
        call("commitVersionedDatasetBlobArtifactPart", dataset_id="", artifact_part=artifact_part)
    got = call("getCommittedVersionedDatasetBlobArtifactParts", dataset_id="")["artifact_parts"]
    assert [p["part_number"] for p in got] == ["1", "2"]
    call("commitMultipartVersionedDatasetBlobArtifact", dataset_id="")
    stored = server.server.backend.artifacts.root / managed["internal_versioned_path"]  # type: ignore[union-attr, attr-defined]
    assert stored.read_bytes() == data
    assert not list((stored.parent.parent / ".modeldb-multipart").glob("*")), "staged parts are cleaned up"

    # The client's route: /dataset-version/dataset/{dataset_id}/datasetVersion/{id}/getUrlForDatasetBlobVersioned
    route = f"{server.http_url}/api/v1/modeldb/dataset-version/dataset/{version['dataset_id']}"
    route += f"/datasetVersion/{version['id']}/getUrlForDatasetBlobVersioned"
    body = {"path_dataset_component_blob_path": managed["path"], "method": "GET", "part_number": "0"}
    get = requests.post(route, json=body, timeout=10)
    assert get.status_code == 200, get.text
    assert requests.get(get.json()["url"], timeout=10).content == data
    with pytest.raises(ApiError) as info:
        call("commitMultipartVersionedDatasetBlobArtifact")
    assert "already committed" in info.value.message

    for path, code in (("/home/me/data/unmanaged.csv", 5), ("/nowhere", 5), ("", 3)):
        with pytest.raises(ApiError) as info:
            call("getUrlForDatasetBlobVersioned", method="GET", path_dataset_component_blob_path=path)
        assert info.value.code == code, path
    with pytest.raises(ApiError) as info:
        call("getUrlForDatasetBlobVersioned", method="GET", dataset_version_id="no-such-version")
    assert info.value.code == 5


def test_local_multipart_checks_the_parts(c: Ctx) -> None:
    data = payload(1000, seed=8)
    managed = {"path": "/d/x.bin", "internal_versioned_path": content_path(data, "x.bin")}
    version = _dataset_version(c, [managed])
    component = {"dataset_version_id": version["id"], "path_dataset_component_blob_path": managed["path"]}

    def call(rpc: str, **extra: Any) -> dict[str, Any]:
        return c.api.call("DatasetVersionService", rpc, {**component, "workspace_name": "w", **extra})

    def commit_fails(message: str) -> None:
        with pytest.raises(ApiError) as info:
            call("commitMultipartVersionedDatasetBlobArtifact", dataset_id=version["dataset_id"])
        assert info.value.code == 3 and message in info.value.message

    url = call("getUrlForDatasetBlobVersioned", dataset_id=version["dataset_id"], method="PUT", part_number="1")["url"]
    commit_fails("no parts committed")
    call("commitVersionedDatasetBlobArtifactPart", artifact_part={"part_number": "1", "etag": '"not-it"'})
    commit_fails("was committed but its bytes were never uploaded")
    assert upload(url, data).status_code == 200
    commit_fails("is not the ETag of the uploaded part")
    call("commitVersionedDatasetBlobArtifactPart", artifact_part={"part_number": "1", "etag": f'"{sha256(data)}"'})
    call("commitMultipartVersionedDatasetBlobArtifact", dataset_id=version["dataset_id"])
    got = call("getUrlForDatasetBlobVersioned", dataset_id=version["dataset_id"], method="GET")
    assert requests.get(got["url"], timeout=10).content == data
