"""`%modeldb register`, `models` and `promote` in a real IPython shell on the embedded store."""

from __future__ import annotations

import pytest

from tests.magics.conftest import TestingShell
from tests.magics.test_commands import out, usage_error


def _two_runs(ip: TestingShell) -> None:
    ip.ok("%%modeldb run baseline --params lr\nlr = 0.01\n%modeldb log metric acc=0.8")
    ip.ok("%%modeldb run tuned --params lr\nlr = 0.05\n%modeldb log metric acc=0.9")


def test_register_list_and_promote(ip: TestingShell, capsys: pytest.CaptureFixture[str], uniq: str) -> None:
    _two_runs(ip)
    model = f"churn-{uniq}"
    capsys.readouterr()
    assert ip.ok(f"%modeldb register tuned {model} --stage staging --label gbm") is None
    assert f"run 'tuned' registered as model '{model}' version 'v1' (stage staging)" in out(capsys)
    ip.ok(f"%modeldb register baseline {model} --version 'first try' --description the old one")
    assert "version 'first try' (stage unassigned)" in out(capsys)

    models = ip.ok("%modeldb models")
    row = models[models["name"] == model].iloc[0]
    assert (row["versions"], row["latest"], row["staging"]) == (2, "first try", ["v1"])
    versions = ip.ok(f"%modeldb models {model}")
    assert list(versions["version"]) == ["v1", "first try"]
    assert list(versions["run"]) == ["tuned", "baseline"]
    assert list(versions["stage"]) == ["staging", "unassigned"]
    assert versions["labels"].iloc[0] == ["gbm"]

    ip.ok(f"%modeldb promote {model} v1 production --comment beats the baseline")
    assert f"model '{model}' version 'v1': staging → production" in out(capsys)
    ip.ok(f"%modeldb promote '{model}' 'first try' archived --comment 'superseded by v1'")
    assert "version 'first try': unassigned → archived" in out(capsys)
    history = ip.ok(f"%modeldb models {model} --history v1")
    moves = history[history["action"] == "UpdateStage"]
    assert [(r.from_stage, r.to_stage, r.comment) for r in moves.itertuples()] == [
        ("unassigned", "staging", ""),
        ("staging", "production", "beats the baseline"),
    ]
    version_id = int(versions["id"].iloc[1])
    ip.ok(f"%modeldb promote {model} {version_id} development")  # a version by id
    assert "version 'first try': archived → development" in out(capsys)
    session = ip.magics.session
    assert session.client.model(model).version("first try").stage == "development"


def test_refusals_are_one_line(ip: TestingShell, capsys: pytest.CaptureFixture[str], uniq: str) -> None:
    _two_runs(ip)
    model = f"refuse-{uniq}"
    assert "unknown stage 'prod'; did you mean 'production'?" in usage_error(
        ip, capsys, f"register tuned {model} --stage prod"
    )
    assert "no run named 'nope'" in usage_error(ip, capsys, f"register nope {model}")
    assert f"no registered model named '{model}'" in usage_error(ip, capsys, f"models {model}")  # nothing was made
    assert "the following arguments are required: model" in usage_error(ip, capsys, "register tuned")
    ip.ok(f"%modeldb register tuned {model}")
    assert f"model '{model}' already has a version 'v1'" in usage_error(
        ip, capsys, f"register baseline {model} --version v1"
    )
    assert "`%modeldb models` lists the registered models" in usage_error(ip, capsys, f"promote x{model} v1 staging")
    message = usage_error(ip, capsys, f"promote {model} v9 staging")
    assert f"model '{model}' has no version 'v9' (its versions: v1)" in message
    assert f"`%modeldb models {model}` lists them" in message
    assert "unknown stage 'live'" in usage_error(ip, capsys, f"promote {model} v1 live")
    ip.ok(f"%modeldb promote {model} v1 staging")
    assert "already in STAGING" in usage_error(ip, capsys, f"promote {model} v1 staging")
    assert "--history needs a model" in usage_error(ip, capsys, "models --history v1")
    ip.ok("%modeldb help promote")
    assert "--comment" in out(capsys)
