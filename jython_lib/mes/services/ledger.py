"""The inventory ledger: the one code path that moves inventory (docs/rules.md: errors and
atomicity, the ledger, locations).

Every quantity change is a lot record handed to `post()`. What a record does to balances is said
once, in record_types.EFFECTS, which both posting and the audit read, so the audit recomputes exactly what
posting did. Posting applies the storage strategy, capacity and negative-stock rules of the
locations involved, grows lot totals where docs/rules.md#the-ledger says so, and writes the record, all inside the
caller's transaction.
"""
from __future__ import absolute_import
from mes.core import dates, errors, ids, numbers, platform
from mes.persistence import balance_store, location_store, lot_store, record_store
from mes.services import lots, record_types, units


TOLERANCE = 1e-6


def effects_of(record):
    """[(lot id, location id, signed quantity)] in the order they are applied: decreases first."""
    moves = []
    for types, lot_column, location_column, sign in record_types.EFFECTS:
        if record["lot_record_type"] in types and record.get(location_column):
            moves.append((record[lot_column], record[location_column], sign * record["quantity"]))
    return sorted(moves, key=lambda move: move[2] > 0)


def scrap_all(session, context, location_id, material_id=None, finish=None):
    """Scrap every lot of the material (every material when None) at a location to zero.

    The one scrap-all of scrapAll and the SCRAP_ALL inventory operation: one SCRAP record per lot
    with stock, each posted for the lot's whole balance in its own unit.

    Args:
        session: the caller's transaction.
        context: the record columns every SCRAP carries (dates, status, reason, destination, ...).
        location_id: the location scrapped.
        material_id: the material scrapped; None scraps every material.
        finish: a function given each record before it is posted (e.g. the request's end-date rule).

    Returns:
        the posted records, in lot order.
    """
    written = []
    for lot_id, held in balance_store.positive_balances_at(session, location_id, material_id):
        lot = lots.require(session, lot_id)
        scrap = dict(context, lot_record_type="SCRAP", inventory_lot_id=lot_id, source_location_id=location_id,
                     quantity=held, unit_of_measure_id=lot["unitOfMeasureId"], lot_status=lot["status"])
        written.append(post(session, finish(scrap) if finish else scrap))
    return written


def post(session, record, expected_balance=None, apply_storage=True, running=False, locations=None, locked_lots=None):
    """Apply a completed record's effects and write it; returns the record values.

    expected_balance: for EDIT, the balance the caller read; the change is applied only if the
    balance is still that (compare-and-set), so a concurrent transaction is never overwritten.
    apply_storage=False: the increases come from a storage-strategy merge and must not trigger
    another one. running=True: the record was written RUNNING earlier (an inventory operation's
    start) and is completed now; it must still be RUNNING, or another writer finished it. locations: {id:
    location row} the caller holds already (an inventory operation's configuration), not read again.
    locked_lots: {id: lot row} the caller read locked in this transaction, in the lock order."""
    record = _stamped(record)
    record["quantity"] = _stored_quantity(record)
    record.setdefault("status", "COMPLETED")
    record["moves_inventory"] = True
    locked = _lock_lots(session, record, locked_lots)
    for lot_id, location_id, delta in effects_of(record):
        if record["lot_record_type"] == "EDIT":
            _edit(session, lot_id, location_id, delta, expected_balance)
        elif delta < 0:
            _take(session, lot_id, location_id, -delta, _row_notes(record), locations)
        elif delta > 0:
            _put(session, lot_id, location_id, delta, record, apply_storage, locked.pop(lot_id, None), locations)
    _grow_total(session, record)
    if not running:
        record_store.insert_record(session, record)
    elif not record_store.complete_record(session, record):
        raise errors.ConflictError("lot record %s is no longer RUNNING: another call completed or cancelled it"
                                   % record["id"])
    for write_next in record.pop("_after", []):
        write_next()
    return record


def write_unposted(session, record):
    """Write a record that moves nothing now (a RUNNING record, a status change)."""
    record = _stamped(record)
    record["moves_inventory"] = False
    record_store.insert_record(session, record)
    return record


def _stored_quantity(record):
    """The record's quantity as stored: after unit conversion or from an expression it is rounded
    again by the one coercion (docs/limits.md#quantity-precision)."""
    if record.get("quantity") is None:
        return None
    quantity, message = numbers.quantity_problem("quantity", record["quantity"])
    if message:
        raise errors.ValidationError.for_field("quantity", message)
    return quantity


