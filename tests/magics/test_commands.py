"""Every `%modeldb` command on a real shell and the embedded store: what it does, and how it refuses bad input."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from IPython.core.error import UsageError

from modeldb_jupyter.magics import current_client, current_run
from modeldb_jupyter.magics.commands import ROUTER
from tests.magics.conftest import TestingShell


def usage_error(ip: TestingShell, capsys: pytest.CaptureFixture[str], line: str) -> str:
    """Run `%modeldb <line>` as a cell: it must fail with a one-line UsageError and no traceback."""
    capsys.readouterr()
    result = ip.run(f"%modeldb {line}")
    assert isinstance(result.error_in_exec, UsageError), result.error_in_exec
    shown = capsys.readouterr()
    assert "Traceback" not in shown.out + shown.err
    message = str(result.error_in_exec)
    assert "\n" not in message
    return message


def out(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    return captured.out + captured.err


# --- help and bad input -------------------------------------------------------------------------------


def test_help_lists_every_command(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    ip.ok("%modeldb help")
    text = out(capsys)
    for name in ROUTER:
        assert f"%modeldb {name} " in text
    assert "%%modeldb run [NAME]" in text
    ip.ok("%modeldb")  # no command: the same list
    assert "%modeldb log metric" in out(capsys)
    assert "log metric" in ip.magics.modeldb.__doc__  # %modeldb? shows the table too


@pytest.mark.parametrize("name", list(ROUTER))
def test_every_command_has_help(ip: TestingShell, capsys: pytest.CaptureFixture[str], name: str) -> None:
    assert ip.ok(f"%modeldb {name} --help") is None
    text = out(capsys)
    assert f"usage: %modeldb {name}" in text
    ip.ok(f"%modeldb help {name}")
    assert f"usage: %modeldb {name}" in out(capsys)


def test_unknown_commands_and_options(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    assert usage_error(ip, capsys, "stauts") == (
        "unknown command 'stauts'; did you mean `%modeldb status`? (`%modeldb help` lists the commands)"
    )
    assert "log what? One of hyperparameters, metric, tag, attribute, artifact" in usage_error(ip, capsys, "log")
    assert "log 'weights'" in usage_error(ip, capsys, "log weights a=1")
    message = usage_error(ip, capsys, "runs --bogus")
    assert message.startswith("%modeldb runs: unrecognized arguments: --bogus. Usage: %modeldb runs [-h]")
    assert "invalid choice: 'done'" in usage_error(ip, capsys, "end --status done")
    assert "unterminated ' quote" in usage_error(ip, capsys, "project 'unfinished")


def test_log_without_a_run_says_what_to_type(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    for line in ("log metric acc=1", "log hyperparameters lr=1", "log tag t", "log attribute a=1"):
        assert usage_error(ip, capsys, line) == (
            "no active run: start one with `%modeldb run NAME` (or put `%%modeldb run NAME` on top of a cell)"
        )


def test_malformed_pairs(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    ip.ok("%modeldb run r")
    assert usage_error(ip, capsys, "log hyperparameters lr") == (
        "%modeldb log hyperparameters: expected key=value, got 'lr' (e.g. lr=0.01)"
    )
    assert "give at least one key=value" in usage_error(ip, capsys, "log metric")
    assert usage_error(ip, capsys, "log metric acc=high") == (
        "%modeldb log metric: acc='high' is not a number (metrics are numbers)"
    )
    assert "invalid int value: '1.5'" in usage_error(ip, capsys, "log metric acc=1 --step 1.5")
    assert "expected key=value, got \"''=1\"" in usage_error(ip, capsys, "log metric ''=1")
    assert "must be JSON-serialisable" in usage_error(ip, capsys, "log hyperparameters s=b'x'")


# --- project, experiment, status --------------------------------------------------------------------------


def test_project_and_experiment(ip: TestingShell, capsys: pytest.CaptureFixture[str], uniq: str) -> None:
    ip.ok(f"%modeldb project 'my proj {uniq}'")
    assert out(capsys).strip() == f"modeldb: project 'my proj {uniq}'"
    ip.ok("%modeldb experiment tuning")
    assert out(capsys).strip() == f"modeldb: project 'my proj {uniq}' / experiment 'tuning'"
    ip.ok("%modeldb project")
    assert "experiment 'tuning'" in out(capsys)
    ip.ok("%modeldb run r")
    assert current_client() is ip.magics.session.client
    assert current_client().get_experiment_run(id=current_run().id).experiment_id == current_client().expt.id
    ip.ok("%modeldb experiment other")
    assert "run 'r' stays active until `%modeldb end`" in out(capsys)


def test_status(ip: TestingShell, capsys: pytest.CaptureFixture[str], home: Path) -> None:
    ip.ok("%modeldb status")
    text = out(capsys)
    assert f"logging to the embedded store in {home}" in text
    assert "no active run (`%modeldb run NAME` starts one)" in text
    assert "auto-logging on: cell source, timing, outcome" in text
    ip.ok("%modeldb run r")
    ip.ok("x = 1")
    ip.ok("%modeldb status")
    assert f"active run: 'r' (id {current_run().id}, 2 cells recorded in this kernel)" in out(capsys)


# --- run and end ------------------------------------------------------------------------------------------


def test_run_new_resume_switch_and_end(ip: TestingShell, capsys: pytest.CaptureFixture[str], uniq: str) -> None:
    ip.ok("%modeldb run first --tag baseline")
    assert out(capsys).strip() == f"modeldb: run 'first' is active (new, project 'p-{uniq}' / experiment 'default')"
    first = current_run()
    assert first.status == "running" and first.get_tags() == ["baseline"]
    ip.ok("%modeldb run first")
    assert "run 'first' is already active" in out(capsys)
    ip.ok("%modeldb run second")
    assert "ended run 'first'; run 'second' is active (new" in out(capsys)
    assert first.status == "finished"
    ip.ok("%modeldb end")
    assert out(capsys).strip() == "modeldb: run 'second' finished"
    ip.ok("%modeldb end")  # idempotent
    assert out(capsys).strip() == "modeldb: no active run: nothing to end"
    ip.ok("%modeldb run first")
    assert "run 'first' is active (resumed" in out(capsys)
    assert current_run().id == first.id and first.status == "running"
    ip.ok("%modeldb end --status killed")
    assert first.status == "killed"
    assert "already exists" in usage_error(ip, capsys, "run first --new")


def test_nameless_run_resumes_for_the_same_cell(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    ip.ok("%modeldb run")
    started = current_run()
    assert started.name.startswith("run-")
    ip.ok("%modeldb end")
    ip.ok("%modeldb run")  # the same cell again: the same run
    assert current_run().id == started.id and "(resumed" in out(capsys)
    ip.ok("%modeldb run --new")
    assert current_run().id != started.id
    ip.ok("%modeldb run  ")  # another cell (other source): a new run
    assert current_run().id != started.id


def test_cell_id_identifies_the_cell(ip: TestingShell) -> None:
    ip.run_cell("%modeldb run", store_history=True, cell_id="cell-a")
    started = current_run()
    ip.run_cell("%modeldb end", store_history=True, cell_id="cell-b")
    ip.run_cell("# edited\n%modeldb run", store_history=True, cell_id="cell-a")  # edited, same cell id
    assert current_run().id == started.id


# --- logging ----------------------------------------------------------------------------------------------


def test_log_values_are_literals(ip: TestingShell) -> None:
    ip.ok("%modeldb run r")
    ip.ok("%modeldb log hyperparameters lr=0.01 name='a b' opt=adam layers=[64, 32] flag=True n=3")
    ip.ok("%modeldb log attribute dataset=mnist rows=60000 cfg={'k': [1, 2]}")
    ip.ok("%modeldb log tag baseline 'two words'")
    run = current_run()
    assert run.get_hyperparameters() == {
        "lr": 0.01, "name": "a b", "opt": "adam", "layers": [64, 32], "flag": True, "n": 3
    }  # fmt: skip
    attributes = run.get_attributes()
    assert attributes["dataset"] == "mnist" and attributes["rows"] == 60000 and attributes["cfg"] == {"k": [1, 2]}
    assert sorted(run.get_tags()) == ["baseline", "two words"]


def test_log_metric_steps_and_expansion(ip: TestingShell) -> None:
    ip.ok("%modeldb run r")
    ip.ok("for step in range(3):\n    loss = 1 / (step + 1)\n    %modeldb log metric loss={loss} --step {step}")
    ip.ok("%modeldb log metric acc=0.5 f1=0.25")
    ip.ok("acc = 0.75")
    ip.ok("%modeldb log metric acc={acc}")
    run = current_run()
    assert [(p.step, p.value) for p in run.get_metric_history("loss")] == [(0, 1.0), (1, 0.5), (2, 1 / 3)]
    assert [(p.step, p.value) for p in run.get_metric_history("acc")] == [(0, 0.5), (1, 0.75)]
    assert run.get_metrics() == {"loss": 1 / 3, "acc": 0.75, "f1": 0.25}


def test_log_artifact(ip: TestingShell, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    model = tmp_path / "model.bin"
    model.write_bytes(b"\x00" * 2048)
    folder = tmp_path / "outputs"
    folder.mkdir()
    (folder / "a.txt").write_text("a")
    ip.ok("%modeldb run r")
    out(capsys)
    ip.ok(f"%modeldb log artifact model '{model}'")
    assert out(capsys).strip() == "modeldb: artifact 'model' (2.0 KiB) stored on run 'r'"
    ip.ok(f"%modeldb log artifact outputs {folder}")
    assert current_run().get_artifact("model") == b"\x00" * 2048
    assert "already has an artifact 'model'; add --overwrite" in usage_error(ip, capsys, f"log artifact model {model}")
    model.write_bytes(b"new")
    ip.ok(f"%modeldb log artifact model {model} --overwrite")
    assert current_run().get_artifact("model") == b"new"
    assert "does not exist" in usage_error(ip, capsys, "log artifact x /no/such/file")
    assert "the following arguments are required: path" in usage_error(ip, capsys, "log artifact x")


# --- queries ----------------------------------------------------------------------------------------------


def _three_runs(ip: TestingShell) -> None:
    for name, lr, acc in (("a", 0.1, 0.7), ("b", 0.01, 0.9), ("c", 0.001, 0.8)):
        ip.ok(f"%modeldb run {name}")
        ip.ok(f"%modeldb log hyperparameters lr={lr}")
        ip.ok(f"%modeldb log metric acc={acc}")
    ip.ok("%modeldb end")


def test_runs(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    _three_runs(ip)
    frame = ip.ok("%modeldb runs")
    assert isinstance(frame, pd.DataFrame)
    assert sorted(frame["name"]) == ["a", "b", "c"]
    assert "attributes.notebook.snapshot" not in frame.columns
    assert "attributes.notebook.snapshot" in ip.ok("%modeldb runs --attributes").columns
    best = ip.ok("%modeldb runs --filter metrics.acc > 0.75 --order-by -metrics.acc")
    assert list(best["name"]) == ["b", "c"]
    assert list(ip.ok("%modeldb runs --order-by hyperparameters.lr --limit 2")["name"]) == ["c", "b"]
    assert list(ip.ok("%modeldb runs --filter \"name == 'a'\"")["name"]) == ["a"]
    assert len(ip.ok("%modeldb runs --all --limit 1")) == 1
    assert "query syntax error" in usage_error(ip, capsys, "runs --filter metrics.acc >")
    assert "--limit must be 0 or more" in usage_error(ip, capsys, "runs --limit -1")


def test_show_compare_history(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    _three_runs(ip)
    shown = ip.ok("%modeldb show b")
    assert shown.loc[("run", "status"), "value"] == "finished"
    assert shown.loc[("hyperparameters", "lr"), "value"] == 0.01
    assert shown.loc[("metrics", "acc"), "value"] == 0.9
    assert shown.loc[("artifacts", "notebook.ipynb"), "value"] == ""
    assert shown.loc[("cells", "recorded"), "value"] == 3
    assert ip.ok("%modeldb show").loc[("run", "name"), "value"] == "c"  # the last run
    table = ip.ok("%modeldb compare a b c")
    assert list(table.columns) == ["a", "b", "c"]
    assert list(table.loc["hyperparameters.lr"]) == [0.1, 0.01, 0.001]
    assert list(ip.ok("%modeldb compare a b --diff").index) == ["duration", "hyperparameters.lr", "metrics.acc"]
    history = ip.ok("%modeldb history a")
    assert list(history["source"]) == [
        "%modeldb run a",
        "%modeldb log hyperparameters lr=0.1",
        "%modeldb log metric acc=0.7",
    ]
    assert list(history["outcome"]) == ["ok", "ok", "ok"]
    assert usage_error(ip, capsys, "show nope").startswith("no run named 'nope' in project")
    assert "`%modeldb runs` lists the runs" in usage_error(ip, capsys, "compare a nope")
    assert "name at least two runs" in usage_error(ip, capsys, "compare a")
    assert ip.ok(f"%modeldb show {ip.ok('%modeldb runs').loc[0, 'id']}").loc[("run", "name"), "value"] == "c"


def test_show_without_any_run(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    assert usage_error(ip, capsys, "show") == (
        "no active run: name one (e.g. `%modeldb show NAME`); `%modeldb runs` lists the runs"
    )
    assert "no active run" in usage_error(ip, capsys, "history")


# --- connect ----------------------------------------------------------------------------------------------


def test_connect_to_a_server_and_back(
    ip: TestingShell, capsys: pytest.CaptureFixture[str], sqlite_server_url: str, home: Path, uniq: str
) -> None:
    ip.ok("%modeldb run local")
    local = current_run()
    out(capsys)
    ip.ok(f"%modeldb connect {sqlite_server_url}")
    assert out(capsys).strip() == f"modeldb: ended run 'local'; logging to {sqlite_server_url} (given URL)"
    assert local.status == "finished"
    ip.ok(f"%modeldb project remote-{uniq}")
    ip.ok("%modeldb run remote")
    ip.ok("%modeldb log metric acc=1")
    assert current_client().target.kind == "http"
    assert current_run().get_metric("acc") == 1.0
    ip.ok("%modeldb connect")
    assert "ended run 'remote'; logging to the embedded store in" in out(capsys)
    assert current_client().target.kind == "embedded"


def test_connect_to_nothing_warns(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    ip.ok("%modeldb connect http://127.0.0.1:9")
    text = out(capsys)
    assert "logging to http://127.0.0.1:9 (given URL)" in text
    assert "warning: http://127.0.0.1:9 does not answer (ConnectionError)" in text
    assert "is not an http(s) URL" in usage_error(ip, capsys, "connect ftp://x")


def test_usage_errors_raise_from_run_line_magic(ip: TestingShell) -> None:
    with pytest.raises(UsageError, match="no active run"):
        ip.run_line_magic("modeldb", "log metric a=1")
