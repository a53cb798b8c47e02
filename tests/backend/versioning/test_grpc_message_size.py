"""gRPC carries what REST carries: a commit whose ListCommitBlobs answer (and CreateCommit request) is just over
gRPC's default 4 MB goes through a real server's gRPC port, whose limit is the settings' body limit
(MODELDB_MAX_BODY_SIZE); over that limit gRPC refuses with RESOURCE_EXHAUSTED, as REST answers 413."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from google.protobuf import json_format

from modeldb_backend.errors import Code
from modeldb_backend.pb.versioning import versioning_service_pb2 as pb
from tests.apiclient import Api, ApiError
from tests.backend.versioning.support import by_id, by_name, expanded, master_sha, path_component, verror
from tests.servers import ServerThread, server_on

V = "VersioningService"
GRPC_DEFAULT = 4 * 1024 * 1024  # gRPC's default largest message received


def _grpc(server: ServerThread, transport: str = "grpc") -> Api:
    assert server.server is not None
    return Api(server.server.backend, server.http_url, server.grpc_target, transport)


@pytest.fixture
def grpc_api(server: ServerThread) -> Iterator[Api]:
    api = _grpc(server)
    yield api
    api.close()


def _dataset(count: int) -> dict[str, Any]:
    """A path dataset blob of `count` components of about 200 bytes each once serialized."""
    prefix = "/data/" + "nested/" * 16
    components = [path_component(f"{prefix}file-{i:06d}.csv", i, f"{i:064x}") for i in range(count)]
    return {"dataset": {"path": {"components": components}}}


def _commit_request(api: Api, repo_id: str, count: int) -> dict[str, Any]:
    return {
        "repository_id": by_id(repo_id),
        "commit": {"parent_shas": [master_sha(api, repo_id)], "message": "big", "date_created": "0"},
        "blobs": [expanded(["data"], _dataset(count))],
    }


def _repository(api: Api, name: str) -> str:
    return str(api.call(V, "CreateRepository", {"id": by_name(""), "repository": {"name": name}})["repository"]["id"])


def test_listing_over_4_mb_over_grpc(grpc_api: Api, uniq: str) -> None:
    repo_id = _repository(grpc_api, f"grpc-size-{uniq}")
    request = _commit_request(grpc_api, repo_id, 24_000)
    sha = grpc_api.call(V, "CreateCommit", request)["commit"]["commit_sha"]  # the request itself is over 4 MB
    listed = grpc_api.call(V, "ListCommitBlobs", {"repository_id": by_id(repo_id), "commit_sha": sha})
    size = len(json_format.ParseDict(listed, pb.ListCommitBlobsRequest.Response()).SerializeToString())
    assert GRPC_DEFAULT < size < 2 * GRPC_DEFAULT, size
    assert len(listed["blobs"][0]["blob"]["dataset"]["path"]["components"]) == 24_000


@pytest.mark.parametrize("kind", ["sqlite"])
def test_grpc_follows_the_body_limit(kind: str, tmp_path: Path, request: pytest.FixtureRequest, uniq: str) -> None:
    """A server with a 1 MiB body limit refuses a larger request over gRPC (RESOURCE_EXHAUSTED) as over REST (413)."""
    with server_on(kind, tmp_path, request, max_body_size=1024 * 1024) as server:
        api, rest = _grpc(server), _grpc(server, "rest")
        try:
            repo_id = _repository(api, f"grpc-limit-{uniq}")
            too_big = _commit_request(api, repo_id, 8_000)  # about 1.6 MB
            with pytest.raises(ApiError) as refused:
                api.call(V, "CreateCommit", too_big)
            assert refused.value.code == Code.RESOURCE_EXHAUSTED
            over_rest = verror(rest, "CreateCommit", too_big, binding=1)
            assert (over_rest.status, over_rest.code) == (413, Code.RESOURCE_EXHAUSTED)
            assert api.call(V, "CreateCommit", _commit_request(api, repo_id, 100))["commit"]["commit_sha"]
        finally:
            api.close()
            rest.close()
