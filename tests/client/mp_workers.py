"""Worker functions for the multi-process tests (importable, as the spawn start method requires)."""

from __future__ import annotations

import os
from typing import Any


def log_worker(env: dict[str, str], target: str | None, names: tuple[str, str], index: int, n: int) -> dict[str, Any]:
    """Get-or-create the shared project, experiment and run (racing the other workers), log n points to an
    own run and to the shared one, flush and close; returns what the parent checks."""
    os.environ.update(env)
    from modeldb_jupyter.client import Client

    client = Client(target)
    client.set_project(names[0])
    client.set_experiment(names[1])
    own = client.set_experiment_run(f"worker-{index}")
    own.log_hyperparameter("index", index)
    shared = client.set_experiment_run("shared")
    for step in range(n):
        own.log_metric("x", float(step))
        shared.log_metric(f"w{index}", float(step))
        if step % 500 == 0:
            client.flush(60)  # interleave the workers' batches on the database
    delivered = client.flush(120)
    errors = [str(e) for e in client.errors]
    closed = client.close(60)
    return {"delivered": delivered, "closed": closed, "errors": errors, "own": own.id, "shared": shared.id}
