"""A real JupyterLab for the browser tests: a subprocess on a free port with a token, a temporary root, database,
settings and runtime directory, and the extension built in this checkout (rebuilt first when its sources changed)."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "labextension"
BUILT_EXTENSION = REPO / "modeldb_jupyter" / "labextension"
LAB_EXTENSION_NAME = "modeldb-jupyter"
# The first-run "get notified about Jupyter news?" toast would cover the bottom right of every screenshot.
SETTINGS_OVERRIDES = {"@jupyterlab/apputils-extension:notification": {"checkForUpdates": False, "fetchNews": "false"}}


def _newest_mtime(paths: list[Path]) -> float:
    newest = 0.0
    for path in paths:
        files = path.rglob("*") if path.is_dir() else [path]
        newest = max([newest, *(f.stat().st_mtime for f in files if f.is_file())])
    return newest


def npm(*args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """npm in labextension/, output captured. The build scripts call `jupyter-builder` from this Python's bin."""
    executable = shutil.which("npm")
    if executable is None:
        raise RuntimeError("npm is not on PATH: the JupyterLab extension needs Node.js >= 20.19 and npm")
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    return subprocess.run(
        [executable, *args], cwd=SOURCE, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def ensure_extension_built() -> None:
    """Build labextension/ when its sources are newer than the build (an install builds it only once)."""
    sources = [SOURCE / "src", SOURCE / "style", SOURCE / "package.json"]
    marker = BUILT_EXTENSION / "package.json"
    if marker.exists() and _newest_mtime(sources) <= marker.stat().st_mtime:
        return
    if not (SOURCE / "node_modules").exists():
        installed = npm("ci", "--no-audit", "--no-fund")
        if installed.returncode != 0:
            raise RuntimeError(f"npm ci failed:\n{installed.stdout}{installed.stderr}")
    built = npm("run", "build")
    if built.returncode != 0:
        raise RuntimeError(f"npm run build failed:\n{built.stdout}{built.stderr}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LabServer:
    """`with LabServer(tmp) as lab:` gives lab.url (with base URL), lab.token and lab.api(...) for REST calls."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}/"
        self.root = tmp / "root"
        self.log_path = tmp / "lab.log"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"token {self.token}"
        self.process: subprocess.Popen[bytes] | None = None

    def _prepare(self) -> list[str]:
        for name in ("root", "app-settings", "user-settings", "workspaces", "runtime", "config", "home", "ext"):
            (self.tmp / name).mkdir(parents=True, exist_ok=True)
        (self.tmp / "app-settings" / "overrides.json").write_text(json.dumps(SETTINGS_OVERRIDES))
        # Lab takes the first extension of a name it finds: this checkout's build comes before any installed copy.
        link = self.tmp / "ext" / LAB_EXTENSION_NAME
        if not link.exists():
            link.symlink_to(BUILT_EXTENSION, target_is_directory=True)
        return [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.news_url=None",
            f"--LabApp.app_settings_dir={self.tmp / 'app-settings'}",
            f"--LabApp.user_settings_dir={self.tmp / 'user-settings'}",
            f"--LabApp.workspaces_dir={self.tmp / 'workspaces'}",
            f"--LabApp.extra_labextensions_path={self.tmp / 'ext'}",
            f"--ModelDBExtension.db_url=sqlite:///{self.tmp / 'modeldb.sqlite'}",
            f"--ModelDBExtension.artifact_root={self.tmp / 'artifacts'}",
        ]

    def __enter__(self) -> LabServer:
        ensure_extension_built()
        argv = self._prepare()
        env = {
            **os.environ,
            "JUPYTER_RUNTIME_DIR": str(self.tmp / "runtime"),
            "JUPYTER_CONFIG_DIR": str(self.tmp / "config"),
            "IPYTHONDIR": str(self.tmp / "home" / ".ipython"),
            "MODELDB_HOME": str(self.tmp / "home" / ".modeldb"),
        }
        env.pop("MODELDB_DB_URL", None)
        env.pop("MODELDB_ARTIFACT_ROOT", None)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=self.root)
        try:
            self._wait_ready(timeout=90)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                status = self.session.get(self.url + "modeldb/status", timeout=2)
                if status.status_code == 200:
                    if not status.json().get("ok"):
                        raise RuntimeError(f"the ModelDB backend did not open: {status.json()}")
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self.session.close()

    def page_url(self, workspace: str, path: str = "") -> str:
        """The Lab page in a fresh workspace of its own (no layout restored from an earlier test)."""
        tree = f"/tree/{path}" if path else ""
        return f"{self.url}lab/workspaces/{workspace}{tree}?reset&token={self.token}"

    # --- REST ---------------------------------------------------------------------------------------------------

    def api(self, path: str, body: dict[str, Any] | None = None, method: str = "POST") -> dict[str, Any]:
        """One RPC of the mounted gateway, e.g. api("project/createProject", {"name": "p"})."""
        url = f"{self.url}modeldb/api/v1/modeldb/{path}"
        if method == "GET":
            response = self.session.get(url, params=body, timeout=30)
        else:
            response = self.session.request(method, url, data=json.dumps(body or {}), timeout=30)
        if response.status_code != 200:
            raise AssertionError(f"{method} {path} answered {response.status_code}: {response.text[:500]}")
        return response.json()  # type: ignore[no-any-return]

    def jupyter(self, method: str, path: str, body: Any = None) -> Any:
        """A call of Jupyter's own REST API (contents, sessions)."""
        response = self.session.request(method, f"{self.url}api/{path}", data=json.dumps(body) if body else None)
        response.raise_for_status()
        return response.json() if response.content else None
