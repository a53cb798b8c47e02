"""The entity an IdentificationType names, as stored: (IDType number, entity hash).

The hash is the decimal int_id of a repository, the string_id of anything else (a commit SHA, a blob's
"<repo id>::<sha>::<location>"), as ModelDB stores them.
"""

from __future__ import annotations

from ...errors import InvalidArgument
from ...pb.metadata import metadata_service_pb2 as pb
from ...store.lineage_models import MAX_ENTITY_HASH_LENGTH

EntityKey = tuple[int, str]
REPOSITORY = int(pb.IDTypeEnum.VERSIONING_REPOSITORY)
_KINDS = {v.number: v.name for v in pb.IDTypeEnum.IDType.DESCRIPTOR.values if v.number}


def entity_key(ident: pb.IdentificationType, request_name: str) -> EntityKey:
    """The stored key of `ident`; a 400 naming the request (`Invalid parameter set in AddLabelsRequest.Id`)."""
    invalid = f"Invalid parameter set in {request_name}.Id"
    which = ident.WhichOneof("id")
    if (which == "int_id" and ident.int_id == 0) or (which == "string_id" and not ident.string_id) or not which:
        raise InvalidArgument(f"{invalid}: set id.int_id (a repository id) or id.string_id")
    if ident.id_type not in _KINDS:
        raise InvalidArgument(f"{invalid}: id.id_type must be one of {', '.join(_KINDS.values())}")
    # Repositories are known by number (GetLabelIds answers int_id for them), everything else by string.
    if (ident.id_type == REPOSITORY) != (which == "int_id"):
        raise InvalidArgument(
            f"{invalid}: a VERSIONING_REPOSITORY id is id.int_id; an id of any other type is id.string_id"
        )
    entity_hash = str(ident.int_id) if which == "int_id" else ident.string_id
    if len(entity_hash) > MAX_ENTITY_HASH_LENGTH:
        raise InvalidArgument(
            f"{invalid}: id.string_id is {len(entity_hash)} characters; the limit is {MAX_ENTITY_HASH_LENGTH}"
        )
    return int(ident.id_type), entity_hash


def identification(key: EntityKey) -> pb.IdentificationType:
    entity_type, entity_hash = key
    if entity_type == REPOSITORY:
        return pb.IdentificationType(id_type=entity_type, int_id=int(entity_hash))  # type: ignore[arg-type]  # the column holds the enum's number; the stubs accept only the enum type
    return pb.IdentificationType(id_type=entity_type, string_id=entity_hash)  # type: ignore[arg-type]  # the column holds the enum's number; the stubs accept only the enum type


def audit_id(key: EntityKey) -> str:
    """What the audit record names: the entity hash (the record's width; the full id stays in its changes)."""
    return key[1][:256]
