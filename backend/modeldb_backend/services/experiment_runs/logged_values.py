"""ExperimentRunService: tags, metrics, hyperparameters, attributes and observations of a run.

Batch logs are atomic: every key is checked before anything is written, and any error rolls the whole
call back, so a rejected batch stores nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select

from ...errors import InvalidArgument
from ...pb.common import common_pb2
from ...pb.modeldb import common_pb2 as mdb_common_pb2
from ...pb.modeldb import experiment_run_service_pb2 as pb
from ...store import models as m
from ..context import CallContext
from ..key_values import (
    ATTRIBUTES,
    HYPERPARAMETERS,
    METRICS,
    add_key_values,
    add_tags,
    delete_key_values,
    delete_tags,
    load_key_values,
    load_tags,
)
from ..loading import RUN, live_run, observation_message
from ..sqlchunks import chunked
from .changes import add_observations, changed_run, require_message, run_message


class RunLoggedValueRpcs:
    """Tags, key-value metadata and observations."""

    # --- tags -----------------------------------------------------------------------------------------

    def addExperimentRunTags(
        self, ctx: CallContext, request: pb.AddExperimentRunTags
    ) -> pb.AddExperimentRunTags.Response:
        row = changed_run(ctx, request.id)
        add_tags(ctx, RUN, row.id, request.tags)
        return pb.AddExperimentRunTags.Response(experiment_run=run_message(ctx, row))

    def addExperimentRunTag(self, ctx: CallContext, request: pb.AddExperimentRunTag) -> pb.AddExperimentRunTag.Response:
        row = changed_run(ctx, request.id)
        add_tags(ctx, RUN, row.id, [request.tag])
        return pb.AddExperimentRunTag.Response(experiment_run=run_message(ctx, row))

    def deleteExperimentRunTags(
        self, ctx: CallContext, request: pb.DeleteExperimentRunTags
    ) -> pb.DeleteExperimentRunTags.Response:
        row = changed_run(ctx, request.id)
        delete_tags(ctx, row.id, request.tags, request.delete_all)
        return pb.DeleteExperimentRunTags.Response(experiment_run=run_message(ctx, row))

    def deleteExperimentRunTag(
        self, ctx: CallContext, request: pb.DeleteExperimentRunTag
    ) -> pb.DeleteExperimentRunTag.Response:
        if not request.tag:
            raise InvalidArgument("tag is empty: name the tag to delete")
        row = changed_run(ctx, request.id)
        delete_tags(ctx, row.id, [request.tag], False)
        return pb.DeleteExperimentRunTag.Response(experiment_run=run_message(ctx, row))

    def getExperimentRunTags(
        self, ctx: CallContext, request: mdb_common_pb2.GetTags
    ) -> mdb_common_pb2.GetTags.Response:
        row = live_run(ctx.session, request.id)
        return mdb_common_pb2.GetTags.Response(tags=load_tags(ctx.session, [row.id]).get(row.id, []))

    # --- metrics ----------------------------------------------------------------------------------------

    def logMetric(self, ctx: CallContext, request: pb.LogMetric) -> pb.LogMetric.Response:
        require_message(request.HasField("metric"), "metric")
        _log(ctx, request.id, METRICS, [request.metric], "metric")
        return pb.LogMetric.Response()

    def logMetrics(self, ctx: CallContext, request: pb.LogMetrics) -> pb.LogMetrics.Response:
        _log(ctx, request.id, METRICS, request.metrics, "metric")
        return pb.LogMetrics.Response()

    def getMetrics(self, ctx: CallContext, request: pb.GetMetrics) -> pb.GetMetrics.Response:
        return pb.GetMetrics.Response(metrics=_get(ctx, request.id, METRICS))

    def deleteMetrics(self, ctx: CallContext, request: pb.DeleteMetrics) -> pb.DeleteMetrics.Response:
        _delete(ctx, request.id, METRICS, request.metric_keys, request.delete_all)
        return pb.DeleteMetrics.Response()

    # --- hyperparameters --------------------------------------------------------------------------------

    def logHyperparameter(self, ctx: CallContext, request: pb.LogHyperparameter) -> pb.LogHyperparameter.Response:
        require_message(request.HasField("hyperparameter"), "hyperparameter")
        _log(ctx, request.id, HYPERPARAMETERS, [request.hyperparameter], "hyperparameter")
        return pb.LogHyperparameter.Response()

    def logHyperparameters(self, ctx: CallContext, request: pb.LogHyperparameters) -> pb.LogHyperparameters.Response:
        _log(ctx, request.id, HYPERPARAMETERS, request.hyperparameters, "hyperparameter")
        return pb.LogHyperparameters.Response()

    def getHyperparameters(self, ctx: CallContext, request: pb.GetHyperparameters) -> pb.GetHyperparameters.Response:
        return pb.GetHyperparameters.Response(hyperparameters=_get(ctx, request.id, HYPERPARAMETERS))

    def deleteHyperparameters(
        self, ctx: CallContext, request: pb.DeleteHyperparameters
    ) -> pb.DeleteHyperparameters.Response:
        _delete(ctx, request.id, HYPERPARAMETERS, request.hyperparameter_keys, request.delete_all)
        return pb.DeleteHyperparameters.Response()

    # --- attributes -------------------------------------------------------------------------------------

    def logAttribute(self, ctx: CallContext, request: pb.LogAttribute) -> pb.LogAttribute.Response:
        require_message(request.HasField("attribute"), "attribute")
        _log(ctx, request.id, ATTRIBUTES, [request.attribute], "attribute")
        return pb.LogAttribute.Response()

    def logAttributes(self, ctx: CallContext, request: pb.LogAttributes) -> pb.LogAttributes.Response:
        _log(ctx, request.id, ATTRIBUTES, request.attributes, "attribute")
        return pb.LogAttributes.Response()

    def addExperimentRunAttributes(
        self, ctx: CallContext, request: pb.AddExperimentRunAttributes
    ) -> pb.AddExperimentRunAttributes.Response:
        _log(ctx, request.id, ATTRIBUTES, request.attributes, "attribute")
        return pb.AddExperimentRunAttributes.Response()

    def getExperimentRunAttributes(
        self, ctx: CallContext, request: mdb_common_pb2.GetAttributes
    ) -> mdb_common_pb2.GetAttributes.Response:
        # As ModelDB: no keys (or get_all) means every attribute.
        keys = None if request.get_all or not request.attribute_keys else list(request.attribute_keys)
        return mdb_common_pb2.GetAttributes.Response(attributes=_get(ctx, request.id, ATTRIBUTES, keys))

    def deleteExperimentRunAttributes(
        self, ctx: CallContext, request: pb.DeleteExperimentRunAttributes
    ) -> pb.DeleteExperimentRunAttributes.Response:
        _delete(ctx, request.id, ATTRIBUTES, request.attribute_keys, request.delete_all)
        return pb.DeleteExperimentRunAttributes.Response()

    # --- observations -----------------------------------------------------------------------------------

    def logObservation(self, ctx: CallContext, request: pb.LogObservation) -> pb.LogObservation.Response:
        require_message(request.HasField("observation"), "observation")
        row = changed_run(ctx, request.id)
        add_observations(ctx, row.id, [request.observation])
        return pb.LogObservation.Response()

    def logObservations(self, ctx: CallContext, request: pb.LogObservations) -> pb.LogObservations.Response:
        if not request.observations:
            live_run(ctx.session, request.id)
            return pb.LogObservations.Response()
        row = changed_run(ctx, request.id)
        add_observations(ctx, row.id, request.observations)
        return pb.LogObservations.Response()

    def getObservations(self, ctx: CallContext, request: pb.GetObservations) -> pb.GetObservations.Response:
        """Observations of one key in insertion order; like ModelDB main, without their timestamps."""
        row = live_run(ctx.session, request.id)
        if not request.observation_key:
            raise InvalidArgument("Empty observation key: pass observation_key")
        rows = ctx.session.scalars(
            select(m.Observation)
            .where(m.Observation.run_id == row.id, m.Observation.key == request.observation_key)
            .order_by(m.Observation.id)
        )
        return pb.GetObservations.Response(observations=[observation_message(o, with_timestamp=False) for o in rows])

    def deleteObservations(self, ctx: CallContext, request: pb.DeleteObservations) -> pb.DeleteObservations.Response:
        if not request.observation_keys and not request.delete_all:
            live_run(ctx.session, request.id)  # nothing named, nothing deleted (see _delete)
            return pb.DeleteObservations.Response()
        row = changed_run(ctx, request.id)
        stmt = delete(m.Observation).where(m.Observation.run_id == row.id)
        if request.delete_all:
            ctx.session.execute(stmt)
            return pb.DeleteObservations.Response()
        for part in chunked(list(dict.fromkeys(request.observation_keys))):  # request-sized: chunked
            ctx.session.execute(stmt.where(m.Observation.key.in_(part)))
        return pb.DeleteObservations.Response()


def _log(ctx: CallContext, run_id: str, field: str, kvs: Sequence[common_pb2.KeyValue], what: str) -> None:
    if not kvs:
        live_run(ctx.session, run_id)  # an empty batch changes nothing (the client sends one for `log_metrics({})`)
        return
    row = changed_run(ctx, run_id)
    add_key_values(ctx, RUN, row.id, field, kvs, what=what)


def _delete(ctx: CallContext, run_id: str, field: str, keys: Sequence[str], delete_all: bool) -> None:
    """Delete some keys or all; no keys and no delete_all deletes nothing.

    ModelDB would delete every key then, but the client sends an empty key list for
    `log_metrics({}, overwrite=True)`, where wiping the run's metrics would be a surprise.
    """
    if not keys and not delete_all:
        live_run(ctx.session, run_id)
        return
    row = changed_run(ctx, run_id)
    delete_key_values(ctx, row.id, field, keys, delete_all)


def _get(ctx: CallContext, run_id: str, field: str, keys: list[str] | None = None) -> list[common_pb2.KeyValue]:
    row = live_run(ctx.session, run_id)
    return load_key_values(ctx.session, [row.id], field, keys).get(row.id, [])
