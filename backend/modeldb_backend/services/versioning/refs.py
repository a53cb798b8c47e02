"""VersioningService: branches and tags (List/Get/Set/Delete).

A branch points at any commit of its repository and may move anywhere (ModelDB's client moves a branch to a
sibling commit in `TestBranch.test_change`); a tag is set once and never moves.

Lost updates. ModelDB's client saves on a branch in two calls: CreateCommit(parents=[head it read]) and then
SetBranch(branch, new commit). Two clients that read the same head P both make a child of P; without a rule
the second SetBranch silently drops the first client's commit. The rule:

    SetBranch(b, new) is refused (ABORTED, 409) when a parent P of `new` is a commit that `b` pointed to,
    `b` has since moved from P to a different commit that descends from P, and `new` does not descend from
    where `b` is now.

So exactly one of two concurrent saves on one parent wins, and the other learns that the branch moved under
it. Moving a branch to a commit that was never made on one of its heads stays free: in test_change,
`banana` is created on c1 and then set to c2, a sibling made from the root, which `banana` never pointed to.
Fast-forwards (the new commit descends from the current head), moves backwards, and moves to unrelated
commits are all allowed. "Pointed to" is the branch's history since it was last created: `master` starts
at the repository's initial commit (CreateRepository), and every SetBranch and DeleteBranch leaves an audit
record of the branch (entity type `branch`), written in the same transaction as the move, so the audit trail
is the branch's reflog.

Ref changes of one repository serialize on the repository row (SELECT ... FOR UPDATE on PostgreSQL; SQLite
transactions that write run one at a time), and the move itself is a compare-and-swap (UPDATE ... WHERE
commit_sha = <the head the rule looked at>), so two concurrent moves can never both pass the rule.
"""

from __future__ import annotations

import json
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from ...errors import AlreadyExists, Code, InvalidArgument, ModelDBError, NotFound
from ...limits import MAX_NAME_LENGTH
from ...pb.versioning import versioning_pb2 as vpb
from ...pb.versioning import versioning_service_pb2 as pb
from ...store import versioning_models as vm
from ...store.models import AuditRecord
from ..context import CallContext
from ..values import check_name
from .hashing import sha256_hex
from .history import is_ancestor
from .lookup import commit_messages, require_commit, resolve_repository
from .repositories import DEFAULT_BRANCH

BRANCH, TAG = "branch", "tag"  # audit entity types of refs (entity id: ref_entity_id)
Ref = type[vm.Branch] | type[vm.RepositoryTag]
_KIND: dict[Ref, tuple[str, str]] = {vm.Branch: ("Branch", BRANCH), vm.RepositoryTag: ("Tag", TAG)}  # word, audit type


class Aborted(ModelDBError):
    """The request lost a race with another change (409 over REST, ABORTED over gRPC): read again and retry."""

    code = Code.ABORTED


def check_ref_name(name: str, what: str) -> str:
    """Branch and tag names follow the repository name rules: they are path segments of the REST routes."""
    if not name:
        raise InvalidArgument(f"{what} name is empty: name the {what.lower()}")
    if any(c in name for c in ":/\\"):
        raise InvalidArgument("Name can not contain ':' or '/' or '\\\\'")
    return check_name(name, what)


def ref_entity_id(repository_id: int, name: str) -> str:
    """The audit entity id of a branch or tag: `<repository id>:<name>`, or the name's SHA-256 when that would
    not fit the column (names may be as long as the column themselves)."""
    plain = f"{repository_id}:{name}"
    return plain if len(plain) <= MAX_NAME_LENGTH else f"{repository_id}:sha256:{sha256_hex(name.encode())}"


def _sorted_names(session: Session, model: Ref, repository_id: int) -> list[str]:
    return list(session.scalars(select(model.name).where(model.repository_id == repository_id).order_by(model.name)))


def _target_commit(session: Session, repository_id: int, sha: str) -> str:
    if not sha:
        raise InvalidArgument("Commit SHA should not be empty: pass the commit to point at")
    message = f"Commit_hash and repository_id mapping not found for repository {repository_id} and commit {sha}"
    return require_commit(session, repository_id, sha, message).sha


