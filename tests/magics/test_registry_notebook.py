"""End to end: examples/registry.ipynb executed by nbclient in a real kernel on the embedded store (two runs, the
better one registered, promoted to staging then production, models and history listed), then the registry read
back from the store."""

from __future__ import annotations

from pathlib import Path

from modeldb_jupyter.client import Client
from tests.magics.notebook_checks import run_example


def test_registry_notebook(tmp_path: Path, kernel_home: Path) -> None:
    shown = run_example("registry.ipynb", tmp_path)
    assert "'tuned'" in shown["from modeldb_jupyter.magics import current_client"]
    registered = shown["%modeldb register {best} churn-model --label gbm"]
    assert "run 'tuned' registered as model 'churn-model' version 'v1' (stage unassigned)" in registered
    assert (
        "'v1': unassigned → staging"
        in shown["%modeldb promote churn-model v1 staging --comment passed the offline checks"]
    )
    assert (
        "'v1': staging → production" in shown["%modeldb promote churn-model v1 production --comment won the A/B test"]
    )
    assert "churn-model" in shown["%modeldb models"] and "production" in shown["%modeldb models churn-model"]
    history = shown['version = client.model("churn-model").version("v1")']
    assert "production from run tuned" in history
    assert "won the A/B test" in history and "passed the offline checks" in history
    with Client() as client:
        version = client.model("churn-model").version("v1")
        assert version.stage == "production" and version.labels == ["gbm"]
        run = version.run
        assert run is not None and run.name == "tuned"
        moves = version.history().dropna(subset=["to_stage"])
        assert list(zip(moves["from_stage"], moves["to_stage"], strict=True)) == [
            ("unassigned", "staging"),
            ("staging", "production"),
        ]
        assert version.message.model.key == "model"  # the run's model artifact came with it
