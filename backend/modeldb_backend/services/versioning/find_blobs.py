"""VersioningService: findRepositoriesBlobs.

ModelDB's search over versioned content: select commits (of live repositories in the workspace, of
`repo_ids`, of `commits`, matching every predicate), then answer the distinct blobs of their snapshots under
`location_prefix` whose type is one of `blob_type` (any type when empty). Paging and `total_records` count
commits, last updated first, as ModelDB does; commits with an empty snapshot have no blobs and do not count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, Select, exists, func, literal, not_, or_, select
from sqlalchemy.orm import Session

from ...errors import InvalidArgument, NotFound
from ...pb.common import common_pb2
from ...pb.metadata import metadata_service_pb2 as mpb
from ...pb.versioning import versioning_service_pb2 as pb
from ...query import operands as o
from ...query.conditions import number_match, text_match
from ...query.finder import check_page
from ...store import versioning_models as vm
from ...store.lineage_models import MetadataLabel
from ..context import CallContext, read_only
from ..finders import predicates_of
from ..metadata.labels import CONTAIN, EQ, labelled
from ..projects.rpcs import workspace_of
from .hashing import EMPTY_TREE_SHA
from .snapshots import BlobAt, expanded_blobs, folder_at, walk

C = vm.Commit
_DATES = {
    "date_created": C.date_created,
    "time_logged": C.date_created,
    "date_updated": C.date_updated,
    "time_updated": C.date_updated,
}
_WORKSPACE_KEYS = {"workspace", "workspace_id", "workspace_name", "workspace_type"}
_SUPPORTED = "commit.author, commit.labels, tags, blob, date_created, date_updated, time_logged or time_updated"
# BlobType -> the suffix of the stored kinds of that type (PathDatasetBlob, PythonEnvironmentBlob, ...)
_KIND_SUFFIX: dict[int, str] = {
    pb.DATASET_BLOB: "DatasetBlob",
    pb.ENVIRONMENT_BLOB: "EnvironmentBlob",
    pb.CODE_BLOB: "CodeBlob",
    pb.CONFIG_BLOB: "ConfigBlob",
}
_COMMIT_LABEL_TYPES = (int(mpb.IDTypeEnum.VERSIONING_COMMIT), int(mpb.IDTypeEnum.VERSIONING_REPO_COMMIT))
_BLOB_LABEL_TYPE = int(mpb.IDTypeEnum.VERSIONING_REPO_COMMIT_BLOB)


def _check_predicate_shapes(queries: Sequence[common_pb2.KeyValueQuery]) -> None:
    """ModelDB's refusals, in its order, before any predicate is read."""
    for q in queries:
        if q.key == "id":
            raise InvalidArgument("predicates with ids not supported")
        if not q.key:
            raise InvalidArgument("predicates with empty key not supported")
        if q.value.WhichOneof("kind") == "string_value" and not q.value.string_value:
            raise InvalidArgument(f"Predicate does not contain string value in request: {q.key!r} has ''")
        if q.key.lower() in _WORKSPACE_KEYS:
            raise InvalidArgument("Workspace name OR type not supported as predicate")


def _label_text(pred: o.Predicate, positive: str) -> str:
    if positive not in (o.EQ, o.CONTAIN):
        raise InvalidArgument(
            f"predicate {pred.key!r}: {pred.op} cannot compare labels; use EQ, NE, CONTAIN or NOT_CONTAIN"
        )
    return o.as_text(pred.key, pred.op, o.scalar(pred.key, pred.op, pred.value))


def _commit_label_condition(pred: o.Predicate, positive: str) -> ColumnElement[bool]:
    """Commits labelled through MetadataService (VERSIONING_COMMIT or VERSIONING_REPO_COMMIT ids: the SHA)."""
    label = _label_text(pred, positive)
    operator = EQ if positive == o.EQ else CONTAIN
    hashes = [labelled([label], operator, t).subquery().c.entity_hash for t in _COMMIT_LABEL_TYPES]
    return or_(*(C.sha.in_(select(h)) for h in hashes))


def _blob_label_condition(pred: o.Predicate, positive: str) -> ColumnElement[bool]:
    """Commits with a labelled blob (VERSIONING_REPO_COMMIT_BLOB ids `<repo id>::<sha>::<location>`); ModelDB
    compares these labels ignoring case. SHAs are hex, so the LIKE pattern holds no wildcard of theirs."""
    text = _label_text(pred, positive).lower()
    label = MetadataLabel
    lowered = func.lower(label.label)
    match = lowered == text if positive == o.EQ else lowered.contains(text, autoescape=True)
    in_this_commit = label.entity_hash.like(literal("%::").concat(C.sha).concat("::%"))
    return exists().where(label.entity_type == _BLOB_LABEL_TYPE, match, in_this_commit)


