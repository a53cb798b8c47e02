"""MetadataService: labels (set semantics, sorted, GetLabelIds with EQ and CONTAIN), key-value properties,
single properties and random names, over REST and gRPC on both databases; every refusal and its message."""

from __future__ import annotations

import random
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy.orm import Session

from modeldb_backend.services.metadata.labels import CONTAIN, EQ, labelled_repository_ids
from tests.apiclient import Api, ApiError
from tests.servers import ServerThread

M = "MetadataService"
REPO, COMMIT, BLOB = "VERSIONING_REPOSITORY", "VERSIONING_COMMIT", "VERSIONING_REPO_COMMIT_BLOB"


def repo_id() -> dict[str, Any]:
    """A repository id no other test uses (the servers are shared across tests)."""
    return {"id_type": REPO, "int_id": str(random.randrange(10**12, 10**15))}


def commit_id(uniq: str) -> dict[str, Any]:
    return {"id_type": COMMIT, "string_id": f"{uniq}{random.randrange(10**9):09d}"}


def _labels(api: Api, ident: dict[str, Any]) -> list[str]:
    return list(api.call(M, "GetLabels", {"id": ident}).get("labels", []))


def _ids(api: Api, labels: list[str], operator: str = "EQ") -> list[dict[str, Any]]:
    return list(api.call(M, "GetLabelIds", {"labels": labels, "operator": operator}).get("ids", []))


def _refused(api: Api, rpc: str, request: dict[str, Any], message: str) -> None:
    with pytest.raises(ApiError) as info:
        api.call(M, rpc, request)
    assert info.value.code == 3 and info.value.message.startswith(message), info.value.message


def test_labels_are_a_sorted_set(api: Api, uniq: str) -> None:
    repo = repo_id()
    assert _labels(api, repo) == []
    assert api.call(M, "AddLabels", {"id": repo, "labels": ["b", "a", "b"]}) == {"status": True}
    assert api.call(M, "AddLabels", {"id": repo, "labels": ["a", "C", "é"]}) == {"status": True}
    assert _labels(api, repo) == ["C", "a", "b", "é"]  # code-point order on every database
    assert api.call(M, "DeleteLabels", {"id": repo, "labels": ["a", "missing"]}) == {"status": True}
    assert _labels(api, repo) == ["C", "b", "é"]
    assert api.call(M, "UpdateLabels", {"id": repo, "labels": ["z", "y", "z"]}) == {"status": True}
    assert _labels(api, repo) == ["y", "z"]
    assert api.call(M, "UpdateLabels", {"id": repo, "labels": []}) == {"status": True}
    assert _labels(api, repo) == []
    api.call(M, "AddLabels", {"id": repo, "labels": ["p", "q"]})
    assert api.call(M, "DeleteLabels", {"id": repo, "delete_all": True, "labels": ["p"]}) == {"status": True}
    assert _labels(api, repo) == []


def test_labels_belong_to_one_entity(api: Api, uniq: str) -> None:
    """Id type and id together name the entity: a commit "5" and repository 5 have their own labels."""
    repo = repo_id()
    same_text = {"id_type": COMMIT, "string_id": repo["int_id"]}
    blob = {"id_type": BLOB, "string_id": f"{repo['int_id']}::{uniq}::data/train.csv"}
    api.call(M, "AddLabels", {"id": repo, "labels": ["repo"]})
    api.call(M, "AddLabels", {"id": same_text, "labels": ["commit"]})
    api.call(M, "AddLabels", {"id": blob, "labels": ["blob"]})
    assert (_labels(api, repo), _labels(api, same_text), _labels(api, blob)) == (["repo"], ["commit"], ["blob"])
    api.call(M, "DeleteLabels", {"id": repo, "delete_all": True})
    assert (_labels(api, repo), _labels(api, same_text), _labels(api, blob)) == ([], ["commit"], ["blob"])


