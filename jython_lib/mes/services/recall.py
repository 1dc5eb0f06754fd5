"""Recall: a lot's exposure at any depth, holding lots, and inventory as of any moment.

Rules (docs/recall.md):
- exposure walks the trace graph's edges (services/trace.py: the lot that gave material -> the
  lot that received it) downstream (OUTPUT) or upstream (INPUT) with no depth limit; each lot is
  reached once, at its smallest depth, along the first path found (oldest record first), so a
  cycle (a lot both input and output of one run) ends the walk;
- every reached lot (the root at depth 0) comes with its balances per location and the SHIP,
  CONSUME and SCRAP records that took its inventory; totals per material are in the material's
  base unit;
- a hold sets the status of every listed lot through changeStatus (one STATUS_CHANGE record per
  changed lot) in one transaction, locking the lots in id order first; CLOSED and SHIPPED lots,
  and lots already in the status, are reported and left alone;
- inventory as of a moment replays the completed records that moved inventory and took effect
  (end, else start) at or before it, with the ledger's own effects table.
"""
from __future__ import absolute_import

from mes.core import dates, errors
from mes.core.objects import MesObject
from mes.persistence import db, recall_store
from mes.services import inventory_actions, ledger, locations, lots, materials, record_types, trace, units

# Lots past the point where a hold means anything (docs/recall.md#what-a-hold-leaves-alone).
NOT_HELD = ("CLOSED", "SHIPPED")
DEFAULT_HOLD_STATUS = "QA_HOLD"


# -- exposure ------------------------------------------------------------------------------------


def lot_exposure(session, lot_id_or_name, material_id_or_path=None, direction="OUTPUT"):
    """The exposure of a lot (see the module rules): {rootLotId, rootLotName, direction, lots,
    edges, totals}."""
    direction = trace.normalize_direction(direction)
    root = _require_lot(session, lot_id_or_name, material_id_or_path)
    reach = recall_store.Reach(session.dialect, root["id"], record_types.GIVER_IS_PRIMARY, record_types.GIVER_IS_SECONDARY,
                               direction == "OUTPUT")
    edges = recall_store.exposure_edges(session, reach)
    data = recall_store.exposure_lots(session, reach)
    stock = recall_store.exposure_stock(session, reach)
    outflows = recall_store.exposure_outflows(session, reach, record_types.OUTFLOWS)
    depth, path = _walk(root["id"], edges)
    stock_by_lot, taken_by_lot = _by_lot(stock, lambda s: s[0]), _by_lot(outflows, lambda o: o["lot_id"])
    exposed = [_exposed_lot(lot_id, data[lot_id], depth[lot_id], [_edge(e, direction, data) for e in path[lot_id]],
                            stock_by_lot.get(lot_id, []), taken_by_lot.get(lot_id, []))
               for lot_id in sorted(depth, key=lambda i: (depth[i], data[i]["name"], i)) if lot_id in data]
    return MesObject(rootLotId=root["id"], rootLotName=root["name"], direction=direction, lots=exposed,
                     edges=[_edge(e, direction, data) for e in edges],
                     totals=_totals(session, exposed, data))


def _require_lot(session, lot_id_or_name, material_id_or_path):
    if lot_id_or_name in (None, ""):
        raise errors.ValidationError.for_field("lotIdOrName", "lotIdOrName is required: the id or name of a lot")
    lot = lots.find(session, lot_id_or_name, material_id_or_path)
    if lot is None:
        raise errors.NotFoundError("no lot '%s' exists%s (looked up by id and by name)" % (
            lot_id_or_name, " for material '%s'" % material_id_or_path if material_id_or_path else ""))
    return lot


def _walk(root_id, edges):
    """({lot id: depth}, {lot id: [edges from the root to it]}) breadth first over the edges,
    oldest edge first; a lot already reached is not reached again (the cycle guard)."""
    leaving = {}
    for edge in edges:
        leaving.setdefault(edge["near"], []).append(edge)
    depth, path, frontier = {root_id: 0}, {root_id: []}, [root_id]
    while frontier:
        following = []
        for lot_id in frontier:
            for edge in leaving.get(lot_id, []):
                if edge["far"] not in depth:
                    depth[edge["far"]] = depth[lot_id] + 1
                    path[edge["far"]] = path[lot_id] + [edge]
                    following.append(edge["far"])
        frontier = following
    return depth, path


