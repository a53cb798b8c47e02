"""One probe of the settings over REST, the same against the standalone server and the Jupyter extension.

Each method exercises one setting as a caller sees it: the body limit (413 or 200), the upload limit (413 or
200 for a PUT to an issued URL), the heartbeat watchdog (a silent run is KILLED with the watchdog's audit
record within a bound, or not at all).
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import requests

TIMEOUT = 10


class Probe:
    """REST calls under `api_base` (…/api/v1/modeldb) with `headers` (authentication, when the host needs it)."""

    def __init__(self, api_base: str, headers: dict[str, str] | None = None) -> None:
        self.base = api_base.rstrip("/")
        self.headers = headers or {}

    def post(self, path: str, body: dict[str, Any]) -> requests.Response:
        return requests.post(f"{self.base}/{path}", json=body, headers=self.headers, timeout=TIMEOUT)

    def call(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.post(path, body)
        assert response.status_code == 200, (path, response.status_code, response.text)
        return dict(response.json())

    def body_status(self, size: int) -> int:
        """The status of a createProject whose JSON body is about `size` bytes."""
        name = f"body-{uuid.uuid4().hex[:8]}"
        body = {"name": name, "description": "d" * max(size - 40, 0)}
        return self.post("project/createProject", body).status_code

    def new_run(self) -> str:
        project = self.call("project/createProject", {"name": f"p-{uuid.uuid4().hex[:8]}"})["project"]["id"]
        experiment = self.call("experiment/createExperiment", {"project_id": project, "name": "e"})["experiment"]
        request = {"project_id": project, "experiment_id": experiment["id"], "name": "r"}
        return str(self.call("experiment-run/createExperimentRun", request)["experiment_run"]["id"])

    def upload_status(self, data: bytes) -> int:
        """The status of a PUT of `data` to the upload URL the server issues for a freshly logged artifact."""
        run = self.new_run()
        artifact = {"key": "k", "path": f"{uuid.uuid4().hex}/k", "artifact_type": "BLOB"}
        self.call("experiment-run/logArtifact", {"id": run, "artifact": artifact})
        url = self.call("experiment-run/getUrlForArtifact", {"id": run, "key": "k", "method": "PUT"})["url"]
        return requests.put(url, data=data, headers=self.headers, timeout=TIMEOUT).status_code

    def watchdog_kills(self, within: float) -> bool:
        """Whether a RUNNING run whose heartbeat timed out is KILLED by the periodic sweep within `within` s."""
        run = self.new_run()
        self.call("ext/setRunStatus", {"run_id": run, "status": "RUNNING", "heartbeat_timeout_ms": 1})
        query = {"entity_id": run, "actor": "watchdog", "action": "heartbeatTimeout"}
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.call("ext/findAuditRecords", query).get("records"):
                return True
            time.sleep(0.05)
        return False
