"""system.mes.trackandtrace: lot genealogy (gateway spelling: mes.trackandtrace.<function>).

Edges run from the lot that gave material to the lot that received it (docs/rules.md#the-ledger)."""
from __future__ import absolute_import
from mes.services.reading import read
from mes.services import permissions, trace
from mes.services.requests import id_list


def getLotTraceGraph(rootNodeId, direction, depth=None):
    """{nodes, edges, rootNodeId, direction}: ancestors (INPUT) or descendants (OUTPUT) of a lot,
    depth levels deep (default 1, at most 5)."""
    permissions.require("TRACK_AND_TRACE.READ.GET")
    return read(trace.lot_trace_graph, rootNodeId, direction, depth)


def getLotTraceTable(inventoryLotRecordIds):
    """One row per lot record, oriented source lot -> target lot."""
    permissions.require("TRACK_AND_TRACE.READ.GET")
    return read(trace.lot_trace_table, id_list(inventoryLotRecordIds, "inventoryLotRecordIds"))


def getTrackAndTracePermissions():
    return list(permissions.TRACK_AND_TRACE)
