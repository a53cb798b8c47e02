"""Calling VersioningService in the tests: any HTTP binding over REST (by index), the same request over gRPC,
and small builders for repositories, commits and blobs."""

from __future__ import annotations

import copy
import json
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import text

from modeldb_jupyter.client.transport import query_params
from tests.apiclient import Api, ApiError

V = "VersioningService"


def _pop(data: dict[str, Any], dotted: str) -> Any:
    *parents, leaf = dotted.split(".")
    node = data
    for name in parents:
        node = node.get(name, {})
    return node.pop(leaf, "")


def vcall(
    api: Api, rpc: str, request: dict[str, Any] | None = None, binding: int = 0, service: str = V
) -> dict[str, Any]:
    """One call of `service` (VersioningService unless said). Over REST through the `binding`-th HTTP binding
    (path parameters taken out of the nested request, the rest as body or query string, as grpc-gateway clients
    send it); over gRPC the request as is."""
    request = request or {}
    if api.transport == "grpc":
        return api.call(service, rpc, request)
    b = api.rpc(service, rpc).bindings[binding]
    body = copy.deepcopy(request)
    path = b.path
    for param in b.path_params:
        path = path.replace("{" + param + "}", quote(str(_pop(body, param)), safe=""))
    url = api.http_url + "/api/v1/modeldb" + path[len("/v1") :]
    if b.body == "*":
        resp = api.session.request(b.method, url, data=json.dumps(body))
    elif b.body:
        resp = api.session.request(b.method, url, data=json.dumps(body.get(b.body, {})))
    else:
        resp = api.session.request(b.method, url, params=query_params(body))
    if resp.status_code != 200:
        err = resp.json()
        raise ApiError(err["code"], resp.status_code, err["message"])
    return resp.json()  # type: ignore[no-any-return]


def verror(api: Api, rpc: str, request: dict[str, Any], binding: int = 0) -> ApiError:
    with pytest.raises(ApiError) as info:
        vcall(api, rpc, request, binding)
    return info.value


def by_name(name: str, workspace: str = "personal") -> dict[str, Any]:
    return {"named_id": {"name": name, "workspace_name": workspace}}


def by_id(repo_id: str | int) -> dict[str, Any]:
    return {"repo_id": str(repo_id)}


def create_repository(api: Api, name: str, workspace: str = "personal", **fields: Any) -> dict[str, Any]:
    request = {"id": by_name("", workspace), "repository": {"name": name, **fields}}
    repo: dict[str, Any] = vcall(api, "CreateRepository", request)["repository"]
    return repo


def sql(api: Api, statement: str, **params: Any) -> list[Any]:
    """Rows of a read-only SQL statement on the server's database (to see what was stored)."""
    with api.backend.db.engine.connect() as conn:
        return list(conn.execute(text(statement), params))


def new_repo(api: Api, uniq: str) -> tuple[str, str]:
    """A fresh repository named after the test: its id and the SHA of its initial commit."""
    repo = create_repository(api, f"r-{uniq}")
    return repo["id"], master_sha(api, repo["id"])


def audit_records(api: Api, **filters: Any) -> list[dict[str, Any]]:
    return list(api.call("ExtensionService", "findAuditRecords", filters).get("records", []))


def master_sha(api: Api, repo_id: str | int) -> str:
    rows = sql(
        api, "SELECT commit_sha FROM repository_branches WHERE repository_id = :r AND name = 'master'", r=int(repo_id)
    )
    return str(rows[0][0])


# --- blobs ---------------------------------------------------------------------------------------------------


def path_component(path: str, size: int = 1, sha: str = "", **more: Any) -> dict[str, Any]:
    return {"path": path, "size": str(size), "sha256": sha or f"sha-{path}", **more}


def path_dataset(*paths: str) -> dict[str, Any]:
    return {"dataset": {"path": {"components": [path_component(p) for p in paths]}}}


def config_blob(**values: int) -> dict[str, Any]:
    return {"config": {"hyperparameters": [{"name": k, "value": {"int_value": str(v)}} for k, v in values.items()]}}


def git_blob(repo: str = "git@example.com:x.git", hash_: str = "abc") -> dict[str, Any]:
    return {"code": {"git": {"repo": repo, "hash": hash_}}}


def python_env(*requirements: str) -> dict[str, Any]:
    reqs = [{"library": r, "constraint": "==", "version": {"major": 1}} for r in requirements]
    return {"environment": {"python": {"version": {"major": 3, "minor": 11}, "requirements": reqs}}}


def pinned_env(*requirements: str) -> dict[str, Any]:
    """A python environment with pinned requirements "lib==major"."""
    blob = python_env()
    blob["environment"]["python"]["requirements"] = [
        {"library": r.split("==")[0], "constraint": "==", "version": {"major": int(r.split("==")[1])}}
        for r in requirements
    ]
    return blob


def expanded(
    location: list[str], blob: dict[str, Any], attributes: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    item: dict[str, Any] = {"location": location, "blob": blob}
    if attributes:
        item["attributes"] = attributes
    return item


def create_commit(
    api: Api,
    repo_id: str,
    parents: list[str],
    blobs: list[dict[str, Any]],
    message: str = "a change",
    date_created: str = "0",
    **more: Any,
) -> dict[str, Any]:
    """CreateCommit by repository id over the REST id binding (or gRPC); `more` are request fields."""
    request = {
        "repository_id": by_id(repo_id),
        "commit": {"parent_shas": parents, "message": message, "date_created": date_created},
        "blobs": blobs,
        **more,
    }
    commit: dict[str, Any] = vcall(api, "CreateCommit", request, binding=1)["commit"]
    return commit


def blobs_of(api: Api, repo_id: str, sha: str) -> dict[str, dict[str, Any]]:
    """The blobs of a commit by their location joined with "/"."""
    request = {"repository_id": by_id(repo_id), "commit_sha": sha}
    found = vcall(api, "ListCommitBlobs", request, binding=1).get("blobs", [])
    return {"/".join(b["location"]): b["blob"] for b in found}
