"""The local store's HTTP endpoints: streaming, ranges, limits, interrupted uploads, traversal and auth."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.apiclient import Api
from tests.backend.artifacts_support import (
    content_path,
    eventually,
    log_artifact,
    payload,
    raw_exchange,
    rest_ctx,
    sha256,
    status_and_json,
    store_root,
    upload,
    url_for,
)
from tests.backend.runs_support import Ctx
from tests.servers import ServerThread, server_on, settings_in

LIMIT = 64 * 1024
TOKEN = "artifact-token"
STORE = "/api/v1/artifact/storeArtifact"


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def srv(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    with server_on(
        request.param, tmp_path_factory.mktemp(f"artifact-http-{request.param}"), request, max_upload_size=LIMIT
    ) as server:
        yield server


@pytest.fixture
def c(srv: ServerThread, uniq: str) -> Iterator[Ctx]:
    with rest_ctx(srv, uniq) as ctx:
        yield ctx


def stored(c: Ctx, data: bytes, key: str = "k") -> tuple[str, str]:
    """A run artifact holding `data`; returns its path and download URL."""
    run = c.create(f"run-{key}")
    path = content_path(data, key)
    log_artifact(c, run["id"], key, path)
    assert upload(url_for(c, run["id"], key, "PUT")["url"], data).status_code == 200
    return path, url_for(c, run["id"], key, "GET")["url"]


def open_upload(c: Ctx, key: str = "up") -> tuple[str, str]:
    """A logged artifact with an upload URL waiting; returns its path and the URL."""
    run = c.create(f"run-{key}")
    path = f"uploads/{c.uniq}/{key}.bin"
    log_artifact(c, run["id"], key, path)
    return path, url_for(c, run["id"], key, "PUT")["url"]


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


# ---- downloads ------------------------------------------------------------------------------------------


def test_download_headers(c: Ctx) -> None:
    data = b'{"a": 1}'
    _, url = stored(c, data, "weights é.json")
    resp = requests.get(url, timeout=10)
    assert resp.status_code == 200 and resp.content == data
    assert resp.headers["Content-Length"] == str(len(data))
    assert resp.headers["Content-Type"] == "application/json"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Content-Disposition"] == (
        "attachment; filename=\"weights _.json\"; filename*=UTF-8''weights%20%C3%A9.json"
    )
    assert resp.headers["Accept-Ranges"] == "bytes"


def test_range_requests(c: Ctx) -> None:
    data = payload(1000, seed=3)
    _, url = stored(c, data, "ranged")

    def get(rng: str) -> requests.Response:
        return requests.get(url, headers={"Range": rng}, timeout=10)

    for rng, start, end in (("bytes=0-9", 0, 10), ("bytes=990-", 990, 1000), ("bytes=-5", 995, 1000),
                            ("bytes=500-5000", 500, 1000), ("bytes=-5000", 0, 1000)):  # fmt: skip
        resp = get(rng)
        assert resp.status_code == 206, rng
        assert resp.content == data[start:end]
        assert resp.headers["Content-Range"] == f"bytes {start}-{end - 1}/1000"
        assert resp.headers["Content-Length"] == str(end - start)
    for unsatisfiable in ("bytes=1000-", "bytes=5000-6000", "bytes=-0"):
        resp = get(unsatisfiable)
        assert resp.status_code == 416, unsatisfiable
        assert resp.headers["Content-Range"] == "bytes */1000" and resp.json()["code"] == 11
    for ignored in ("bytes=0-1,5-6", "items=0-1", "bytes=9-2"):  # served whole, as RFC 9110 allows
        resp = get(ignored)
        assert resp.status_code == 200 and resp.content == data, ignored


def test_missing_file_is_404_json(c: Ctx, srv: ServerThread) -> None:
    resp = requests.get(f"{srv.http_url}/api/v1/artifact/getArtifact/x?artifact_path=never/uploaded", timeout=10)
    assert resp.status_code == 404 and resp.json()["code"] == 5 and "never/uploaded" in resp.json()["message"]
    resp = requests.get(f"{srv.http_url}/api/v1/artifact/getArtifact/x", timeout=10)
    assert resp.status_code == 400 and "artifact_path" in resp.json()["message"]


# ---- path safety ----------------------------------------------------------------------------------------

HOSTILE = (
    "../outside",
    "a/../../outside",
    "/etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",  # one decoding gives ../../etc/passwd
    "a%2F..%2F..%2Fb",
    "a%252F..%252Fb",  # encoded twice: %2F survives the decoding
    "%252E%252E/x",
    "a%5C..%5Cb",
    "a%00b",
    "C:%5Cwindows",
    "%FF%FE",  # not UTF-8
    ".modeldb-multipart/0123456789abcdef0123456789abcdef/1",  # the store's own staging area
    "",
)


@pytest.mark.parametrize("raw", HOSTILE)
def test_traversal_attempts_are_400(c: Ctx, srv: ServerThread, raw: str) -> None:
    query = f"?artifact_path={raw}"
    got = requests.get(f"{srv.http_url}/api/v1/artifact/getArtifact/x{query}", timeout=10)
    put = requests.put(f"{srv.http_url}{STORE}{query}", data=b"x", timeout=10)
    for resp in (got, put):
        assert resp.status_code == 400 and resp.json()["code"] == 3, (raw, resp.text)
    assert not (store_root(srv).parent / "outside").exists()


def test_symlinks_inside_the_root_are_refused(c: Ctx, srv: ServerThread, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_bytes(b"secret")
    link = store_root(srv) / f"link-{c.uniq}"
    store_root(srv).mkdir(parents=True, exist_ok=True)
    os.symlink(outside, link)
    query = f"?artifact_path={link.name}/secret"
    got = requests.get(f"{srv.http_url}/api/v1/artifact/getArtifact/secret{query}", timeout=10)
    assert got.status_code == 400 and "symbolic link" in got.json()["message"]
    put = requests.put(f"{srv.http_url}{STORE}{query}", data=b"overwrite", timeout=10)
    assert put.status_code == 400 and (outside / "secret").read_bytes() == b"secret"
    run = c.create("symlink")
    log_artifact(c, run["id"], "k", f"{link.name}/secret")
    err = c.error("getUrlForArtifact", {"id": run["id"], "key": "k", "method": "PUT"})
    assert err.code == 3 and "symbolic link" in err.message


def test_a_path_through_a_stored_file_is_400(c: Ctx) -> None:
    path, _ = stored(c, b"a file", "plain")
    run = c.create("conflict")
    log_artifact(c, run["id"], "k", f"{path}/below")
    resp = upload(url_for(c, run["id"], "k", "PUT")["url"], b"x")
    assert resp.status_code == 400 and "stored file" in resp.json()["message"]
    log_artifact(c, run["id"], "dir", path.split("/")[0])
    resp = upload(url_for(c, run["id"], "dir", "PUT")["url"], b"x")
    assert resp.status_code == 400 and "directory" in resp.json()["message"]


# ---- size limit and interrupted uploads ----------------------------------------------------------------


def _put_head(srv: ServerThread, path: str, length: str) -> bytes:
    header = f"Content-Length: {length}" if length else "Transfer-Encoding: chunked"
    return f"PUT {STORE}?artifact_path={path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{header}\r\n\r\n".encode()


def test_content_length_over_the_limit_is_413_before_reading(c: Ctx, srv: ServerThread) -> None:
    path, _ = open_upload(c, "too-big")
    answer = raw_exchange(srv.server.http_port, _put_head(srv, path, str(100 * 1024**3)), [b"x" * 100])  # type: ignore[union-attr]
    status, body = status_and_json(answer)
    assert status == 413 and body["code"] == 8 and str(LIMIT) in body["message"]
    assert not (store_root(srv) / path).exists() and leftovers((store_root(srv) / path).parent) == []


def test_chunked_body_over_the_limit_is_413_and_leaves_nothing(c: Ctx, srv: ServerThread) -> None:
    path, url = open_upload(c, "chunked-big")
    piece = b"y" * 16 * 1024
    chunks = [f"{len(piece):x}\r\n".encode() + piece + b"\r\n"] * 6 + [b"0\r\n\r\n"]  # 96 KiB > 64 KiB
    status, body = status_and_json(raw_exchange(srv.server.http_port, _put_head(srv, path, ""), chunks))  # type: ignore[union-attr]
    assert status == 413 and body["code"] == 8
    target = store_root(srv) / path
    assert eventually(lambda: leftovers(target.parent) == []), leftovers(target.parent)
    assert upload(url, b"small enough").status_code == 200  # the upload is still open: a retry works


def test_streamed_upload_at_the_limit(c: Ctx, srv: ServerThread) -> None:
    path, url = open_upload(c, "at-limit")
    data = payload(LIMIT, seed=4)
    resp = requests.put(url, data=iter([data[i : i + 5000] for i in range(0, LIMIT, 5000)]), timeout=10)  # chunked
    assert resp.status_code == 200 and resp.json()["sha256"] == sha256(data)
    assert (store_root(srv) / path).read_bytes() == data


def test_interrupted_upload_leaves_nothing_and_a_retry_succeeds(c: Ctx, srv: ServerThread) -> None:
    path, url = open_upload(c, "interrupted")
    data = payload(40_000, seed=5)
    head = _put_head(srv, path, str(len(data)))
    assert raw_exchange(srv.server.http_port, head, [data[:20_000]], close_early=True) == b""  # type: ignore[union-attr]
    target = store_root(srv) / path
    assert eventually(lambda: leftovers(target.parent) == []), leftovers(target.parent)
    assert not target.exists()
    resp = upload(url, data)
    assert resp.status_code == 200 and resp.json()["sha256"] == sha256(data)
    assert target.read_bytes() == data and leftovers(target.parent) == [target.name]


def test_parts_of_one_upload_share_the_limit(c: Ctx, srv: ServerThread) -> None:
    component = {"path": "/d/parts.bin", "internal_versioned_path": f"parts/{c.uniq}/parts.bin"}
    dataset = c.api.call("DatasetService", "createDataset", {"name": f"ds-{c.uniq}"})["dataset"]
    request = {"dataset_id": dataset["id"], "dataset_blob": {"path": {"components": [component]}}}
    version = c.api.call("DatasetVersionService", "createDatasetVersion", request)["dataset_version"]
    where = {"dataset_id": dataset["id"], "dataset_version_id": version["id"], "workspace_name": "w"}
    where |= {"path_dataset_component_blob_path": component["path"], "method": "PUT"}

    def part_url(number: int) -> str:
        reply = c.api.call("DatasetVersionService", "getUrlForDatasetBlobVersioned", {**where, "part_number": number})
        return reply["url"]  # type: ignore[no-any-return]

    three_fifths = payload(LIMIT * 3 // 5, seed=7)
    assert upload(part_url(1), three_fifths).status_code == 200
    resp = upload(part_url(2), three_fifths)
    assert resp.status_code == 413 and resp.json()["code"] == 8
    assert upload(part_url(1), three_fifths).status_code == 200, "a part sent again replaces its bytes"
    assert upload(part_url(2), b"the rest").status_code == 200


# ---- authentication -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    tmp = tmp_path_factory.mktemp("artifact-auth")
    with ServerThread(settings_in(tmp, f"sqlite:///{tmp / 'db.sqlite'}", max_upload_size=LIMIT, token=TOKEN)) as server:
        yield server


def test_artifact_endpoints_need_the_token(secured: ServerThread, uniq: str) -> None:
    assert secured.server is not None
    api = Api(secured.server.backend, secured.http_url, secured.grpc_target, "rest", token=TOKEN)
    c = Ctx(api, uniq)
    run = c.create("auth")
    data = b"guarded"
    log_artifact(c, run["id"], "k", content_path(data, "k"))
    put_url = url_for(c, run["id"], "k", "PUT")["url"]
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        resp = upload(put_url, data, headers)
        assert resp.status_code == 401 and resp.json()["code"] == 16
    assert upload(put_url, data, {"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    get_url = url_for(c, run["id"], "k", "GET")["url"]
    assert requests.get(get_url, timeout=10).status_code == 401
    # ModelDB's client sends its developer key in grpc-gateway metadata headers.
    got = requests.get(get_url, headers={"Grpc-Metadata-developer_key": TOKEN}, timeout=10)
    assert got.status_code == 200 and got.content == data
    audit = api.call("ExtensionService", "findAuditRecords", {"entity_id": run["id"], "action": "storeArtifact"})
    assert [r["actor"] for r in audit["records"]] == ["token"]
    api.close()