def _stamped(record):
    """A copy with an id and the created date and user every row carries."""
    record = dict(record)
    record.setdefault("id", ids.new_id())
    record.setdefault("created_date", dates.now_millis())
    record.setdefault("created_by", platform.current_username())
    return record


def _grow_total(session, record):
    column = record_types.TOTAL_GROWS.get(record["lot_record_type"])
    if column and record.get(column) and record["quantity"] > 0:
        lot_store.grow_lot_total(session, record[column], record["quantity"])


def _location(session, location_id, lock=False, known=None):
    location = None if lock or not known else known.get(location_id)
    if location is None:
        location = location_store.location(session, location_id, lock)
    if location is None:
        raise errors.NotFoundError("no location with id %s exists" % location_id)
    return location


def _row_notes(record):
    """The notes an inventory row takes from a record: an inventory operation's notes go on the rows
    its records create or change (docs/rules.md#inventory-operation-runtime); other records' stay on the record."""
    return (record.get("notes") or None) if record.get("inventory_operation_id") else None


def _take(session, lot_id, location_id, quantity, notes=None, known_locations=None):
    location = _location(session, location_id, known=known_locations)
    negative_ok = bool(location["allow_negative_inventory"])
    if balance_store.take(session, location_id, lot_id, quantity, negative_ok, notes):
        return
    if negative_ok:  # no row yet: the balance starts below zero
        balance_store.add(session, location_id, lot_id, -quantity, notes=notes)
        return
    held = balance_store.quantity_at(session, location_id, lot_id) or 0.0
    raise errors.InsufficientInventoryError(
        "lot %s holds %s at location '%s'; taking %s would leave it below zero. Take at most %s, or allow "
        "negative inventory at '%s' (allowNegativeInventory)" % (
            _lot_name(session, lot_id), numbers.display(held), location["path"], numbers.display(quantity),
            numbers.display(held), location["path"]))


def _lock_lots(session, record, known=None):
    """Lock the record's lots in id order before any inventory row, as every writer does, so two
    calls never wait on each other in a circle (docs/faults.md#lock-order); {lot id: row} of the
    lots read, with those the caller `known` locked already (not read again). Where the database has
    no row locks (SQLite serialises writers) nothing is read here."""
    locked = dict(known or {})
    if not session.dialect.lock_rows:
        return locked
    wanted = set(record.get(c) for c in ("inventory_lot_id", "secondary_inventory_lot_id"))
    for lot_id in sorted(wanted - set([None]) - set(locked)):
        locked[lot_id] = lot_store.lot_for_update(session, lot_id)
    return locked


def _put(session, lot_id, location_id, quantity, record, apply_storage, lot=None, known_locations=None):
    location = _location(session, location_id, known=known_locations)
    if apply_storage and (location["storage_capacity"] is not None or
                          location["lot_storage_strategy"] not in ("ALLOW_MULTIPLE", "NO_STORAGE")):
        location = _location(session, location_id, lock=True)
    lot = lot or lot_store.lot_for_update(session, lot_id)
    _refuse_closed(lot)
    if apply_storage:
        check_capacity(session, location, lot, quantity)
        _apply_storage_strategy(session, location, lot, quantity, record)
    balance_store.add(session, location_id, lot_id, quantity, record.get("inventory_name"),
                     record.get("production_order_id"), _row_notes(record))


def _refuse_closed(lot):
    """docs/rules.md#the-ledger: a CLOSED lot accepts no increase."""
    if lot["status"] == "CLOSED":
        raise errors.ValidationError.for_field(
            "lotIdOrName", "lot %s is CLOSED and accepts no more inventory; change its status first "
                           "(changeStatus) or use another lot" % lot["name"])