# --- the lost-update rule ------------------------------------------------------------------------------------


def _parents(session: Session, sha: str) -> list[str]:
    cp = vm.CommitParent
    return list(session.scalars(select(cp.parent_sha).where(cp.child_sha == sha).order_by(cp.parent_order)))


def _former_heads(session: Session, repository_id: int, branch: str) -> tuple[set[str], bool]:
    """The commits `branch` pointed to since it was last created (from its audit records, oldest first), and
    whether it still carries its creation with the repository (then it also pointed at the initial commit)."""
    audit = AuditRecord
    stmt = (
        select(audit.changes)
        .where(audit.entity_id == ref_entity_id(repository_id, branch), audit.entity_type == BRANCH)
        .order_by(audit.id)
    )
    heads: set[str] = set()
    from_creation = branch == DEFAULT_BRANCH
    for text in session.scalars(stmt):
        change = json.loads(text)
        if change.get("deleted"):
            heads.clear()
            from_creation = False
        elif change.get("commit_sha"):
            heads.add(change["commit_sha"])
    return heads, from_creation


def _pointed_to(session: Session, repository_id: int, branch: str, candidates: list[str]) -> list[str]:
    """Which of `candidates` the branch has pointed to."""
    heads, from_creation = _former_heads(session, repository_id, branch)
    # The initial commit is the repository's only commit without parents (every other commit needs one).
    return [c for c in candidates if c in heads or (from_creation and not _parents(session, c))]


def check_no_lost_update(session: Session, repository_id: int, branch: str, current: str, new: str) -> None:
    """Refuse moving `branch` from `current` to `new` when that would drop commits (the rule in the module doc)."""
    parents = _parents(session, new)
    if current in parents or is_ancestor(session, current, new):
        return  # a fast-forward: the common case, a save on the branch
    for parent in _pointed_to(session, repository_id, branch, [p for p in parents if p != current]):
        if is_ancestor(session, parent, current):
            raise Aborted(
                f"Branch '{branch}' moved from {parent} to {current} while commit {new} was made on {parent}; "
                f"setting it to {new} would drop {current}. Read the branch again, make your change on top of "
                f"{current} (or merge), and set the branch to that commit"
            )


def _move(session: Session, repository_id: int, branch: str, old: str, new: str) -> None:
    """Compare-and-swap: the branch moves only if it still points where the rule saw it."""
    b = vm.Branch
    stmt = update(b).where(b.repository_id == repository_id, b.name == branch, b.commit_sha == old)
    result = cast(CursorResult[Any], session.execute(stmt.values(commit_sha=new)))
    if result.rowcount != 1:
        raise Aborted(f"Branch '{branch}' moved while it was being set: read it again and retry")


# --- what branches and tags share ----------------------------------------------------------------------------


def _ref(session: Session, model: Ref, repository_id: int, name: str) -> vm.Branch | vm.RepositoryTag:
    """The branch or tag `name`; NOT_FOUND `Branch not found <name>` / `Tag not found <name>` (ModelDB's)."""
    row = cast(vm.Branch | vm.RepositoryTag | None, session.get(model, (repository_id, name)))
    if row is None:
        raise NotFound(f"{_KIND[model][0]} not found {name}")
    return row


def _ref_commit(ctx: CallContext, model: Ref, rid: vpb.RepositoryIdentification, name: str) -> pb.Commit:
    repo = resolve_repository(ctx.session, rid)
    sha = _ref(ctx.session, model, repo.id, name).commit_sha
    return commit_messages(ctx.session, [require_commit(ctx.session, repo.id, sha)])[0]


def _delete_ref(ctx: CallContext, model: Ref, rid: vpb.RepositoryIdentification, name: str) -> None:
    what, entity_type = _KIND[model]
    if not name:
        raise InvalidArgument(f"{what} not found in the Delete{what}Request")
    repo = resolve_repository(ctx.session, rid, for_update=True)
    sha = _ref(ctx.session, model, repo.id, name).commit_sha
    ctx.session.execute(delete(model).where(model.repository_id == repo.id, model.name == name))
    changes = {what.lower(): name, "deleted": True, "commit_sha": sha}
    ctx.audit(entity_type, ref_entity_id(repo.id, name), changes)


