"""MetadataService: labels, key-value properties and single properties of versioning entities, and
random names.

Entities are named by IdentificationType and not checked for existence (as in ModelDB): metadata may be
attached before or after what it describes. Each request is one transaction.
"""

from __future__ import annotations

from ...errors import InvalidArgument
from ...pb.metadata import metadata_service_pb2 as pb
from ..context import CallContext
from .ids import EntityKey, audit_id, entity_key, identification
from .labels import add_labels, check_labels, delete_labels, labelled_ids, labels_of
from .properties import (
    SINGLE,
    check_key,
    check_keys,
    check_property_name,
    check_value,
    delete_values,
    get_values,
    pairs_of,
    set_values,
    single_value,
)
from .random_names import random_name

METADATA = "metadata"


class LabelRpcs:
    def GetLabels(self, ctx: CallContext, request: pb.GetLabelsRequest) -> pb.GetLabelsRequest.Response:
        key = entity_key(request.id, "GetLabelsRequest")
        return pb.GetLabelsRequest.Response(labels=labels_of(ctx.session, key))

    def GetLabelIds(self, ctx: CallContext, request: pb.GetLabelIdsRequest) -> pb.GetLabelIdsRequest.Response:
        if not request.labels:
            raise InvalidArgument("Labels not found in GetLabelIdsRequest: give at least one label")
        labels = check_labels(request.labels)
        ids = labelled_ids(ctx.session, labels, request.operator)
        return pb.GetLabelIdsRequest.Response(ids=[identification(k) for k in ids])

    def AddLabels(self, ctx: CallContext, request: pb.AddLabelsRequest) -> pb.AddLabelsRequest.Response:
        key = entity_key(request.id, "AddLabelsRequest")
        if not request.labels:
            raise InvalidArgument("labels not found in AddLabelsRequest request: give at least one label")
        add_labels(ctx.session, key, check_labels(request.labels))
        ctx.audit(METADATA, audit_id(key))
        return pb.AddLabelsRequest.Response(status=True)

    def UpdateLabels(self, ctx: CallContext, request: pb.AddLabelsRequest) -> pb.AddLabelsRequest.Response:
        """Replace all of the entity's labels (no labels: remove them all)."""
        key = entity_key(request.id, "AddLabelsRequest")
        labels = check_labels(request.labels)
        delete_labels(ctx.session, key, None)
        add_labels(ctx.session, key, labels)
        ctx.audit(METADATA, audit_id(key))
        return pb.AddLabelsRequest.Response(status=True)

    def DeleteLabels(self, ctx: CallContext, request: pb.DeleteLabelsRequest) -> pb.DeleteLabelsRequest.Response:
        key = entity_key(request.id, "GetLabelsRequest")  # ModelDB's message names GetLabelsRequest here too
        if not request.labels and not request.delete_all:
            raise InvalidArgument("Labels not found in GetLabelsRequest: give labels, or delete_all=true")
        delete_labels(ctx.session, key, None if request.delete_all else check_labels(request.labels))
        ctx.audit(METADATA, audit_id(key))
        return pb.DeleteLabelsRequest.Response(status=True)


class PropertyRpcs:
    """Single properties: one value per (entity, key). ModelDB declares these RPCs without serving them."""

    def GetProperty(self, ctx: CallContext, request: pb.GetPropertyRequest) -> pb.GetPropertyRequest.Response:
        key = entity_key(request.id, "GetPropertyRequest")
        prop = check_key(request.key, "GetPropertyRequest")
        return pb.GetPropertyRequest.Response(value=single_value(ctx.session, key, prop))

    def AddProperty(self, ctx: CallContext, request: pb.AddPropertyRequest) -> pb.AddPropertyRequest.Response:
        """Set the value (an existing one is overwritten)."""
        key = entity_key(request.id, "AddPropertyRequest")
        prop = check_key(request.key, "AddPropertyRequest")
        set_values(ctx.session, key, SINGLE, {prop: check_value(request.value, ctx.settings.max_value_bytes)})
        ctx.audit(METADATA, audit_id(key))
        return pb.AddPropertyRequest.Response()

    def DeleteProperty(self, ctx: CallContext, request: pb.DeletePropertyRequest) -> pb.DeletePropertyRequest.Response:
        key = entity_key(request.id, "DeletePropertyRequest")
        prop = check_key(request.key, "DeletePropertyRequest")
        single_value(ctx.session, key, prop)  # a 404 when absent, as ModelDB's DAO answers
        delete_values(ctx.session, key, SINGLE, [prop])
        ctx.audit(METADATA, audit_id(key))
        return pb.DeletePropertyRequest.Response()


def _selected_keys(
    request: pb.GetKeyValuePropertiesRequest | pb.DeleteKeyValuePropertiesRequest, name: str, flag: str, every: bool
) -> tuple[EntityKey, str, list[str] | None]:
    """The entity, the property and the keys a get or delete names (None: every key, its `flag` being set)."""
    key = entity_key(request.id, name)
    if not request.keys and not every:
        raise InvalidArgument(f"Keys not found OR {flag} flag is false in {name} request")
    prop = check_property_name(request.property_name, name)
    return key, prop, None if every else check_keys(request.keys, name)


class KeyValuePropertyRpcs:
    def AddKeyValueProperties(
        self, ctx: CallContext, request: pb.AddKeyValuePropertiesRequest
    ) -> pb.AddKeyValuePropertiesRequest.Response:
        """Insert or overwrite the pairs of the entity's property `property_name`."""
        name = "AddKeyValuePropertiesRequest"
        key = entity_key(request.id, name)
        if not request.key_value_property:
            raise InvalidArgument(f"KeyValueProperties not found in {name} request: give key_value_property pairs")
        prop = check_property_name(request.property_name, name)
        set_values(ctx.session, key, prop, pairs_of(request, ctx.settings.max_value_bytes))
        ctx.audit(METADATA, audit_id(key))
        return pb.AddKeyValuePropertiesRequest.Response()

    def GetKeyValueProperties(
        self, ctx: CallContext, request: pb.GetKeyValuePropertiesRequest
    ) -> pb.GetKeyValuePropertiesRequest.Response:
        """The named keys present, in request order (missing ones left out), or all keys sorted with getAll."""
        key, prop, keys = _selected_keys(request, "GetKeyValuePropertiesRequest", "getAll", request.getAll)
        pairs = get_values(ctx.session, key, prop, keys)
        return pb.GetKeyValuePropertiesRequest.Response(
            key_value_property=[pb.KeyValueStringProperty(key=k, value=v) for k, v in pairs]
        )

    def DeleteKeyValueProperties(
        self, ctx: CallContext, request: pb.DeleteKeyValuePropertiesRequest
    ) -> pb.DeleteKeyValuePropertiesRequest.Response:
        """Delete the named keys (missing ones ignored), or all keys of the property with deleteAll."""
        key, prop, keys = _selected_keys(request, "DeleteKeyValuePropertiesRequest", "deleteAll", request.deleteAll)
        delete_values(ctx.session, key, prop, keys)
        ctx.audit(METADATA, audit_id(key))
        return pb.DeleteKeyValuePropertiesRequest.Response()


class RandomNameRpcs:
    def GenerateRandomName(
        self, ctx: CallContext, request: pb.GenerateRandomNameRequest
    ) -> pb.GenerateRandomNameRequest.Response:
        return pb.GenerateRandomNameRequest.Response(name=random_name())
