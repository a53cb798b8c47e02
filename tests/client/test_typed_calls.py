"""`Client.call` takes a generated request message and answers with its typed `Response`, against the embedded
backend and real servers over REST (SQLite and PostgreSQL): the RPC is found from the request's type, a wrong
field fails when the message is built (before anything reaches a backend), and the few requests that several
services share need `service=`. Also: the widgets find the magics' client through `client.current()`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from modeldb_backend.pb.ext import extension_pb2
from modeldb_backend.pb.modeldb import common_pb2
from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb2
from modeldb_backend.pb.modeldb import project_service_pb2 as proj_pb2
from modeldb_jupyter.client import Client, Experiment, NotFoundError, current, default_client, set_current


def test_call_answers_with_the_typed_response(client: Client, uniq: str) -> None:
    created = client.call(proj_pb2.CreateProject(name=f"typed-{uniq}", tags=["t"]))
    assert type(created) is proj_pb2.CreateProject.Response
    assert created.project.name == f"typed-{uniq}" and list(created.project.tags) == ["t"]
    found = client.call(proj_pb2.GetProjectById(id=created.project.id))
    assert type(found) is proj_pb2.GetProjectById.Response and found.project.id == created.project.id
    client.call(proj_pb2.DeleteProject(id=created.project.id))
    with pytest.raises(NotFoundError):
        client.call(proj_pb2.GetProjectById(id=created.project.id), retry=False)


def test_a_wrong_field_fails_when_the_request_is_built(client: Client, uniq: str) -> None:
    with pytest.raises(ValueError, match="nam"):
        client.call(proj_pb2.CreateProject(nam=f"typo-{uniq}"))  # type: ignore[call-arg]  # the point of the test
    with pytest.raises(NotFoundError):  # nothing was created under either spelling
        client.call(proj_pb2.GetProjectByName(name=f"typo-{uniq}"), retry=False)


def test_a_shared_request_type_names_its_service(client: Client, expt: Experiment) -> None:
    run = client.set_experiment_run("shared")
    run.log_artifact("blob", b"bytes")
    with pytest.raises(ValueError, match=r"ExperimentRunService.*service="):
        client.call(common_pb2.GetArtifacts(id=run.id, key="blob"))
    answer = client.call(common_pb2.GetArtifacts(id=run.id, key="blob"), service="ExperimentRunService")
    assert type(answer) is common_pb2.GetArtifacts.Response and [a.key for a in answer.artifacts] == ["blob"]


def test_what_no_rpc_takes_is_refused_before_sending(client: Client) -> None:
    with pytest.raises(ValueError, match=r"no RPC takes a modeldb_jupyter\.v1\.RunState request"):
        client.call(extension_pb2.RunState(run_id="x"))  # type: ignore[arg-type]  # a message, but no request
    with pytest.raises(ValueError, match="no RPC of DatasetService"):
        client.call(proj_pb2.GetProjectById(id="x"), service="DatasetService")
    with pytest.raises(TypeError, match="request message"):
        client.call({"id": "x"})  # type: ignore[arg-type]


def test_the_read_api_the_widgets_use(client: Client, expt: Experiment) -> None:
    with client.set_experiment_run("reads") as run:
        run.log_metric("loss", 0.5, step=1)
        run.log_metric("loss", 0.25, step=2)
        # no flush: each read waits for what this client logged
        assert client.run_message(run.id).name == "reads"
        series = client.metric_history([run.id], ["loss"])
        assert [type(s) for s in series] == [extension_pb2.MetricSeries]
        assert list(series[0].steps) == [1, 2] and list(series[0].values) == [0.5, 0.25]
        (state,) = client.run_states([run.id])
        assert type(state) is extension_pb2.RunState and state.run_id == run.id
    assert type(client.run_message(run.id)) is run_pb2.ExperimentRun


def test_default_client_is_the_current_one(home: Path) -> None:
    mine = Client()
    try:
        set_current(mine)
        assert current() is mine and default_client() is mine
    finally:
        set_current(None)
        mine.close(timeout=5)
    assert current() is None


def test_the_widgets_find_the_current_client_without_the_magics(home: Path) -> None:
    """widgets/_common.py used to import the magics to find their client."""
    code = (
        "import json, sys\n"
        "import modeldb_jupyter.client as c\n"
        "from modeldb_jupyter.widgets._common import default_client\n"
        "mine = c.Client()\n"
        "c.set_current(mine)\n"
        "same = default_client() is mine\n"
        "print(json.dumps([same, 'modeldb_jupyter.magics' in sys.modules]))\n"
        "mine.close(timeout=5)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "JPY_PARENT_PID"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [True, False]
