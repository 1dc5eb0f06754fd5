"""system.mes.trackandtrace: lot genealogy (gateway spelling: mes.trackandtrace.<function>).

Edges run from the lot that gave material to the lot that received it (behaviour 1.4)."""
from mes.persistence import db
from mes.services import permissions, recall, trace
from mes.services.requests import id_list


def getLotTraceGraph(rootNodeId, direction, depth=None):
    """{nodes, edges, rootNodeId, direction}: ancestors (INPUT) or descendants (OUTPUT) of a lot,
    depth levels deep (default 1, at most 5)."""
    permissions.require("TRACK_AND_TRACE.READ.GET")
    return trace.lot_trace_graph(db.reader(), rootNodeId, direction, depth)


def getLotTraceTable(inventoryLotRecordIds):
    """One row per lot record, oriented source lot -> target lot."""
    permissions.require("TRACK_AND_TRACE.READ.GET")
    return trace.lot_trace_table(db.reader(), id_list(inventoryLotRecordIds, "inventoryLotRecordIds"))


def getTrackAndTracePermissions():
    return list(permissions.TRACK_AND_TRACE)


# -- recall (ours; docs/recall.md) -------------------------------------------------------------------


def getLotExposure(lotIdOrName, materialIdOrPath=None, direction="OUTPUT"):
    """Every lot reached from a lot at any depth, with where it is and what left the plant.

    Follows the trace graph's edges downstream (OUTPUT: what the lot went into) or upstream
    (INPUT: what went into it) with no depth limit; a cycle ends the walk. Costs the same four
    queries whatever the depth or the number of records.

    Args:
        lotIdOrName: the lot's id, or its name (unique per material).
        materialIdOrPath: the lot's material, needed when several materials have a lot of that name.
        direction: 'OUTPUT' (default) or 'INPUT'.

    Returns:
        {rootLotId, rootLotName, direction, lots, edges, totals}. Each of `lots` (the root first, at
        depth 0): lotId, lotName, lotStatus, materialPath, unitOfMeasureSymbol, depth, path (the
        records from the root to it, each with its quantity), inventory (per location), onHand,
        shipped (quantity, date, destinationLocationPath, toLotName), consumed, scrapped.
        `totals`: per material in its base unit: lots, onHand, shipped, consumed, scrapped.

    Raises:
        ValidationError: no lot given, a bad direction, or a lot name shared by several materials.
        NotFoundError: no such lot or material.
    """
    permissions.require("TRACK_AND_TRACE.READ.GET")
    return recall.lot_exposure(db.reader(), lotIdOrName, materialIdOrPath, direction)
