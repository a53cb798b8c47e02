"""Benchmark: upload and download of a large file through the local artifact store, against a plain `cp`.

Runs a real `modeldb-backend serve` process, logs an artifact, PUTs the file to the URL the server hands out
and GETs it back, and compares each direction's throughput with `cp` of the same file on the same disk. Also
reports the server's peak memory growth during the transfers (VmHWM minus the resident size before them).

    python bench/artifact_transfer.py [--size-mb 1024] [--dir /tmp]

Targets (issue 3): throughput ratio to cp >= 0.5 each way; peak memory growth < 64 MB.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

CHUNK = 8 * 1024 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_file(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    block = os.urandom(CHUNK)
    with open(path, "wb") as handle:
        written = 0
        while written < size:
            part = block[: min(CHUNK, size - written)]
            handle.write(part)
            digest.update(part)
            written += len(part)
    return digest.hexdigest()


def memory_kb(pid: int, field: str) -> int:
    text = Path(f"/proc/{pid}/status").read_text()
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    assert match, f"{field} not in /proc/{pid}/status"
    return int(match.group(1))


def drop_page_cache_hint(path: Path) -> None:
    """Best effort: fsync so that cp and our upload both start from the same cache state."""
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def call(base: str, path: str, body: dict[str, object]) -> dict[str, object]:
    response = requests.post(f"{base}/api/v1/modeldb/{path}", json=body, timeout=60)
    response.raise_for_status()
    return response.json()  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--dir", default=tempfile.gettempdir(), help="where the files live (one disk for all)")
    args = parser.parse_args()
    size = args.size_mb * 1024 * 1024
    work = Path(tempfile.mkdtemp(prefix="mdb-bench-", dir=args.dir))
    port = free_port()
    env = {**os.environ, "MODELDB_HOME": str(work / "home")}
    server = subprocess.Popen(
        [sys.executable, "-m", "modeldb_backend.cli", "serve", "--port", str(port), "--grpc-port", "-1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        source = work / "source.bin"
        sha = make_file(source, size)
        drop_page_cache_hint(source)
        for _ in range(100):
            try:
                requests.get(f"{base}/api/v1/modeldb/project/verifyConnection", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        cp_time = timed(lambda: shutil.copyfile(source, work / "copy.bin"))
        (work / "copy.bin").unlink()

        project = call(base, "project/createProject", {"name": "bench"})["project"]["id"]  # type: ignore[index]
        experiment = call(base, "experiment/createExperiment", {"project_id": project, "name": "e"})
        run = call(
            base,
            "experiment-run/createExperimentRun",
            {"project_id": project, "experiment_id": experiment["experiment"]["id"], "name": "r"},  # type: ignore[index]
        )["experiment_run"]["id"]  # type: ignore[index]
        artifact = {"key": "big", "path": f"{sha}/big.bin", "artifact_type": "BLOB"}
        call(base, "experiment-run/logArtifact", {"id": run, "artifact": artifact})
        put_url = call(base, "experiment-run/getUrlForArtifact", {"id": run, "key": "big", "method": "PUT"})["url"]

        rss_before = memory_kb(server.pid, "VmRSS")

        def upload() -> None:
            with open(source, "rb") as handle:
                requests.put(str(put_url), data=handle, timeout=3600).raise_for_status()

        up_time = timed(upload)
        get_url = call(base, "experiment-run/getUrlForArtifact", {"id": run, "key": "big", "method": "GET"})["url"]
        target = work / "download.bin"

        def download() -> None:
            digest = hashlib.sha256()
            with requests.get(str(get_url), stream=True, timeout=3600) as response, open(target, "wb") as out:
                response.raise_for_status()
                for chunk in response.iter_content(CHUNK):
                    out.write(chunk)
                    digest.update(chunk)
            assert digest.hexdigest() == sha, "downloaded bytes differ from the uploaded file"

        down_time = timed(download)
        peak_growth_mb = (memory_kb(server.pid, "VmHWM") - rss_before) / 1024
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(work, ignore_errors=True)

    mb = size / 1024 / 1024
    print(f"file: {mb:.0f} MiB in {args.dir}")
    print(f"cp:       {cp_time:7.2f} s  {mb / cp_time:8.1f} MiB/s")
    print(f"upload:   {up_time:7.2f} s  {mb / up_time:8.1f} MiB/s  ratio to cp {cp_time / up_time:.2f} (target >= 0.5)")
    print(f"download: {down_time:7.2f} s  {mb / down_time:8.1f} MiB/s  ratio to cp {cp_time / down_time:.2f}")
    print(f"server peak memory growth during transfers: {peak_growth_mb:.1f} MiB (target < 64)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
