"""Artifacts on every backend: bytes, files, directories, file objects and pickled objects, streamed."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest

from modeldb_jupyter.client import AlreadyExistsError, Client, Experiment, NotFoundError
from modeldb_jupyter.client import progress as progress_module


def test_bytes_objects_and_file_objects(client: Client, expt: Experiment) -> None:
    run = client.set_experiment_run("r")
    run.log_artifact("raw", b"\x00\x01binary")
    run.log_artifact("model", {"weights": [1.5, 2.5], "name": "tiny"})
    run.log_artifact("stream", io.BytesIO(b"from a file object"))
    assert run.get_artifact("raw") == b"\x00\x01binary"
    assert run.get_artifact("model", unpickle=True) == {"weights": [1.5, 2.5], "name": "tiny"}
    assert run.get_artifact("stream") == b"from a file object"
    assert run.get_artifact_keys() == ["model", "raw", "stream"]  # sorted


def test_files_and_directories(client: Client, expt: Experiment, tmp_path: Path) -> None:
    run = client.set_experiment_run("r")
    source = tmp_path / "weights.bin"
    source.write_bytes(os.urandom(1000))
    run.log_artifact("weights", source)
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.txt").write_text("a")
    (tree / "sub" / "b.txt").write_text("b")
    run.log_artifact("tree", str(tree))
    out = Path(run.download_artifact("weights", tmp_path / "out" / "w.bin"))
    assert out.read_bytes() == source.read_bytes()
    unpacked = Path(run.download_artifact("tree", tmp_path / "unpacked"))
    assert (unpacked / "a.txt").read_text() == "a" and (unpacked / "sub" / "b.txt").read_text() == "b"
    assert not list((tmp_path / "out").glob(".*"))  # no temporary file left behind


def test_large_file_streams_with_progress(
    client: Client, expt: Experiment, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = client.set_experiment_run("r")
    big = tmp_path / "big.bin"
    with open(big, "wb") as handle:
        for _ in range(6):
            handle.write(os.urandom(1024 * 1024))
    run.log_artifact("big", big)
    target = Path(run.download_artifact("big", tmp_path / "copy.bin"))
    assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(big.read_bytes()).digest()
    err = capsys.readouterr().err
    assert "upload big" in err and "download big" in err  # tqdm bars over the 4 MB threshold


def test_small_transfers_show_no_bar(client: Client, expt: Experiment, capsys: pytest.CaptureFixture[str]) -> None:
    run = client.set_experiment_run("r")
    run.log_artifact("small", b"x" * 1000)
    assert run.get_artifact("small") == b"x" * 1000
    assert "upload" not in capsys.readouterr().err
    assert progress_module.BYTES_THRESHOLD == 4 * 1024 * 1024


def test_overwrite_and_conflicts(client: Client, expt: Experiment, tmp_path: Path) -> None:
    run = client.set_experiment_run("r")
    run.log_artifact("a", b"one")
    with pytest.raises(AlreadyExistsError, match="overwrite=True"):
        run.log_artifact("a", b"two")
    run.log_artifact("a", b"two", overwrite=True)
    assert run.get_artifact("a") == b"two"
    with pytest.raises(NotFoundError, match="no artifact 'missing'"):
        run.get_artifact("missing")
    with pytest.raises(FileNotFoundError, match=r"text\.encode"):
        run.log_artifact("text", str(tmp_path / "not-there"))
    with pytest.raises(TypeError, match="cannot pickle"):
        run.log_artifact("lambda", lambda: 1)
    with pytest.raises(ValueError, match="empty"):
        run.log_artifact("", b"x")
    assert sorted(run.get_artifact_keys()) == ["a"]  # failed calls leave nothing half-logged


def test_keys_with_odd_characters(client: Client, expt: Experiment) -> None:
    run = client.set_experiment_run("r")
    run.log_artifact("../etc/passwd ok?", b"safe")
    assert run.get_artifact("../etc/passwd ok?") == b"safe"
