"""The S3 store against moto's S3 server on loopback: presigned URLs, multipart uploads, code archives."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.apiclient import Api
from tests.backend.artifacts_support import CODE, content_path, log_artifact, payload, sha256, upload, url_for
from tests.backend.runs_support import Ctx
from tests.servers import ServerThread, server_on

MiB = 1024 * 1024
AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    saved = {k: os.environ.get(k) for k in AWS_ENV}
    os.environ.update(AWS_ENV)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module")
def bucket(moto_url: str) -> Any:
    """The bucket the test creates itself; the prefix keeps our keys apart from anything else in it."""
    import boto3

    s3 = boto3.resource("s3", endpoint_url=moto_url, region_name="us-east-1")
    created = s3.create_bucket(Bucket=f"mdb-{uuid.uuid4().hex[:12]}")
    return created


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def srv(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, moto_url: str, bucket: Any
) -> Iterator[ServerThread]:
    tmp: Path = tmp_path_factory.mktemp(f"s3-{request.param}")
    s3 = {"artifact_root": f"s3://{bucket.name}/prefix", "s3_endpoint_url": moto_url}
    with server_on(request.param, tmp, request, **s3) as server:
        yield server


@pytest.fixture(params=("rest", "grpc"))
def c(request: pytest.FixtureRequest, srv: ServerThread, uniq: str) -> Iterator[Ctx]:
    assert srv.server is not None
    api = Api(srv.server.backend, srv.http_url, srv.grpc_target, request.param)
    yield Ctx(api, uniq)
    api.close()


@pytest.fixture
def rest(srv: ServerThread, uniq: str) -> Iterator[Ctx]:
    """REST only, for the slow multi-MiB uploads (the transport of the RPCs does not change the S3 side)."""
    assert srv.server is not None
    api = Api(srv.server.backend, srv.http_url, srv.grpc_target, "rest")
    yield Ctx(api, uniq)
    api.close()


def object_bytes(bucket: Any, path: str) -> bytes:
    return bucket.Object(f"prefix/{path}").get()["Body"].read()  # type: ignore[no-any-return]


def completed(c: Ctx, run_id: str, key: str) -> bool:
    return c.call("getArtifacts", {"id": run_id, "key": key})["artifacts"][0].get("upload_completed", False)  # type: ignore[no-any-return]


def test_single_put_round_trip_with_presigned_urls(c: Ctx, bucket: Any) -> None:
    run = c.create("single")
    data = payload(200_000, seed=10)
    path = content_path(data, "model.pkl")
    log_artifact(c, run["id"], "model.pkl", path)
    assert not completed(c, run["id"], "model.pkl"), "on S3 the bytes are not there yet"
    put = url_for(c, run["id"], "model.pkl", "PUT")
    assert put.get("multipart_upload_ok") is None and "X-Amz-Signature=" in put["url"]
    assert upload(put["url"], data).status_code == 200
    assert object_bytes(bucket, path) == data

    get = url_for(c, run["id"], "model.pkl", "GET")
    down = requests.get(get["url"], timeout=30)  # the signature in the URL is the only credential
    assert down.status_code == 200 and sha256(down.content) == sha256(data)
    assert completed(c, run["id"], "model.pkl"), "asking for the download noticed the object"
    # moto does not check signatures; that the URL carries one, with an expiry, is what we can verify here.
    assert "X-Amz-Signature=" in get["url"] and "X-Amz-Expires=3600" in get["url"]


def _multipart_upload(c: Ctx, run_id: str, key: str, parts: list[bytes]) -> list[dict[str, Any]]:
    first = url_for(c, run_id, key, "PUT", part=1)
    assert first["multipart_upload_ok"] is True
    committed = []
    for number, part in enumerate(parts, start=1):
        url = url_for(c, run_id, key, "PUT", part=number)["url"]
        resp = upload(url, part)
        assert resp.status_code == 200, resp.text
        artifact_part = {"part_number": str(number), "etag": resp.headers["ETag"]}
        c.call("commitArtifactPart", {"id": run_id, "key": key, "artifact_part": artifact_part})
        committed.append(artifact_part)
    return committed


def test_multipart_upload_of_several_parts(rest: Ctx, bucket: Any) -> None:
    c = rest
    run = c.create("multipart")
    parts = [payload(5 * MiB, seed=11), payload(5 * MiB, seed=12), payload(1234, seed=13)]
    whole = b"".join(parts)
    path = content_path(whole, "big.bin")
    log_artifact(c, run["id"], "big.bin", path)
    committed = _multipart_upload(c, run["id"], "big.bin", parts)
    got = c.call("getCommittedArtifactParts", {"id": run["id"], "key": "big.bin"})["artifact_parts"]
    assert got == committed
    assert not completed(c, run["id"], "big.bin")
    c.call("commitMultipartArtifact", {"id": run["id"], "key": "big.bin"})
    assert completed(c, run["id"], "big.bin")
    assert sha256(object_bytes(bucket, path)) == sha256(whole)
    down = requests.get(url_for(c, run["id"], "big.bin", "GET")["url"], timeout=60)
    assert sha256(down.content) == sha256(whole)
    err = c.error("commitMultipartArtifact", {"id": run["id"], "key": "big.bin"})
    assert err.code == 3 and "already committed" in err.message


def test_multipart_refusals(c: Ctx) -> None:
    run = c.create("multipart-refusals")
    log_artifact(c, run["id"], "k", "p/k.bin")
    part = {"part_number": "1", "etag": '"abc"'}
    err = c.error("commitArtifactPart", {"id": run["id"], "key": "k", "artifact_part": part})
    assert "Multipart wasn't initialized" in err.message
    assert url_for(c, run["id"], "k", "PUT", part=1)["multipart_upload_ok"] is True
    err = c.error("commitMultipartArtifact", {"id": run["id"], "key": "k"})
    assert err.code == 3 and "no parts committed" in err.message
    for bad in ({"part_number": "0", "etag": "e"}, {"part_number": "1", "etag": ""}):
        assert c.error("commitArtifactPart", {"id": run["id"], "key": "k", "artifact_part": bad}).code == 3
    # A small first part and a made-up ETag: S3 refuses to assemble them, and says why.
    small = upload(url_for(c, run["id"], "k", "PUT", part=1)["url"], b"tiny")
    c.call(
        "commitArtifactPart",
        {"id": run["id"], "key": "k", "artifact_part": {"part_number": "1", "etag": small.headers["ETag"]}},
    )
    c.call("commitArtifactPart", {"id": run["id"], "key": "k", "artifact_part": {"part_number": "2", "etag": '"0"'}})
    err = c.error("commitMultipartArtifact", {"id": run["id"], "key": "k"})
    assert err.code == 3 and "refused to complete" in err.message
    # A fresh single PUT replaces the unfinished multipart upload.
    assert upload(url_for(c, run["id"], "k", "PUT")["url"], b"whole").status_code == 200
    assert c.call("getCommittedArtifactParts", {"id": run["id"], "key": "k"}) == {}


def test_code_archive_on_s3(c: Ctx, bucket: Any) -> None:
    run = c.create("code")
    zipped = payload(3000, seed=14)
    archive = {"key": "code", "path": content_path(zipped, "code.zip"), "artifact_type": "CODE"}
    c.call("logExperimentRunCodeVersion", {"id": run["id"], "code_version": {"code_archive": archive}})
    put = url_for(c, run["id"], "verta_code_archive", "PUT", part=1, artifact_type=CODE)
    assert put.get("multipart_upload_ok") is None, "code archives travel in one PUT"
    assert upload(put["url"], zipped).status_code == 200
    assert object_bytes(bucket, archive["path"]) == zipped
    get = url_for(c, run["id"], "verta_code_archive", "GET", artifact_type=CODE)
    assert requests.get(get["url"], timeout=30).content == zipped


def test_project_urls_are_single_puts(c: Ctx) -> None:
    data = b"project bytes"
    artifact = {"key": "a", "path": content_path(data, "a")}
    c.api.call("ProjectService", "logArtifacts", {"id": c.project["id"], "artifacts": [artifact]})
    request = {"id": c.project["id"], "key": "a", "method": "PUT", "part_number": "1"}
    put = c.api.call("ProjectService", "getUrlForArtifact", request)
    assert put.get("multipart_upload_ok") is None
    assert upload(put["url"], data).status_code == 200
    get = c.api.call("ProjectService", "getUrlForArtifact", {**request, "method": "GET"})
    assert requests.get(get["url"], timeout=30).content == data


def test_no_local_endpoints_with_an_s3_store(srv: ServerThread) -> None:
    resp = requests.put(f"{srv.http_url}/api/v1/artifact/storeArtifact?artifact_path=a/b", data=b"x", timeout=10)
    assert resp.status_code == 404


def test_dataset_component_multipart_upload(rest: Ctx, bucket: Any) -> None:
    c = rest
    parts = [payload(5 * MiB, seed=15), payload(777, seed=16)]
    whole = b"".join(parts)
    component = {"path": "/data/big.parquet", "size": str(len(whole)), "sha256": sha256(whole)}
    component["internal_versioned_path"] = content_path(whole, "big.parquet")
    dataset = c.api.call("DatasetService", "createDataset", {"name": f"ds-{c.uniq}"})["dataset"]
    request = {"dataset_id": dataset["id"], "dataset_blob": {"s3": {"components": [{"path": component}]}}}
    version = c.api.call("DatasetVersionService", "createDatasetVersion", request)["dataset_version"]
    where = {"dataset_id": dataset["id"], "dataset_version_id": version["id"], "workspace_name": "personal"}
    where["path_dataset_component_blob_path"] = component["path"]

    def call(rpc: str, **extra: Any) -> dict[str, Any]:
        return c.api.call("DatasetVersionService", rpc, {**where, **extra})

    assert call("getUrlForDatasetBlobVersioned", method="PUT", part_number="1")["multipart_upload_ok"] is True
    for number, part in enumerate(parts, start=1):
        url = call("getUrlForDatasetBlobVersioned", method="PUT", part_number=str(number))["url"]
        resp = upload(url, part)
        assert resp.status_code == 200
        artifact_part = {"part_number": str(number), "etag": resp.headers["ETag"]}
        call("commitVersionedDatasetBlobArtifactPart", dataset_id="", artifact_part=artifact_part)
    assert len(call("getCommittedVersionedDatasetBlobArtifactParts")["artifact_parts"]) == 2
    call("commitMultipartVersionedDatasetBlobArtifact", dataset_id="")
    assert sha256(object_bytes(bucket, component["internal_versioned_path"])) == sha256(whole)
    got = requests.get(call("getUrlForDatasetBlobVersioned", method="GET")["url"], timeout=60)
    assert sha256(got.content) == sha256(whole)
