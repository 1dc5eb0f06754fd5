"""system.mes.trackandtrace: lot genealogy (gateway spelling: mes.trackandtrace.<function>).

Edges run from the lot that gave material to the lot that received it (docs/rules.md#the-ledger)."""
from __future__ import absolute_import
from mes.services.reading import read
from mes.services import permissions, recall, trace
from mes.services.requests import id_list

__all__ = [
    "getLotTraceGraph", "getLotTraceTable", "getTrackAndTracePermissions", "getLotExposure",
]


def getLotTraceGraph(rootNodeId, direction, depth=None):
    """The genealogy of a lot as a graph: its ancestors (INPUT) or descendants (OUTPUT), depth levels deep. Edges
    run from the lot that gave material to the lot that received it; a node's quantity is the root lot's
    total, or the sum of the edges that reached it from the level before. Costs 1 + 2 statements per level
    whatever the history size.

    Args:
        rootNodeId: the id of the lot to start from.
        direction: 'INPUT' (where it came from) or 'OUTPUT' (where it went).
        depth: how many levels to follow, 1 to 5; None is 1.

    Returns:
        MesObject: {nodes, edges, rootNodeId, direction}.

    Raises:
        ValidationError: direction or depth is not one of the allowed values.
        NotFoundError: no lot has the id rootNodeId.
        PermissionDeniedError: the calling user lacks TRACK_AND_TRACE.READ.GET.
    """
    permissions.require("TRACK_AND_TRACE.READ.GET")
    return read(trace.lot_trace_graph, rootNodeId, direction, depth)


def getLotTraceTable(inventoryLotRecordIds):
    """The lot records as trace rows, oriented from the lot that gave material to the lot that received it (one
    statement).

    Args:
        inventoryLotRecordIds: a list of lot record ids.

    Returns:
        list of MesObject: one row per record found, in the order given.

    Raises:
        ValidationError: inventoryLotRecordIds is not a list of ids.
        PermissionDeniedError: the calling user lacks TRACK_AND_TRACE.READ.GET.
    """
    permissions.require("TRACK_AND_TRACE.READ.GET")
    return read(trace.lot_trace_table, id_list(inventoryLotRecordIds, "inventoryLotRecordIds"))


def getTrackAndTracePermissions():
    """The permission keys the track and trace calls check; holding a key grants every key below it. No
    permission is needed.

    Returns:
        list of str: the dotted keys, e.g. 'TRACK_AND_TRACE.READ.GET'.
    """
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
    return read(recall.lot_exposure, lotIdOrName, materialIdOrPath, direction)
