"""VersioningService findRepositoriesBlobs: the distinct blobs of the selected commits (by repository, commit,
date, author and MetadataService labels), under a location prefix, of some blob types; pages and totals count
commits; unsupported predicates refused with ModelDB's messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.apiclient import Api
from tests.backend.versioning.support import (
    by_id,
    config_blob,
    create_repository,
    expanded,
    git_blob,
    master_sha,
    path_dataset,
    python_env,
    vcall,
    verror,
)


@dataclass
class World:
    ws: str
    repo1: str
    repo2: str
    c1: dict[str, Any]  # repo1: data/train (a.csv), env, config
    c2: dict[str, Any]  # repo1, on c1: data/train (b.csv), env, code/git
    c3: dict[str, Any]  # repo2: config (the same blob as c1's)
    t: int


def _commit(api: Api, repo_id: str, parents: list[str], blobs: list[dict[str, Any]], date: int) -> dict[str, Any]:
    request = {
        "repository_id": by_id(repo_id),
        "commit": {"parent_shas": parents, "message": f"at {date}", "date_created": str(date)},
        "blobs": blobs,
    }
    commit: dict[str, Any] = vcall(api, "CreateCommit", request, binding=1)["commit"]
    return commit


@pytest.fixture
def world(api: Api, uniq: str) -> World:
    ws = f"ws-{uniq}"
    r1, r2 = create_repository(api, f"one-{uniq}", ws), create_repository(api, f"two-{uniq}", ws)
    root1, root2 = master_sha(api, r1["id"]), master_sha(api, r2["id"])
    t = int(r1["date_created"])
    env, config = expanded(["env"], python_env("numpy")), expanded(["config"], config_blob(lr=3))
    c1 = _commit(api, r1["id"], [root1], [expanded(["data", "train"], path_dataset("a.csv")), env, config], t + 10)
    c2_blobs = [expanded(["data", "train"], path_dataset("b.csv")), env, expanded(["code", "git"], git_blob())]
    c2 = _commit(api, r1["id"], [c1["commit_sha"]], c2_blobs, t + 20)
    c3 = _commit(api, r2["id"], [root2], [config], t + 30)
    return World(ws, r1["id"], r2["id"], c1, c2, c3, t)


def _find(api: Api, w: World, *predicates: tuple[str, str, Any], **more: Any) -> dict[str, Any]:
    preds = [{"key": k, "operator": op, "value": v} for k, op, v in predicates]
    return vcall(api, "findRepositoriesBlobs", {"workspace_name": w.ws, "predicates": preds, **more})


def _found(answer: dict[str, Any]) -> list[tuple[str, str]]:
    """(location, what) of each blob, sorted: what = the dataset's first path, or the blob's type."""
    out = []
    for b in answer.get("blobs", []):
        blob = b["blob"]
        kind = next(iter(blob))
        what = blob["dataset"]["path"]["components"][0]["path"] if kind == "dataset" else kind
        out.append(("/".join(b["location"]), what))
    return sorted(out)


ALL = [
    ("code/git", "code"),
    ("config", "config"),
    ("data/train", "a.csv"),
    ("data/train", "b.csv"),
    ("env", "environment"),
]


def test_distinct_blobs_of_every_commit_with_content(api: Api, world: World) -> None:
    found = _find(api, world)
    assert _found(found) == ALL and found["total_records"] == "3"  # the empty initial commits do not count
    first = next(b for b in found["blobs"] if b["location"] == ["data", "train"])
    assert first["blob"]["dataset"]["path"]["components"][0]["size"] == "1"


def test_blob_types_and_location_prefix(api: Api, world: World) -> None:
    assert _found(_find(api, world, blob_type=["CONFIG_BLOB"])) == [("config", "config")]
    typed = _find(api, world, blob_type=["DATASET_BLOB", "CODE_BLOB"])
    assert _found(typed) == [("code/git", "code"), ("data/train", "a.csv"), ("data/train", "b.csv")]
    for prefix in (["data"], ["data", "train"]):
        assert _found(_find(api, world, location_prefix=prefix)) == [("data/train", "a.csv"), ("data/train", "b.csv")]
    nowhere = _find(api, world, location_prefix=["nope"])
    assert (_found(nowhere), nowhere["total_records"]) == ([], "3")


def test_repositories_commits_and_pages(api: Api, world: World) -> None:
    two = _find(api, world, repo_ids=[world.repo2])
    assert (_found(two), two["total_records"]) == ([("config", "config")], "1")
    just = _find(api, world, commits=[world.c2["commit_sha"]])
    assert (_found(just), just["total_records"]) == (
        [("code/git", "code"), ("data/train", "b.csv"), ("env", "environment")],
        "1",
    )
    newest = _find(api, world, page_number=1, page_limit=1)  # commits last updated first: c3
    assert (_found(newest), newest["total_records"]) == ([("config", "config")], "3")
    second = _find(api, world, page_number=2, page_limit=1)
    assert _found(second) == [("code/git", "code"), ("data/train", "b.csv"), ("env", "environment")]
    vcall(api, "DeleteRepository", {"repository_id": by_id(world.repo2)}, 1)
    assert _find(api, world)["total_records"] == "2"
    assert _find(api, world, workspace_name=f"other-{world.ws}") == {}  # another workspace


def test_date_and_author_predicates(api: Api, world: World) -> None:
    later = _find(api, world, ("date_created", "GT", world.t + 15))
    assert later["total_records"] == "2"
    assert _found(_find(api, world, ("time_logged", "LTE", world.t + 10))) == [
        ("config", "config"),
        ("data/train", "a.csv"),
        ("env", "environment"),
    ]
    assert _find(api, world, ("date_updated", "EQ", world.t + 30))["total_records"] == "1"
    author = world.c1["author"]
    assert _find(api, world, ("commit.author", "EQ", author))["total_records"] == "3"
    assert _find(api, world, ("commit.author", "EQ", f"not-{author}")) == {}
    assert _find(api, world, ("commit.author", "NE", f"not-{author}"))["total_records"] == "3"


def test_label_predicates(api: Api, world: World) -> None:
    commit_id = {"id_type": "VERSIONING_COMMIT", "string_id": world.c1["commit_sha"]}
    api.call("MetadataService", "AddLabels", {"id": commit_id, "labels": ["golden"]})
    blob_id = f"{world.repo1}::{world.c2['commit_sha']}::code/git"
    api.call(
        "MetadataService",
        "AddLabels",
        {"id": {"id_type": "VERSIONING_REPO_COMMIT_BLOB", "string_id": blob_id}, "labels": ["Reviewed"]},
    )
    golden = _find(api, world, ("commit.labels", "EQ", "golden"))
    assert golden["total_records"] == "1" and ("data/train", "a.csv") in _found(golden)
    assert _find(api, world, ("commit.labels", "CONTAIN", "GOLD"))["total_records"] == "1"
    assert _find(api, world, ("commit.labels", "NE", "golden"))["total_records"] == "2"
    reviewed = _find(api, world, ("tags", "EQ", "reviewed"))  # blob labels ignore case, as ModelDB
    assert reviewed["total_records"] == "1" and ("code/git", "code") in _found(reviewed)
    assert _find(api, world, ("blob", "CONTAIN", "view"))["total_records"] == "1"
    assert _find(api, world, ("tags", "NOT_CONTAIN", "view"))["total_records"] == "2"
    assert _find(api, world, ("tags", "EQ", "nothing-has-this")) == {}


def test_refusals_with_modeldb_messages(api: Api, world: World) -> None:
    for key, op, value, message in (
        ("id", "EQ", "x", "predicates with ids not supported"),
        ("", "EQ", "x", "predicates with empty key not supported"),
        ("workspace_name", "EQ", "x", "Workspace name OR type not supported as predicate"),
        ("commit.author", "EQ", "", "Predicate does not contain string value in request"),
        ("version", "EQ", 1, "'version' is not supported by findRepositoriesBlobs"),
        ("attributes.k", "EQ", 1, "'attributes.k' is not supported by findRepositoriesBlobs"),
        ("colour", "EQ", "red", "Invalid predicate found : colour"),
        ("commit.labels", "GT", "a", "cannot compare labels"),
        ("date_created", "CONTAIN", "1", "date_created is a number"),
    ):
        err = verror(
            api,
            "findRepositoriesBlobs",
            {"workspace_name": world.ws, "predicates": [{"key": key, "operator": op, "value": value}]},
        )
        assert err.code == 3 and message in err.message, (key, err.message)
    assert verror(api, "findRepositoriesBlobs", {"workspace_name": world.ws, "page_limit": -1}).code == 3
    err = verror(api, "findRepositoriesBlobs", {"workspace_name": world.ws, "blob_type": [9]})
    assert err.code == 3
