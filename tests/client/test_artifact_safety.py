"""Defect 10 of issue 12: the client must not unpickle an artifact unless its caller asks for it.

Anyone who can write to a run chooses the bytes of its artifacts and marks them as a pickle; unpickling
them by default ran their code in the kernel of whoever read the run.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

from modeldb_jupyter.client import Client, Experiment, ModelDBWarning


def _plant(marker: str) -> None:
    """What the hostile pickle runs when loaded: it leaves a file behind."""
    Path(marker).write_text("code ran")


class Hostile:
    """An object whose pickle calls `_plant(marker)` when it is loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_plant, (self.marker,))


def test_a_hostile_pickle_is_not_loaded_by_default(
    client: Client, expt: Experiment, target: str | None, tmp_path: Path
) -> None:
    marker = tmp_path / "marker"
    writer = client.set_experiment_run("shared")
    writer.log_artifact("model", Hostile(marker))  # a teammate with write access to the run
    assert not marker.exists()

    reader = Client(target)  # another person reads the run
    try:
        reader.set_project(client.proj.name)  # type: ignore[union-attr]
        reader.set_experiment(client.expt.name)  # type: ignore[union-attr]
        run = reader.get_experiment_run("shared")
        with pytest.warns(ModelDBWarning, match=r"unpickle=True"):
            data = run.get_artifact("model")
    finally:
        reader.close(timeout=30)
    assert isinstance(data, bytes) and not marker.exists()
    # The bytes are the hostile pickle itself: loading them is what used to happen inside get_artifact.
    pickle.loads(data)  # proves the payload; it only writes the marker
    assert marker.read_text() == "code ran"


def test_unpickle_is_opt_in_and_round_trips(client: Client, expt: Experiment) -> None:
    run = client.set_experiment_run("r")
    model = {"weights": [1.5, 2.5], "layers": (3, 4), "name": "tiny"}
    run.log_artifact("model", model)
    run.log_artifact("raw", b"\x80\x05not a pickle")
    assert run.get_artifact("model", unpickle=True) == model
    # unpickle=True only applies to artifacts logged as objects: bytes stay bytes (nothing is guessed).
    assert run.get_artifact("raw", unpickle=True) == b"\x80\x05not a pickle"
    assert run.get_artifact("raw") == b"\x80\x05not a pickle"
    with pytest.warns(ModelDBWarning):
        assert pickle.loads(run.get_artifact("model")) == model
    assert run.get_artifact_keys() == ["model", "raw"]
