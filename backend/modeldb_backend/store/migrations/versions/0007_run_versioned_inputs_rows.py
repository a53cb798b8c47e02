"""run versioned inputs: the VersioningEntry JSON of experiment_runs.versioned_inputs moves to run_versioned_inputs

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 12:20:00.000000

Runs are now linked to commits through run_versioned_inputs rows (one per key; a link without keys is one row
with the key ""), which the server reads instead of the JSON column. Every entry the rows can hold moves there
and its JSON is cleared, so there is one source; an entry they cannot hold (no repository or commit, a key or
commit longer than the columns) stays in the JSON column, untouched, rather than being dropped. A moved link
shows only once its repository exists and holds its commit, as every link does. Downgrade moves them back.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

LINK_ONLY = ""  # the key of a link without keys (services/experiment_runs/versioned_input_rows.py)
MAX_REPOSITORY_ID = 2**31 - 1  # run_versioned_inputs.repository_id is an INTEGER
MAX_COMMIT = 64  # width of run_versioned_inputs.commit_sha
MAX_KEY = 250  # width of run_versioned_inputs.key

runs = sa.table("experiment_runs", sa.column("id", sa.String), sa.column("versioned_inputs", sa.Text))
links = sa.table(
    "run_versioned_inputs",
    sa.column("run_id", sa.String),
    sa.column("key", sa.String),
    sa.column("repository_id", sa.Integer),
    sa.column("commit_sha", sa.String),
    sa.column("location", sa.Text),
)


def location_text(location: list[str]) -> str:
    """As versioned_input_rows.location_text spells it (the server compares locations as this text)."""
    return json.dumps(location, ensure_ascii=False, separators=(",", ":"))


def _segments(location: Any) -> bool:
    return isinstance(location, list) and all(isinstance(s, str) for s in location)


def rows_of(run_id: str, text: str) -> list[dict[str, Any]] | None:
    """The link rows of one run's VersioningEntry JSON, or None when the rows cannot hold it."""
    try:
        entry = json.loads(text)
        repository_id = int(entry.get("repository_id", 0))
        commit = entry.get("commit", "")
        keys = {k: v.get("location", []) for k, v in entry.get("key_location_map", {}).items()}
    except (ValueError, TypeError, AttributeError):
        return None
    if not 0 < repository_id <= MAX_REPOSITORY_ID or not isinstance(commit, str) or not 0 < len(commit) <= MAX_COMMIT:
        return None
    if any(not 0 < len(k) <= MAX_KEY or not _segments(loc) for k, loc in keys.items()):
        return None
    base = {"run_id": run_id, "repository_id": repository_id, "commit_sha": commit}
    if not keys:
        return [{**base, "key": LINK_ONLY, "location": "[]"}]
    return [{**base, "key": k, "location": location_text(list(loc))} for k, loc in keys.items()]


def upgrade() -> None:
    conn = op.get_bind()
    linked = set(conn.scalars(sa.select(links.c.run_id).distinct()))
    found = conn.execute(
        sa.select(runs.c.id, runs.c.versioned_inputs).where(
            runs.c.versioned_inputs.is_not(None), runs.c.versioned_inputs != ""
        )
    ).all()
    for run_id, text in found:
        rows = rows_of(run_id, text) if run_id not in linked else None
        if rows is None:
            continue
        conn.execute(links.insert(), rows)
        conn.execute(runs.update().where(runs.c.id == run_id).values(versioned_inputs=None))


def downgrade() -> None:
    conn = op.get_bind()
    entries: dict[str, dict[str, Any]] = {}
    for run_id, key, repository_id, commit, location in conn.execute(
        sa.select(links.c.run_id, links.c.key, links.c.repository_id, links.c.commit_sha, links.c.location)
    ):
        entry = entries.setdefault(run_id, {"repository_id": str(repository_id), "commit": commit})
        if key != LINK_ONLY:
            entry.setdefault("key_location_map", {})[key] = {"location": json.loads(location)}
    for run_id, entry in entries.items():
        text = json.dumps(entry, sort_keys=True)
        conn.execute(runs.update().where(runs.c.id == run_id).values(versioned_inputs=text))
    conn.execute(links.delete())