def _edge(edge, direction, data):
    """An edge as returned: from the lot that gave material to the lot that received it."""
    source, target = (edge["near"], edge["far"]) if direction == "OUTPUT" else (edge["far"], edge["near"])
    return MesObject(recordId=edge["id"], lotRecordType=edge["type"], sourceLotId=source,
                     sourceLotName=_name(data, source), targetLotId=target, targetLotName=_name(data, target),
                     quantity=edge["quantity"], unitOfMeasureSymbol=edge["unit_symbol"],
                     date=dates.to_iso(edge["millis"]), status=edge["status"])


def _name(data, lot_id):
    return data[lot_id]["name"] if lot_id in data else None


def _by_lot(items, lot_of):
    """{lot id: [items]} keeping the items' order."""
    grouped = {}
    for item in items:
        grouped.setdefault(lot_of(item), []).append(item)
    return grouped


def _exposed_lot(lot_id, lot, depth, path, stock, outflows):
    """One exposed lot as returned; path, stock and outflows are that lot's own."""
    inventory = [MesObject(locationId=s[1], locationPath=s[2], quantity=s[3]) for s in stock]
    taken = dict((kind, [o for o in outflows if o["type"] == kind]) for kind in record_types.OUTFLOWS)
    return MesObject(
        lotId=lot_id, lotName=lot["name"], lotStatus=lot["status"], materialId=lot["material_id"],
        materialPath=lot["material_path"], unitOfMeasureSymbol=lot["unit_symbol"], depth=depth,
        path=path, inventory=inventory,
        onHand=sum(i["quantity"] for i in inventory),
        shipped=[_outflow(o, "destinationLocationPath") for o in taken["SHIP"]],
        consumed=[_outflow(o, None) for o in taken["CONSUME"]],
        scrapped=[_outflow(o, None) for o in taken["SCRAP"]])


def _outflow(outflow, destination_key):
    found = MesObject(recordId=outflow["id"], quantity=outflow["quantity"], date=dates.to_iso(outflow["millis"]),
                      toLotId=outflow["to_lot_id"], toLotName=outflow["to_lot_name"])
    if destination_key:
        found[destination_key] = outflow["destination_path"]
    return found


def _totals(session, exposed, data):
    """[{materialId, materialPath, unitOfMeasureSymbol, lots, onHand, shipped, consumed, scrapped}]
    per material, in its base unit (a lot counted in another unit is converted)."""
    by_material, factors = {}, {}
    for lot in exposed:
        info = data[lot["lotId"]]
        total = by_material.setdefault(info["material_id"], MesObject(
            materialId=info["material_id"], materialPath=info["material_path"],
            unitOfMeasureSymbol=info["base_unit_symbol"] or info["unit_symbol"], lots=0, onHand=0.0, shipped=0.0,
            consumed=0.0, scrapped=0.0))
        unit_key = (info["unit_id"], info["material_id"])
        if unit_key not in factors:  # one conversion lookup per lot unit and material, not per lot
            factors[unit_key] = _factor(session, info)
        factor = factors[unit_key]
        total["lots"] += 1
        total["onHand"] += factor * lot["onHand"]
        for key in ("shipped", "consumed", "scrapped"):
            total[key] += factor * sum(o["quantity"] or 0.0 for o in lot[key])
    return sorted(by_material.values(), key=lambda t: (t["materialPath"] or "", t["materialId"]))


def _factor(session, info):
    """Lot unit -> material base unit; 1 when they are the same (the usual case: no statement)."""
    if not info["base_unit_id"] or info["unit_id"] in (None, info["base_unit_id"]):
        return 1.0
    return units.convert(session, 1.0, info["unit_id"], info["base_unit_id"], info["material_id"])


# -- holds ---------------------------------------------------------------------------------------


def hold_lots(lot_ids_or_names, status=DEFAULT_HOLD_STATUS, notes=None):
    """Hold the listed lots in one transaction; see hold_in."""
    _check_status(status)
    names = _lot_list(lot_ids_or_names)
    with db.transaction() as session:
        lot_ids = [_require_lot(session, name, None)["id"] for name in names]
        return hold_in(session, lot_ids, status, notes)