def test_label_ids_eq_and_contain(api: Api, uniq: str) -> None:
    r1, r2, c1 = repo_id(), repo_id(), commit_id(uniq)
    shared, only1 = f"shared-{uniq}", f"Only-One-{uniq}"
    api.call(M, "AddLabels", {"id": r1, "labels": [shared, only1]})
    api.call(M, "AddLabels", {"id": r2, "labels": [shared]})
    api.call(M, "AddLabels", {"id": c1, "labels": [shared, f"commit-{uniq}"]})
    low, high = sorted([r1, r2], key=lambda r: int(r["int_id"]))
    # Repositories by number, then commits; labels are ANDed.
    assert _ids(api, [shared]) == [low, high, c1]
    assert _ids(api, [shared, only1]) == [r1]
    assert _ids(api, [shared, only1, f"commit-{uniq}"]) == []
    assert _ids(api, [only1.lower()]) == []  # EQ is exact
    # CONTAIN: each text is a case-insensitive part of some label of the entity.
    assert _ids(api, [f"ONE-{uniq}".upper()], "CONTAIN") == [r1]
    assert _ids(api, [uniq, "SHARED"], "CONTAIN") == [low, high, c1]
    assert _ids(api, [f"only-one-{uniq}", "commit"], "CONTAIN") == []
    # LIKE wildcards are plain characters.
    assert _ids(api, [f"shared%{uniq}"], "CONTAIN") == []
    assert _ids(api, [f"shared_{uniq}"], "CONTAIN") == []


def test_label_rules(api: Api, uniq: str) -> None:
    repo = repo_id()
    _refused(api, "AddLabels", {"id": repo}, "labels not found in AddLabelsRequest request")
    _refused(api, "AddLabels", {"id": repo, "labels": ["x" * 51]}, "label 'xxxx")
    _refused(api, "AddLabels", {"id": repo, "labels": ["ok", " "]}, "a label is empty")
    _refused(api, "AddLabels", {"id": repo, "labels": [str(i) for i in range(1001)]}, "1001 labels in one request")
    _refused(api, "UpdateLabels", {"id": repo, "labels": ["x" * 51]}, "label 'xxxx")
    _refused(api, "DeleteLabels", {"id": repo}, "Labels not found in GetLabelsRequest")
    _refused(api, "GetLabelIds", {}, "Labels not found in GetLabelIdsRequest")
    _refused(api, "GetLabelIds", {"labels": ["a"], "operator": "GT"}, "operator GT is not supported for labels")
    assert _labels(api, repo) == []
    api.call(M, "AddLabels", {"id": repo, "labels": ["x" * 50]})
    assert _labels(api, repo) == ["x" * 50]


@pytest.mark.parametrize(
    ("rpc", "name", "extra"),
    [
        ("GetLabels", "GetLabelsRequest", {}),
        ("AddLabels", "AddLabelsRequest", {"labels": ["a"]}),
        ("UpdateLabels", "AddLabelsRequest", {"labels": ["a"]}),
        ("DeleteLabels", "GetLabelsRequest", {"labels": ["a"]}),
        ("GetProperty", "GetPropertyRequest", {"key": "k"}),
        ("AddProperty", "AddPropertyRequest", {"key": "k", "value": "v"}),
        ("DeleteProperty", "DeletePropertyRequest", {"key": "k"}),
        (
            "AddKeyValueProperties",
            "AddKeyValuePropertiesRequest",
            {"property_name": "p", "key_value_property": [{"key": "k"}]},
        ),
        ("GetKeyValueProperties", "GetKeyValuePropertiesRequest", {"property_name": "p", "getAll": True}),
        ("DeleteKeyValueProperties", "DeleteKeyValuePropertiesRequest", {"property_name": "p", "deleteAll": True}),
    ],
)
def test_ids_are_checked(api: Api, rpc: str, name: str, extra: dict[str, Any]) -> None:
    invalid = f"Invalid parameter set in {name}.Id"
    for ident in (
        None,
        {"id_type": REPO},
        {"id_type": REPO, "int_id": "0"},
        {"id_type": COMMIT, "string_id": ""},
        {"id_type": "UNKNOWN", "int_id": "3"},
        {"id_type": REPO, "string_id": "3"},
        {"id_type": COMMIT, "int_id": "3"},
        {"id_type": BLOB, "string_id": "x" * 401},
    ):
        _refused(api, rpc, {**extra, **({"id": ident} if ident else {})}, invalid)


