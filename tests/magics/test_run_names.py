"""Issue 12: `%modeldb run` without a name starts a new run under a generated name that never collides;
a generated name that is taken anyway is replaced, and the run that holds it is never resumed."""

from __future__ import annotations

import pytest

from modeldb_jupyter.magics import current_run
from tests.magics.conftest import TestingShell
from tests.name_support import FROZEN_STAMP, freeze_generated_names


def test_a_taken_generated_name_starts_another_run(
    ip: TestingShell, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ip.ok("%modeldb run other-person")  # a run of someone else holds the name generated next
    ip.ok("%modeldb end")
    taken = f"run-{FROZEN_STAMP}-00000000"
    ip.magics.session.client.create_experiment_run(taken).end()
    handed = freeze_generated_names(monkeypatch, ["00000000"])
    capsys.readouterr()
    ip.ok("%modeldb run")
    run = current_run()
    assert len(handed) == 2 and run.name == f"run-{FROZEN_STAMP}-{handed[1]}" != taken
    assert "(new" in capsys.readouterr().out
    assert ip.magics.session.client.get_experiment_run(taken).status == "finished"  # left alone
    ip.ok("%modeldb end")
    freeze_generated_names(monkeypatch, ["00000000"])
    ip.ok("%modeldb run --new")
    assert current_run().name not in (taken, run.name)
