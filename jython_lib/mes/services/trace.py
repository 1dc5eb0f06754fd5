"""Lot genealogy (system.mes.trackandtrace): the trace graph and the trace table.

Nodes are lots, edges are lot records that link two lots (docs/rules.md#the-ledger). An
edge always points from the lot that gave material to the lot that received it:
- CONSUME, SHIP, SCRAP, RETURN, SPLIT: primary lot -> secondary lot;
- PRODUCE, UNCONSUME, RECEIVE, MERGE: secondary lot -> primary lot;
- MOVE, EDIT, STATUS_CHANGE, and any record without a secondary lot: no edge.
Rules the reference pages leave open, settled here (README, Track and trace):
- direction OUTPUT (also 'out') follows edges forward to descendants, INPUT (also 'in') backward
  to ancestors; the graph returns it upper case;
- depth 1 (default) returns the root and its neighbours; at most 5; each level is one query for
  its edges and one for its lots' data, so statements are bounded by depth, not by graph size;
- a lot is reached once (the level where it is first found); an edge between lots already in
  the graph is still listed; every edge is listed once;
- only COMPLETED and RUNNING records link lots; a RUNNING record's edge is `animated`;
- node quantity: the root's is its lot total; any other node's is the sum of the quantities of
  the edges through which it was reached (from the previous level), in those records' unit
  (`uom`); edges in different units are converted into the first edge's unit where a
  conversion exists, otherwise the node's quantity and uom are None;
- the trace table uses the same orientation; a record without a second lot (MOVE, EDIT...) shows
  its lot as both source and target; rows come in the order of the ids given, unknown ids are
  skipped, lotRecordType is upper case like everywhere else.
"""
from __future__ import absolute_import
from mes.core import dates, errors
from mes.core.compat import is_number, is_string
from mes.core.objects import MesObject
from mes.persistence import trace_store
from mes.services import lots, record_types, units

DIRECTIONS = {"INPUT": "INPUT", "IN": "INPUT", "OUTPUT": "OUTPUT", "OUT": "OUTPUT"}
DEFAULT_DEPTH = 1
MAX_DEPTH = 5


def source_and_target(lot_record_type, primary, secondary):
    """(giving lot, receiving lot) of a record; (primary, primary) when it links no second lot."""
    if secondary is None or lot_record_type not in record_types.GIVER_IS_PRIMARY + record_types.GIVER_IS_SECONDARY:
        return primary, primary
    if lot_record_type in record_types.GIVER_IS_PRIMARY:
        return primary, secondary
    return secondary, primary


# -- graph ---------------------------------------------------------------------------------------


def lot_trace_graph(session, root_lot_id, direction, depth=None):
    direction = normalize_direction(direction)
    depth = normalize_depth(depth)
    root = _root_id(root_lot_id)
    data = trace_store.lot_nodes(session, [root])
    if root not in data:
        raise errors.NotFoundError("no lot with id '%s' exists; rootNodeId must be the id of a lot" % (root_lot_id,))
    nodes = [_node(root, data[root], data[root]["total_quantity"], data[root]["unit_symbol"])]
    edges = []
    seen, seen_edges, frontier = set([root]), set(), [root]
    for _level in range(depth):
        if not frontier:
            break
        found = _level_edges(session, frontier, direction)
        reached = _newly_reached(found, direction, seen)
        edges.extend(_edge(e) for e in found if e["id"] not in seen_edges)
        seen_edges.update(e["id"] for e in found)
        frontier = [lot for lot, _ in reached]
        if frontier:
            data = trace_store.lot_nodes(session, frontier)
            nodes.extend(_node(lot, data[lot], *_quantity(session, via)) for lot, via in reached if lot in data)
    return MesObject(nodes=nodes, edges=edges, rootNodeId=root, direction=direction)


def normalize_direction(direction):
    found = DIRECTIONS.get(direction.strip().upper()) if is_string(direction) else None
    if found is None:
        raise errors.ValidationError.for_field(
            "direction", "direction '%s' is not INPUT (ancestors) or OUTPUT (descendants)" % (direction,))
    return found


def normalize_depth(depth):
    if depth is None:
        return DEFAULT_DEPTH
    number = depth
    if hasattr(depth, "longValue"):  # java.lang.Integer / Long handed over by Jython
        number = int(depth.longValue())
    elif is_string(depth) and depth.strip().isdigit():
        number = int(depth.strip())
    if not is_number(number) or number != int(number) or not 1 <= number <= MAX_DEPTH:
        raise errors.ValidationError.for_field(
            "depth", "depth must be a whole number from 1 to %d, not %s" % (MAX_DEPTH, depth))
    return int(number)


