"""Tag, attribute, code-version and artifact RPCs that projects and experiments share.

ModelDB gives each entity its own copy of these RPCs (`addProjectTags`, `addExperimentTags`, ...) with
identical behaviour; here they are written once against a small description of the entity, and each service
class names them under its RPC names (the RPC table finds implementations by name). Every RPC's response is
the request's own `Response` message, so one implementation fits every entity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from google.protobuf.message import Message
from sqlalchemy.orm import Session

from ...pb.modeldb import common_pb2 as mdb_common_pb2
from ..artifacts.rows import add_artifacts, load_artifacts
from ..context import CallContext
from ..key_values import ARTIFACTS, ATTRIBUTES, add_key_values, add_tags, delete_key_values, delete_tags, load_tags
from ..loading import require
from ..values import check_tags
from .rules import (
    attributes_of,
    delete_artifact,
    fill_code_version,
    log_code_version,
    require_items,
    require_text,
)


class EntityMetaRpcs:
    """The shared RPCs; subclasses say which entity (`KIND`, `LABEL`, `FIELD`) and how to load and render it."""

    KIND: ClassVar[str]  # the entity type of child rows and audit records
    LABEL: ClassVar[str]  # "Project", "Experiment": as ModelDB's error messages name it
    FIELD: ClassVar[str]  # the response field that carries the changed entity

    def _live(self, session: Session, entity_id: str) -> Any:
        raise NotImplementedError

    def _changed(self, ctx: CallContext, entity_id: str) -> Any:
        """The live row a mutation is about to change: locked, date_updated/version bumped, audited."""
        raise NotImplementedError

    def _message(self, ctx: CallContext, row: Any) -> Message:
        raise NotImplementedError

    def _reply(self, ctx: CallContext, request: Message, row: Any) -> Any:
        return type(request).Response(**{self.FIELD: self._message(ctx, row)})  # type: ignore[attr-defined]  # every generated request class has a nested Response

    # --- tags -------------------------------------------------------------------------------------------

    def get_tags(self, ctx: CallContext, request: mdb_common_pb2.GetTags) -> mdb_common_pb2.GetTags.Response:
        row = self._live(ctx.session, request.id)
        return mdb_common_pb2.GetTags.Response(tags=load_tags(ctx.session, [row.id]).get(row.id, []))

    def add_tags(self, ctx: CallContext, request: Any) -> Any:
        return self._reply(ctx, request, self._add_tags(ctx, request.id, request.tags))

    def add_tag(self, ctx: CallContext, request: Any) -> Any:
        return self._reply(ctx, request, self._add_tags(ctx, request.id, [request.tag]))

    def delete_tags(self, ctx: CallContext, request: Any) -> Any:
        return self._reply(ctx, request, self._delete_tags(ctx, request.id, request.tags, request.delete_all))

    def delete_tag(self, ctx: CallContext, request: Any) -> Any:
        require_text(request.tag, f"{self.LABEL} tag not present")
        return self._reply(ctx, request, self._delete_tags(ctx, request.id, [request.tag], False))

    def _add_tags(self, ctx: CallContext, entity_id: str, tags: Sequence[str]) -> Any:
        require(entity_id, f"{self.LABEL} ID not present")
        require_items(tags, f"{self.LABEL} tags not present")
        check_tags(tags)
        row = self._changed(ctx, entity_id)
        add_tags(ctx, self.KIND, row.id, tags)
        return row

    def _delete_tags(self, ctx: CallContext, entity_id: str, tags: Sequence[str], delete_all: bool) -> Any:
        row = self._changed(ctx, entity_id)
        delete_tags(ctx, row.id, tags, delete_all)
        return row

    # --- attributes ---------------------------------------------------------------------------------------

    def get_attributes(
        self, ctx: CallContext, request: mdb_common_pb2.GetAttributes
    ) -> mdb_common_pb2.GetAttributes.Response:
        row = self._live(ctx.session, request.id)
        attrs = attributes_of(ctx, row.id, request.attribute_keys, request.get_all, self.LABEL)
        return mdb_common_pb2.GetAttributes.Response(attributes=attrs)

    def add_attributes(self, ctx: CallContext, request: Any) -> Any:
        require(request.id, f"{self.LABEL} ID not present")
        require_items(request.attributes, f"{self.LABEL} attributes not present")
        return self._put_attributes(ctx, request, request.attributes, replace=False)

    def _put_attributes(self, ctx: CallContext, request: Any, attributes: Sequence[Any], replace: bool) -> Any:
        row = self._changed(ctx, request.id)
        add_key_values(ctx, self.KIND, row.id, ATTRIBUTES, attributes, replace=replace, what="attribute")
        return self._reply(ctx, request, row)

    def delete_attributes(self, ctx: CallContext, request: Any) -> Any:
        row = self._changed(ctx, request.id)
        delete_key_values(ctx, row.id, ATTRIBUTES, request.attribute_keys, request.delete_all)
        return self._reply(ctx, request, row)

    # --- code version ---------------------------------------------------------------------------------

    def log_code_version(self, ctx: CallContext, request: Any) -> Any:
        row = self._changed(ctx, request.id)
        log_code_version(row, request.code_version, self.LABEL)
        return self._reply(ctx, request, row)

    def get_code_version(self, ctx: CallContext, request: Any) -> Any:
        response = type(request).Response()
        fill_code_version(response.code_version, self._live(ctx.session, request.id))
        return response

    # --- artifacts (metadata only; upload URLs come with the artifact store) -----------------------------
    # These three have the same RPC name in every service.

    def logArtifacts(self, ctx: CallContext, request: Any) -> Any:
        require(request.id, f"{self.LABEL} ID not present")
        require_items(request.artifacts, "Artifacts not present")
        row = self._changed(ctx, request.id)
        add_artifacts(ctx, self.KIND, row.id, ARTIFACTS, request.artifacts)
        return self._reply(ctx, request, row)

    def getArtifacts(
        self, ctx: CallContext, request: mdb_common_pb2.GetArtifacts
    ) -> mdb_common_pb2.GetArtifacts.Response:
        row = self._live(ctx.session, request.id)
        arts = load_artifacts(ctx.session, [row.id], ARTIFACTS, request.key or None).get(row.id, [])
        return mdb_common_pb2.GetArtifacts.Response(artifacts=arts)

    def deleteArtifact(self, ctx: CallContext, request: Any) -> Any:
        require(request.id, f"{self.LABEL} ID not present")
        require_text(request.key, "Artifact key not present")
        row = self._changed(ctx, request.id)
        delete_artifact(ctx, row.id, request.key, self.LABEL)
        return self._reply(ctx, request, row)
