"""VersioningService: CreateRepository and GetRepository (the other repository RPCs: repository_admin)."""

from __future__ import annotations

from sqlalchemy import select

from ...errors import AlreadyExists, InvalidArgument
from ...pb.versioning import versioning_service_pb2 as pb
from ...store import versioning_models as vm
from ..context import CallContext
from ..loading import new_id
from ..projects.rpcs import workspace_of
from ..values import check_key, check_name
from .hashing import EMPTY_TREE_SHA
from .lookup import REPOSITORY, attributes_json, insert_commit, repository_message, resolve_repository

INITIAL_COMMIT_MESSAGE = "Initial commit"
DEFAULT_BRANCH = "master"


def check_repository_name(name: str) -> str:
    """ModelDB's repository name rules (`:` `/` `\\` refused; names go into URLs), plus ours for all names
    (length, control characters). Shared with branch and tag names."""
    if any(c in name for c in ":/\\"):
        raise InvalidArgument("Name can not contain ':' or '/' or '\\\\'")
    return check_name(name, "Repository")


def require_free_name(ctx: CallContext, workspace: str, name: str) -> None:
    """ALREADY_EXISTS unless no live repository of `workspace` is called `name` (deleted ones free their names).

    Create and rename check with it before writing; a concurrent writer of the same name still fails at the
    flush, on the live-name unique index.
    """
    clash = ctx.session.scalar(
        select(vm.Repository.id).where(
            vm.Repository.workspace == workspace, vm.Repository.name == name, ~vm.Repository.deleted
        )
    )
    if clash is not None:
        raise AlreadyExists(f"Repository '{name}' already exists in this workspace")


class RepositoryRpcs:
    def CreateRepository(self, ctx: CallContext, request: pb.SetRepository) -> pb.SetRepository.Response:
        """A repository with its `Initial commit` (no parents, empty snapshot) and `master` on it, at once."""
        spec = request.repository
        name = check_repository_name(spec.name) or f"repository-{new_id()[:8]}"
        workspace = workspace_of(request.id.named_id.workspace_name)
        keys = [check_key(a.key, "attribute key") for a in spec.attributes]
        if len(set(keys)) != len(keys):
            raise InvalidArgument("repository attributes have a key twice: attribute keys must be unique")
        require_free_name(ctx, workspace, name)
        created = spec.date_created or ctx.now
        row = vm.Repository(
            workspace=workspace,
            name=name,
            description=spec.description,
            owner=ctx.actor,
            date_created=created,
            date_updated=spec.date_updated or created,
            version_number=1,
            repository_visibility=int(spec.repository_visibility),
            visibility=int(spec.visibility),
            attributes=attributes_json(spec.attributes),
            deleted=False,
        )
        ctx.session.add(row)
        ctx.session.flush()  # the id; a concurrent duplicate fails here on the live-name index (409)
        # Dated like the repository: repositories created with the same date_created share one initial commit
        # (same content, same SHA; repository_commits links it to each).
        commit = insert_commit(ctx, row.id, [], INITIAL_COMMIT_MESSAGE, EMPTY_TREE_SHA, date_created=created)
        ctx.session.add(vm.Branch(repository_id=row.id, name=DEFAULT_BRANCH, commit_sha=commit.commit_sha))
        ctx.audit(REPOSITORY, str(row.id))
        return pb.SetRepository.Response(repository=repository_message(row))

    def GetRepository(self, ctx: CallContext, request: pb.GetRepositoryRequest) -> pb.GetRepositoryRequest.Response:
        row = resolve_repository(ctx.session, request.id)
        return pb.GetRepositoryRequest.Response(repository=repository_message(row))