def test_key_value_properties(api: Api, uniq: str) -> None:
    blob = {"id_type": BLOB, "string_id": f"1::{uniq}::a/b.csv"}
    add = {"id": blob, "property_name": "stats", "key_value_property": [{"key": "rows", "value": "10"}]}
    assert api.call(M, "AddKeyValueProperties", add) == {}
    pairs = [{"key": "rows", "value": "12"}, {"key": "cols", "value": "3"}, {"key": "cols", "value": "4"}]
    api.call(M, "AddKeyValueProperties", {**add, "key_value_property": pairs})  # upsert; the last value wins
    api.call(M, "AddKeyValueProperties", {**add, "property_name": "other", "key_value_property": [pairs[0]]})

    def get(**fields: Any) -> list[tuple[str, str]]:
        answer = api.call(M, "GetKeyValueProperties", {"id": blob, "property_name": "stats", **fields})
        return [(p["key"], p.get("value", "")) for p in answer.get("key_value_property", [])]

    assert get(getAll=True) == [("cols", "4"), ("rows", "12")]
    assert get(keys=["rows", "missing", "cols", "rows"]) == [("rows", "12"), ("cols", "4")]  # request order
    assert get(keys=["rows"], getAll=True) == [("cols", "4"), ("rows", "12")]  # getAll wins over keys
    delete = {"id": blob, "property_name": "stats"}
    assert api.call(M, "DeleteKeyValueProperties", {**delete, "keys": ["rows", "missing"]}) == {}
    assert get(getAll=True) == [("cols", "4")]
    api.call(M, "DeleteKeyValueProperties", {**delete, "keys": ["nothing"], "deleteAll": True})
    assert get(getAll=True) == []
    other = api.call(M, "GetKeyValueProperties", {"id": blob, "property_name": "other", "getAll": True})
    assert other == {"key_value_property": [{"key": "rows", "value": "12"}]}


def test_key_value_property_rules(api: Api, uniq: str) -> None:
    ident = commit_id(uniq)
    add = "AddKeyValuePropertiesRequest"
    pair = [{"key": "k", "value": "v"}]
    _refused(
        api, "AddKeyValueProperties", {"id": ident, "property_name": "p"}, f"KeyValueProperties not found in {add}"
    )
    _refused(
        api, "AddKeyValueProperties", {"id": ident, "key_value_property": pair}, f"PropertyName not found in {add}"
    )
    _refused(
        api,
        "AddKeyValueProperties",
        {"id": ident, "property_name": "p", "key_value_property": [{"key": ""}]},
        f"Key not found in {add}",
    )
    long_key = [{"key": "k" * 51, "value": "v"}]
    _refused(
        api, "AddKeyValueProperties", {"id": ident, "property_name": "p", "key_value_property": long_key}, "key 'kkk"
    )
    long_name = {"id": ident, "property_name": "p" * 129, "key_value_property": pair}
    _refused(api, "AddKeyValueProperties", long_name, "property_name is 129 characters long; the limit is 128")
    huge = [{"key": "k", "value": "v" * (64 * 1024 + 1)}]
    _refused(
        api,
        "AddKeyValueProperties",
        {"id": ident, "property_name": "p", "key_value_property": huge},
        "a property value is 65537 bytes",
    )
    many = [{"key": str(i), "value": ""} for i in range(1001)]
    _refused(
        api,
        "AddKeyValueProperties",
        {"id": ident, "property_name": "p", "key_value_property": many},
        "1001 key-value pairs",
    )
    for rpc, flag in (("GetKeyValueProperties", "getAll"), ("DeleteKeyValueProperties", "deleteAll")):
        name = f"{rpc}Request"
        _refused(
            api, rpc, {"id": ident, "property_name": "p"}, f"Keys not found OR {flag} flag is false in {name} request"
        )
        _refused(api, rpc, {"id": ident, "keys": ["k"]}, f"PropertyName not found in {name} request")
        # Tornado refuses a query string of more than 1000 parameters before our check can see it.
        if rpc == "DeleteKeyValueProperties" or api.transport == "grpc":
            many_keys = {"id": ident, "property_name": "p", "keys": [str(i) for i in range(1001)]}
            _refused(api, rpc, many_keys, "1001 keys in one request")
    got = api.call(M, "GetKeyValueProperties", {"id": ident, "property_name": "p", "getAll": True})
    assert got == {}  # nothing of the refused requests was written


