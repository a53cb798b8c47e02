"""End to end: examples/versioning.ipynb executed by nbclient in a real kernel on the embedded store, then the
repository and the runs' links read back from the store."""

from __future__ import annotations

from pathlib import Path

from modeldb_jupyter.client import Client, blobs
from modeldb_jupyter.client.run_versions import run_commit
from tests.magics.notebook_checks import run_example


def test_versioning_notebook(tmp_path: Path, kernel_home: Path) -> None:
    shown = run_example("versioning.ipynb", tmp_path)
    assert "versioning on" in shown["%modeldb project versioning-demo"]
    assert "run 'tuned' versioned: commit" in shown["%%modeldb run tuned --params lr,epochs"]
    diff = shown["%modeldb diff baseline tuned"]
    assert "hyperparameters" in diff and "0.01" in diff and "0.05" in diff and "cell 1" in diff, diff
    assert "['master', 'sweep']" in shown["from modeldb_jupyter.magics import current_client"]
    assert "run 'tuned' checked out" in shown["%modeldb checkout tuned restored"]
    assert "['notebook.ipynb', 'requirements.txt']" in shown["from pathlib import Path"]
    assert "acc = train(lr, epochs, warmup=True)" in (tmp_path / "restored" / "notebook.ipynb").read_text()
    with Client() as client:
        client.set_project("versioning-demo")
        client.set_experiment("sweep")
        base, tuned = (client.get_experiment_run(name) for name in ("baseline", "tuned"))
        found_base, found_tuned = run_commit(base), run_commit(tuned)
        assert found_base is not None and found_tuned is not None
        assert found_tuned[0].parents == [found_base[0].sha]  # one branch: the second run builds on the first
        assert blobs.config_values(found_tuned[0].get("hyperparameters")) == {"epochs": 5, "lr": 0.05}
