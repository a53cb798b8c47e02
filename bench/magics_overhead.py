"""What the magics cost: time added to a trivial cell by auto-logging, and `import` + `%load_ext` time.

    python bench/magics_overhead.py [--cells 1000] [--loads 5]

Targets: hook time per cell < 2 ms median and < 5 ms p95; import + %load_ext < 0.5 s.

Hook time is measured directly: timing callbacks registered around the extension's own pre_run_cell and
post_run_cell callbacks (IPython calls callbacks in registration order), so it is the time spent in the
hooks, including building and queueing the record. The whole cell's time with and without the extension is
shown too (the client's sender thread works in the background meanwhile). Everything runs on the embedded
store in a temporary $MODELDB_HOME (or `--url`: a server, as under Jupyter, where the backend's work happens
in the server process instead of in the kernel's), with an active run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

LOAD = """
import time
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config
config = Config()
config.HistoryManager.hist_file = ":memory:"
shell = InteractiveShell.instance(config=config)
start = time.perf_counter()
import modeldb_jupyter
shell.run_line_magic("load_ext", "modeldb_jupyter")
print(time.perf_counter() - start)
"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def load_times(loads: int, home: Path) -> list[float]:
    """import modeldb_jupyter + %load_ext in fresh interpreters (the shell already exists, as in a kernel)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MODELDB_", "JPY_"))}
    env["MODELDB_HOME"] = str(home)
    times = []
    for _ in range(loads):
        done = subprocess.run([sys.executable, "-c", LOAD], env=env, capture_output=True, text=True, check=True)
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return times


def make_shell() -> Any:
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    return InteractiveShell.instance(config=config)


def cell_times(shell: Any, cells: int, source: str = "x = 1") -> list[float]:
    times = []
    for _ in range(cells):
        start = time.perf_counter()
        shell.run_cell(source, store_history=True)
        times.append(time.perf_counter() - start)
    return times


def hook_times(shell: Any, cells: int) -> list[float]:
    """Per cell: time inside the extension's pre_run_cell + post_run_cell callbacks."""
    events = shell.events
    marks: dict[str, float] = {}
    spent: list[float] = []

    def mark(name: str) -> Callable[[Any], None]:
        def callback(_: Any) -> None:
            marks[name] = time.perf_counter()

        return callback

    def total(_: Any) -> None:
        marks["post_end"] = time.perf_counter()
        spent.append((marks["pre_end"] - marks["pre_start"]) + (marks["post_end"] - marks["post_start"]))

    ours = {name: list(events.callbacks[name]) for name in ("pre_run_cell", "post_run_cell")}
    for name, start, end in (("pre_run_cell", "pre_start", "pre_end"), ("post_run_cell", "post_start", total)):
        events.callbacks[name][:] = [mark(start), *ours[name], end if callable(end) else mark(end)]
    try:
        cell_times(shell, cells)
    finally:
        for name, callbacks in ours.items():
            events.callbacks[name][:] = callbacks
    return spent


def report(label: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return f"{label:<44} median {statistics.median(ms):7.3f} ms   p95 {percentile(ms, 95):7.3f} ms   (n={len(ms)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cells", type=int, default=1000)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--url", help="log to this server instead of the embedded store (as under Jupyter)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for key in [k for k in os.environ if k.startswith(("MODELDB_", "JPY_"))]:
            del os.environ[key]
        os.environ["MODELDB_HOME"] = str(Path(tmp) / "home")
        if args.url:
            os.environ["MODELDB_URL"] = args.url
        loads = load_times(args.loads, Path(tmp) / "load-home")
        shell = make_shell()
        cell_times(shell, 200)  # warm-up
        plain = cell_times(shell, args.cells)
        shell.run_line_magic("load_ext", "modeldb_jupyter")
        shell.run_cell("%modeldb project bench", store_history=True)
        shell.run_cell("%modeldb run overhead", store_history=True)
        cell_times(shell, 200)  # warm-up: first records, key caches
        hooks = hook_times(shell, args.cells)
        tracked = cell_times(shell, args.cells)
        shell.run_cell("%modeldb autolog off", store_history=True)
        off = cell_times(shell, args.cells)
        shell.run_cell("%modeldb autolog on", store_history=True)
        shell.run_cell("%modeldb end", store_history=True)
        shell.run_line_magic("unload_ext", "modeldb_jupyter")
    print(f"backend: {args.url or 'embedded store (in this process)'}")
    print(f"import modeldb_jupyter + %load_ext (fresh interpreter, x{len(loads)}): median "
          f"{statistics.median(loads):.3f} s, max {max(loads):.3f} s   (target < 0.5 s)")  # fmt: skip
    print(report("auto-logging hooks per trivial cell", hooks) + "   (target < 2 ms median, < 5 ms p95)")
    print(report("whole cell `x = 1`, extension not loaded", plain))
    print(report("whole cell `x = 1`, active run, auto-logging", tracked))
    print(report("whole cell `x = 1`, active run, autolog off", off))


if __name__ == "__main__":
    main()