def test_single_properties(api: Api, uniq: str) -> None:
    ident = commit_id(uniq)
    assert api.call(M, "AddProperty", {"id": ident, "key": "owner", "value": "ana"}) == {}
    assert api.call(M, "GetProperty", {"id": ident, "key": "owner"}) == {"value": "ana"}
    api.call(M, "AddProperty", {"id": ident, "key": "owner", "value": "bo"})
    assert api.call(M, "GetProperty", {"id": ident, "key": "owner"}) == {"value": "bo"}
    # Single properties are not a named key-value property of the entity.
    kv = api.call(M, "GetKeyValueProperties", {"id": ident, "property_name": "owner", "getAll": True})
    assert kv == {}
    assert api.call(M, "DeleteProperty", {"id": ident, "key": "owner"}) == {}
    for rpc in ("GetProperty", "DeleteProperty"):
        with pytest.raises(ApiError) as info:
            api.call(M, rpc, {"id": ident, "key": "owner"})
        assert info.value.code == 5 and info.value.message == f"Property 'owner' not found on {ident['string_id']}"
    _refused(api, "AddProperty", {"id": ident, "value": "v"}, "Key not found in AddPropertyRequest request")
    _refused(api, "GetProperty", {"id": ident}, "Key not found in GetPropertyRequest request")
    _refused(api, "DeleteProperty", {"id": ident}, "Key not found in DeletePropertyRequest request")
    big = {"id": ident, "key": "k", "value": "v" * (64 * 1024 + 1)}
    _refused(api, "AddProperty", big, "a property value is 65537 bytes")


def test_generate_random_name(api: Api) -> None:
    names = {api.call(M, "GenerateRandomName")["name"] for _ in range(5)}
    assert all(re.fullmatch(r"[a-z]+-[a-z]+-[a-z]+", n) for n in names), names
    assert len(names) > 1


def test_repository_label_filter_for_finds(api: Api, uniq: str) -> None:
    """`labelled_repository_ids` is the set-based filter findRepositories applies: run on the real database."""
    r1, r2 = repo_id(), repo_id()
    api.call(M, "AddLabels", {"id": r1, "labels": [f"a-{uniq}", f"b-{uniq}"]})
    api.call(M, "AddLabels", {"id": r2, "labels": [f"a-{uniq}"]})
    api.call(M, "AddLabels", {"id": commit_id(uniq), "labels": [f"a-{uniq}", f"b-{uniq}"]})  # not a repository
    with Session(api.backend.db.engine) as session:

        def ids(labels: list[str], operator: int = EQ) -> set[int]:
            return set(session.scalars(labelled_repository_ids(labels, operator)))

        assert ids([f"a-{uniq}"]) == {int(r1["int_id"]), int(r2["int_id"])}
        assert ids([f"a-{uniq}", f"b-{uniq}"]) == {int(r1["int_id"])}
        assert ids([f"B-{uniq}".upper()], CONTAIN) == {int(r1["int_id"])}
        assert ids([f"c-{uniq}"]) == set()


def test_concurrent_adds_all_succeed(api: Api, server: ServerThread, uniq: str) -> None:
    """Identical AddLabels and AddKeyValueProperties racing each other: the database settles them, no 409."""
    repo = repo_id()
    labels = {"id": repo, "labels": ["x", "y"]}
    props = {"id": repo, "property_name": "p", "key_value_property": [{"key": "k", "value": "v"}]}

    def once(i: int) -> dict[str, Any]:
        client = Api(server.server.backend, server.http_url, server.grpc_target, api.transport)  # type: ignore[union-attr]
        try:
            return client.call(M, *(("AddLabels", labels) if i % 2 else ("AddKeyValueProperties", props)))
        finally:
            client.close()

    with ThreadPoolExecutor(8) as pool:
        assert sorted(map(len, pool.map(once, range(8)))) == [0] * 4 + [1] * 4  # {} and {"status": true}
    assert _labels(api, repo) == ["x", "y"]
    got = api.call(M, "GetKeyValueProperties", {"id": repo, "property_name": "p", "getAll": True})
    assert got == {"key_value_property": [{"key": "k", "value": "v"}]}
