"""ExperimentRunService and versioning: runs linked to commits (logVersionedInput, getVersionedInputs) and the
runs of a commit or of one blob location (ListCommitExperimentRuns, ListBlobExperimentRuns).

A run links to one (repository, commit) and names blobs of that commit by key. Every link is checked against
the versioning store before it is written: the repository is live, holds the commit, and every key's location
is a blob of that commit (ModelDB's VersionInputHandler, with its messages). The rows: versioned_input_rows.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement

from ...errors import AlreadyExists, InvalidArgument
from ...pb.common import common_pb2
from ...pb.modeldb import experiment_run_service_pb2 as pb
from ...pb.versioning import versioning_pb2 as vpb
from ...query.finder import Find, run_find
from ...query.kinds import RUNS
from ...query.sorting import sort_keys
from ...store import models as m
from ...store import versioning_models as vm
from ..context import CallContext
from ..finders import messages
from ..loading import live_run
from ..values import check_key
from ..versioning.blob_locations import blobs_at, java_list
from ..versioning.lookup import require_commit, resolve_repository
from .changes import changed_run, require_message
from .versioned_input_rows import (
    add_links,
    drop_links,
    linked_keys,
    linked_pair,
    load_versioned_inputs,
    runs_linked_to,
)

DIFFERENT_VERSIONING_ENTRY = (
    "Can't add new versioning entry, because an existing one has different repository or commit"
)


def checked_commit(ctx: CallContext, repository: vpb.RepositoryIdentification, sha: str) -> tuple[int, vm.Commit]:
    """The live repository's id and its commit `sha`; NOT_FOUND as ModelDB when either is missing."""
    repo = resolve_repository(ctx.session, repository)
    return repo.id, require_commit(ctx.session, repo.id, sha)


def checked_entry(ctx: CallContext, entry: pb.VersioningEntry) -> tuple[int, str, dict[str, list[str]]]:
    """A VersioningEntry checked as ModelDB does: (repository id, commit, key -> location) ready to store."""
    if not entry.repository_id:
        raise InvalidArgument("Repository Id not found in VersioningEntry")
    if not entry.commit:
        raise InvalidArgument("Commit hash not found in VersioningEntry")
    locations = {check_key(k, "versioned input key"): list(v.location) for k, v in entry.key_location_map.items()}
    repo_id, commit = checked_commit(ctx, vpb.RepositoryIdentification(repo_id=entry.repository_id), entry.commit)
    found = blobs_at(ctx.session, commit.root_sha, list(locations.values()))
    for key in sorted(locations):
        if tuple(locations[key]) not in found:
            raise InvalidArgument(
                f"Blob Location '{java_list(locations[key])}' for key '{key}' not found in commit blobs: "
                "each key must name the location of a blob of that commit"
            )
    return repo_id, commit.sha, locations


def link_run(ctx: CallContext, run_id: str, entry: pb.VersioningEntry) -> None:
    """Check `entry` and link the run to it. A run already linked to another (repository, commit) is a 409;
    the same pair adds the keys the run does not have yet (a key keeps its first location, as in ModelDB)."""
    repo_id, commit, locations = checked_entry(ctx, entry)
    current = linked_pair(ctx.session, run_id)
    if current is not None and current != (repo_id, commit):
        raise AlreadyExists(DIFFERENT_VERSIONING_ENTRY)
    if current is None and linked_keys(ctx.session, run_id):
        drop_links(ctx.session, run_id)  # rows of a repository or commit since deleted: nothing visible to keep
    add_links(ctx.session, run_id, repo_id, commit, locations)


class RunVersionedInputRpcs:
    """ExperimentRunService's links between runs and versioning commits."""

    def logVersionedInput(self, ctx: CallContext, request: pb.LogVersionedInput) -> pb.LogVersionedInput.Response:
        require_message(request.HasField("versioned_inputs"), "versioned_inputs")
        row = changed_run(ctx, request.id)  # locked: concurrent links of one run are serialised
        link_run(ctx, row.id, request.versioned_inputs)
        return pb.LogVersionedInput.Response()

    def getVersionedInputs(self, ctx: CallContext, request: pb.GetVersionedInput) -> pb.GetVersionedInput.Response:
        """The run's link, omitted when there is none or its repository (or commit) is gone."""
        row = live_run(ctx.session, request.id)
        response = pb.GetVersionedInput.Response()
        entry = load_versioned_inputs(ctx.session, [row.id]).get(row.id)
        if entry is not None:
            response.versioned_inputs.CopyFrom(entry)
        return response

    def ListCommitExperimentRuns(
        self, ctx: CallContext, request: pb.ListCommitExperimentRunsRequest
    ) -> pb.ListCommitExperimentRunsRequest.Response:
        """Live runs linked to the commit, oldest update first, paged by `pagination` (0s: every run)."""
        runs, total = _linked_runs(ctx, request.repository_id, request.commit_sha, request.pagination, None)
        return pb.ListCommitExperimentRunsRequest.Response(runs=runs, total_records=total)

    def ListBlobExperimentRuns(
        self, ctx: CallContext, request: pb.ListBlobExperimentRunsRequest
    ) -> pb.ListBlobExperimentRunsRequest.Response:
        """Live runs with a key at exactly `location` of the commit, oldest update first, paged."""
        location = list(request.location)
        runs, total = _linked_runs(ctx, request.repository_id, request.commit_sha, request.pagination, location)
        return pb.ListBlobExperimentRunsRequest.Response(runs=runs, total_records=total)


def _linked_runs(
    ctx: CallContext,
    repository: vpb.RepositoryIdentification,
    sha: str,
    pagination: common_pb2.Pagination,
    location: list[str] | None,
) -> tuple[list[pb.ExperimentRun], int]:
    if not sha:
        raise InvalidArgument("Commit SHA should not be empty")
    repo_id, commit = checked_commit(ctx, repository, sha)
    if location == []:
        raise InvalidArgument(
            "Blob location not found in ListBlobExperimentRunsRequest: set location to the blob's path segments"
        )
    where: list[ColumnElement[bool]] = [m.ExperimentRun.id.in_(runs_linked_to(repo_id, commit.sha, location))]
    page = Find(RUNS, where, sort_keys("date_updated", True), pagination.page_number, pagination.page_limit)
    found = run_find(ctx.session, page)
    return messages(ctx.session, RUNS, found.rows), found.total