def hold_exposure(lot_id_or_name, material_id_or_path=None, direction="OUTPUT", status=DEFAULT_HOLD_STATUS,
                  notes=None):
    """Hold a lot and every lot of its exposure in one transaction: {exposure, hold}."""
    _check_status(status)
    with db.transaction() as session:
        exposure = lot_exposure(session, lot_id_or_name, material_id_or_path, direction)
        held = hold_in(session, [lot["lotId"] for lot in exposure["lots"]], status, notes)
        return MesObject(exposure=exposure, hold=held)


def hold_in(session, lot_ids, status, notes):
    """{status, changed, unchanged, skipped}: lock the lots in id order, then change the status of
    each one not CLOSED, SHIPPED or already `status` through changeStatus (its STATUS_CHANGE
    record); the others are reported with the reason."""
    current = recall_store.lock_lots(session, lot_ids)
    change = inventory_actions.TRANSACTIONS["changeStatus"]
    changed, unchanged, skipped = [], [], []
    for lot_id in sorted(current):
        before = current[lot_id]
        if before in NOT_HELD:
            skipped.append(MesObject(lotId=lot_id, lotStatus=before, reason="lot is %s: nothing left to hold" % before))
        elif before == status:
            unchanged.append(MesObject(lotId=lot_id, lotStatus=before))
        else:
            request = dict(change.new(), lotId=lot_id, newStatus=status, notes=notes)
            record = change.execute(session, request)[0]
            changed.append(MesObject(lotId=lot_id, previousStatus=before, lotStatus=status, recordId=record["id"]))
    _name_lots(session, changed + unchanged + skipped)
    return MesObject(status=status, changed=changed, unchanged=unchanged, skipped=skipped)


def _name_lots(session, entries):
    """Add each entry's lot name and material path (read after the locks: no extra lock taken)."""
    for entry in entries:
        lot = lots.get(session, entry["lotId"])
        entry.update(lotName=lot["name"], materialPath=lot["materialPath"])


def _check_status(status):
    if status not in inventory_actions.LOT_STATUSES:
        raise errors.ValidationError.for_field("status", "status '%s' is not one of %s; a hold is usually QA_HOLD"
                                               % (status, ", ".join(inventory_actions.LOT_STATUSES)))


def _lot_list(lot_ids_or_names):
    if lot_ids_or_names is None or isinstance(lot_ids_or_names, (dict,)) or not hasattr(lot_ids_or_names, "__iter__") \
            or hasattr(lot_ids_or_names, "strip"):
        raise errors.ValidationError.for_field(
            "lotIdsOrNames", "lotIdsOrNames must be a list of lot ids or names, e.g. ['T-0314-01']")
    names = list(lot_ids_or_names)
    if not names:
        raise errors.ValidationError.for_field("lotIdsOrNames", "lotIdsOrNames is empty: name at least one lot")
    return names


# -- inventory as of a moment ----------------------------------------------------------------------


def inventory_as_of(session, timestamp, location_id_or_path=None, material_id_or_path=None):
    """[{locationId, locationPath, lotId, lotName, lotStatus, materialId, materialPath, quantity,
    unitOfMeasureId, unitOfMeasureName, unitOfMeasureSymbol}] of the non-zero balances at the
    moment; lotStatus is the lot's status now."""
    if timestamp is None:
        raise errors.ValidationError.for_field("timestamp", "timestamp is required: the moment to look at "
                                                            "(epoch millis, ISO-8601 text or a date)")
    moment = dates.to_millis(timestamp, "timestamp")
    location_id = locations.LOCATION.require(session, location_id_or_path)["id"] \
        if location_id_or_path not in (None, "") else None
    material_id = materials.MATERIAL.require(session, material_id_or_path)["id"] \
        if material_id_or_path not in (None, "") else None
    found = recall_store.balances_as_of(session, record_types.EFFECTS, moment, location_id, material_id)
    return [MesObject(b) for b in found if abs(b["quantity"]) > ledger.TOLERANCE]