class RefRpcs:
    """VersioningService: branches and tags (List/Get/Set/Delete)."""

    # --- branches ----------------------------------------------------------------------------------------

    def ListBranches(self, ctx: CallContext, request: pb.ListBranchesRequest) -> pb.ListBranchesRequest.Response:
        repo = resolve_repository(ctx.session, request.repository_id)
        names = _sorted_names(ctx.session, vm.Branch, repo.id)
        return pb.ListBranchesRequest.Response(branches=names, total_records=len(names))

    def GetBranch(self, ctx: CallContext, request: pb.GetBranchRequest) -> pb.GetBranchRequest.Response:
        commit = _ref_commit(ctx, vm.Branch, request.repository_id, request.branch)
        return pb.GetBranchRequest.Response(commit=commit)

    def SetBranch(self, ctx: CallContext, request: pb.SetBranchRequest) -> pb.SetBranchRequest.Response:
        """Create the branch on commit_sha or move it there, unless that loses commits (see the module doc)."""
        name = check_ref_name(request.branch, "Branch")
        repo = resolve_repository(ctx.session, request.repository_id, for_update=True)
        new = _target_commit(ctx.session, repo.id, request.commit_sha)
        row = ctx.session.get(vm.Branch, (repo.id, name))
        old = row.commit_sha if row is not None else ""
        if row is None:
            ctx.session.add(vm.Branch(repository_id=repo.id, name=name, commit_sha=new))
        elif old != new:
            check_no_lost_update(ctx.session, repo.id, name, old, new)
            _move(ctx.session, repo.id, name, old, new)
        changes = {"branch": name, "commit_sha": new, "previous_commit_sha": old}
        ctx.audit(BRANCH, ref_entity_id(repo.id, name), changes)
        return pb.SetBranchRequest.Response()

    def DeleteBranch(self, ctx: CallContext, request: pb.DeleteBranchRequest) -> pb.DeleteBranchRequest.Response:
        _delete_ref(ctx, vm.Branch, request.repository_id, request.branch)  # its audit record ends its history
        return pb.DeleteBranchRequest.Response()

    # --- tags --------------------------------------------------------------------------------------------

    def ListTags(self, ctx: CallContext, request: pb.ListTagsRequest) -> pb.ListTagsRequest.Response:
        repo = resolve_repository(ctx.session, request.repository_id)
        names = _sorted_names(ctx.session, vm.RepositoryTag, repo.id)
        return pb.ListTagsRequest.Response(tags=names, total_records=len(names))

    def GetTag(self, ctx: CallContext, request: pb.GetTagRequest) -> pb.GetTagRequest.Response:
        return pb.GetTagRequest.Response(commit=_ref_commit(ctx, vm.RepositoryTag, request.repository_id, request.tag))

    def SetTag(self, ctx: CallContext, request: pb.SetTagRequest) -> pb.SetTagRequest.Response:
        """Tags are immutable: an existing tag is 409 (ModelDB answers NOT_FOUND there, a bug)."""
        name = check_ref_name(request.tag, "Tag")
        repo = resolve_repository(ctx.session, request.repository_id, for_update=True)
        sha = _target_commit(ctx.session, repo.id, request.commit_sha)
        if ctx.session.get(vm.RepositoryTag, (repo.id, name)) is not None:
            raise AlreadyExists(f"Tag '{name}' already exists")
        ctx.session.add(vm.RepositoryTag(repository_id=repo.id, name=name, commit_sha=sha))
        ctx.audit(TAG, ref_entity_id(repo.id, name), {"tag": name, "commit_sha": sha})
        return pb.SetTagRequest.Response()

    def DeleteTag(self, ctx: CallContext, request: pb.DeleteTagRequest) -> pb.DeleteTagRequest.Response:
        _delete_ref(ctx, vm.RepositoryTag, request.repository_id, request.tag)
        return pb.DeleteTagRequest.Response()
