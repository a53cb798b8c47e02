"""VersioningService: ListRepositories, UpdateRepository, DeleteRepository and findRepositories."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from google.protobuf import json_format
from sqlalchemy import ColumnElement, Select, delete, func, not_, or_, select
from sqlalchemy.orm import Session

from ...errors import InvalidArgument
from ...pb.common import common_pb2
from ...pb.versioning import versioning_service_pb2 as pb
from ...query import operands as o
from ...query.conditions import number_match, text_match
from ...query.finder import check_page
from ...store import models as m
from ...store import versioning_models as vm
from ..artifacts.blobs import forget_owners
from ..context import CallContext, read_only
from ..finders import predicates_of
from ..metadata.ids import REPOSITORY as LABELLED_REPOSITORY
from ..metadata.labels import CONTAIN, EQ, delete_labels, labelled_repository_ids
from ..projects.rpcs import workspace_of
from ..values import check_key
from .lookup import REPOSITORY, repository_message, resolve_repository
from .repositories import check_repository_name, require_free_name

MAX_PAGE_LIMIT = 100  # ListRepositories' page_limit range is 1..100 (ModelDB)
R = vm.Repository
# findRepositories keys compared with a column of the repository itself
_TEXT_COLUMNS = {"name": R.name, "description": R.description, "owner": R.owner}
_NUMBER_COLUMNS = {"id": R.id, "date_created": R.date_created, "date_updated": R.date_updated}
_KEYS_HELP = "name, description, owner, id, date_created, date_updated, labels or attributes.<key>"


def _live_in(workspace_name: str) -> list[ColumnElement[bool]]:
    return [~R.deleted, R.workspace == workspace_of(workspace_name)]


def _page(
    session: Session, where: Sequence[ColumnElement[bool]], limit: int | None, offset: int
) -> tuple[list[vm.Repository], int]:
    """The page of repositories matching `where`, last updated first (then newest id), and the count of all."""
    total = session.scalar(select(func.count()).select_from(R).where(*where)) or 0
    stmt: Select[vm.Repository] = select(R).where(*where).order_by(R.date_updated.desc(), R.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return list(session.scalars(stmt)), total


# --- updates ----------------------------------------------------------------------------------------------


def _merged_attributes(stored: str, updates: Sequence[common_pb2.KeyValue]) -> str:
    """The stored attributes with `updates` upserted by key: existing keys keep their place, new keys follow."""
    keys = [check_key(a.key, "attribute key") for a in updates]
    if len(set(keys)) != len(keys):
        raise InvalidArgument("repository attributes have a key twice: attribute keys must be unique")
    merged: dict[str, Any] = {a["key"]: a for a in json.loads(stored)}
    for attribute in updates:
        merged[attribute.key] = json_format.MessageToDict(attribute, preserving_proto_field_name=True)
    return json.dumps(list(merged.values()))


# --- findRepositories predicates -----------------------------------------------------------------------------


def _label_condition(pred: o.Predicate) -> ColumnElement[bool]:
    """Repositories carrying a label (MetadataService labels): EQ exactly, CONTAIN as a case-insensitive
    substring, IN any of a list; NE, NOT_CONTAIN and NOT_IN are their negations (repositories without labels
    match them)."""
    positive = o.POSITIVE_OF.get(pred.op, pred.op)
    if positive == o.IN:
        values = [o.as_text(pred.key, pred.op, v) for v in o.values(pred.key, pred.op, pred.value)]
        cond = or_(*(R.id.in_(labelled_repository_ids([v], EQ)) for v in values)) if values else R.id.in_([])
    elif positive in (o.EQ, o.CONTAIN):
        label = o.as_text(pred.key, pred.op, o.scalar(pred.key, pred.op, pred.value))
        cond = R.id.in_(labelled_repository_ids([label], EQ if positive == o.EQ else CONTAIN))
    else:
        raise InvalidArgument(f"predicate {pred.key!r}: {pred.op} cannot compare labels; use EQ, NE, CONTAIN or IN")
    return not_(cond) if positive != pred.op else cond


def _column_condition(pred: o.Predicate) -> ColumnElement[bool] | None:
    positive = o.POSITIVE_OF.get(pred.op, pred.op)
    if "owner" in pred.key:  # ModelDB: any key containing "owner" filters by owner
        cond = text_match(R.owner, positive, pred)
    elif pred.key in _TEXT_COLUMNS:
        cond = text_match(_TEXT_COLUMNS[pred.key], positive, pred)
    elif pred.key in _NUMBER_COLUMNS:
        cond = number_match(_NUMBER_COLUMNS[pred.key], positive, pred)
    else:
        return None
    return not_(cond) if positive != pred.op else cond


def _attribute_matches(attributes: str, pred: o.Predicate) -> bool:
    """Whether a repository's stored attributes satisfy `attributes.<key> <op> value` (negations: no match)."""
    key = pred.key.partition(".")[2]
    values = [a.get("value") for a in json.loads(attributes) if a.get("key") == key]
    positive = o.POSITIVE_OF.get(pred.op, pred.op)
    hit = any(_value_matches(v, positive, pred) for v in values)
    return hit if positive == pred.op else not hit


