"""Cell auto-logging: the records, the two warnings, the notebook snapshot, the circuit breaker, shutdown."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from modeldb_jupyter.magics import current_client, current_run
from tests.magics.conftest import TestingShell, records


def test_records_of_executed_cells(ip: TestingShell) -> None:
    before = int(time.time() * 1000)
    ip.ok("%modeldb run r")
    ip.ok("import math\nx = 1\ny, z = x + 1, math.pi\ndef f(): return x\nx")
    ip.ok("exec('hidden_binding = 3')")  # bound without an assignment statement: the namespace diff sees it
    ip.run("q = 1\n1 / 0\nw = 2")
    ip.run_cell("v = 5", store_history=True, cell_id="c-42")
    ip.ok("%modeldb end")
    cells = records(ip.magics.session.last_run)
    assert [c["source"] for c in cells] == [
        "%modeldb run r",
        "import math\nx = 1\ny, z = x + 1, math.pi\ndef f(): return x\nx",
        "exec('hidden_binding = 3')",
        "q = 1\n1 / 0\nw = 2",
        "v = 5",
    ]
    counts = [c["execution_count"] for c in cells]
    assert counts == list(range(counts[0], counts[0] + 5))
    _, second, third, failed, with_id = cells
    assert second["assigned"] == ["f", "math", "x", "y", "z"]
    assert second["outputs"] == [{"output_type": "execute_result", "type": "int"}]
    assert second["outcome"] == "ok" and second["error"] is None and second["cell_id"] is None
    assert before <= second["start"] <= second["end"] and second["duration_ms"] >= 0
    assert third["assigned"] == ["hidden_binding"]
    assert failed["outcome"] == "error"
    assert failed["error"] == {"type": "ZeroDivisionError", "message": "division by zero"}
    assert failed["assigned"] == ["q"]  # w was never assigned
    assert with_id["cell_id"] == "c-42"
    assert all(c["warnings"] == [] and c["source_truncated"] is False for c in cells)


def test_no_records_without_a_run_or_with_autolog_off(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    ip.ok("a = 1")
    ip.ok("%modeldb run r")
    capsys.readouterr()
    ip.ok("%modeldb autolog off")
    assert capsys.readouterr().out.strip() == "modeldb: auto-logging off"
    ip.ok("b = 2")
    ip.ok("%modeldb autolog on")
    ip.ok("c = 3")
    ip.ok("%modeldb autolog")
    assert "auto-logging on: cell source, timing" in capsys.readouterr().out
    run = current_run()
    assert [c["source"] for c in records(run)] == ["%modeldb run r", "%modeldb autolog on", "c = 3", "%modeldb autolog"]
    ip.ok("%config ModelDBMagics.autolog = False")
    ip.ok("d = 4")
    assert len(records(run)) == 4  # %config switched it off: neither that cell nor the next is recorded


def test_hidden_state_warning(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    ip.ok("import numpy as np\nfrom json import dumps\ndata = [1, 2, 3]\nscale = 2")
    ip.ok("%modeldb run r")
    ip.ok("local = 10")
    capsys.readouterr()
    ip.ok("total = sum(data) * scale + local + np.pi\ns = dumps(total)")
    err = capsys.readouterr().err
    assert err.strip() == (
        "modeldb: hidden state: this cell reads 'data', 'scale', which no recorded cell of run 'r' defined (set "
        "before the run started, or by a cell that was not recorded); the run's cells alone do not reproduce it"
    )
    ip.ok("again = data[0]")  # the same name again: recorded, not printed again
    assert capsys.readouterr().err == ""
    ip.ok("data = [4]\nmore = data[0] + total")  # defined in this cell: no warning
    cells = records(current_run())
    assert cells[2]["warnings"] == [
        {"kind": "hidden_state", "names": ["data", "scale"], "message": err.strip().removeprefix("modeldb: ")}
    ]
    assert [w["names"] for w in cells[3]["warnings"]] == [["data"]]
    assert cells[4]["warnings"] == []


def test_out_of_order_warning(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    ip.ok("%modeldb run r")
    ip.run_cell("threshold = 0.5\nbatch = 32", store_history=True, cell_id="A")
    ip.run_cell("threshold = 0.7", store_history=True, cell_id="B")
    ip.run_cell("batch = 64", store_history=True, cell_id="C")
    capsys.readouterr()
    ip.run_cell("threshold = 0.5\nbatch = 32", store_history=True, cell_id="A")  # re-run, out of order
    err = capsys.readouterr().err
    count_a = records(current_run())[1]["execution_count"]
    assert err.strip() == (
        f"modeldb: out-of-order execution: this cell ran before as [{count_a}] and redefines 'batch', "
        f"'threshold', which [{count_a + 1}], [{count_a + 2}] redefined since; running the notebook top to bottom "
        "may give different results"
    )
    ip.run_cell("threshold = 0.7", store_history=True, cell_id="B")  # B again: A redefined threshold since
    assert "redefines 'threshold'" in capsys.readouterr().err
    ip.run_cell("threshold = 0.7", store_history=True, cell_id="B")  # nothing redefined since: fine
    assert capsys.readouterr().err == ""
    kinds = [[w["kind"] for w in c["warnings"]] for c in records(current_run())]
    assert kinds == [[], [], [], [], ["out_of_order"], ["out_of_order"], []]


def test_snapshot_rebuilt_from_the_recorded_cells(ip: TestingShell) -> None:
    ip.ok("%modeldb run r")
    ip.ok("x = 41")
    ip.run("x / 0")
    ip.ok("x + 1")
    ip.ok("%modeldb end")
    run = ip.magics.session.last_run
    nb = json.loads(run.get_artifact("notebook.ipynb"))
    assert (nb["nbformat"], nb["nbformat_minor"]) == (4, 5)
    assert ["".join(c["source"]) for c in nb["cells"]] == ["%modeldb run r", "x = 41", "x / 0", "x + 1"]
    assert [c["metadata"]["modeldb"]["outcome"] for c in nb["cells"]] == ["ok", "ok", "ZeroDivisionError", "ok"]
    assert nb["cells"][3]["metadata"]["modeldb"]["outputs"] == [{"output_type": "execute_result", "type": "int"}]
    assert all(c["outputs"] == [] for c in nb["cells"])
    summary = run.get_attribute("notebook.snapshot")
    assert summary["source"] == "rebuilt" and summary["cells"] == 4 and summary["stored"] is True
    ip.ok("%modeldb run r")  # resumed and ended again: the newest snapshot replaces the old one
    ip.ok("%modeldb end")
    assert len(json.loads(run.get_artifact("notebook.ipynb"))["cells"]) == 5  # 4, and `%modeldb run r` again


def test_snapshot_from_the_notebook_file(
    bare_ip: TestingShell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uniq: str
) -> None:
    notebook = {
        "cells": [
            {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": ["# Title"]},
            {
                "cell_type": "code",
                "execution_count": 1,
                "id": "c1",
                "metadata": {},
                "outputs": [
                    {"output_type": "stream", "name": "stdout", "text": ["hello\n"]},
                    {"output_type": "display_data", "data": {"image/png": "AAAA", "text/plain": "<Figure>"},
                     "metadata": {}},
                ],
                "source": ["print('hello')"],
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }  # fmt: skip
    (tmp_path / "train.ipynb").write_text(json.dumps(notebook))
    monkeypatch.setenv("JPY_SESSION_NAME", "work/train.ipynb")  # relative to the server root; cwd is its folder
    bare_ip.ok("%load_ext modeldb_jupyter")
    bare_ip.ok("%modeldb run")
    run = current_run()
    assert current_client().proj.name == "train"  # the default project is the notebook's name
    assert run.name.startswith("train-")
    assert run.get_attribute("notebook.path") == str(tmp_path / "train.ipynb")
    bare_ip.ok("%modeldb end")
    nb = json.loads(run.get_artifact("notebook.ipynb"))
    assert nb["cells"][0] == notebook["cells"][0]
    code = nb["cells"][1]
    assert code["outputs"] == [] and code["source"] == ["print('hello')"]
    assert code["metadata"]["modeldb"]["outputs"] == [
        {"output_type": "stream", "name": "stdout", "bytes": 6},
        {"output_type": "display_data", "mime": ["image/png", "text/plain"], "bytes": 12},
    ]
    assert run.get_attribute("notebook.snapshot")["source"] == "file"


def test_no_snapshot_with_autolog_off(ip: TestingShell) -> None:
    ip.ok("%modeldb run r")
    ip.ok("%modeldb autolog off")
    ip.ok("%modeldb end")
    assert ip.magics.session.last_run.get_artifact_keys() == []


UNBOUND = """
class Unbound:
    \"\"\"Like a context-local proxy (flask's `request`) used outside its context: every attribute raises.\"\"\"

    def __getattribute__(self, name):
        raise RuntimeError("working outside of the request context")

