"""Artifacts through an S3 artifact store (moto's S3 server on loopback): presigned multipart uploads from
the client, through a standalone server and from the embedded backend."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from modeldb_backend.settings import Settings
from modeldb_jupyter.client import Client
from modeldb_jupyter.client import artifacts as artifacts_module
from tests.servers import ServerThread

MiB = 1024 * 1024
AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture(scope="module")
def s3_root() -> Iterator[tuple[str, str]]:
    """(endpoint URL, s3://bucket/prefix) of a fresh bucket on a moto server."""
    import boto3
    from moto.server import ThreadedMotoServer

    saved = {k: os.environ.get(k) for k in AWS_ENV}
    os.environ.update(AWS_ENV)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    bucket = f"client-{uuid.uuid4().hex[:12]}"
    boto3.resource("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=bucket)
    try:
        yield endpoint, f"s3://{bucket}/artifacts"
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(params=["server", "embedded"])
def s3_client(
    request: pytest.FixtureRequest,
    s3_root: tuple[str, str],
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Client]:
    endpoint, root = s3_root
    if request.param == "embedded":
        monkeypatch.setenv("MODELDB_DB_URL", f"sqlite:///{tmp_path / 'embedded.sqlite'}")
        monkeypatch.setenv("MODELDB_ARTIFACT_ROOT", root)
        monkeypatch.setenv("MODELDB_S3_ENDPOINT_URL", endpoint)
        client = Client()
        yield client
        client.close()
        return
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'srv.sqlite'}", artifact_root=root, s3_endpoint_url=endpoint)
    with ServerThread(settings) as server:
        client = Client(server.http_url)
        yield client
        client.close()


def test_multipart_upload_and_download(s3_client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(artifacts_module, "PART_SIZE", 5 * MiB)  # S3's smallest part
    run = s3_client.set_experiment_run("r")
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(11 * MiB))  # three parts: 5 + 5 + 1 MiB
    run.log_artifact("big", big)
    run.log_artifact("small", b"tiny")
    run.log_artifact("obj", {"a": 1})
    copy = Path(run.download_artifact("big", tmp_path / "copy.bin"))
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == hashlib.sha256(big.read_bytes()).hexdigest()
    assert run.get_artifact("small") == b"tiny" and run.get_artifact("obj", unpickle=True) == {"a": 1}
