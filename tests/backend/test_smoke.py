"""First end-to-end checks of the gateway on both databases and transports."""

from __future__ import annotations

import pytest

from tests.apiclient import Api, ApiError


def test_verify_connection(api: Api) -> None:
    assert api.call("ProjectService", "verifyConnection") == {"status": True}


def test_create_get_and_duplicate_project(api: Api, uniq: str) -> None:
    created = api.call("ProjectService", "createProject", {"name": f"p-{uniq}", "tags": ["b", "a", "b"]})["project"]
    assert created["tags"] == ["a", "b"]
    got = api.call("ProjectService", "getProjectById", {"id": created["id"]})["project"]
    assert got == created
    with pytest.raises(ApiError) as info:
        api.call("ProjectService", "createProject", {"name": f"p-{uniq}"})
    assert info.value.code == 6 and "already exists" in info.value.message
