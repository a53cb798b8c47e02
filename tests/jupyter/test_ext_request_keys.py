"""Idempotency keys inside Jupyter: the extension's REST gateway replays a keyed write (services/request_keys.py)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError


async def _create(jp_fetch: Any, name: str, key: str) -> Any:
    path = ("modeldb", "api", "v1", "modeldb", "project", "createProject")
    body = json.dumps({"name": name})
    return await jp_fetch(*path, method="POST", body=body, headers={"Idempotency-Key": key})


async def test_a_keyed_write_is_applied_once_through_the_extension(jp_fetch: Any) -> None:
    key, name = str(uuid.uuid4()), f"p-{uuid.uuid4().hex[:8]}"
    first = json.loads((await _create(jp_fetch, name, key)).body)["project"]
    again = json.loads((await _create(jp_fetch, name, key)).body)["project"]  # without the key: 409, name taken
    assert again["id"] == first["id"]
    with pytest.raises(HTTPClientError) as other:
        await _create(jp_fetch, name + "-other", key)
    assert other.value.code == 409
    assert "already used for a different createProject request" in json.loads(other.value.response.body)["message"]
