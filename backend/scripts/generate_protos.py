"""Regenerate the Python gRPC/protobuf modules in ``modeldb_backend.pb``.

Usage: ``python backend/scripts/generate_protos.py [TARGET_DIR]``

TARGET_DIR defaults to the ``backend`` directory next to this script, so the
generated code is written in place under ``backend/modeldb_backend/pb``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import google.api.annotations_pb2
import grpc_tools
from grpc_tools import protoc

BACKEND_DIR = Path(__file__).resolve().parent.parent
PROTO_ROOT = BACKEND_DIR / "protos"
PB_PACKAGE = Path("modeldb_backend") / "pb"


def generate(target: Path) -> None:
    """Compile every .proto under ``PROTO_ROOT`` into ``target``."""
    wkt_dir = Path(grpc_tools.__file__).resolve().parent / "_proto"
    # google/api/annotations.proto sits next to annotations_pb2.py.
    googleapis_dir = Path(google.api.annotations_pb2.__file__).resolve().parents[2]
    protos = sorted(p.relative_to(PROTO_ROOT).as_posix() for p in (PROTO_ROOT / PB_PACKAGE).rglob("*.proto"))
    if not protos:
        msg = f"no .proto files found under {PROTO_ROOT / PB_PACKAGE}"
        raise SystemExit(msg)

    target.mkdir(parents=True, exist_ok=True)
    args = [
        "grpc_tools.protoc",
        f"-I{PROTO_ROOT}",
        f"-I{wkt_dir}",
        f"-I{googleapis_dir}",
        f"--python_out={target}",
        f"--pyi_out={target}",
        f"--grpc_python_out={target}",
        *protos,
    ]
    if protoc.main(args) != 0:
        msg = "protoc failed"
        raise SystemExit(msg)

    # Make every generated directory an importable package.
    pb_dir = target / PB_PACKAGE
    for directory in [
        pb_dir,
        *(p for p in pb_dir.rglob("*") if p.is_dir() and p.name != "__pycache__"),
    ]:
        (directory / "__init__.py").touch()


def main(argv: list[str]) -> None:
    """Entry point: optional single argument is the output root directory."""
    target = Path(argv[0]).resolve() if argv else BACKEND_DIR
    generate(target)


if __name__ == "__main__":
    main(sys.argv[1:])
