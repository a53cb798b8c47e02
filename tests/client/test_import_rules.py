"""The client never imports the server side: no module of modeldb_jupyter.client loads Tornado or SQLAlchemy
when imported (the embedded backend loads them only when first used), and the error table it derives its codes
from (modeldb_backend.errors) is standard library only."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import modeldb_jupyter.client

SERVER_SIDE = ("tornado", "sqlalchemy", "jupyter_server", "grpc", "alembic")


def _loaded_after_importing(modules: list[str]) -> list[str]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in {SERVER_SIDE!r} if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_no_client_module_imports_the_server_side() -> None:
    names = [info.name for info in pkgutil.iter_modules(modeldb_jupyter.client.__path__, "modeldb_jupyter.client.")]
    assert "modeldb_jupyter.client.errors" in names and "modeldb_jupyter.client.embedded" in names
    assert _loaded_after_importing(names) == []


def test_the_error_table_is_standard_library_only() -> None:
    code = (
        "import json, sys\n"
        "before = set(sys.modules)\n"
        "import modeldb_backend.errors\n"
        "new = sorted(m.split('.')[0] for m in set(sys.modules) - before)\n"
        "print(json.dumps([m for m in new if m != 'modeldb_backend' and m not in sys.stdlib_module_names]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