def _apply_storage_strategy(session, location, lot, quantity, record):
    strategy = location["lot_storage_strategy"]
    if strategy == "NO_STORAGE":
        raise errors.ValidationError.for_field(
            "location", "location '%s' stores no inventory (lotStorageStrategy NO_STORAGE); set its "
                        "lotStorageStrategy to ALLOW_MULTIPLE or another storage strategy to keep inventory "
                        "there" % location["path"])
    if strategy == "ALLOW_MULTIPLE":
        return
    others = balance_store.other_lots_at(session, location["id"], lot["id"])
    if not others:
        return
    if strategy == "ALLOW_SINGLE_OR_THROW":
        raise errors.ConflictError(
            "location '%s' keeps a single lot (ALLOW_SINGLE_OR_THROW) and already holds lot %s (%s); empty it "
            "first or store lot %s elsewhere" % (location["path"], _lot_name(session, others[0][0]),
                                                 numbers.display(others[0][1]), lot["name"]))
    if strategy == "MERGE_INTO_NEW":
        # The lots already there are merged into the incoming one, which then takes the increase.
        for other_id, held in others:
            _merge_record(session, record, survivor=lot["id"], merged=other_id, location=location, quantity=held)
    elif strategy == "MERGE_INTO_PREVIOUS":
        # The increase lands on the incoming lot first (its own record says so), then a MERGE
        # record carries it into the lot already there; written after the caller's record.
        record.setdefault("_after", []).append(
            lambda: _merge_record(session, record, survivor=others[0][0], merged=lot["id"], location=location,
                                  quantity=quantity))


def _merge_record(session, cause, survivor, merged, location, quantity):
    merge = dict((k, cause.get(k)) for k in ("operation_record_id", "production_order_id", "inventory_operation_id",
                                             "start_date", "end_date", "notes", "shift_record_id"))
    merge.update(lot_record_type="MERGE", inventory_lot_id=survivor, secondary_inventory_lot_id=merged,
                 source_location_id=location["id"], destination_location_id=location["id"], quantity=quantity,
                 unit_of_measure_id=cause.get("unit_of_measure_id"), status="COMPLETED")
    merge["lot_status"] = lot_store.lot_for_update(session, survivor)["status"]
    return post(session, merge, apply_storage=False)


def _edit(session, lot_id, location_id, delta, expected_balance):
    if delta > 0:
        _refuse_closed(lot_store.lot_for_update(session, lot_id))
    if expected_balance is None:
        balance_store.add(session, location_id, lot_id, delta)
        return
    if not balance_store.adjust_if(session, location_id, lot_id, delta, expected_balance):
        raise errors.ConflictError("the balance of lot %s at that location changed while it was being edited; "
                                   "read it again and repeat the edit" % _lot_name(session, lot_id))


def check_capacity(session, location, lot, quantity):
    """Raise unless `quantity` of `lot` fits the location's storage capacity, compared in the location's
    capacity unit through unit conversions (docs/rules.md#locations-storage-and-units)."""
    if location["storage_capacity"] is None:
        return
    unit = location["storage_capacity_unit_id"]
    held = 0.0
    for material_id, unit_id, total in balance_store.totals_by_material_and_unit(session, location["id"]):
        held += total if not unit else units.convert(session, total, unit_id, unit, material_id)
    incoming = quantity if not unit else units.convert(session, quantity, lot["unit_of_measure_id"], unit,
                                                       lot["material_id"])
    if held + incoming > location["storage_capacity"] + TOLERANCE:
        raise CapacityExceeded.for_field(
            "quantity", "location '%s' holds %s of its capacity %s; %s more does not fit. Store less, or raise "
                        "its storageCapacity" % (location["path"], numbers.display(held),
                                                 numbers.display(location["storage_capacity"]),
                                                 numbers.display(incoming)))


class CapacityExceeded(errors.ValidationError):
    """The quantity does not fit the location's storage capacity."""


def has_capacity(session, location, lot, quantity):
    """Whether the quantity fits; a missing unit conversion is still an error, not a 'no'."""
    try:
        check_capacity(session, location, lot, quantity)
    except CapacityExceeded:
        return False
    return True


def audit(session, repair=False):
    """Recompute every (lot, location) balance from the records that moved inventory and list the
    differences with the inventory rows: [{lotId, locationId, recorded, expected}]. Empty when the
    ledger is consistent. repair=True sets the rows to the recomputed balances."""
    expected = record_store.balances_from_records(session, record_types.EFFECTS)
    actual = balance_store.inventory_balances(session)
    differences = []
    for key in sorted(set(expected) | set(actual)):
        want, have = expected.get(key, 0.0), actual.get(key, 0.0)
        if abs(want - have) > TOLERANCE:
            differences.append({"lotId": key[0], "locationId": key[1], "recorded": have, "expected": want})
            if repair:
                if key in actual:
                    balance_store.set_quantity(session, key[1], key[0], want)
                else:
                    balance_store.add(session, key[1], key[0], want)
    return differences


def _lot_name(session, lot_id):
    lot = lot_store.lot_for_update(session, lot_id)
    return "'%s'" % lot["name"] if lot else lot_id