def _value_matches(stored: Any, op: str, pred: o.Predicate) -> bool:
    """One attribute value against a positive operator: numbers compare numerically, strings as text, CONTAIN
    is a case-insensitive substring of the value's text, other values (booleans, lists, objects) match by EQ."""
    if op == o.IN:
        items = o.values(pred.key, pred.op, pred.value)
        return any(_value_matches(stored, o.EQ, o.Predicate(pred.key, o.EQ, item)) for item in items)
    value = o.scalar(pred.key, pred.op, pred.value)
    if op == o.CONTAIN:
        text = stored if isinstance(stored, str) else json.dumps(stored)
        return o.as_text(pred.key, pred.op, value).lower() in text.lower()
    numbers = o.is_number(stored) and o.is_number(value) and not isinstance(stored, bool)
    if numbers or (isinstance(stored, str) and isinstance(value, str)):
        return bool(_ORDER[op](stored, value))
    return op == o.EQ and json.dumps(stored) == json.dumps(value)


_ORDER = {
    o.EQ: lambda a, b: a == b,
    o.GT: lambda a, b: a > b,
    o.GTE: lambda a, b: a >= b,
    o.LT: lambda a, b: a < b,
    o.LTE: lambda a, b: a <= b,
}


def _checked_attribute_predicate(pred: o.Predicate) -> o.Predicate:
    """Refuse, before anything is read, what _value_matches could not evaluate."""
    o.check_size(pred.key, pred.op, pred.value)
    positive = o.POSITIVE_OF.get(pred.op, pred.op)
    if positive == o.IN:
        o.values(pred.key, pred.op, pred.value)
    else:
        o.scalar(pred.key, pred.op, pred.value)
    return pred


def _find_predicates(request: pb.FindRepositories) -> tuple[list[ColumnElement[bool]], list[o.Predicate]]:
    """SQL conditions for column and label predicates, and the attribute predicates (checked in Python: a
    repository's attributes are one JSON value)."""
    where: list[ColumnElement[bool]] = []
    attributes: list[o.Predicate] = []
    predicates = predicates_of(request.predicates)
    o.check_count(len(predicates), "the request")
    for pred in predicates:
        if pred.value == "":
            raise InvalidArgument(f"Predicate does not contain string value in request: {pred.key!r} has ''")
        if "label" in pred.key:  # ModelDB: any key containing "label" filters by labels
            where.append(_label_condition(pred))
        elif pred.key.startswith("attributes.") and pred.key != "attributes.":
            attributes.append(_checked_attribute_predicate(pred))
        else:
            cond = _column_condition(pred)
            if cond is None:
                raise InvalidArgument(f"Predicate cannot be handled: {pred.key}; use {_KEYS_HELP}")
            where.append(cond)
    return where, attributes


