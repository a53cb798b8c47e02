"""`%modeldb version`, `diff` and `checkout` in a real IPython shell on the embedded store."""

from __future__ import annotations

from pathlib import Path

import pytest

from modeldb_jupyter.client.run_versions import run_commit
from tests.magics.conftest import TestingShell
from tests.magics.test_commands import usage_error


def _versioned_runs(ip: TestingShell) -> None:
    """Two %%modeldb run cells with different hyperparameters and a changed line."""
    ip.ok("%modeldb version on")
    ip.ok("%%modeldb run base --params lr,epochs\nlr, epochs = 0.01, 5\nscore = lr * epochs")
    ip.ok("%%modeldb run tuned --params lr,epochs\nlr, epochs = 0.1, 5\nscore = lr * epochs * 2")


def test_version_on_off_status(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    ip.ok("%modeldb version")
    assert "versioning off" in capsys.readouterr().out
    ip.ok("%modeldb version on")
    assert "versioning on: each run commits its notebook snapshot, hyperparameters" in capsys.readouterr().out
    assert ip.magics.session.version
    ip.ok("%modeldb autolog off")
    ip.ok("%modeldb version")
    assert "the notebook snapshot will be empty" in capsys.readouterr().out  # no cells recorded, no file known
    ip.ok("%modeldb version off")
    assert not ip.magics.session.version
    assert "invalid choice" in usage_error(ip, capsys, "version maybe")
    ip.ok("%modeldb help checkout")
    assert "--force" in capsys.readouterr().out


def test_a_run_commits_its_ingredients_when_it_ends(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    ip.ok("%modeldb version on")
    ip.ok("%modeldb run first")
    ip.ok("lr = 0.5\n%modeldb log hyperparameters lr={lr}")
    capsys.readouterr()
    ip.ok("%modeldb end")
    out = capsys.readouterr().out
    session = ip.magics.session
    run = session.last_run
    assert run is not None and "run 'first' versioned: commit" in out
    found = run_commit(run)
    assert found is not None
    commit, keys = found
    assert commit.repository.name == session.client.proj.name
    assert commit.repository.commit(branch="default").sha == commit.sha  # the experiment's branch
    assert sorted(keys) == ["environment", "hyperparameters", "notebook"]
    summary = run.get_attribute("notebook.snapshot")
    assert commit.get("notebook").code.notebook.path.sha256 == summary["sha256"]


def test_diff_of_two_runs(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    _versioned_runs(ip)
    frame = ip.ok("%modeldb diff base tuned")
    rows = [(r.location, r.status, r.element, r.old, r.new) for r in frame.itertuples()]
    assert ("hyperparameters", "modified", "lr", "0.01", "0.1") in rows
    cells = [r for r in rows if r[0] == "notebook"]
    assert cells and all(r[2].startswith("cell ") for r in cells), rows
    assert cells == [
        (
            "notebook",
            "modified",
            "cell 1 (+3 -3 lines)",
            "%%modeldb run base --params lr,epochs",
            "%%modeldb run tuned --params lr,epochs",
        )
    ]
    assert not [r for r in rows if r[0] == "environment"]  # same kernel, same packages
    ip.ok("%modeldb version off")
    ip.ok("%%modeldb run plain\nx = 1")
    message = usage_error(ip, capsys, "diff base plain")
    assert "has no versioned ingredients" in message and "%modeldb version on" in message
    assert "nope" in usage_error(ip, capsys, "diff base nope")


def test_checkout_writes_files_and_refuses_to_overwrite(
    ip: TestingShell, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _versioned_runs(ip)
    capsys.readouterr()
    ip.ok("%modeldb checkout tuned restored")
    assert "run 'tuned' checked out" in capsys.readouterr().out
    restored = tmp_path / "restored"
    names = sorted(p.name for p in restored.iterdir())
    assert names == ["notebook.ipynb", "requirements.txt"]
    assert "score = lr * epochs * 2" in (restored / "notebook.ipynb").read_text()
    assert f"pytest=={pytest.__version__}" in (restored / "requirements.txt").read_text()
    (restored / "requirements.txt").write_text("mine\n")
    message = usage_error(ip, capsys, "checkout tuned restored")
    assert "already exist" in message and "--force" in message
    assert (restored / "requirements.txt").read_text() == "mine\n"
    ip.ok("%modeldb checkout tuned restored --force")
    assert (restored / "requirements.txt").read_text() != "mine\n"
    assert "not a directory" in usage_error(ip, capsys, "checkout tuned restored/requirements.txt")
