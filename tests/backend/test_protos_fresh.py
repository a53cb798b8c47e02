"""The committed generated code is exactly what the .proto files produce: no edited proto left unregenerated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[2] / "backend"
GENERATOR = BACKEND / "scripts" / "generate_protos.py"
COMMITTED = BACKEND / "modeldb_backend" / "pb"


def generated_files(root: Path) -> dict[str, bytes]:
    """Relative path → content of every generated file under `root`, caches left out."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_generated_code_matches_protos(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(GENERATOR), str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    fresh = generated_files(tmp_path / "modeldb_backend" / "pb")
    committed = generated_files(COMMITTED)
    assert fresh, "the generator produced nothing"
    assert sorted(fresh) == sorted(committed), "generated file set differs: run backend/scripts/generate_protos.py"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert stale == [], f"stale generated code (run backend/scripts/generate_protos.py): {stale}"


def test_every_proto_has_generated_modules() -> None:
    protos = sorted((BACKEND / "protos" / "modeldb_backend" / "pb").rglob("*.proto"))
    assert protos
    for proto in protos:
        relative = proto.relative_to(BACKEND / "protos" / "modeldb_backend" / "pb").with_suffix("")
        for suffix in ("_pb2.py", "_pb2.pyi", "_pb2_grpc.py"):
            assert (COMMITTED / f"{relative}{suffix}").is_file(), f"{relative}{suffix} missing"
