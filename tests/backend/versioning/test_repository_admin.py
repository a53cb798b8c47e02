"""VersioningService ListRepositories, UpdateRepository, DeleteRepository and findRepositories: order, pages and
their refusals, ModelDB's update rules (the empty-description message, unique names), soft delete with the name
free again, and the find predicates (columns, owner, attributes, MetadataService labels)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert

from modeldb_backend.store import versioning_models as vm
from tests.apiclient import Api
from tests.backend.versioning.support import by_id, by_name, create_repository, master_sha, sql, vcall, verror


def _names(answer: dict[str, Any]) -> list[str]:
    return [r["name"] for r in answer.get("repositories", [])]


def _three(api: Api, uniq: str, workspace: str) -> list[dict[str, Any]]:
    """Repositories a, b, c of `workspace`, updated in the order c, a, b (b last)."""
    made = []
    for name, updated, attrs in (
        ("a", 2000, [{"key": "team", "value": "vision"}, {"key": "n", "value": 3}]),
        ("b", 3000, [{"key": "team", "value": "Speech"}, {"key": "n", "value": 1}]),
        ("c", 1000, []),
    ):
        extra = {"attributes": attrs} if attrs else {}
        made.append(
            create_repository(
                api,
                f"{name}-{uniq}",
                workspace,
                date_created="500",
                date_updated=str(updated),
                description=name,
                **extra,
            )
        )
    return made


# --- ListRepositories ----------------------------------------------------------------------------------------


def test_list_last_updated_first_with_pages(api: Api, uniq: str) -> None:
    ws = f"ws-{uniq}"
    _three(api, uniq, ws)
    listed = vcall(api, "ListRepositories", {"workspace_name": ws})
    assert _names(listed) == [f"b-{uniq}", f"a-{uniq}", f"c-{uniq}"] and listed["total_records"] == "3"
    page = vcall(api, "ListRepositories", {"workspace_name": ws, "pagination": {"page_number": 2, "page_limit": 2}})
    assert (_names(page), page["total_records"]) == ([f"c-{uniq}"], "3")
    page = vcall(api, "ListRepositories", {"workspace_name": ws, "pagination": {"page_number": 1, "page_limit": 2}})
    assert _names(page) == [f"b-{uniq}", f"a-{uniq}"]


def test_list_without_workspace_is_the_personal_one(api: Api, uniq: str) -> None:
    mine = create_repository(api, f"mine-{uniq}")
    create_repository(api, f"theirs-{uniq}", f"team-{uniq}")
    listed = vcall(api, "ListRepositories", {}, binding=1)
    assert f"mine-{uniq}" in _names(listed) and f"theirs-{uniq}" not in _names(listed)
    assert int(listed["total_records"]) == len(listed["repositories"])
    personal = vcall(api, "ListRepositories", {"workspace_name": "personal"})
    assert mine in personal["repositories"]


def test_list_page_refusals(api: Api, uniq: str) -> None:
    for limit in (0, 101, -1):
        request = {"workspace_name": "personal", "pagination": {"page_number": 1, "page_limit": limit}}
        err = verror(api, "ListRepositories", request)
        assert (err.code, err.message) == (3, "Page limit is invalid")
    err = verror(api, "ListRepositories", {"workspace_name": "personal", "pagination": {"page_limit": 10}})
    assert err.code == 3 and "Page number is invalid" in err.message


# --- UpdateRepository ----------------------------------------------------------------------------------------


def _update(api: Api, rid: dict[str, Any], binding: int, **repository: Any) -> dict[str, Any]:
    repo: dict[str, Any] = vcall(api, "UpdateRepository", {"id": rid, "repository": repository}, binding)["repository"]
    return repo


def test_update_through_both_bindings(api: Api, uniq: str) -> None:
    repo = create_repository(
        api, f"r-{uniq}", attributes=[{"key": "team", "value": "vision"}, {"key": "n", "value": 1}]
    )
    updated = _update(
        api,
        by_name(f"r-{uniq}"),
        0,
        description="new",
        attributes=[{"key": "n", "value": 2}, {"key": "x", "value": "y"}],
    )
    assert updated["description"] == "new" and updated["name"] == f"r-{uniq}" and updated["version_number"] == "2"
    assert updated["attributes"] == [
        {"key": "team", "value": "vision"},
        {"key": "n", "value": 2},
        {"key": "x", "value": "y"},
    ]
    assert int(updated["date_updated"]) >= int(repo["date_updated"]) and updated["date_created"] == repo["date_created"]
    renamed = _update(api, by_id(repo["id"]), 1, name=f"s-{uniq}", description="renamed", visibility=2)
    assert (renamed["name"], renamed["version_number"], renamed["visibility"]) == (f"s-{uniq}", "3", "ORG_CUSTOM")
    assert vcall(api, "GetRepository", {"id": by_name(f"s-{uniq}")})["repository"] == renamed
    assert verror(api, "GetRepository", {"id": by_name(f"r-{uniq}")}).code == 5
    assert master_sha(api, repo["id"])  # branches stay with the repository


def test_update_refusals(api: Api, uniq: str) -> None:
    repo = create_repository(api, f"r-{uniq}", description="kept")
    create_repository(api, f"taken-{uniq}")
    err = verror(api, "UpdateRepository", {"id": by_id(repo["id"]), "repository": {"name": "x"}}, 1)
    assert (err.code, err.message) == (3, "Description is empty")
    err = verror(
        api,
        "UpdateRepository",
        {"id": by_id(repo["id"]), "repository": {"name": f"taken-{uniq}", "description": "d"}},
        1,
    )
    assert err.code == 6 and err.status in (409, -1) and f"taken-{uniq}" in err.message
    err = verror(
        api, "UpdateRepository", {"id": by_id(repo["id"]), "repository": {"name": "a:b", "description": "d"}}, 1
    )
    assert (err.code, err.message) == (3, "Name can not contain ':' or '/' or '\\\\'")
    dup = [{"key": "k", "value": 1}, {"key": "k", "value": 2}]
    err = verror(
        api, "UpdateRepository", {"id": by_id(repo["id"]), "repository": {"description": "d", "attributes": dup}}, 1
    )
    assert err.code == 3 and "twice" in err.message
    err = verror(api, "UpdateRepository", {"id": by_id(987654321), "repository": {"description": "d"}}, 1)
    assert (err.code, err.message) == (5, "Couldn't find repository by id 987654321")
    got = vcall(api, "GetRepository", {"id": by_id(repo["id"])}, 1)["repository"]
    assert got == repo  # nothing half-written
    kept = _update(api, by_id(repo["id"]), 1, description="d")  # no name: the name stays
    assert kept["name"] == f"r-{uniq}"


# --- DeleteRepository ----------------------------------------------------------------------------------------


def _run_linked_to(api: Api, uniq: str, repo_id: str) -> str:
    """A run whose versioned input row points at the repository (what logVersionedInput stores)."""
    project = api.call("ProjectService", "createProject", {"name": f"p-{uniq}"})["project"]
    experiment = api.call("ExperimentService", "createExperiment", {"project_id": project["id"], "name": "e"})
    exp_id = experiment["experiment"]["id"]
    run = api.call(
        "ExperimentRunService",
        "createExperimentRun",
        {"project_id": project["id"], "experiment_id": exp_id, "name": "r"},
    )
    run_id: str = run["experiment_run"]["id"]
    row = {"run_id": run_id, "key": "data", "repository_id": int(repo_id), "location": '["data"]'}
    with api.backend.db.engine.begin() as conn:
        conn.execute(insert(vm.RunVersionedInput), [{**row, "commit_sha": master_sha(api, repo_id)}])
    return run_id


def test_delete_is_soft_frees_the_name_and_drops_refs_and_run_links(api: Api, uniq: str) -> None:
    repo = create_repository(api, f"r-{uniq}")
    root = master_sha(api, repo["id"])
    vcall(api, "SetTag", {"repository_id": by_id(repo["id"]), "tag": "v1", "commit_sha": root}, 1)
    _run_linked_to(api, uniq, repo["id"])
    assert vcall(api, "DeleteRepository", {"repository_id": by_name(f"r-{uniq}")}) == {"status": True}
    assert verror(api, "GetRepository", {"id": by_id(repo["id"])}, 1).code == 5
    assert verror(api, "ListBranches", {"repository_id": by_id(repo["id"])}, 1).code == 5
    assert verror(api, "DeleteRepository", {"repository_id": by_id(repo["id"])}, 1).code == 5
    assert f"r-{uniq}" not in _names(vcall(api, "ListRepositories", {"workspace_name": "personal"}))
    assert sql(api, "SELECT deleted FROM repositories WHERE id = :i", i=int(repo["id"]))[0][0]  # kept, marked
    for table in ("run_versioned_inputs", "repository_branches", "repository_tags"):
        assert sql(api, f"SELECT count(*) FROM {table} WHERE repository_id = :i", i=int(repo["id"]))[0][0] == 0
    again = create_repository(api, f"r-{uniq}")  # the name is free at once
    assert again["id"] != repo["id"]
    listed = vcall(api, "ListBranches", {"repository_id": by_id(again["id"])}, 1)
    assert listed["branches"] == ["master"] and vcall(api, "ListTags", {"repository_id": by_id(again["id"])}, 1) == {}


def test_delete_through_the_id_binding(api: Api, uniq: str) -> None:
    repo = create_repository(api, f"r-{uniq}")
    assert vcall(api, "DeleteRepository", {"repository_id": by_id(repo["id"])}, 1) == {"status": True}
    err = verror(api, "DeleteRepository", {"repository_id": by_name(f"r-{uniq}")})
    assert (err.code, err.message) == (5, f"Couldn't find repository by name r-{uniq}")


# --- findRepositories ----------------------------------------------------------------------------------------


def _find(api: Api, ws: str, *predicates: tuple[str, str, Any], **more: Any) -> dict[str, Any]:
    preds = [{"key": k, "operator": op, "value": v} for k, op, v in predicates]
    return vcall(api, "findRepositories", {"workspace_name": ws, "predicates": preds, **more})


def test_find_by_columns_owner_and_ids(api: Api, uniq: str) -> None:
    ws = f"ws-{uniq}"
    a, b, c = _three(api, uniq, ws)
    assert _names(_find(api, ws)) == [b["name"], a["name"], c["name"]]
    assert _names(_find(api, ws, ("name", "EQ", a["name"]))) == [a["name"]]
    assert _names(_find(api, ws, ("name", "CONTAIN", f"B-{uniq}".upper()))) == [b["name"]]
    assert _names(_find(api, ws, ("name", "NE", a["name"]))) == [b["name"], c["name"]]
    assert _names(_find(api, ws, ("name", "IN", [a["name"], c["name"]]))) == [a["name"], c["name"]]
    assert _names(_find(api, ws, ("date_updated", "GTE", 2000))) == [b["name"], a["name"]]
    assert _names(_find(api, ws, ("description", "EQ", "c"))) == [c["name"]]
    assert _names(_find(api, ws, ("id", "EQ", int(c["id"])))) == [c["name"]]
    assert _names(_find(api, ws, ("owner", "EQ", a["owner"]))) == [b["name"], a["name"], c["name"]]
    assert _find(api, ws, ("owner", "EQ", "someone-else")) == {}
    assert _names(_find(api, ws, repo_ids=[a["id"], c["id"]])) == [a["name"], c["name"]]
    assert _find(api, f"other-{uniq}") == {}  # another workspace


def test_find_by_attributes(api: Api, uniq: str) -> None:
    ws = f"ws-{uniq}"
    a, b, c = _three(api, uniq, ws)
    assert _names(_find(api, ws, ("attributes.team", "EQ", "vision"))) == [a["name"]]
    assert _names(_find(api, ws, ("attributes.team", "CONTAIN", "SPEE"))) == [b["name"]]
    assert _names(_find(api, ws, ("attributes.n", "GT", 2))) == [a["name"]]
    assert _names(_find(api, ws, ("attributes.n", "IN", [1, 3]))) == [b["name"], a["name"]]
    assert _names(_find(api, ws, ("attributes.team", "NE", "vision"))) == [b["name"], c["name"]]
    paged = _find(api, ws, ("attributes.n", "LTE", 3), page_number=2, page_limit=1)
    assert (_names(paged), paged["total_records"]) == ([a["name"]], "2")


def test_find_by_metadata_labels(api: Api, uniq: str) -> None:
    ws = f"ws-{uniq}"
    a, b, c = _three(api, uniq, ws)
    for repo, labels in ((a, ["prod", "cv"]), (b, ["Prod-candidate"])):
        ident = {"id_type": "VERSIONING_REPOSITORY", "int_id": repo["id"]}
        api.call("MetadataService", "AddLabels", {"id": ident, "labels": labels})
    assert _names(_find(api, ws, ("labels", "EQ", "prod"))) == [a["name"]]
    assert _names(_find(api, ws, ("labels", "CONTAIN", "PROD"))) == [b["name"], a["name"]]
    assert _names(_find(api, ws, ("labels", "NE", "prod"))) == [b["name"], c["name"]]
    assert _names(_find(api, ws, ("labels", "IN", ["cv", "Prod-candidate"]))) == [b["name"], a["name"]]
    err = verror(
        api,
        "findRepositories",
        {"workspace_name": ws, "predicates": [{"key": "labels", "operator": "GT", "value": "a"}]},
    )
    assert err.code == 3 and "labels" in err.message


def test_find_pages_and_refusals(api: Api, uniq: str) -> None:
    ws = f"ws-{uniq}"
    a, b, c = _three(api, uniq, ws)
    page = _find(api, ws, page_number=2, page_limit=2)
    assert (_names(page), page["total_records"]) == ([c["name"]], "3")
    vcall(api, "DeleteRepository", {"repository_id": by_id(b["id"])}, 1)
    assert _names(_find(api, ws)) == [a["name"], c["name"]]  # deleted ones are gone
    for key, op, value, words in (
        ("nope", "EQ", "x", "Predicate cannot be handled: nope"),
        ("name", "EQ", "", "Predicate does not contain string value"),
        ("", "EQ", "x", "Key is empty"),
        ("attributes.n", "EQ", [1], "IN or NOT_IN"),
    ):
        err = verror(
            api,
            "findRepositories",
            {"workspace_name": ws, "predicates": [{"key": key, "operator": op, "value": value}]},
        )
        assert err.code == 3 and words in err.message, err.message
    err = verror(api, "findRepositories", {"workspace_name": ws, "page_number": -1})
    assert err.code == 3
