"""Blobs from Python values and back, and the readable diffs (the pure half of versioning: no backend)."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from modeldb_backend.pb.versioning import versioning_pb2 as vpb
from modeldb_backend.pb.versioning import versioning_service_pb2 as spb
from modeldb_jupyter.client import blobs
from modeldb_jupyter.client.run_versions import safe_notebook_name
from modeldb_jupyter.client.version_diff import cell_rows, cell_sources, diff_rows
from modeldb_jupyter.client.versioning import split_location


def test_config_round_trip_keeps_numbers_and_json_text() -> None:
    values = {"lr": 0.01, "epochs": 30, "optimizer": "adam", "layers": [64, 32], "flag": True, "none": None}
    blob = blobs.config(values)
    assert blobs.kind(blob) == "config"
    assert [h.name for h in blob.config.hyperparameters] == sorted(values)  # equal dicts, equal blobs
    back = blobs.config_values(blob)
    assert back == {"lr": 0.01, "epochs": 30, "optimizer": "adam", "layers": "[64, 32]", "flag": "true", "none": "null"}
    assert blob.config.hyperparameters[sorted(values).index("lr")].value.WhichOneof("value") == "float_value"
    assert blobs.content_sha(blob) == blobs.content_sha(blobs.config(dict(reversed(values.items()))))


def test_config_values_that_do_not_fit_stay_exact_as_text() -> None:
    back = blobs.config_values(blobs.config({"huge": 2**70, "far": 1e300}))
    assert back == {"huge": str(2**70), "far": "1e+300"}
    with pytest.raises(TypeError, match="'model'"):
        blobs.config({"model": object()})
    with pytest.raises(ValueError):
        blobs.config({"": 1})


def test_python_environment_of_this_interpreter() -> None:
    blob = blobs.python_environment()
    python = blob.environment.python
    assert (python.version.major, python.version.minor) == sys.version_info[:2]
    names = {r.library.lower() for r in python.requirements}
    assert {"protobuf", "pandas", "pytest"} <= names
    assert all(r.constraint == "==" for r in python.requirements)
    assert not blob.environment.command_line  # a kernel's argv differs per kernel: left out
    text = blobs.requirements(blob)
    assert "pytest==" + pytest.__version__ + "\n" in text


def test_environment_from_packages_and_versions_with_suffixes() -> None:
    blob = blobs.python_environment(
        {"torch": "2.1.0+cpu", "numpy": "1.26.4", "odd": "2024.01"}, python_version="3.11.7"
    )
    assert blobs.packages_of(blob) == {"numpy": "==1.26.4", "odd": "==2024.1.0", "torch": "==2.1.0+cpu"}
    assert blobs.requirements(blob) == "numpy==1.26.4\nodd==2024.01\ntorch==2.1.0+cpu\n"  # verbatim
    blob.environment.python.raw_requirements = ""
    assert blobs.requirements(blob) == "numpy==1.26.4\nodd==2024.1.0\ntorch==2.1.0+cpu\n"  # rebuilt from parts
    assert blobs.summary(blob) == "Python 3.11.7, 3 packages"
    with pytest.raises(ValueError, match="environment variable"):
        blobs.python_environment({}, environment_variables={"BAD NAME": "1"})


def test_notebook_blob_from_a_file_bytes_or_a_stored_snapshot(tmp_path: Path) -> None:
    nb = {"cells": [{"cell_type": "code", "source": "x = 1", "metadata": {}, "outputs": []}], "nbformat": 4}
    path = tmp_path / "train.ipynb"
    path.write_text(json.dumps(nb))
    data = path.read_bytes()
    from_file = blobs.notebook(path)
    component = from_file.code.notebook.path
    assert (component.path, component.size, component.sha256) == (
        "train.ipynb",
        len(data),
        hashlib.sha256(data).hexdigest(),
    )
    assert component.last_modified_at_source == 0  # same contents, same blob, whenever the file was saved
    assert blobs.notebook(data, path="train.ipynb") == from_file
    stored = blobs.notebook(path="train.ipynb", sha256=component.sha256, size=len(data))
    assert stored.code.notebook.path.sha256 == component.sha256
    with pytest.raises(FileNotFoundError):
        blobs.notebook(tmp_path / "missing.ipynb")
    with pytest.raises(ValueError, match="sha256"):
        blobs.notebook()


def test_dataset_path_blob(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.csv").write_text("x\n1\n")
    (tmp_path / "data" / "b.csv").write_text("x\n2\n")
    blob = blobs.dataset_path(tmp_path / "data")
    assert blobs.kind(blob) == "dataset.path"
    assert [Path(c.path).name for c in blob.dataset.path.components] == ["a.csv", "b.csv"]
    assert blobs.summary(blob) == "2 components"
    assert blobs.dataset_from_version(vpb.DatasetBlob()) is None


def test_locations_and_checkout_names() -> None:
    assert split_location("/data/train") == ("data", "train")
    assert split_location(["a", "b"]) == ("a", "b")
    for bad in ("", "a//b", ["a", ""]):
        with pytest.raises(ValueError):
            split_location(bad)
    assert safe_notebook_name("work/train.ipynb") == "train.ipynb"
    for hostile in ("../../etc/passwd", "..\\x.ipynb/..", ".ipynb", "a/.hidden.ipynb", "x.py", "/etc/cron.d/x"):
        assert safe_notebook_name(hostile) == "notebook.ipynb", hostile


def test_cell_rows_name_changed_added_and_deleted_cells() -> None:
    old = ["import numpy", "lr = 0.01\nepochs = 5", "train(lr)", "print('done')"]
    new = ["import numpy", "lr = 0.1\nepochs = 5", "train(lr)", "plot()", "print('done')"]
    rows = cell_rows(old, new)
    assert [(r["status"], r["element"], r["old"], r["new"]) for r in rows] == [
        ("modified", "cell 2 (+1 -1 lines)", "lr = 0.01", "lr = 0.1"),
        ("added", "cell 4", None, "plot()"),
    ]
    assert [(r["status"], r["element"]) for r in cell_rows(new, old)][1] == ("deleted", "cell 4")
    assert cell_rows(old, old) == []
    nb = {"cells": [{"cell_type": "code", "source": ["a = 1\n", "b = 2"]}, {"cell_type": "markdown", "source": "# t"}]}
    assert cell_sources(json.dumps(nb).encode()) == ["a = 1\nb = 2", "# t"]


def test_diff_rows_of_config_and_environment_messages() -> None:
    modified = vpb.DiffStatusEnum.MODIFIED
    config = spb.BlobDiff(location=["hyperparameters"], status=modified)
    config.config.hyperparameters.add(
        status=modified,
        A=vpb.HyperparameterConfigBlob(name="lr", value=blobs.hyperparameter_value(0.01)),
        B=vpb.HyperparameterConfigBlob(name="lr", value=blobs.hyperparameter_value(0.1)),
    )
    env = spb.BlobDiff(location=["environment"], status=modified)
    env.environment.python.requirements.add(
        status=vpb.DiffStatusEnum.ADDED,
        B=vpb.PythonRequirementEnvironmentBlob(
            library="torch", constraint="==", version=blobs.version_message("2.1.0")
        ),
    )
    gone = spb.BlobDiff(location=["data", "train"], status=vpb.DiffStatusEnum.DELETED)
    rows = diff_rows([config, env, gone])
    assert [(r["location"], r["type"], r["status"], r["element"], r["old"], r["new"]) for r in rows] == [
        ("hyperparameters", "config", "modified", "lr", "0.01", "0.1"),
        ("environment", "environment.python", "added", "torch", None, "2.1.0"),
        ("data/train", "", "deleted", "", None, None),
    ]
