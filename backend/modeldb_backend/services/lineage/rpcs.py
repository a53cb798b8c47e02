"""LineageService: input -> output edges between runs and dataset versions.

An EXPERIMENT_RUN entry is a run id; a DATASET_VERSION entry is the id of one of our dataset versions
(DatasetVersionService). ModelDB's current server checks DATASET_VERSION ids against versioning commits; here
dataset versions are entities of their own, so adding an edge needs a live one. Finds and deletes do not check
existence: the edges of an entity deleted since stay readable and removable.
"""

from __future__ import annotations

from ...errors import InvalidArgument
from ...pb.modeldb import lineage_pb2 as pb
from ...store.lineage_models import LineageEdge
from ..context import CallContext, read_only
from ..upserts import insert_missing
from .edges import check_exist, delete_edges, edge_lists, entries, neighbours, pairs

LINEAGE = "lineage"


def _items(items: pb.FindAllInputs | pb.FindAllOutputs | pb.FindAllInputsOutputs) -> list[tuple[int, str]]:
    if not items.items:
        raise InvalidArgument("Items not specified: give at least one item")
    return entries(items.items, "items", unique=False)


class LineageRpcs:
    def addLineage(self, ctx: CallContext, request: pb.AddLineage) -> pb.AddLineage.Response:
        inputs, outputs = edge_lists(request)
        check_exist(ctx.session, [*inputs, *outputs])
        insert_missing(ctx.session, LineageEdge.__table__, pairs(inputs, outputs))
        # One record per call, under its first output; the record keeps the request (summarised when large).
        ctx.audit(LINEAGE, outputs[0][1])
        return pb.AddLineage.Response(status=True)

    def deleteLineage(self, ctx: CallContext, request: pb.DeleteLineage) -> pb.DeleteLineage.Response:
        inputs, outputs = edge_lists(request)
        delete_edges(ctx.session, inputs, outputs)
        ctx.audit(LINEAGE, outputs[0][1])
        return pb.DeleteLineage.Response(status=True)

    @read_only
    def findAllInputs(self, ctx: CallContext, request: pb.FindAllInputs) -> pb.FindAllInputs.Response:
        return pb.FindAllInputs.Response(inputs=neighbours(ctx.session, _items(request), inputs=True))

    @read_only
    def findAllOutputs(self, ctx: CallContext, request: pb.FindAllOutputs) -> pb.FindAllOutputs.Response:
        return pb.FindAllOutputs.Response(outputs=neighbours(ctx.session, _items(request), inputs=False))

    @read_only
    def findAllInputsOutputs(
        self, ctx: CallContext, request: pb.FindAllInputsOutputs
    ) -> pb.FindAllInputsOutputs.Response:
        items = _items(request)
        return pb.FindAllInputsOutputs.Response(
            inputs=neighbours(ctx.session, items, inputs=True), outputs=neighbours(ctx.session, items, inputs=False)
        )