def _condition(pred: o.Predicate) -> ColumnElement[bool]:
    positive = o.POSITIVE_OF.get(pred.op, pred.op)
    head, _, rest = pred.key.partition(".")
    head = head.lower()
    if head == "commit" and "label" in rest:
        cond = _commit_label_condition(pred, positive)
    elif head == "commit" and rest.lower() == "author":
        cond = text_match(C.author, positive, pred)
    elif pred.key in ("tags", "blob"):
        cond = _blob_label_condition(pred, positive)
    elif pred.key in _DATES:
        cond = number_match(_DATES[pred.key], positive, pred)
    elif head in ("commit", "attributes", "version"):
        raise InvalidArgument(f"predicate {pred.key!r} is not supported by findRepositoriesBlobs; use {_SUPPORTED}")
    else:
        raise InvalidArgument(f"Invalid predicate found : {pred.key}; use {_SUPPORTED}")
    return not_(cond) if positive != pred.op else cond


def _commits(request: pb.FindRepositoriesBlobs) -> Select[str, str]:
    """(sha, root_sha) of the selected commits with a non-empty snapshot, last updated first (then by SHA)."""
    repo, link = vm.Repository, vm.RepositoryCommit
    in_repos = (
        select(link.commit_sha)
        .join(repo, repo.id == link.repository_id)
        .where(~repo.deleted, repo.workspace == workspace_of(request.workspace_name))
    )
    if request.repo_ids:
        in_repos = in_repos.where(repo.id.in_([i for i in request.repo_ids if i < 2**63]))
    where: list[ColumnElement[bool]] = [C.sha.in_(in_repos), C.root_sha.not_in(("", EMPTY_TREE_SHA))]
    if request.commits:
        where.append(C.sha.in_(list(request.commits)))
    _check_predicate_shapes(request.predicates)
    where.extend(_condition(p) for p in predicates_of(request.predicates))
    return select(C.sha, C.root_sha).where(*where).order_by(C.date_updated.desc(), C.sha)


def _wanted_kind(kinds: Sequence[int]) -> tuple[str, ...] | None:
    for kind in kinds:
        if kind not in _KIND_SUFFIX:
            raise InvalidArgument(
                f"blob_type {kind} is not a blob type: use DATASET_BLOB, ENVIRONMENT_BLOB, CODE_BLOB or CONFIG_BLOB"
            )
    return tuple(_KIND_SUFFIX[k] for k in kinds) if kinds else None


def _blobs_under(session: Session, roots: Iterable[str], prefix: Sequence[str]) -> Iterable[BlobAt]:
    """The blobs under `prefix` of every snapshot in `roots` (snapshots without the prefix give none), read
    together: one SELECT per tree level for all of them, identical sub-trees once, not one walk per commit."""
    frontier: list[tuple[tuple[str, ...], str]] = []
    for root in roots:
        try:
            start = folder_at(session, root, prefix)  # no query for an empty prefix
        except NotFound:
            continue
        if start.is_tree:
            frontier.append((tuple(prefix), start.sha))
        else:
            yield BlobAt(tuple(prefix), start.sha, start.kind, start.attributes)
    for batch in walk(session, frontier):
        yield from batch


class FindBlobRpcs:
    """VersioningService: findRepositoriesBlobs."""

    @read_only  # a POST that only reads: no write transaction, no audit record
    def findRepositoriesBlobs(
        self, ctx: CallContext, request: pb.FindRepositoriesBlobs
    ) -> pb.FindRepositoriesBlobs.Response:
        check_page(request.page_number, request.page_limit)
        suffixes = _wanted_kind(request.blob_type)
        stmt = _commits(request)
        total = ctx.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0  # sha: one row each
        if request.page_number > 0 and request.page_limit > 0:
            stmt = stmt.limit(request.page_limit).offset((request.page_number - 1) * request.page_limit)
        seen: dict[tuple[tuple[str, ...], str, str], BlobAt] = {}  # the same blob at the same place: once
        roots = dict.fromkeys(row[1] for row in ctx.session.execute(stmt))
        for ref in _blobs_under(ctx.session, roots, list(request.location_prefix)):
            if suffixes is None or ref.kind.endswith(suffixes):
                seen.setdefault((ref.location, ref.sha, ref.attributes), ref)
        blobs = expanded_blobs(ctx.session, list(seen.values()))
        return pb.FindRepositoriesBlobs.Response(blobs=blobs, total_records=total)