class RepositoryAdminRpcs:
    """VersioningService: ListRepositories, UpdateRepository, DeleteRepository and findRepositories."""

    def ListRepositories(
        self, ctx: CallContext, request: pb.ListRepositoriesRequest
    ) -> pb.ListRepositoriesRequest.Response:
        """The workspace's live repositories, last updated first; with pagination, page_limit 1..100 and pages
        numbered from 1. total_records counts them all."""
        limit: int | None = None
        offset = 0
        if request.HasField("pagination"):
            number, limit = request.pagination.page_number, request.pagination.page_limit
            if not 1 <= limit <= MAX_PAGE_LIMIT:
                raise InvalidArgument("Page limit is invalid")
            if number < 1:
                raise InvalidArgument(f"Page number is invalid: {number}; pages are numbered from 1")
            offset = (number - 1) * limit
        rows, total = _page(ctx.session, _live_in(request.workspace_name), limit, offset)
        return pb.ListRepositoriesRequest.Response(
            repositories=[repository_message(r) for r in rows], total_records=total
        )

    def UpdateRepository(self, ctx: CallContext, request: pb.SetRepository) -> pb.SetRepository.Response:
        """Name (empty keeps it; unique among the workspace's live repositories), description, visibility and
        attributes (upserted by key); date_updated and version_number move on."""
        spec = request.repository
        if not spec.description:
            raise InvalidArgument("Description is empty")  # ModelDB's rule: an update must carry a description
        row = resolve_repository(ctx.session, request.id, for_update=True)
        name = check_repository_name(spec.name) or row.name
        if name != row.name:
            require_free_name(ctx, row.workspace, name)
        row.attributes = _merged_attributes(row.attributes, spec.attributes)
        row.name = name
        row.description = spec.description
        row.repository_visibility = int(spec.repository_visibility)
        row.visibility = int(spec.visibility)
        row.date_updated = ctx.now
        row.version_number += 1
        ctx.session.flush()  # a concurrent rename to the same name fails here on the live-name index (409)
        ctx.audit(REPOSITORY, str(row.id))
        return pb.SetRepository.Response(repository=repository_message(row))

    def DeleteRepository(
        self, ctx: CallContext, request: pb.DeleteRepositoryRequest
    ) -> pb.DeleteRepositoryRequest.Response:
        """Soft delete: the name is free at once; branches, tags, the runs' links to the repository, its labels
        and the records of its versioned uploads go with it (commits and their content stay: other repositories
        may share them)."""
        row = resolve_repository(ctx.session, request.repository_id, for_update=True)
        row.deleted = True
        row.date_updated = ctx.now
        for model in (vm.RunVersionedInput, vm.Branch, vm.RepositoryTag):
            ctx.session.execute(delete(model).where(model.repository_id == row.id))
        delete_labels(ctx.session, (LABELLED_REPOSITORY, str(row.id)), None)
        _forget_versioned_uploads(ctx.session, row.id)
        ctx.audit(REPOSITORY, str(row.id), {"deleted": True})
        return pb.DeleteRepositoryRequest.Response(status=True)

    @read_only  # a POST that only reads: no write transaction, no audit record
    def findRepositories(self, ctx: CallContext, request: pb.FindRepositories) -> pb.FindRepositories.Response:
        """Live repositories of the workspace (and of repo_ids, when given) matching every predicate, last
        updated first; a page when page_number and page_limit are both set."""
        check_page(request.page_number, request.page_limit)
        where = _live_in(request.workspace_name)
        if request.repo_ids:
            where.append(R.id.in_([i for i in request.repo_ids if i < 2**63]))
        conditions, attribute_preds = _find_predicates(request)
        where.extend(conditions)
        paged = request.page_number > 0 and request.page_limit > 0
        limit, offset = (request.page_limit, (request.page_number - 1) * request.page_limit) if paged else (None, 0)
        if not attribute_preds:
            rows, total = _page(ctx.session, where, limit, offset)
        else:
            matching = [r for r in _page(ctx.session, where, None, 0)[0] if _all_attributes(r, attribute_preds)]
            total = len(matching)
            rows = matching[offset : offset + limit] if limit is not None else matching
        return pb.FindRepositories.Response(repositories=[repository_message(r) for r in rows], total_records=total)


def _forget_versioned_uploads(session: Session, repository_id: int) -> None:
    """Drop the upload records of the repository's dataset components (owner keys `versioned:<id>:<sha>`): their
    URLs stop admitting bytes."""
    owners = select(m.StoredBlob.owner_key).where(m.StoredBlob.owner_key.like(f"versioned:{repository_id}:%"))
    forget_owners(session, list(session.scalars(owners)))


def _all_attributes(row: vm.Repository, predicates: Sequence[o.Predicate]) -> bool:
    return all(_attribute_matches(row.attributes, p) for p in predicates)
