"""The markers `make test-fast` relies on: declared, applied by fixture and parameter, and the SLOW list current."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.markers import SLOW, TESTS

REPO = TESTS.parent


def _test_names(path: str) -> set[str]:
    tree = ast.parse((REPO / path).read_text())
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}


@pytest.mark.parametrize("entry", sorted(SLOW))
def test_every_slow_entry_names_a_test(entry: str) -> None:
    path, _, name = entry.partition("::")
    assert (REPO / path).is_file(), f"SLOW names {path}, which no longer exists: update tests/markers.py"
    if name:
        assert name in _test_names(path), f"SLOW names {entry}, which no longer exists: update tests/markers.py"


def test_markers_are_declared(pytestconfig: pytest.Config) -> None:
    declared = {line.split(":", 1)[0] for line in pytestconfig.getini("markers")}
    assert {"pg", "ui", "jupyter", "slow"} <= declared


# Collects a few files in a fresh pytest (the hook runs at collection) and prints each test's markers.
LIST_MARKERS = """
import sys, pytest
class Show:
    def pytest_collection_finish(self, session):
        for item in session.items:
            print("MARKS", item.nodeid, sorted(m.name for m in item.iter_markers()))
sys.exit(pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", *sys.argv[1:]], plugins=[Show()]))
"""


def _marks(*files: str) -> dict[str, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", LIST_MARKERS, *files], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    lines = [line.split(" ", 2)[1:] for line in done.stdout.splitlines() if line.startswith("MARKS ")]
    return {node: set(ast.literal_eval(names)) for node, names in lines}


def test_markers_follow_fixtures_parameters_and_paths() -> None:
    marks = _marks(
        "tests/backend/test_projects.py",
        "tests/client/test_frames.py",
        "tests/ui/test_panel.py",
        "tests/backend/test_server.py",
        "tests/jupyter/test_server_ext.py",
    )
    assert len(marks) > 20
    for node, names in marks.items():
        assert ("pg" in names) == ("postgresql" in node or "test_postgres_url" in node), (node, names)
        assert ("ui" in names) == node.startswith("tests/ui/"), (node, names)
        assert ("slow" in names) == node.startswith("tests/backend/test_server.py"), (node, names)  # a SLOW file
        assert ("jupyter" in names) == node.startswith(("tests/jupyter/", "tests/ui/")), (node, names)
