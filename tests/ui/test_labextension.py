"""The JupyterLab extension as shipped: its TypeScript unit tests pass, and `pip install` put it where Lab looks."""

from __future__ import annotations

import json
from pathlib import Path

from jupyter_core.paths import jupyter_path

import modeldb_jupyter
from tests.ui.lab import LAB_EXTENSION_NAME, SOURCE, npm


def test_typescript_unit_tests_pass() -> None:
    """vitest over the data layer (type-checked first); only fetch is faked, under JupyterLab's ServerConnection."""
    if not (SOURCE / "node_modules" / ".bin" / "vitest").exists():
        installed = npm("ci", "--no-audit", "--no-fund")
        assert installed.returncode == 0, installed.stdout + installed.stderr
    result = npm("test")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert " failed" not in output, output


def _installed_extension() -> Path | None:
    for root in jupyter_path("labextensions"):
        candidate = Path(root) / LAB_EXTENSION_NAME
        if (candidate / "package.json").exists():
            return candidate
    return None


def test_pip_install_ships_the_prebuilt_extension() -> None:
    """No `jupyter labextension` step: the wheel's shared-data puts the build where Lab finds it."""
    installed = _installed_extension()
    assert installed is not None, (
        f"{LAB_EXTENSION_NAME} is not in any labextensions directory ({jupyter_path('labextensions')}): "
        "reinstall with `pip install -e .` (the build hook runs npm)"
    )
    meta = json.loads((installed / "package.json").read_text())
    assert meta["name"] == LAB_EXTENSION_NAME
    assert (installed / meta["jupyterlab"]["_build"]["load"]).exists()
    if not installed.is_symlink():  # `jupyter labextension develop` links the build output, which has no install.json
        assert json.loads((installed / "install.json").read_text())["packageName"] == "modeldb-jupyter"
    [paths] = modeldb_jupyter._jupyter_labextension_paths()
    assert paths["dest"] == LAB_EXTENSION_NAME
    assert (Path(modeldb_jupyter.__file__).parent / paths["src"] / "package.json").exists()