proxy = Unbound()
"""


def test_hook_failures_switch_autolog_off_and_cells_keep_working(
    ip: TestingShell, capsys: pytest.CaptureFixture[str]
) -> None:
    ip.ok(UNBOUND)  # defined before the run: the hidden-state check inspects it, and it raises
    ip.ok("%modeldb run r")
    capsys.readouterr()
    for i in range(5):
        assert ip.ok(f"value_{i} = proxy is not None\nvalue_{i}") is True
    lines = capsys.readouterr().err.strip().splitlines()
    failure = (
        "modeldb: auto-logging failed (RuntimeError: working outside of the request context); "
        "the cell itself ran normally"
    )
    assert lines == [
        failure,
        failure,
        failure,
        "modeldb: auto-logging is now off after 3 failures; `%modeldb autolog on` turns it on",
    ]
    ip.ok("%modeldb autolog")
    assert "auto-logging off after 3 failures (`%modeldb autolog on` retries)" in capsys.readouterr().out
    assert ip.user_ns["value_4"] is True
    ip.ok("%modeldb log metric acc=1")  # the magics still work
    ip.ok("%modeldb autolog on")
    ip.ok("after = 1")
    assert [c["source"] for c in records(current_run())] == ["%modeldb run r", "%modeldb autolog on", "after = 1"]
    assert current_run().get_metric("acc") == 1.0


def test_nested_run_cell_is_recorded_once(ip: TestingShell) -> None:
    ip.ok("%modeldb run r")
    ip.ok("%%capture captured\nprint('inside')\ninner = 1")
    assert [c["source"] for c in records(current_run())] == [
        "%modeldb run r",
        "%%capture captured\nprint('inside')\ninner = 1",
    ]


def test_long_sources_are_truncated(ip: TestingShell) -> None:
    ip.ok("%modeldb run r")
    ip.ok("s = '" + "x" * 20_000 + "'")
    last = records(current_run())[-1]
    assert last["source_truncated"] is True and len(last["source"]) == 16_000
    ip.ok("t = '" + "\x01" * 15_000 + "'")  # control characters take 6 bytes each in JSON
    last = records(current_run())[-1]
    assert last["source_truncated"] is True
    assert 0 < len(json.dumps(last["source"], ensure_ascii=False).encode()) <= 24_000


def test_nul_in_the_source_is_stored_escaped(ip: TestingShell) -> None:
    ip.ok("%modeldb run r")
    result = ip.run("n = 1  # \x00")  # Python refuses NUL in source code; the backend refuses it in strings
    assert isinstance(result.error_before_exec, SyntaxError)
    last = records(current_run())[-1]
    assert last["source"] == "n = 1  # \\x00" and last["outcome"] == "error"
    assert last["error"]["type"] == "SyntaxError"


@pytest.mark.parametrize(("last_cell", "status"), [("x = 1", "finished"), ("raise KeyboardInterrupt", "killed")])
def test_shutdown_ends_the_active_run(ip: TestingShell, last_cell: str, status: str) -> None:
    ip.ok("%modeldb run r")
    run = current_run()
    ip.run(last_cell)
    ip.magics.session.shutdown()  # what atexit calls when the kernel exits
    assert run.status == status
    assert run.get_artifact_keys() == ["notebook.ipynb"]
    assert current_run() is None


def test_unload_ends_the_run_and_removes_everything(ip: TestingShell) -> None:
    ip.ok("%modeldb run r")
    run = current_run()
    ip.ok("%unload_ext modeldb_jupyter")
    assert run.status == "finished"
    assert "modeldb" not in ip.magics_manager.magics["line"]
    assert ip.magics_manager.registry.get("ModelDBMagics") is None
    assert current_run() is None
    ip.ok("%load_ext modeldb_jupyter")
    ip.ok("%modeldb status")
