"""VersioningService CreateRepository and GetRepository: fields, names, lookups by id and by name, the
initial commit and `master` made with the repository."""

from __future__ import annotations

from tests.apiclient import Api
from tests.backend.versioning.support import (
    by_id,
    by_name,
    create_repository,
    master_sha,
    sql,
    vcall,
    verror,
)

EMPTY_TREE = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_create_and_get_by_name_and_by_id(api: Api, uniq: str) -> None:
    attrs = [{"key": "team", "value": "vision"}, {"key": "n", "value": 3}]
    repo = create_repository(api, f"r-{uniq}", description="images", attributes=attrs)
    assert repo["name"] == f"r-{uniq}" and repo["description"] == "images" and repo["attributes"] == attrs
    assert repo["id"].isdigit() and repo["version_number"] == "1" and repo["owner"]
    assert repo["date_created"] == repo["date_updated"] and int(repo["date_created"]) > 0
    for workspace in ("personal", ""):
        if workspace or api.transport == "grpc":  # an empty path segment is no route over REST
            got = vcall(api, "GetRepository", {"id": by_name(f"r-{uniq}", workspace)})
            assert got == {"repository": repo}
    assert vcall(api, "GetRepository", {"id": by_id(repo["id"])}, binding=1) == {"repository": repo}
    # named_id wins over repo_id
    both = {"id": {**by_name(f"r-{uniq}"), "repo_id": "999999999"}}
    assert vcall(api, "GetRepository", both)["repository"]["id"] == repo["id"]


def test_dates_come_from_the_request_when_set(api: Api, uniq: str) -> None:
    repo = create_repository(api, f"r-{uniq}", date_created="1234", date_updated="5678")
    assert (repo["date_created"], repo["date_updated"]) == ("1234", "5678")


def test_missing_repositories_are_404_with_modeldb_messages(api: Api, uniq: str) -> None:
    err = verror(api, "GetRepository", {"id": by_name(f"nope-{uniq}")})
    assert (err.code, err.status in (404, -1), err.message) == (
        5,
        True,
        f"Couldn't find repository by name nope-{uniq}",
    )
    err = verror(api, "GetRepository", {"id": by_id(987654321)}, binding=1)
    assert (err.code, err.message) == (5, "Couldn't find repository by id 987654321")
    repo = create_repository(api, f"r-{uniq}", workspace=f"team-{uniq}")
    assert verror(api, "GetRepository", {"id": by_name(f"r-{uniq}")}).code == 5  # another workspace
    got = vcall(api, "GetRepository", {"id": by_name(f"r-{uniq}", f"team-{uniq}")})["repository"]
    assert got["id"] == repo["id"] and got["workspace_id"] == f"team-{uniq}"


def test_names_are_unique_per_workspace(api: Api, uniq: str) -> None:
    create_repository(api, f"r-{uniq}")
    err = verror(api, "CreateRepository", {"id": by_name("", "personal"), "repository": {"name": f"r-{uniq}"}})
    assert err.code == 6 and err.status in (409, -1) and "already exists" in err.message
    assert create_repository(api, f"r-{uniq}", workspace=f"other-{uniq}")["name"] == f"r-{uniq}"


def test_name_rules(api: Api, uniq: str) -> None:
    for bad in (f"a:{uniq}", f"a/{uniq}", f"a\\{uniq}"):
        err = verror(api, "CreateRepository", {"id": by_name("", "personal"), "repository": {"name": bad}})
        assert (err.code, err.message) == (3, "Name can not contain ':' or '/' or '\\\\'")
    err = verror(api, "CreateRepository", {"id": by_name("", "personal"), "repository": {"name": "x" * 257}})
    assert err.code == 3 and "257" in err.message
    generated = create_repository(api, "")
    assert generated["name"].startswith("repository-")
    dup = [{"key": "k", "value": 1}, {"key": "k", "value": 2}]
    err = verror(
        api, "CreateRepository", {"id": by_name("", "personal"), "repository": {"name": uniq, "attributes": dup}}
    )
    assert err.code == 3 and "twice" in err.message
    assert verror(api, "GetRepository", {"id": by_name(uniq)}).code == 5  # nothing half-written


def test_initial_commit_and_master(api: Api, uniq: str) -> None:
    repo = create_repository(api, f"r-{uniq}")
    sha = master_sha(api, repo["id"])
    commit = vcall(api, "GetCommit", {"repository_id": by_id(repo["id"]), "commit_sha": sha}, binding=1)["commit"]
    assert commit["message"] == "Initial commit" and commit["commit_sha"] == sha and "parent_shas" not in commit
    assert sql(api, "SELECT root_sha FROM commits WHERE sha = :s", s=sha)[0][0] == EMPTY_TREE
    named = vcall(api, "GetCommit", {"repository_id": by_name(f"r-{uniq}"), "commit_sha": sha})
    assert named == {"commit": commit}
    other = create_repository(api, f"o-{uniq}")
    err = verror(api, "GetCommit", {"repository_id": by_id(other["id"]), "commit_sha": sha}, binding=1)
    if master_sha(api, other["id"]) != sha:  # two repositories created in the same ms share their first commit
        assert (err.code, err.message) == (5, "Commit_hash and repository_id mapping not found")
    err = verror(api, "GetCommit", {"repository_id": by_id(repo["id"]), "commit_sha": "0" * 64}, binding=1)
    assert (err.code, err.message) == (5, "Commit_hash and repository_id mapping not found")
