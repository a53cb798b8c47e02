"""Benchmark: upload and download of a large file through the local artifact store, against a plain `cp`.

Three ways in, each timed right after a `cp` of the same file on the same disk (the machine is shared, so each
ratio comes from one pair of measurements taken back to back):

- embedded: `run.log_artifact(key, path)` of a client without a server (SQLite + local store, in this process),
  and `run.download_artifact` back; everything the client does (hashing, recording) is in the time;
- server, client: the same calls through a real `modeldb-backend serve` process (REST PUT/GET);
- server, raw HTTP: one `requests.put` of the file to the URL the server hands out (and a GET back), the
  transfer alone.

Also reports the server's peak memory growth during its transfers (VmHWM minus the resident size before them),
`cp` followed by fsync (our uploads are durable before they are visible; `cp` is not), and the load average.

    python bench/artifact_transfer.py [--size-mb 1024] [--dir /tmp] [--out bench/results/artifact_transfer]

Targets (issue 17, item 5): upload >= 0.5x cp (embedded and through the server); download unchanged
(>= 0.5x cp); server memory growth < 64 MiB for 1 GiB.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import requests

CHUNK = 8 * 1024 * 1024
TIMES = "\u00d7"  # the multiplication sign of the README tables
RESULTS = Path(__file__).parent / "results" / "artifact_transfer"


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
        handle.flush()
        os.fsync(handle.fileno())  # so that cp and our upload both start from the same cache state
    return digest.hexdigest()


def memory_kb(pid: int, field: str) -> int:
    text = Path(f"/proc/{pid}/status").read_text()
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    assert match, f"{field} not in /proc/{pid}/status"
    return int(match.group(1))


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


class Pairs:
    """Each measurement right after a `cp` of the same file: the ratio of one pair is what the machine allowed."""

    def __init__(self, source: Path, work: Path, repeat: int) -> None:
        self.source, self.work, self.repeat = source, work, repeat
        self.server: int | None = None  # pid of the server whose CPU counts, while one runs
        self.rows = dict[str, dict[str, Any]]()

    def cp(self, sync: bool = False) -> tuple[float, float]:
        """(wall seconds, CPU seconds) of copying the source beside it."""
        copy = self.work / "copy.bin"

        def run() -> None:
            shutil.copyfile(self.source, copy)
            if sync:
                fd = os.open(copy, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)

        cpu = time.process_time()
        seconds = timed(run)
        cpu = time.process_time() - cpu
        copy.unlink()
        return seconds, cpu

    def measure(self, name: str, fn: Callable[[int], object], cleanup: Callable[[], object] = lambda: None) -> None:
        """`repeat` pairs (cp, then `fn(i)`): the pair of median ratio, the best of each side, and CPU seconds
        (this process and the server's, which a loaded machine inflates less than wall time)."""
        pairs = []
        for i in range(self.repeat):
            cp, cp_cpu = self.cp()
            cpu = time.process_time() + server_cpu(self.server)
            seconds = timed(partial(fn, i))
            cpu = time.process_time() + server_cpu(self.server) - cpu
            cleanup()
            pairs.append((cp / seconds, seconds, cp, cpu, cp_cpu))
        pairs.sort()
        ratio, seconds, cp, _, _ = pairs[len(pairs) // 2]
        self.rows[name] = {
            "seconds": seconds,
            "cp_seconds": cp,
            "ratio_to_cp": ratio,
            "ratios": [round(p[0], 3) for p in pairs],
            "best_ratio": min(p[2] for p in pairs) / min(p[1] for p in pairs),
            "cpu_seconds": min(p[3] for p in pairs),
            "cp_cpu_seconds": min(p[4] for p in pairs),
        }


def tree(pid: int) -> list[int]:
    """`pid` and its descendants (the server's workers)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                found += tree(int(child))
    return found


def server_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) of the server's processes so far; 0 without a server."""
    if pid is None:
        return 0.0
    total = 0
    for each in tree(pid):
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def call(base: str, path: str, body: dict[str, object]) -> dict[str, Any]:
    response = requests.post(f"{base}/api/v1/modeldb/{path}", json=body, timeout=60)
    response.raise_for_status()
    return response.json()  # type: ignore[no-any-return]


@contextmanager
def server_process(work: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    env = {**os.environ, "MODELDB_HOME": str(work / "server-home")}
    server = subprocess.Popen(
        [sys.executable, "-m", "modeldb_backend.cli", "serve", "--port", str(port), "--grpc-port", "-1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(f"{base}/api/v1/modeldb/project/verifyConnection", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield base, server
    finally:
        server.terminate()
        server.wait(30)


def client_pair(pairs: Pairs, label: str, url: str | None, sha: str) -> None:
    """log_artifact and download_artifact of the whole file through a client (embedded when url is None)."""
    from modeldb_jupyter.client import Client

    client = Client(url) if url else Client()
    client.set_project("bench")
    client.set_experiment("e")
    run = client.set_experiment_run(label)
    target = pairs.work / "download.bin"
    pairs.measure(f"{label} upload", lambda i: run.log_artifact(f"big{i}", pairs.source))
    pairs.measure(f"{label} download", lambda i: run.download_artifact("big0", str(target)), target.unlink)
    client.close()


def warm_up(base: str, work: Path) -> None:
    """A small artifact up and down through every worker (each request may land on any of them)."""
    from modeldb_jupyter.client import Client

    small = work / "small.bin"
    small.write_bytes(os.urandom(4 * CHUNK))
    client = Client(base)
    client.set_project("warm-up")
    client.set_experiment("e")
    run = client.set_experiment_run("r")
    for i in range(2 * (os.cpu_count() or 1)):
        run.log_artifact(f"small{i}", small)
        run.download_artifact(f"small{i}", str(work / "small.out"))
    client.close()


def raw_http_pair(pairs: Pairs, base: str, sha: str) -> None:
    project = call(base, "project/createProject", {"name": "raw"})["project"]["id"]
    experiment = call(base, "experiment/createExperiment", {"project_id": project, "name": "e"})["experiment"]["id"]
    run_body = {"project_id": project, "experiment_id": experiment, "name": "r"}
    run = call(base, "experiment-run/createExperimentRun", run_body)["experiment_run"]["id"]

    def upload(i: int) -> None:
        artifact = {"key": f"big{i}", "path": f"{sha}/raw{i}.bin", "artifact_type": "BLOB"}
        call(base, "experiment-run/logArtifact", {"id": run, "artifact": artifact})
        put = call(base, "experiment-run/getUrlForArtifact", {"id": run, "key": f"big{i}", "method": "PUT"})["url"]
        with open(pairs.source, "rb") as handle:
            requests.put(str(put), data=handle, timeout=3600).raise_for_status()

    pairs.measure("server raw HTTP upload", upload)
    get_url = call(base, "experiment-run/getUrlForArtifact", {"id": run, "key": "big0", "method": "GET"})["url"]
    target = pairs.work / "download.bin"

    def download(_: int) -> None:
        digest = hashlib.sha256()
        with requests.get(str(get_url), stream=True, timeout=3600) as response, open(target, "wb") as out:
            response.raise_for_status()
            for chunk in response.iter_content(CHUNK):
                out.write(chunk)
                digest.update(chunk)
        assert digest.hexdigest() == sha, "downloaded bytes differ from the uploaded file"

    pairs.measure("server raw HTTP download", download, target.unlink)


def report(size: int, directory: str, pairs: Pairs, extra: dict[str, Any]) -> str:
    mb = size / 1024 / 1024
    lines = [
        f"# Artifact transfer — {time.strftime('%Y-%m-%d %H:%M:%S')}",
        "",
        f"File: {mb:.0f} MiB in {directory}. Load average {extra['load_start']} at start, {extra['load_end']} at end"
        " (the machine is shared: each ratio is one pair, cp right before the measurement; median of"
        f" {pairs.repeat} pairs).",
        "",
        "| measure | seconds | MiB/s | cp MiB/s (same pair) | ratio to cp (median pair) | all pairs | best ours vs"
        " best cp | CPU s ours / cp | target |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, row in pairs.rows.items():
        target = f"≥ 0.5{TIMES}"
        ok = "✔" if row["ratio_to_cp"] >= 0.5 else "✘"
        lines.append(
            f"| {name} | {row['seconds']:.2f} | {mb / row['seconds']:.0f} | {mb / row['cp_seconds']:.0f}"
            f" | {row['ratio_to_cp']:.2f}{TIMES} {ok} | {row['ratios']} | {row['best_ratio']:.2f}{TIMES}"
            f" | {row['cpu_seconds']:.2f} / {row['cp_cpu_seconds']:.2f} | {target} |"
        )
    growth = extra["server_peak_growth_mib"]
    lines += [
        "",
        f"cp then fsync: {mb / extra['cp_fsync_seconds']:.0f} MiB/s (uploads are fsynced before they become visible).",
        f"Server peak memory growth during its transfers: {growth:.1f} MiB {'✔' if growth < 64 else '✘'} (< 64;"
        f" the largest of its {extra['server_processes']} processes).",
        "CPU s: the fastest pair's CPU seconds of the measure (this process, and the server's processes for the"
        " server rows) and of cp.",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--dir", default=tempfile.gettempdir(), help="where the files live (one disk for all)")
    parser.add_argument("--repeat", type=int, default=3, help="pairs per measure (the median ratio is kept)")
    parser.add_argument("--out", default=str(RESULTS), help="results: OUT.json and OUT.md")
    args = parser.parse_args()
    size = args.size_mb * 1024 * 1024
    work = Path(tempfile.mkdtemp(prefix="mdb-bench-", dir=args.dir))
    os.environ.pop("MODELDB_URL", None)
    os.environ["MODELDB_HOME"] = str(work / "embedded-home")
    os.environ.setdefault("MODELDB_MAX_UPLOAD_SIZE", str(max(size * 2, 1 << 30)))
    extra: dict[str, Any] = {"load_start": [round(x, 2) for x in os.getloadavg()]}
    try:
        source = work / "source.bin"
        sha = make_file(source, size)
        pairs = Pairs(source, work, args.repeat)
        pairs.cp()  # warm-up: both sides then read the source from the page cache
        client_pair(pairs, "embedded", None, sha)
        with server_process(work) as (base, server):
            warm_up(base, work)  # first requests load code and caches: not what a transfer costs
            processes = tree(server.pid)  # the supervisor and its workers: any of them may take the upload
            for pid in processes:
                Path(f"/proc/{pid}/clear_refs").write_text("5")  # the peak (VmHWM) restarts from here
            rss_before = {pid: memory_kb(pid, "VmRSS") for pid in processes}
            pairs.server = server.pid
            client_pair(pairs, "server client", base, sha)
            raw_http_pair(pairs, base, sha)
            pairs.server = None
            growth = [(memory_kb(pid, "VmHWM") - rss) / 1024 for pid, rss in rss_before.items()]
            extra["server_peak_growth_mib"] = max(growth)
            extra["server_processes"] = len(processes)
        extra["cp_fsync_seconds"] = pairs.cp(sync=True)[0]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    extra["load_end"] = [round(x, 2) for x in os.getloadavg()]
    text = report(size, args.dir, pairs, extra)
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".md").write_text(text)
    out.with_suffix(".json").write_text(json.dumps({"size_mib": size >> 20, **extra, "rows": pairs.rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
