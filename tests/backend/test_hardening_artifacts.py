"""Issue 12, defect 5: one entity's upload never replaces the bytes of a path another entity owns.

ModelDB's client logs content-addressed paths (`<sha256>/<key>`), so two runs (or two dataset versions) may
log the same path in good faith; a hostile one may log a path it saw elsewhere. The first owner keeps the
store location; a later owner's upload goes to a location of its own, and each reads back its own bytes.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.apiclient import Api
from tests.backend.artifacts_support import content_path, log_artifact, sha256, upload, url_for
from tests.backend.runs_support import Ctx
from tests.servers import ServerThread


@pytest.fixture
def c(api: Api, uniq: str) -> Ctx:
    return Ctx(api, uniq)


def _store_root(server: ServerThread) -> Any:
    return server.server.backend.artifacts.root  # type: ignore[union-attr]


def _uploads(c: Ctx, entity_id: str) -> list[dict[str, Any]]:
    request = {"entity_id": entity_id, "action": "storeArtifact"}
    return [r["changes"] for r in c.api.call("ExtensionService", "findAuditRecords", request).get("records", [])]


def _get(c: Ctx, run_id: str, key: str) -> bytes:
    return requests.get(url_for(c, run_id, key, "GET")["url"], timeout=10).content


def test_a_second_run_cannot_replace_the_bytes_of_the_first(c: Ctx, server: ServerThread) -> None:
    victim, attacker = c.create("victim"), c.create("attacker")
    original, hostile = f"model of {c.uniq}".encode(), f"evil of {c.uniq}".encode()
    path = content_path(original, "model.pkl")
    log_artifact(c, victim["id"], "model.pkl", path)
    assert upload(url_for(c, victim["id"], "model.pkl", "PUT")["url"], original).status_code == 200

    # The attack: log the victim's path, ask for an upload URL, send other bytes.
    log_artifact(c, attacker["id"], "model.pkl", path)
    url = url_for(c, attacker["id"], "model.pkl", "PUT")["url"]
    assert f"artifact_path={path}" not in url, "the attacker is sent to a location of its own"
    assert upload(url, hostile).status_code == 200

    assert (_store_root(server) / path).read_bytes() == original
    assert _get(c, victim["id"], "model.pkl") == original
    assert _uploads(c, victim["id"]) == [{"path": path, "size": len(original), "sha256": sha256(original)}]
    assert _get(c, attacker["id"], "model.pkl") == hostile
    # Asking again keeps each owner at its own location.
    again = url_for(c, attacker["id"], "model.pkl", "PUT")["url"]
    assert again == url
    assert upload(url_for(c, victim["id"], "model.pkl", "PUT")["url"], original).status_code == 200
    assert _get(c, attacker["id"], "model.pkl") == hostile


def test_the_same_bytes_under_the_same_path_still_work_for_both(c: Ctx) -> None:
    """The honest case the client produces: the same model logged by two runs."""
    first, second = c.create("first"), c.create("second")
    data = f"shared model {c.uniq}".encode()
    path = content_path(data, "model.pkl")
    for run in (first, second):
        log_artifact(c, run["id"], "model.pkl", path)
        assert upload(url_for(c, run["id"], "model.pkl", "PUT")["url"], data).status_code == 200
    assert _get(c, first["id"], "model.pkl") == data and _get(c, second["id"], "model.pkl") == data


def test_an_upload_never_replaces_bytes_left_by_a_deleted_owner(c: Ctx, server: ServerThread) -> None:
    """A clone reads its source's bytes by path: deleting the source's artifact must not free the path."""
    source = c.create("source")
    data = f"kept {c.uniq}".encode()
    path = f"fixed-{c.uniq}/k.bin"
    log_artifact(c, source["id"], "k", path)
    assert upload(url_for(c, source["id"], "k", "PUT")["url"], data).status_code == 200
    clone = c.call("cloneExperimentRun", {"src_experiment_run_id": source["id"], "dest_experiment_run_name": "c"})
    c.call("deleteArtifact", {"id": source["id"], "key": "k"})
    other = c.create("other")
    log_artifact(c, other["id"], "k", path)
    assert upload(url_for(c, other["id"], "k", "PUT")["url"], b"other bytes").status_code == 200
    assert (_store_root(server) / path).read_bytes() == data
    assert _get(c, clone["run"]["id"], "k") == data
    assert _get(c, other["id"], "k") == b"other bytes"


def test_a_clone_reads_its_sources_bytes_at_their_own_location(c: Ctx) -> None:
    first, second = c.create("first"), c.create("second")
    path = content_path(f"x{c.uniq}".encode(), "k")
    log_artifact(c, first["id"], "k", path)
    assert upload(url_for(c, first["id"], "k", "PUT")["url"], b"first").status_code == 200
    log_artifact(c, second["id"], "k", path)
    assert upload(url_for(c, second["id"], "k", "PUT")["url"], b"second").status_code == 200
    clone = c.call("cloneExperimentRun", {"src_experiment_run_id": second["id"], "dest_experiment_run_name": "c"})
    assert _get(c, clone["run"]["id"], "k") == b"second"
    # The clone's own upload goes elsewhere again: its source keeps its bytes.
    assert upload(url_for(c, clone["run"]["id"], "k", "PUT")["url"], b"third").status_code == 200
    assert _get(c, second["id"], "k") == b"second" and _get(c, clone["run"]["id"], "k") == b"third"


def test_logged_paths_cannot_name_the_owned_area(c: Ctx) -> None:
    run = c.create("reserved")
    request = {"id": run["id"], "artifact": {"key": "k", "path": ".modeldb-owned/x/y/k", "artifact_type": "BLOB"}}
    err = c.error("logArtifact", request)
    assert err.code == 3 and ".modeldb-owned" in err.message


def test_a_copied_project_reads_the_bytes_of_its_runs(c: Ctx) -> None:
    first, second = c.create("first"), c.create("second")
    path = content_path(f"y{c.uniq}".encode(), "k")
    for run, data in ((first, b"first"), (second, b"second")):
        log_artifact(c, run["id"], "k", path)
        assert upload(url_for(c, run["id"], "k", "PUT")["url"], data).status_code == 200
    copy = c.api.call("ProjectService", "deepCopyProject", {"id": c.project["id"]})["project"]
    runs = c.call("getExperimentRunsInProject", {"project_id": copy["id"]})["experiment_runs"]
    got = {run["name"]: _get(c, run["id"], "k") for run in runs}
    assert got == {"first": b"first", "second": b"second"}


def test_dataset_versions_sharing_a_file_keep_their_own_bytes(c: Ctx, server: ServerThread) -> None:
    dataset = c.api.call("DatasetService", "createDataset", {"name": f"ds-{c.uniq}"})["dataset"]
    internal = f"{c.uniq}/train.csv"

    def version_with(data: bytes) -> bytes:
        component = {"path": "/data/train.csv", "size": str(len(data)), "internal_versioned_path": internal}
        request = {"dataset_id": dataset["id"], "dataset_blob": {"path": {"components": [component]}}}
        version = c.api.call("DatasetVersionService", "createDatasetVersion", request)["dataset_version"]
        where = {"dataset_id": dataset["id"], "dataset_version_id": version["id"], "workspace_name": "personal"}
        where["path_dataset_component_blob_path"] = "/data/train.csv"
        url = c.api.call("DatasetVersionService", "getUrlForDatasetBlobVersioned", {**where, "method": "PUT"})["url"]
        assert upload(url, data).status_code == 200
        get = c.api.call("DatasetVersionService", "getUrlForDatasetBlobVersioned", {**where, "method": "GET"})["url"]
        return version_bytes(get)

    def version_bytes(url: str) -> bytes:
        return requests.get(url, timeout=10).content

    assert version_with(b"version one") == b"version one"
    assert version_with(b"version two") == b"version two"
    assert (_store_root(server) / internal).read_bytes() == b"version one"
