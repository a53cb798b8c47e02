"""Model version artifacts on the local store: URLs, uploads and downloads, deletes, refusals and locks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.apiclient import Api
from tests.backend import test_artifacts_s3 as s3_artifacts
from tests.backend.artifacts_support import payload, raw_exchange, status_and_json
from tests.backend.registry.version_support import (
    CLOSED,
    INVALID,
    NOT_FOUND,
    PRECONDITION,
    R,
    artifact,
    audit_actions,
    create_model,
    create_version,
    download,
    get_version,
    put,
    registry_error,
    sha,
    url,
)
from tests.servers import ServerThread, server_on

MODEL = b"pickled model bytes"
MiB = 1024 * 1024
# moto's S3 server on loopback and a bucket in it: the fixtures of the run artifact tests, shared.
moto_url = s3_artifacts.moto_url
bucket = s3_artifacts.bucket
EXTRA = b"an extra artifact"


def _version(api: Api, uniq: str, **fields: Any) -> str:
    model_id = create_model(api, f"art-{uniq}")
    created = create_version(
        api, model_id, version="v1", model=artifact("model", MODEL), artifacts=[artifact("extra", EXTRA)], **fields
    )
    return str(created["id"])


def _upload(api: Api, version_id: str, key: str, data: bytes) -> None:
    first = url(api, version_id, key, "PUT", part=1)
    assert first.get("multipart_upload_ok") is None, "the local store takes one PUT"
    assert put(first["url"], data).status_code == 200


def test_model_and_artifacts_round_trip(api: Api, uniq: str) -> None:
    vid = _version(api, uniq)
    _upload(api, vid, "model", MODEL)
    _upload(api, vid, "extra", EXTRA)
    assert download(api, vid, "model") == MODEL
    assert download(api, vid, "extra") == EXTRA
    version = get_version(api, vid)
    assert version["model"]["upload_completed"] is True
    assert version["artifacts"][0]["upload_completed"] is True
    assert "storeArtifact" in audit_actions(api, vid) and "getUrlForArtifact" in audit_actions(api, vid)


def test_model_logged_under_another_key_is_still_key_model(api: Api, uniq: str) -> None:
    model_id = create_model(api, f"key-{uniq}")
    vid = str(create_version(api, model_id, version="v1", model=artifact("weights.pkl", MODEL))["id"])
    _upload(api, vid, "model", MODEL)
    assert download(api, vid, "weights.pkl") == MODEL


def test_refusals_name_what_is_missing(api: Api, uniq: str) -> None:
    vid = _version(api, uniq)
    err = registry_error(api, "getUrlForArtifact", {"model_version_id": vid, "key": "nope", "method": "GET"})
    assert err.code == NOT_FOUND and "no artifact with key 'nope'" in err.message
    err = registry_error(api, "getUrlForArtifact", {"model_version_id": vid, "key": "extra"})
    assert err.code == INVALID and "send GET or PUT" in err.message
    err = registry_error(api, "getUrlForArtifact", {"model_version_id": vid, "key": "extra", "method": "DELETE"})
    assert err.code == INVALID and "GET or PUT" in err.message
    err = registry_error(api, "getUrlForArtifact", {"model_version_id": "987654321", "key": "x", "method": "GET"})
    assert err.code == NOT_FOUND
    err = registry_error(api, "getUrlForArtifact", {"model_version_id": "0", "key": "x", "method": "GET"})
    assert err.code == INVALID and "model_version_id" in err.message


def test_path_only_artifacts_have_no_bytes_here(api: Api, uniq: str) -> None:
    model_id = create_model(api, f"po-{uniq}")
    elsewhere = {"key": "ext", "path": "s3://elsewhere/x", "path_only": True}
    vid = str(create_version(api, model_id, version="v1", artifacts=[elsewhere])["id"])
    err = registry_error(api, "getUrlForArtifact", {"model_version_id": vid, "key": "ext", "method": "GET"})
    assert err.code == INVALID and "path_only" in err.message


def test_hostile_paths_are_refused(api: Api, uniq: str) -> None:
    model_id = create_model(api, f"hostile-{uniq}")
    for bad in ("../../etc/passwd", "/abs/x", "a/%2e%2e/b", ".modeldb-owned/t/x"):
        request = {"version": f"v-{abs(hash(bad))}", "artifacts": [{"key": "k", "path": bad}]}
        try:
            vid = str(create_version(api, model_id, **request)["id"])
        except Exception as exc:  # refused when logged (the registry checks paths like runs do)
            assert getattr(exc, "code", None) == INVALID, exc
            continue
        err = registry_error(api, "getUrlForArtifact", {"model_version_id": vid, "key": "k", "method": "PUT"})
        assert err.code == INVALID, bad


def test_oversized_upload_is_413_before_reading(api: Api, uniq: str, server: ServerThread) -> None:
    vid = _version(api, uniq)
    target = url(api, vid, "extra", "PUT")["url"]
    path = target.split("/api/v1/", 1)[1]
    head = f"PUT /api/v1/{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {100 * 1024**4}\r\n\r\n".encode()
    assert server.server is not None
    status, body = status_and_json(raw_exchange(server.server.http_port, head, [b"x" * 100]))
    assert status == 413 and body["code"] == 8
    assert put(target, EXTRA).status_code == 200, "the upload stays open for a retry of the right size"


def test_a_version_cannot_overwrite_bytes_of_another_owner(api: Api, uniq: str) -> None:
    """Two versions logging one content-addressed path: the second's upload never replaces the first's bytes."""
    first, second = _version(api, f"{uniq}a"), _version(api, f"{uniq}b")
    _upload(api, first, "extra", EXTRA)
    _upload(api, second, "extra", b"something else entirely")
    assert download(api, first, "extra") == EXTRA
    assert download(api, second, "extra") == b"something else entirely"


def test_delete_artifact_and_model(api: Api, uniq: str) -> None:
    vid = _version(api, uniq)
    upload_url = url(api, vid, "extra", "PUT")["url"]
    api.call(R, "DeleteModelVersionArtifact", {"model_version_id": vid, "artifact_key": "extra"})
    api.call(R, "DeleteModelVersionArtifact", {"model_version_id": vid, "artifact_key": "model"})
    version = get_version(api, vid)
    assert "artifacts" not in version and "model" not in version
    assert put(upload_url, EXTRA).status_code in (403, 404), "a deleted artifact's URL takes no bytes"
    err = registry_error(api, "DeleteModelVersionArtifact", {"model_version_id": vid, "artifact_key": "extra"})
    assert err.code == NOT_FOUND
    assert audit_actions(api, vid).count("DeleteModelVersionArtifact") == 2


def test_closed_version_refuses_artifact_changes_but_serves_downloads(api: Api, uniq: str) -> None:
    open_vid = _version(api, f"{uniq}o")
    _upload(api, open_vid, "extra", EXTRA)
    model_id = create_model(api, f"closed-{uniq}")
    vid = str(
        create_version(api, model_id, version="v1", artifacts=[artifact("extra", EXTRA)], lock_level=CLOSED)["id"]
    )
    err = registry_error(api, "getUrlForArtifact", {"model_version_id": vid, "key": "extra", "method": "PUT"})
    assert err.code == PRECONDITION and "locked for changes" in err.message
    err = registry_error(api, "DeleteModelVersionArtifact", {"model_version_id": vid, "artifact_key": "extra"})
    assert err.code == PRECONDITION and "locked for changes" in err.message
    part = {"part_number": "1", "etag": '"e"'}
    err = registry_error(api, "commitArtifactPart", {"model_version_id": vid, "key": "extra", "artifact_part": part})
    assert err.code in (INVALID, PRECONDITION)
    err = registry_error(api, "commitMultipartArtifact", {"model_version_id": vid, "key": "extra"})
    assert err.code == PRECONDITION and "locked for changes" in err.message
    assert download(api, vid, "extra") == EXTRA, "the same content-addressed path: readable while closed"
    assert "artifacts" in get_version(api, vid)


def test_multipart_rpcs_on_the_local_store(api: Api, uniq: str) -> None:
    """The local store takes one PUT, so there is no multipart upload to commit parts to."""
    vid = _version(api, uniq)
    assert api.call(R, "getCommittedArtifactParts", {"model_version_id": vid, "key": "extra"}) == {}
    part = {"part_number": "1", "etag": '"e"'}
    err = registry_error(api, "commitArtifactPart", {"model_version_id": vid, "key": "extra", "artifact_part": part})
    assert err.code == INVALID and "Multipart wasn't initialized" in err.message
    err = registry_error(api, "commitArtifactPart", {"model_version_id": vid, "key": "extra"})
    assert err.code == INVALID and "artifact_part" in err.message
    err = registry_error(api, "commitMultipartArtifact", {"model_version_id": vid, "key": "extra"})
    assert err.code == INVALID


# ---- S3 (moto on loopback): presigned URLs and the multipart protocol ---------------------------------------


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def s3_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, moto_url: str, bucket: Any
) -> Iterator[ServerThread]:
    tmp: Path = tmp_path_factory.mktemp(f"registry-s3-{request.param}")
    s3 = {"artifact_root": f"s3://{bucket.name}/prefix", "s3_endpoint_url": moto_url}
    with server_on(request.param, tmp, request, **s3) as server:
        yield server


@pytest.fixture(params=("rest", "grpc"))
def s3_api(request: pytest.FixtureRequest, s3_server: ServerThread) -> Iterator[Api]:
    assert s3_server.server is not None
    client = Api(s3_server.server.backend, s3_server.http_url, s3_server.grpc_target, request.param)
    yield client
    client.close()


def test_s3_multipart_upload_of_a_model(s3_api: Api, uniq: str, bucket: Any) -> None:
    api = s3_api
    parts = [payload(5 * MiB, seed=21), payload(1000, seed=22)]
    whole = b"".join(parts)
    model_id = create_model(api, f"s3-{uniq}")
    vid = str(create_version(api, model_id, version="v1", model=artifact("model", whole))["id"])
    assert get_version(api, vid)["model"].get("upload_completed") is None, "on S3 the bytes are not there yet"
    assert url(api, vid, "model", "PUT", part=1)["multipart_upload_ok"] is True
    committed = []
    for number, data in enumerate(parts, start=1):
        resp = put(url(api, vid, "model", "PUT", part=number)["url"], data)
        assert resp.status_code == 200, resp.text
        part = {"part_number": str(number), "etag": resp.headers["ETag"]}
        api.call(R, "commitArtifactPart", {"model_version_id": vid, "key": "model", "artifact_part": part})
        committed.append(part)
    listed = api.call(R, "getCommittedArtifactParts", {"model_version_id": vid, "key": "model"})
    assert listed["artifact_parts"] == committed
    api.call(R, "commitMultipartArtifact", {"model_version_id": vid, "key": "model"})
    assert get_version(api, vid)["model"]["upload_completed"] is True
    assert bucket.Object(f"prefix/{sha(whole)}/model").get()["Body"].read() == whole
    assert sha(download(api, vid, "model")) == sha(whole)
    err = registry_error(api, "commitMultipartArtifact", {"model_version_id": vid, "key": "model"})
    assert err.code == INVALID and "already committed" in err.message


def test_s3_single_put_is_noticed_on_download(s3_api: Api, uniq: str) -> None:
    api = s3_api
    model_id = create_model(api, f"s3p-{uniq}")
    vid = str(create_version(api, model_id, version="v1", artifacts=[artifact("extra", EXTRA)])["id"])
    target = url(api, vid, "extra", "PUT")
    assert target.get("multipart_upload_ok") is None and "X-Amz-Signature=" in target["url"]
    assert put(target["url"], EXTRA).status_code == 200
    assert download(api, vid, "extra") == EXTRA
    assert get_version(api, vid)["artifacts"][0]["upload_completed"] is True


def test_versions_of_a_deleted_model_have_no_artifacts(api: Api, uniq: str) -> None:
    model_id = create_model(api, f"gone-{uniq}")
    vid = str(create_version(api, model_id, version="v1", artifacts=[artifact("extra", EXTRA)])["id"])
    api.call(R, "DeleteRegisteredModel", {"id": {"registered_model_id": model_id}}, binding=1)
    err = registry_error(api, "getUrlForArtifact", {"model_version_id": vid, "key": "extra", "method": "GET"})
    assert err.code == NOT_FOUND
