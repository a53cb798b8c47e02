"""Lineage entries: validation, the existence check on add, and the edge queries (set-based, one query per
direction for a whole request)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import product

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from ...errors import InvalidArgument
from ...pb.modeldb import lineage_pb2 as pb
from ...store import models as m
from ...store.lineage_models import MAX_EXTERNAL_ID_LENGTH, LineageEdge
from ..sqlchunks import chunked

Entry = tuple[int, str]  # (LineageEntryType number, external id)
RUN, DATASET_VERSION = int(pb.LineageEntryEnum.EXPERIMENT_RUN), int(pb.LineageEntryEnum.DATASET_VERSION)
# A hostile request must not make millions of rows: addLineage writes inputs x outputs edges.
MAX_PAIRS = 10_000
MAX_ITEMS = 10_000  # entries of one list (finds, and each side of add/delete)
PAIRS_PER_QUERY = 500  # key tuples in one `IN` of a delete or a find


def _entry(entry: pb.LineageEntry) -> Entry:
    if entry.type == pb.LineageEntryEnum.UNKNOWN:
        raise InvalidArgument("Unknown lineage type: set type to EXPERIMENT_RUN or DATASET_VERSION")
    if entry.type not in (RUN, DATASET_VERSION):
        raise InvalidArgument(f"Unknown lineage type {entry.type}: set type to EXPERIMENT_RUN or DATASET_VERSION")
    if not entry.external_id:
        raise InvalidArgument("External id is empty: set external_id to the id of the run or dataset version")
    if len(entry.external_id) > MAX_EXTERNAL_ID_LENGTH:
        raise InvalidArgument(
            f"External id is {len(entry.external_id)} characters long; the limit is {MAX_EXTERNAL_ID_LENGTH}"
        )
    return int(entry.type), entry.external_id


def entries(items: Sequence[pb.LineageEntry], what: str, *, unique: bool = True) -> list[Entry]:
    """The entries of one list, checked; with `unique`, an id may appear once (ModelDB's rule for add/delete)."""
    if len(items) > MAX_ITEMS:
        raise InvalidArgument(f"{what} has {len(items)} entries; the limit is {MAX_ITEMS}")
    out = [_entry(item) for item in items]
    if unique and len({external_id for _, external_id in out}) != len(out):
        raise InvalidArgument(f"Non-unique resource ids in a requests: each id may appear once in {what}")
    return out


def edge_lists(request: pb.AddLineage | pb.DeleteLineage) -> tuple[list[Entry], list[Entry]]:
    """The request's inputs and outputs, checked as ModelDB does: both lists given, entries valid, unique."""
    if not request.input and not request.output:
        raise InvalidArgument("Input and output not specified: give at least one input and one output")
    if not request.input:
        raise InvalidArgument("Input not specified: give at least one input")
    if not request.output:
        raise InvalidArgument("Output not specified: give at least one output")
    inputs, outputs = entries(request.input, "input"), entries(request.output, "output")
    if len(inputs) * len(outputs) > MAX_PAIRS:
        raise InvalidArgument(
            f"{len(inputs)} inputs x {len(outputs)} outputs make {len(inputs) * len(outputs)} edges; "
            f"one request may make at most {MAX_PAIRS}: split it"
        )
    return inputs, outputs


def check_exist(session: Session, items: Sequence[Entry]) -> None:
    """Every entry names a live run or a live dataset version (one query per kind)."""
    wanted: dict[int, set[str]] = defaultdict(set)
    for kind, external_id in items:
        wanted[kind].add(external_id)
    found = {
        RUN: _live_ids(session, m.ExperimentRun, wanted[RUN]),
        DATASET_VERSION: _live_ids(session, m.DatasetVersion, wanted[DATASET_VERSION]),
    }
    for kind, external_id in items:
        if external_id not in found[kind]:
            what = "live ExperimentRun" if kind == RUN else "live DatasetVersion"
            raise InvalidArgument(
                f"External resource with a specified id does not exists: no {what} has id {external_id}"
            )


def _live_ids(session: Session, model: type[m.ExperimentRun] | type[m.DatasetVersion], ids: set[str]) -> set[str]:
    found: set[str] = set()
    for part in chunked(sorted(ids)):
        found.update(session.scalars(select(model.id).where(model.id.in_(part), ~model.deleted)))
    return found


def pairs(inputs: Sequence[Entry], outputs: Sequence[Entry]) -> list[dict[str, object]]:
    return [
        {"input_type": i[0], "input_id": i[1], "output_type": o[0], "output_id": o[1]}
        for i, o in product(inputs, outputs)
    ]


def delete_edges(session: Session, inputs: Sequence[Entry], outputs: Sequence[Entry]) -> None:
    table = LineageEdge.__table__
    key = tuple_(table.c.input_type, table.c.input_id, table.c.output_type, table.c.output_id)
    wanted = [(i[0], i[1], o[0], o[1]) for i, o in product(inputs, outputs)]
    for part in chunked(wanted, PAIRS_PER_QUERY):
        session.execute(table.delete().where(key.in_(list(part))))


def neighbours(session: Session, items: Sequence[Entry], *, inputs: bool) -> list[pb.LineageEntryBatch]:
    """For each item in order, its inputs (or outputs), sorted by type and id; duplicates answered alike."""
    table = LineageEdge.__table__
    mine = (table.c.output_type, table.c.output_id) if inputs else (table.c.input_type, table.c.input_id)
    theirs = (table.c.input_type, table.c.input_id) if inputs else (table.c.output_type, table.c.output_id)
    found: dict[Entry, list[Entry]] = defaultdict(list)
    for part in chunked(sorted(set(items)), PAIRS_PER_QUERY):
        stmt = select(*mine, *theirs).where(tuple_(*mine).in_(list(part))).order_by(*theirs)
        for my_type, my_id, their_type, their_id in session.execute(stmt):
            found[(my_type, my_id)].append((their_type, their_id))
    return [
        pb.LineageEntryBatch(
            items=[pb.LineageEntry(type=kind, external_id=external_id) for kind, external_id in found.get(item, [])]  # type: ignore[arg-type]  # the column holds the enum's number; the stubs accept only the enum type
        )
        for item in items
    ]
