"""Bookkeeping of bytes in the artifact store: issued upload URLs, multipart parts and completion.

Every upload URL the API hands out is recorded as a `stored_blobs` row named by its owner
("artifact:<artifacts.id>", "code:<entity id>", "dataset:<version id>:<component path>"). The local
store's PUT endpoint accepts bytes only for a path such a row keeps open, so nobody can write files the
API never asked for; completion (size, SHA-256) is recorded on the same rows.

A store location belongs to the owner that first asked to upload to it. ModelDB's client logs
content-addressed paths (`<sha256>/<key>`), so two runs or two dataset versions may log one path in good
faith, and a hostile caller may log a path it saw elsewhere: a later owner's bytes go to a location of
its own (`.modeldb-owned/<random>/<logged path>`, recorded on its row), never over the first
owner's. Copies (cloned runs, copied projects) get rows at their source's location, so they read its bytes.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, SQLColumnExpression, String, cast, delete, func, literal, select
from sqlalchemy.orm import Session

from ...artifacts import ArtifactStore, StoredObject, TransferUrl
from ...artifacts.paths import MAX_PATH_LENGTH, clean_artifact_path
from ...errors import InvalidArgument, Unavailable
from ...pb.common import common_pb2
from ...store import models as m
from ..context import CallContext
from ..sqlchunks import chunked, select_in

Owned = Callable[[SQLColumnExpression[str]], ColumnElement[bool]]
MAX_PART_NUMBER = 10_000  # S3's limit on the parts of one upload
MAX_ETAG_LENGTH = 256  # width of upload_parts.etag
MAX_OWNER_KEY = 512  # width of stored_blobs.owner_key
# Locations of later owners of a path; logged paths may not point in here.
OWNED_PREFIX = ".modeldb-owned"
_HASHED = "~sha256"  # marks an owned location that names a long path by its hash
NOT_INITIALIZED = (
    "Multipart wasn't initialized OR Multipart artifact already committed: ask for a PUT URL with "
    "part_number >= 1 first (multipart uploads exist only on an S3 store)"
)


def artifact_owner(artifact_id: int) -> str:
    return f"artifact:{artifact_id}"


def code_owner(entity_id: str) -> str:
    return f"code:{entity_id}"


def dataset_owner(version_id: str, component_path: str) -> str:
    """Component paths are client file paths of any length; long ones are named by their SHA-256."""
    key = f"dataset:{version_id}:{component_path}"
    if len(key) <= MAX_OWNER_KEY:
        return key
    return f"dataset:{version_id}:sha256:{hashlib.sha256(component_path.encode()).hexdigest()}"


@dataclass(frozen=True)
class Target:
    """Where one owner's bytes go: the owner key, the cleaned store path, and how they may travel.

    `multipart`: the owner's service has the part-commit RPCs. `needs_parts`: the client can only upload in
    parts (ModelDB's client fails on a single-PUT answer for dataset components), so even the local store,
    which otherwise takes one PUT, offers parts.
    """

    owner_key: str
    path: str
    multipart: bool = True
    needs_parts: bool = False


def store_path(path: str, what: str) -> str:
    """A logged path as a store path, or a 400 that says which logged thing carries the bad path."""
    if not path:
        raise InvalidArgument(f"{what} has no path: log it with the path its bytes are stored under")
    try:
        clean = clean_artifact_path(path)
    except InvalidArgument as exc:
        raise InvalidArgument(f"{what} has a path the artifact store cannot use: {exc.message}") from exc
    if clean.split("/", 1)[0] == OWNED_PREFIX:
        raise InvalidArgument(f"{what} has a path under {OWNED_PREFIX}/, which the artifact store keeps for itself")
    return clean


def owned_location(path: str) -> str:
    """A fresh location for a later owner of `path`: unguessable, and naming `path` (or its hash if too long)."""
    token = uuid.uuid4().hex
    location = f"{OWNED_PREFIX}/{token}/{path}"
    if len(location) <= MAX_PATH_LENGTH:
        return location
    return f"{OWNED_PREFIX}/{token}/{_HASHED}/{_path_hash(path)}/{path.rsplit('/', 1)[-1]}"


def _path_hash(path: str) -> str:
    return hashlib.sha256(path.encode()).hexdigest()


def location_of(path: str, location: str) -> bool:
    """Whether a recorded store location holds the bytes of the logged `path` (itself, or an owned location)."""
    if location == path:
        return True
    parts = location.split("/", 2)
    if len(parts) < 3 or parts[0] != OWNED_PREFIX:
        return False
    if parts[2] == path:
        return True
    return parts[2] == f"{_HASHED}/{_path_hash(path)}/{path.rsplit('/', 1)[-1]}"


def logged_path(location: str) -> str:
    """The logged path whose bytes a location holds, as far as the location tells."""
    parts = location.split("/", 2)
    if len(parts) < 3 or parts[0] != OWNED_PREFIX or parts[2].startswith(f"{_HASHED}/"):
        return location
    return parts[2]


def current_location(session: Session, target: Target) -> str:
    """Where the bytes of `target` are read from: its owner's recorded location, else the logged path."""
    blob = find_blob(session, target.owner_key)
    if blob is not None and location_of(target.path, blob.path):
        return blob.path
    return target.path


def require_store(ctx: CallContext) -> ArtifactStore:
    if ctx.artifacts is None:
        raise Unavailable("this backend has no artifact store")
    return ctx.artifacts


def find_blob(session: Session, owner_key: str, *, for_update: bool = False) -> m.StoredBlob | None:
    q = select(m.StoredBlob).where(m.StoredBlob.owner_key == owner_key)
    return session.scalar(q.with_for_update() if for_update else q)


def issue_url(ctx: CallContext, target: Target, method: str, part_number: int) -> TransferUrl:
    """A download URL (GET), or an upload URL (PUT) recorded as open; multipart when the store allows it."""
    store = require_store(ctx)
    verb = method.upper()
    if verb == "GET":
        return TransferUrl(url=store.download_url(current_location(ctx.session, target), ctx.base_url))
    if verb != "PUT":
        raise InvalidArgument(f"method must be GET or PUT, got {method!r}")
    if part_number > MAX_PART_NUMBER:
        raise InvalidArgument(f"part_number is {part_number}; the limit is {MAX_PART_NUMBER}")
    blob = _open_blob(ctx, target)
    if part_number > 0 and target.multipart and (store.prefers_multipart or target.needs_parts):
        if blob.upload_id is None:
            # A fresh multipart upload: the parts of any earlier one belong to another object version.
            _drop_parts(ctx.session, blob.id)
            blob.upload_id = store.start_multipart(blob.path)
        return store.upload_url(blob.path, ctx.base_url, part_number, blob.upload_id)
    if blob.upload_id is not None:  # a single PUT replaces an unfinished multipart upload
        store.abort_multipart(blob.path, blob.upload_id)
        _drop_parts(ctx.session, blob.id)
        blob.upload_id = None
    return store.upload_url(blob.path, ctx.base_url)


def _open_blob(ctx: CallContext, target: Target) -> m.StoredBlob:
    blob = find_blob(ctx.session, target.owner_key, for_update=True)
    location = _upload_location(ctx, target, blob)
    if blob is None:
        blob = m.StoredBlob(owner_key=target.owner_key, path=location, time_updated=ctx.now, completed=False)
        ctx.session.add(blob)
        ctx.session.flush()
        return blob
    if blob.path != location:  # re-logged under another path, or the path belongs to another owner
        if blob.upload_id is not None:
            require_store(ctx).abort_multipart(blob.path, blob.upload_id)
        _drop_parts(ctx.session, blob.id)
        blob.path, blob.upload_id, blob.size, blob.sha256 = location, None, None, None
    blob.completed = False  # open again: the endpoint admits bytes for this path until they arrive whole
    blob.time_updated = ctx.now
    return blob


def _upload_location(ctx: CallContext, target: Target, blob: m.StoredBlob | None) -> str:
    """Where this owner's bytes may go: its own location, the logged path if nobody else holds it, else a new one.

    The owner of a location is its earliest row: another owner's row there, or bytes already stored at the
    logged path with no row of ours (a deleted owner's, which copies may still read), make it someone else's.
    """
    if blob is not None and location_of(target.path, blob.path) and not _earlier_owner(ctx.session, blob.path, blob):
        return blob.path
    if _earlier_owner(ctx.session, target.path, None) or require_store(ctx).stat(target.path) is not None:
        return owned_location(target.path)
    return target.path


def _earlier_owner(session: Session, location: str, blob: m.StoredBlob | None) -> bool:
    """Whether another owner's row at `location` came before `blob` (before any row, when `blob` is None)."""
    q = select(m.StoredBlob.id).where(m.StoredBlob.path == location)
    if blob is not None:  # a copy's row sits at its source's location after the source's row
        q = q.where(m.StoredBlob.id < blob.id)
    return session.scalar(q.limit(1)) is not None


def _drop_parts(session: Session, blob_id: int) -> None:
    session.execute(delete(m.UploadPart).where(m.UploadPart.blob_id == blob_id))


def _multipart_blob(ctx: CallContext, owner_key: str) -> m.StoredBlob:
    blob = find_blob(ctx.session, owner_key, for_update=True)
    if blob is None or blob.upload_id is None or blob.completed:
        raise InvalidArgument(NOT_INITIALIZED)
    return blob


def commit_part(ctx: CallContext, owner_key: str, part: common_pb2.ArtifactPart) -> None:
    """Remember the ETag of one uploaded part; committing a part number again replaces its ETag."""
    if not 1 <= part.part_number <= MAX_PART_NUMBER:
        raise InvalidArgument(f"artifact_part.part_number must be between 1 and {MAX_PART_NUMBER}")
    if not part.etag or len(part.etag) > MAX_ETAG_LENGTH:
        raise InvalidArgument(f"artifact_part.etag must be the part's ETag (1 to {MAX_ETAG_LENGTH} characters)")
    blob = _multipart_blob(ctx, owner_key)
    ctx.session.execute(
        delete(m.UploadPart).where(m.UploadPart.blob_id == blob.id, m.UploadPart.part_number == part.part_number)
    )
    ctx.session.add(m.UploadPart(blob_id=blob.id, part_number=part.part_number, etag=part.etag))
    blob.time_updated = ctx.now


def committed_parts(session: Session, owner_key: str) -> list[common_pb2.ArtifactPart]:
    blob = find_blob(session, owner_key)
    if blob is None:
        return []
    rows = session.scalars(
        select(m.UploadPart).where(m.UploadPart.blob_id == blob.id).order_by(m.UploadPart.part_number)
    )
    return [common_pb2.ArtifactPart(part_number=r.part_number, etag=r.etag) for r in rows]


def complete_multipart(ctx: CallContext, owner_key: str) -> m.StoredBlob:
    """Assemble the committed parts in the store and mark the blob complete."""
    blob = _multipart_blob(ctx, owner_key)
    parts = committed_parts(ctx.session, owner_key)
    if not parts:
        raise InvalidArgument("no parts committed: commit every uploaded part (its ETag) before completing")
    assert blob.upload_id is not None
    stored = require_store(ctx).complete_multipart(blob.path, blob.upload_id, [(p.part_number, p.etag) for p in parts])
    mark_complete(blob, stored, ctx.now)
    return blob


def refresh_from_store(ctx: CallContext, target: Target) -> bool:
    """Whether the bytes of `target` are in the store; notes a direct (presigned) upload as complete."""
    location = current_location(ctx.session, target)
    stored = require_store(ctx).stat(location)
    blob = find_blob(ctx.session, target.owner_key, for_update=True)
    if stored is None:
        return False
    if blob is not None and blob.path == location and blob.upload_id is None and not blob.completed:
        mark_complete(blob, stored, ctx.now)
    return True


def mark_complete(blob: m.StoredBlob, stored: StoredObject | None, now: int) -> None:
    blob.completed = True
    blob.upload_id = None
    blob.time_updated = now
    if stored is not None:
        blob.size = stored.size
        blob.sha256 = stored.sha256 or blob.sha256


def forget_owners(session: Session, owner_keys: list[str]) -> None:
    """Drop the bookkeeping of deleted owners: their upload URLs stop admitting bytes."""
    ids = select_in(session, m.StoredBlob.id, m.StoredBlob.owner_key, owner_keys)
    for part in chunked(ids):
        session.execute(delete(m.UploadPart).where(m.UploadPart.blob_id.in_(part)))
        session.execute(delete(m.StoredBlob).where(m.StoredBlob.id.in_(part)))


def copy_blobs(session: Session, ids: dict[str, str], owned_by: Owned, now: int) -> None:
    """Rows for copies (of artifacts and code archives) at their sources' locations, as uploaded.

    `ids` maps source entity ids to copy entity ids (the copies' artifact rows exist already); `owned_by`
    selects the source entities from an entity id column. A copy reads what its source reads; its own
    upload then goes to a location of its own.
    """
    art, blob = m.Artifact, m.StoredBlob
    art_key = literal("artifact:", String()) + cast(art.id, String())
    sources = session.execute(
        select(art.entity_id, art.key, blob)
        .join(blob, blob.owner_key == art_key)
        .where(owned_by(art.entity_id), art.field == "artifacts", blob.completed)
    ).all()
    copies: dict[tuple[str, str], int] = {}
    if sources:
        wanted = {ids[entity_id] for entity_id, _, _ in sources if entity_id in ids}
        rows = session.execute(
            select(art.id, art.entity_id, art.key).where(art.entity_id.in_(wanted), art.field == "artifacts")
        )
        copies = {(entity_id, key): id_ for id_, entity_id, key in rows}
    new = [
        (artifact_owner(copies[(ids[entity_id], key)]), row)
        for entity_id, key, row in sources
        if entity_id in ids and (ids[entity_id], key) in copies
    ]
    code_id = func.substr(blob.owner_key, len("code:") + 1)
    code = session.scalars(select(blob).where(blob.owner_key.like("code:%"), owned_by(code_id), blob.completed))
    new += [(code_owner(ids[row.owner_key[5:]]), row) for row in code if row.owner_key[5:] in ids]
    session.add_all(
        m.StoredBlob(owner_key=key, path=row.path, size=row.size, sha256=row.sha256, completed=True, time_updated=now)
        for key, row in new
    )