def _root_id(root_lot_id):
    if root_lot_id in (None, ""):
        raise errors.ValidationError.for_field("rootNodeId", "rootNodeId is required: the id of the lot to trace")
    return lots.id_value(root_lot_id, "rootNodeId")


def _level_edges(session, frontier, direction):
    return trace_store.edges_touching(session, frontier, direction == "OUTPUT", record_types.GIVER_IS_PRIMARY,
                                      record_types.GIVER_IS_SECONDARY)


def _newly_reached(found, direction, seen):
    """[(lot id, [edges through which it was reached])] of the lots first found at this level,
    in the order of their first edge; marks them seen."""
    reached, order = {}, []
    for edge in found:
        far = edge["target"] if direction == "OUTPUT" else edge["source"]
        if far in seen and far not in reached:
            continue
        if far not in reached:
            reached[far] = []
            order.append(far)
            seen.add(far)
        reached[far].append(edge)
    return [(lot, reached[lot]) for lot in order]


def _quantity(session, via):
    """(quantity, unit symbol) a node was reached with: the sum of its edges' quantities."""
    unit_id, symbol = via[0]["unit_id"], via[0]["unit_symbol"]
    total = 0.0
    for edge in via:
        amount = edge["quantity"] or 0.0
        if edge["unit_id"] != unit_id and unit_id is not None and edge["unit_id"] is not None:
            try:
                amount = units.convert(session, amount, edge["unit_id"], unit_id, edge["material_id"])
            except errors.ValidationError:
                return None, None  # no conversion between the edges' units: no meaningful sum
        total += amount
    return total, symbol


def _node(lot_id, data, quantity, uom):
    return MesObject(id=lot_id, data=MesObject(
        lotName=data["lot_name"], materialName=data["material_name"], materialClassName=data["material_class_name"],
        materialDescription=data["material_description"], quantity=quantity, uom=uom))


def _edge(edge):
    return MesObject(id=edge["id"], source=edge["source"], target=edge["target"], animated=edge["status"] == "RUNNING")


# -- table ---------------------------------------------------------------------------------------


def lot_trace_table(session, record_ids):
    wanted = _record_ids(record_ids)
    found = trace_store.trace_rows(session, wanted) if wanted else {}
    return [_table_row(found[record_id]) for record_id in wanted if record_id in found]


def _record_ids(record_ids):
    if record_ids is None:
        raise errors.ValidationError.for_field("inventoryLotRecordIds",
                                               "inventoryLotRecordIds is required: a list of lot record ids")
    if is_string(record_ids):
        record_ids = [record_ids]
    wanted = []
    for value in record_ids:
        canonical = lots.id_value(value, "inventoryLotRecordIds")
        if canonical not in wanted:
            wanted.append(canonical)
    return wanted


def _table_row(row):
    record_type = row["lot_record_type"]
    primary = (row["primary_lot_id"], row["primary_lot_name"], row["primary_material_id"],
               row["primary_material_name"])
    secondary = None
    if row["secondary_lot_id"] is not None:
        secondary = (row["secondary_lot_id"], row["secondary_lot_name"], row["secondary_material_id"],
                     row["secondary_material_name"])
    source, target = source_and_target(record_type, primary, secondary)
    start, end = row["start_millis"], row["end_millis"]
    return MesObject(
        id=row["id"], lotRecordType=record_type,
        sourceInventoryLotId=source[0], sourceInventoryLotName=source[1],
        targetInventoryLotId=target[0], targetInventoryLotName=target[1],
        sourceLocationId=row["source_location_id"], sourceLocationPath=row["source_location_path"],
        destinationLocationId=row["destination_location_id"], destinationLocationPath=row["destination_location_path"],
        quantity=row["quantity"], unitOfMeasureId=row["unit_id"], unitOfMeasureName=row["unit_name"],
        unitOfMeasureSymbol=row["unit_symbol"], startDate=dates.to_iso(start), endDate=dates.to_iso(end),
        durationInMillis=None if start is None or end is None else end - start,
        sourceMaterialId=source[2], sourceMaterialName=source[3],
        targetMaterialId=target[2], targetMaterialName=target[3])
