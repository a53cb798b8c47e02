"""`%%modeldb run`: the cell body as one run, success and failure."""

from __future__ import annotations

import pytest
from IPython.core.error import UsageError

from modeldb_jupyter.magics import current_client, current_run
from tests.magics.conftest import TestingShell, records

TRAIN = """%%modeldb run train --params lr,epochs,weights,layers,missing --tag fast
import numpy as np
from modeldb_jupyter.magics import current_run
lr, epochs, layers = 0.1, 3, [8, 4]
weights = np.zeros((3, 4))
for epoch in range(epochs):
    current_run().log_metric("loss", 1.0 / (epoch + 1), step=epoch)
%modeldb log metric acc=0.9
seen = current_run().name
lr * 10"""


def _run(ip: TestingShell, name: str) -> object:
    return current_client().runs_df(filter=f"name == '{name}'", columns=["tags"])


def test_cell_run_success(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    ip.ok("%modeldb run outer")
    outer = current_run()
    capsys.readouterr()
    assert ip.ok(TRAIN) == 1.0  # the last expression is the cell's result
    text = capsys.readouterr()
    assert "modeldb: run 'train' finished (new, project" in text.out
    assert "--params: missing not defined after the cell, so not logged" in text.err
    assert ip.user_ns["seen"] == "train"  # inside the body, logging goes to the cell's run
    assert current_run() is outer  # the line run is active again
    run = ip.magics.session.last_run
    assert run.name == "train" and run.status == "finished"
    assert run.get_hyperparameters() == {
        "lr": 0.1, "epochs": 3, "weights": "<ndarray shape=(3, 4)>", "layers": [8, 4]
    }  # fmt: skip
    assert [p.value for p in run.get_metric_history("loss")] == [1.0, 0.5, 1 / 3]
    assert run.get_metric("acc") == 0.9 and run.get_tags() == ["fast"]
    assert run.get_attribute("code") == TRAIN.split("\n", 1)[1] + "\n"  # IPython passes the body with a newline
    assert outer.get_metrics() == {} and outer.status == "running"
    (cell,) = records(run)  # the cell is recorded to its own run...
    assert cell["source"] == TRAIN and cell["outcome"] == "ok" and cell["warnings"] == []
    assert {"lr", "epochs", "weights", "layers", "np", "seen", "epoch", "current_run"} <= set(cell["assigned"])
    recorded = records(outer)[-1]  # ... and to the line run around it, which says which run it was
    assert recorded["cell_run"] == {"id": run.id, "name": "train"}
    assert run.get_attributes()["notebook.snapshot"]["cells"] == 1


def test_cell_run_failure_propagates_and_fails_the_run(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    result = ip.run("%%modeldb run broken --params lr\nlr = 0.5\n%modeldb log metric acc=0.1\n1 / 0")
    assert isinstance(result.error_in_exec, ZeroDivisionError)
    err = capsys.readouterr().err
    assert "ZeroDivisionError" in err and "modeldb: run 'broken' failed: ZeroDivisionError (new" in err
    run = ip.magics.session.last_run
    assert run.status == "failed"
    assert run.get_hyperparameters() == {"lr": 0.5} and run.get_metric("acc") == 0.1  # kept
    (cell,) = records(run)
    assert cell["outcome"] == "error"
    assert cell["error"] == {"type": "ZeroDivisionError", "message": "division by zero"}
    assert current_run() is None


def test_keyboard_interrupt_kills_the_cell_run(ip: TestingShell) -> None:
    result = ip.run("%%modeldb run interrupted\nraise KeyboardInterrupt")
    assert isinstance(result.error_in_exec, KeyboardInterrupt)
    assert ip.magics.session.last_run.status == "killed"


def test_rerunning_the_cell_resumes_its_run(ip: TestingShell) -> None:
    body = "%%modeldb run\nx = 1"
    ip.ok(body)
    first = ip.magics.session.last_run
    ip.ok(body)
    assert ip.magics.session.last_run.id == first.id and first.status == "finished"
    ip.ok("%%modeldb run --new\nx = 1")
    assert ip.magics.session.last_run.id != first.id
    ip.ok("%%modeldb run named\nx = 2")
    named = ip.magics.session.last_run
    ip.ok("%%modeldb run named\nx = 3")  # a name: the same run, whatever the cell
    assert ip.magics.session.last_run.id == named.id
    assert len(records(named)) == 2


def test_end_inside_the_body_ends_it_once(ip: TestingShell) -> None:
    ip.ok("%%modeldb run early\n%modeldb end --status killed\ny = 2")
    run = ip.magics.session.last_run
    assert run.status == "killed"


def test_cell_magic_usage_errors(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    for line, message in (
        ("%%modeldb runs\nx = 1", "%%modeldb supports one cell command: `%%modeldb run [NAME]"),
        ("%%modeldb run --params 'a b'\nx = 1", "--params: 'a b' is not a variable name"),
        ("%%modeldb run --bogus\nx = 1", "%%modeldb run: unrecognized arguments: --bogus"),
        ("%%modeldb run\n%%modeldb run inner\nx = 1", "%%modeldb run cells do not nest"),
    ):
        result = ip.run(line)
        assert isinstance(result.error_in_exec, UsageError), line
        assert message in str(result.error_in_exec)
    assert "Traceback" not in capsys.readouterr().err
    assert "x" not in ip.user_ns  # a refused cell does not run
    assert ip.magics.session.cell_run is None
    assert isinstance(ip.run("%%modeldb run\n%modeldb run line").error_in_exec, UsageError)


def test_syntax_error_in_the_body(ip: TestingShell) -> None:
    result = ip.run("%%modeldb run bad\nx = (")
    assert isinstance(result.error_in_exec, SyntaxError)
    assert ip.magics.session.last_run.status == "failed"


def test_backend_refusal_at_start_is_one_line(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    ip.ok("long_name = 'n' * 300")
    result = ip.run("%%modeldb run {long_name}\nran = True")
    assert isinstance(result.error_in_exec, UsageError)
    assert str(result.error_in_exec).startswith("%%modeldb run: ") and "256" in str(result.error_in_exec)
    assert "Traceback" not in capsys.readouterr().err and "ran" not in ip.user_ns


def test_huge_body_is_cut_to_fit_the_code_attribute(ip: TestingShell) -> None:
    body = "text = '" + "é€\\x1b" * 30_000 + "'"  # multi-byte characters and escapes: JSON grows
    ip.ok("%%modeldb run big\n" + body)
    code = ip.magics.session.last_run.get_attribute("code")
    assert body.startswith(code) and 0 < len(code) < len(body)
    assert len(ip.user_ns["text"]) == 90_000
