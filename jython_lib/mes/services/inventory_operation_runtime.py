"""The inventory-operation runtime (docs/rules.md#inventory-operation-runtime): start, stop, execute and cancel.

start resolves material, lots, inventory name and unit, writes a RUNNING lot record and moves the
operation to RUNNING by compare-and-set on its status; inventory moves at stop, when the quantity
is known, through the ledger (the only code that moves inventory). Every call is one transaction;
the `*_in` variants run inside a caller's transaction (an operation starting its PARENT-triggered
inventory operations).
"""
from __future__ import absolute_import
from mes.core import dates, errors, ids, limits, numbers, platform
from mes.expression import api as expressions
from mes.core.compat import is_string
from mes.persistence import (db, location_store, lot_store, mapping, production_order_store, record_store,
                             runtime_store, tables)
from mes.services import (inventory_actions, inventory_operation_cache, inventory_operations, ledger, lot_picking,
                          lot_records, lots, record_types, units)
from mes.services.materials import MATERIAL
from mes.services.operations import OPERATION
from mes.services.production_orders import PRODUCTION_ORDER



# -- the four calls ---------------------------------------------------------------------------------
MOVES = tables.INVENTORY_OPERATION_MOVES
RECORDS = tables.INVENTORY_LOT_RECORDS
# (partner, its record column) of a lot record's partners: the names returned beside its ids.
_PARTNERS = tuple((partner, RECORDS.column(partner.column)) for partner in lot_records.RECORD.partners)
_INVENTORY_NAME_LIMIT = tables.INVENTORY.column("name").max_length


def start(op_id, primary=None, secondary=None, material=None, inventory_name=None, start_millis=None, tags=None):
    def work(session):
        entry, record = _start(session, op_id, primary, secondary, material, inventory_name, start_millis, tags)
        return _returned(session, entry, record) if record else None
    return db.write(work)


def stop(op_id, quantity=None, inventory_name=None, end_millis=None, tags=None, counter=None):
    def work(session):
        entry, op, written = _stop_now(session, op_id, quantity, inventory_name, end_millis, tags, counter)
        return _result(session, entry, op, written)
    return db.write(work)


def execute(op_id, primary=None, quantity=None, secondary=None, material=None, inventory_name=None,
            start_millis=None, end_millis=None, tags=None):
    return db.write(lambda session: _execute_in(session, op_id, primary, quantity, secondary, material,
                                                inventory_name, start_millis, end_millis, tags))


def _execute_in(session, op_id, primary, quantity, secondary, material, inventory_name, start_millis, end_millis,
                tags):
    entry = _configured(session, op_id)
    if not _claimed(session, entry, "execute", primary):
        entry, op = _loaded(session, op_id)
        if not MOVES.allows("execute", op["status"]):  # execute on a running operation is its stop
            entry, op, written = _stop_now(session, op_id, quantity, inventory_name, end_millis, tags)
            return _result(session, entry, op, written)
        _check_startable(session, op, primary)
        if not runtime_store.claim(session, op["id"], "execute", entry["version"]):
            raise _state_conflict(session, op["id"], "execute")
    op = entry["op"]  # shared with the cache: read only here and below (not copied per call)
    if op["operationType"] == "SCRAP_ALL":
        return _result(session, entry, op, _scrap_all(session, op, _context(session, op, start_millis), end_millis))
    plan = _resolve(session, entry, op, primary, secondary, material, inventory_name, tags, start_millis, lock=True)
    start = plan["context"]["start_date"]
    amount = _quantity(session, op, quantity, tags, plan)
    return _result(session, entry, op, _complete(session, entry, op, plan, amount, start, end_millis,
                                                 inventory_name, None))


def cancel(op_id):
    return db.write(lambda session: _cancel_in(session, op_id))


def _cancel_in(session, op_id):
    op = _loaded(session, op_id, lock=True)[1]
    if not MOVES.allows("cancel", op["status"]):
        raise errors.ConflictError("inventory operation '%s' is %s, not RUNNING; there is nothing to cancel"
                                   % (op["name"], op["status"]))
    record_id = op["currentRecordId"]
    if record_id and not record_store.cancel_record(session, record_id, dates.now_millis()):
        raise _state_conflict(session, op["id"], "cancel")
    if not runtime_store.mark_stopped(session, op["id"], "cancel"):
        raise _state_conflict(session, op["id"], "cancel")
    return lot_records.require(session, record_id) if record_id else None


def fault(op_id, reason):
    """A triggered start or stop failed (docs/rules.md#inventory-operation-runtime): the running record, if any, ends CANCELLED (nothing
    was moved), the operation is FAULTED, and the reason is logged. The next valid start clears it."""
    db.write(lambda session: fault_in(session, op_id, reason))


def fault_in(session, op_id, reason):
    op = runtime_store.inventory_operation(session, op_id)
    if op is None:
        return
    if op["current_record_id"]:
        record_store.cancel_record(session, op["current_record_id"], dates.now_millis())
    runtime_store.mark_faulted(session, op_id)
    platform.logger("inventory.operation").error("inventory operation '%s' (%s) is FAULTED: %s" % (
        op["name"], op_id, reason))


def save_counter(op_id, counter):
    """Write a running DELTA counter (steps summed, last sample) to the operation's row."""
    db.write(lambda session: runtime_store.save_counter(session, op_id, counter[1], counter[0]))


def counters(session, ids=None):
    """{operation id: (steps summed, last sample)} of the running DELTA counters in the database."""
    return runtime_store.running_counters(session, ids)


# -- inside a caller's transaction ------------------------------------------------------------------

def start_in(session, op_id, primary=None, secondary=None, material=None, inventory_name=None, start_millis=None,
             tags=None):
    return _start(session, op_id, primary, secondary, material, inventory_name, start_millis, tags)[1]


def _start(session, op_id, primary, secondary, material, inventory_name, start_millis, tags):
    """(configuration entry, the RUNNING record written or None for SCRAP_ALL)."""
    entry = _configured(session, op_id)
    if not _claimed(session, entry, "start", primary):
        entry, op = _loaded(session, op_id)
        if not MOVES.allows("start", op["status"]):
            raise errors.ConflictError("inventory operation '%s' is already RUNNING (record %s); stop or cancel it "
                                       "first" % (op["name"], op["currentRecordId"]))
        _check_startable(session, op, primary)
        if not runtime_store.claim(session, op["id"], "start", entry["version"]):
            raise _state_conflict(session, op["id"], "start")
    op = entry["op"]  # shared with the cache: read only here and below (not copied per call)
    if op["operationType"] == "SCRAP_ALL":  # runs without a record until stop scraps (docs/rules.md#inventory-operation-runtime)
        start = _context(session, op, start_millis)["start_date"]
        _mark_running(session, op, None, None, None, start)
        return entry, None
    plan = _resolve(session, entry, op, primary, secondary, material, inventory_name, tags, start_millis)
    counter = _sample(op, tags) if _is_delta(op) else None
    running = dict(_first_record(op, plan), status="RUNNING", end_date=None, quantity=None)
    running = ledger.write_unposted(session, running)
    _mark_running(session, op, running["id"], counter, plan["inventory_name"], running["start_date"])
    return entry, dict(running, _plan=plan)


def _mark_running(session, op, record_id, counter, inventory_name, start):
    if not runtime_store.mark_running(session, op["id"], record_id, counter, inventory_name, start):
        raise _state_conflict(session, op["id"], "start")


def stop_in(session, op_id, quantity=None, inventory_name=None, end_millis=None, tags=None, counter=None,
            expected_record=None):
    """Complete the running record(s) with the quantity; returns the records written. With
    expected_record (a triggered stop written late), only the run that record belongs to is
    stopped: a run started since by anyone else is refused as a conflict, never completed with the
    old edge's count (docs/faults.md#store-and-forward)."""
    return _stop_now(session, op_id, quantity, inventory_name, end_millis, tags, counter, expected_record)[2]


def _stop_now(session, op_id, quantity=None, inventory_name=None, end_millis=None, tags=None, counter=None,
              expected_record=None):
    """(configuration entry, operation, records written): the operation's state and running record
    read in one query, its configuration from the cache when the stored version is the cached one."""
    canonical = _canonical(op_id)
    found = runtime_store.running_state(session, canonical) if canonical else None
    if found is None:
        raise _not_found(op_id)
    raw, running = found
    entry = inventory_operation_cache.get(canonical)
    if entry is None or entry["version"] != raw["config_version"]:
        entry = _read_configuration(session, canonical)[0]
    op = _with_state(entry, raw)
    if expected_record is not None and op["currentRecordId"] != expected_record:
        raise errors.ConflictError("inventory operation '%s' is no longer running record %s (it was stopped, or "
                                   "stopped and started again, elsewhere); this stop is not applied to another run"
                                   % (op["name"], expected_record))
    return entry, op, _stop(session, entry, op, running, quantity, inventory_name, end_millis, tags, counter)


def _stop(session, entry, op, running, quantity=None, inventory_name=None, end_millis=None, tags=None, counter=None):
    if not MOVES.allows("stop", op["status"]):
        raise errors.ConflictError("inventory operation '%s' is %s, not RUNNING; start it before stopping it"
                                   % (op["name"], op["status"]))
    if op["operationType"] == "SCRAP_ALL":
        written = _scrap_all(session, op, _context(session, op, op["_started"]), end_millis)
    elif running is None:  # RUNNING without its record: changed under this call
        raise _state_conflict(session, op["id"], "stop")
    else:
        plan = _plan_from_record(session, entry, op, running)
        amount = _quantity(session, op, quantity, tags, plan, counter)
        written = _complete(session, entry, op, plan, amount, running["start_date"], end_millis, inventory_name,
                            running)
    if not runtime_store.mark_stopped(session, op["id"], "stop"):
        raise _state_conflict(session, op["id"], "stop")
    return written


# -- resolution at start (docs/rules.md#inventory-operation-runtime) --------------------------------------------------

def _resolve(session, entry, op, primary_arg, secondary_arg, material_arg, name_arg, tags, start_millis=None,
             lock=False):
    """What a start or execute resolves; with lock (a call that posts now) a lone primary lot found by
    id or name is read locked: the ledger's first lock (docs/faults.md#lock-order), taken by the lookup."""
    material = _material(session, entry, op, material_arg, tags)
    has_secondary = bool(secondary_arg or op["secondaryMaterialId"])
    locked = {} if lock and not has_secondary else None  # two lots lock in id order, in the ledger
    primary = _lot(session, op, "primary", primary_arg, material, tags, locked)
    secondary = None
    if has_secondary:
        secondary_material = MATERIAL.get(session, op["secondaryMaterialId"]) if op["secondaryMaterialId"] else None
        secondary = _lot(session, op, "secondary", secondary_arg, secondary_material, tags)
    context = _context(session, op, start_millis)
    return {"material": material, "primary": primary, "secondary": secondary,
            "inventory_name": _checked_name(_inventory_name(op, name_arg, tags)),
            "unit_id": _unit(session, op, material, context),
            "context": context, "locked_lots": locked}


def _material(session, entry, op, material_arg, tags):
    source = op["materialSource"]
    if source == "MANUAL" or (material_arg and source != "EXPRESSION"):
        wanted, field = material_arg, "materialIdOrPath"
    elif source == "EXPRESSION":
        wanted, field = _evaluate(op, "materialExpression", tags), "materialExpression"
    elif source == "PARENT":
        wanted, field = _parent_product(session, op), "materialSource"
    else:
        wanted, field = op["materialId"], "materialId"
    found = _known_material(session, entry, wanted) if wanted else None
    if found is None:
        raise errors.ValidationError.for_field(field, "inventory operation '%s' resolved its material (%s) to %r, "
                                                      "which is no material's id or path" % (op["name"], source, wanted))
    return found


def _known_material(session, entry, wanted):
    """The configured material from the configuration entry; any other through the material service."""
    cached = entry["material"]
    if cached is not None and wanted == cached["id"]:
        return cached
    return MATERIAL.get(session, wanted)


def _parent_product(session, op):
    operation = OPERATION.get(session, op["operationId"]) if op["operationId"] else None
    order_id = operation and operation.get("currentProductionOrderId")
    order = PRODUCTION_ORDER.get(session, order_id) if order_id else None
    return order and order.get("productId")


def _lot(session, op, side, given, material, tags, locked=None):
    """The primary or secondary lot: the call's lot wins; otherwise the side's strategy. With
    `locked` (a dict) a lot found by id or name is read locked and its row kept there."""
    strategy = op[side + "LotResolutionStrategy"]
    field = side + "LotIdOrName"
    name = given
    if not given:
        if strategy == "MANUAL":
            raise errors.ValidationError.for_field(field, "inventory operation '%s' resolves its %s lot MANUALly: "
                                                          "pass %s" % (op["name"], side, field))
        if strategy == "FROM_LOCATION":
            return _lot_from_location(session, op, material)
        if strategy == "EXPRESSION":
            name = _evaluate(op, side + "LotCodeExpression", tags)
        if strategy == "AUTO_GENERATE":
            return lots.create(session, None, material, material["unitOfMeasureId"])
    found = _find_lot(session, name, material, locked) if name not in (None, "") else None
    if found is not None:
        return found
    if op["createLotIfNotFound"] and material is not None and name not in (None, ""):
        return lots.create(session, name, material, material["unitOfMeasureId"], field)
    raise errors.ValidationError.for_field(field, "inventory operation '%s': no %s lot '%s'%s exists; create it, "
                                                  "or set createLotIfNotFound" % (
        op["name"], side, name, " of material '%s'" % material["path"] if material else ""))


def _find_lot(session, name, material, locked):
    if material is None:
        return lots.find(session, name)
    found, row = lots.find_row(session, name, material["id"], lock=locked is not None)
    if row is not None and locked is not None:
        locked[row["id"]] = row
    return found


def _lot_from_location(session, op, material):
    source = location_store.location(session, op["sourceLocationId"])
    found = lot_picking.pick(session, source["id"], source["lot_use_strategy"], source["allow_negative_inventory"],
                             material["id"])
    if found.lot is None:
        raise errors.ValidationError.for_field(
            "primaryLotResolutionStrategy", "inventory operation '%s' takes its lot FROM_LOCATION, but location '%s' "
                                            "holds no %s" % (op["name"], source["path"], material["path"]))
    return found.lot


def _checked_name(name):
    """An inventory name within the inventory row's name limit (docs/limits.md#text-limits); None
    (no name, the usual case) needs no check."""
    if name is None:
        return None
    return limits.require_text("inventoryName", name, _INVENTORY_NAME_LIMIT)


def _inventory_name(op, name_arg, tags):
    strategy = op["inventoryNameResolutionStrategy"]
    if name_arg:
        return name_arg
    if strategy == "STATIC":
        return op["inventoryName"]
    if strategy == "EXPRESSION":
        return _evaluate(op, "inventoryNameExpression", tags)
    if strategy == "AUTO_GENERATE":
        return lots.auto_name()
    return None  # MANUAL without a name


def _unit(session, op, material, context):
    """The unit quantities are given in: STATIC the configured one; FROM_CONTEXT the production
    order's for PRODUCE (the one in the record's context; else the material's base unit)."""
    if op["unitOfMeasureResolutionStrategy"] == "STATIC" and op["unitOfMeasureId"]:
        return op["unitOfMeasureId"]
    if op["operationType"] == "PRODUCE":
        order_id = context["production_order_id"]
        unit = production_order_store.production_order_unit(session, order_id) if order_id else None
        if unit:
            return unit
    return material["unitOfMeasureId"]


def _context(session, op, start_millis):
    """What every record of the operation carries (docs/rules.md#inventory-operation-runtime): the linked operation's
    running record and production order, the reason code, the operation's notes."""
    operation = OPERATION.get(session, op["operationId"]) if op["operationId"] else None
    start = dates.now_millis() if start_millis is None else dates.to_millis(start_millis, "startDateMillis")
    return lot_records.context(operation, start, reason_code_id=op["reasonCodeId"], inventory_operation_id=op["id"],
                               notes=op["notes"])


# -- records ------------------------------------------------------------------------------------------

def _first_record(op, plan):
    """The record a start writes (RECEIVE for RECEIVE_AND_CONSUME), located per docs/rules.md#inventory-operation-runtime."""
    kind = op["operationType"]
    primary, secondary = plan["primary"], plan["secondary"]
    record = dict(plan["context"], inventory_lot_id=primary["id"], unit_of_measure_id=primary["unitOfMeasureId"],
                  secondary_inventory_lot_id=secondary["id"] if secondary else None, lot_status=primary["status"])
    if kind == "RECEIVE_AND_CONSUME":
        # Received at the source, then consumed from there; the consuming lot rides on the
        # RECEIVE until stop moves it to the CONSUME.
        record.update(lot_record_type="RECEIVE", destination_location_id=op["sourceLocationId"])
    elif kind in record_types.TAKING_OPERATIONS:
        record.update(lot_record_type=kind, source_location_id=op["sourceLocationId"],
                      destination_location_id=op["destinationLocationId"])
    else:
        record.update(lot_record_type=kind, destination_location_id=op["destinationLocationId"],
                      source_location_id=op["sourceLocationId"])
    return record


def _plan_from_record(session, entry, op, running, lock=True):
    """The plan of a stop: the record's lots, locked in id order (the ledger's lot locks, taken here
    because the quantity is converted to the lot's unit before posting)."""
    locked = lot_store.lots_by_id(session, [running[c] for c in ("inventory_lot_id", "secondary_inventory_lot_id")
                                            if running[c]], lock)
    primary = mapping.to_object(tables.INVENTORY_LOTS, locked[running["inventory_lot_id"]])
    material = _known_material(session, entry, primary["materialId"])
    context = _context(session, op, running["start_date"])
    secondary = running["secondary_inventory_lot_id"]
    return {"primary": primary, "material": material,
            "secondary": mapping.to_object(tables.INVENTORY_LOTS, locked[secondary]) if secondary else None,
            "unit_id": _unit(session, op, material, context),
            "inventory_name": op["_inventory_name"], "context": context, "locked_lots": locked if lock else None}


def _complete(session, entry, op, plan, amount, start, end_millis, inventory_name, running):
    """Post the finished record(s); returns them (RECEIVE then CONSUME for RECEIVE_AND_CONSUME)."""
    start = dates.to_millis(start)  # a stored record hands back its start as an ISO string
    end = lot_records.end_date(start, end_millis, "endDateMillis")
    quantity = _to_lot_unit(session, amount, plan)
    record = running if running is not None else dict(_first_record(op, plan), id=None)
    if record.get("id") is None:
        record.pop("id")
    record = dict(record, quantity=quantity, end_date=end, status="COMPLETED",
                  inventory_name=_checked_name(inventory_name) or plan["inventory_name"])
    consuming_lot = None
    if op["operationType"] == "RECEIVE_AND_CONSUME":
        consuming_lot, record["secondary_inventory_lot_id"] = record.get("secondary_inventory_lot_id"), None
    locations = entry["locations"]
    written = [ledger.post(session, record, running=running is not None, locations=locations,
                           locked_lots=plan.get("locked_lots"))]
    if op["operationType"] == "RECEIVE_AND_CONSUME":
        consume = dict((k, record[k]) for k in ("inventory_lot_id", "unit_of_measure_id", "quantity", "start_date",
                                                 "end_date", "inventory_operation_id", "material_reason_code_id",
                                                 "notes", "operation_record_id", "production_order_id", "lot_status"))
        consume.update(lot_record_type="CONSUME", secondary_inventory_lot_id=consuming_lot, status="COMPLETED",
                       source_location_id=op["sourceLocationId"], destination_location_id=op["destinationLocationId"])
        written.append(ledger.post(session, consume, locations=locations))
    if op["operationType"] == "PRODUCE" and op["incrementProductionOrderCount"]:
        inventory_actions.count_produced(session, record.get("production_order_id"), quantity, plan["primary"])
    return [dict(r, _plan=plan) for r in written]


def _scrap_all(session, op, context, end_millis):
    """SCRAP_ALL: every lot of the material (every material when none is set) at the source
    location scrapped to zero, one SCRAP record each."""
    end = lot_records.end_date(context["start_date"], end_millis, "endDateMillis")
    return ledger.scrap_all(session, dict(context, end_date=end, status="COMPLETED"), op["sourceLocationId"],
                            op["materialId"])


# -- quantity (docs/rules.md#inventory-operation-runtime) -------------------------------------------------------------

def _quantity(session, op, given, tags, plan, counter=None):
    """The quantity, in the operation's unit: the call's value wins; else MANUAL is an error,
    DIRECT the expression's value now, DELTA the counter's steps since start."""
    if given is not None:
        amount, message = numbers.quantity_problem("quantity", given)
        if message:
            raise errors.ValidationError.for_field("quantity", message)
    elif op["quantitySource"] == "MANUAL":
        raise errors.ValidationError.for_field("quantity", "inventory operation '%s' takes a MANUAL quantity: pass "
                                                           "it to stop or execute" % op["name"])
    elif op["quantityCalcType"] == "DIRECT":
        amount = _number(op, _evaluate(op, "quantityExpression", tags))
    else:
        amount = _delta_total(op, _sample_or_last(op, tags, counter), counter)
    if amount < 0:
        raise errors.ValidationError.for_field("quantity", "the quantity of inventory operation '%s' came out as %s; "
                                                           "it must be zero or more" % (op["name"], amount))
    return amount


def _delta_total(op, sample, counter=None):
    """Steps summed since start, the last one from the last sample to `sample`. `counter` is
    (total, last sample) kept by the trigger engine's ticks; otherwise the start sample stored
    with the operation."""
    total, last = counter if counter is not None else (op.get("_counter_total"), op.get("_counter_last"))
    if last is None:  # an execute: start and stop are the same moment
        return 0.0
    return (total or 0.0) + counter_step(last, sample, op["quantityOverflowValue"])


def counter_step(previous, current, overflow):
    """One step of a DELTA counter (docs/rules.md#inventory-operation-runtime): a drop is a rollover when an overflow value is set (90 ->
    10 with 100 gives 20), a reset otherwise (the step is the new value)."""
    if current >= previous:
        return current - previous
    if overflow:
        return current + overflow - previous
    return current


def _sample_or_last(op, tags, counter):
    """The counter now; when it reads bad at a triggered stop, the engine's last good sample (the
    count up to then stands rather than the run being lost)."""
    try:
        return _sample(op, tags)
    except errors.ValidationError:
        if counter is None or counter[1] is None:
            raise
        return counter[1]


def _is_delta(op):
    return op["quantitySource"] == "EXPRESSION" and op["quantityCalcType"] == "DELTA"


def _sample(op, tags):
    return _number(op, _evaluate(op, "quantityExpression", tags))


def _number(op, value):
    number = numbers.to_number(value)
    if number is None:
        raise errors.ValidationError.for_field("quantityExpression", "the quantity expression of inventory operation "
                                                                     "'%s' gave %r, not a number" % (op["name"], value))
    return number


def _to_lot_unit(session, amount, plan):
    lot = plan["primary"]
    if plan["unit_id"] == lot["unitOfMeasureId"]:
        return amount
    return units.convert(session, amount, plan["unit_id"], lot["unitOfMeasureId"], lot["materialId"])


def _evaluate(op, field, tags):
    text = op[field]
    result = expressions.compile_expression(text).evaluate(tag_values=tags)
    if not result.good:
        raise errors.ValidationError.for_field(field, "the %s of inventory operation '%s' (%s) has quality %s; its "
                                                      "tags must read good" % (field, op["name"], text, result.quality))
    return expressions.library_value(result.value)


# -- state ---------------------------------------------------------------------------------------------

def _canonical(op_id):
    return (ids.normalize_id(op_id) or op_id) if is_string(op_id) else None


def _not_found(op_id):
    return errors.NotFoundError("no inventory operation with id '%s' exists" % (op_id,))


def _configured(session, op_id):
    """The operation's configuration entry: the gateway's cached one, else read (one query) and cached.
    Its runtime state (status, current record) is not to be trusted: the claim checks it."""
    entry = inventory_operation_cache.get(_canonical(op_id))
    return entry if entry is not None else _read_configuration(session, op_id)[0]


def _loaded(session, op_id, lock=False):
    """(fresh configuration entry, operation with its runtime state), read now (one query); with lock,
    the operation's row is locked first (docs/faults.md#lock-order)."""
    if lock and _canonical(op_id):
        runtime_store.inventory_operation(session, _canonical(op_id), lock=True)
    entry, raw = _read_configuration(session, op_id)
    return entry, _with_state(entry, raw)


def _read_configuration(session, op_id):
    """(entry, the operation's row) read from the database; the entry replaces the cached one."""
    canonical = _canonical(op_id)
    found = runtime_store.configuration(session, canonical) if canonical else None
    if found is None:
        if canonical:
            inventory_operation_cache.forget([canonical])
        raise _not_found(op_id)
    raw, joined = found
    op = mapping.to_object(tables.INVENTORY_OPERATIONS, raw)
    material = joined["m__"]
    known = dict((row["id"], row) for row in joined.values() if row is not None)
    known[raw["id"]] = raw
    entry = {"op": op, "version": raw["config_version"], "known": known,
             "material": mapping.to_object(tables.MATERIALS, material) if material else None,
             "locations": dict((row["id"], row) for row in (joined["s__"], joined["d__"]) if row is not None),
             # Whether a start or execute may claim it, with and without a primary lot named by the call.
             "ready": dict((given, bool(op["enabled"]) and not inventory_operations.readiness(
                 session, op, primary_given=given)) for given in (True, False))}
    inventory_operation_cache.put(raw["id"], entry)
    return entry, raw


def _with_state(entry, raw):
    """The configured operation with the runtime state of its row `raw`."""
    op = dict(entry["op"], status=raw["status"], currentRecordId=raw["current_record_id"])
    op["_counter_last"], op["_counter_total"] = raw["counter_last_value"], raw["counter_total"]
    op["_inventory_name"] = raw["current_inventory_name"]
    op["_started"] = dates.to_millis(raw["current_start_date"])
    return op


def _claimed(session, entry, action, primary=None):
    """Compare-and-set of a start or execute with the cached configuration: False when the operation
    is not ready, not in a state the action leaves from, disabled, or saved since it was cached."""
    return entry["ready"][bool(primary)] and runtime_store.claim(session, entry["op"]["id"], action,
                                                                 entry["version"])


def _check_startable(session, op, primary=None):
    if not op["enabled"]:
        raise errors.ConflictError("inventory operation '%s' is disabled; enable it (enabled = true) to run it"
                                   % op["name"])
    missing = inventory_operations.readiness(session, op, primary_given=bool(primary))
    if missing:
        raise errors.ValidationError.from_map("inventory operation '%s'" % op["name"], missing,
                                              "is not ready to run; fix its configuration")


def _state_conflict(session, op_id, action):
    now = runtime_store.inventory_operation(session, op_id)
    return errors.ConflictError("could not %s inventory operation %s: it is now %s%s (another call or gateway changed "
                                "it first)" % (action, op_id, now["status"] if now else "deleted",
                                               "" if not now or now["enabled"] else " and disabled"))


def _result(session, entry, op, records):
    """What stop and execute return: the last record written (the CONSUME of
    RECEIVE_AND_CONSUME), or for SCRAP_ALL the list of SCRAP records (possibly empty)."""
    if op["operationType"] == "SCRAP_ALL":
        return [lot_records.require(session, r["id"]) for r in records]
    return _returned(session, entry, records[-1])


def _returned(session, entry, record):
    """The record as getInventoryLotRecord returns it, built from what the call holds: the values
    written (quantities already rounded as stored) and the rows it read; a row it does not hold (a
    production order, a unit other than the material's) is read by id."""
    obj = mapping.stored_object(RECORDS, record)
    configured, lots_held = entry["known"], _lot_names(record.get("_plan"))
    for partner, column in _PARTNERS:
        raw = record.get(partner.column)
        target_id = None if raw is None else mapping.python_value(column, raw)
        row = None
        if target_id is not None:
            row = lots_held.get(target_id) or configured.get(target_id)
            if row is None:
                row = mapping.select_by_id(session, partner.target, target_id)
        for key, shown_column in partner.shown.items():
            obj[key] = row[shown_column] if row is not None else None
    # From the dates as written, not from the ISO text just printed of them (the same milliseconds).
    obj[lot_records.DURATION_KEY] = lot_records.duration_seconds(record.get("start_date"), record.get("end_date"))
    return obj


def _lot_names(plan):
    """{id: {"name": name}} of the lots a call holds (beside its configuration's rows, which are not
    copied per call)."""
    names = {}
    if plan is not None:
        for lot in (plan["primary"], plan["secondary"]):
            if lot is not None:
                names[lot["id"]] = {"name": lot["name"]}
    return names


# -- the count so far of a running DELTA run (docs/faults.md#the-engines-memory) --------------------------

def lot_unit_factor_in(session, op_id):
    """(running record id, factor from the operation's unit to the lot's) of a RUNNING operation
    with a record, else None; conversions are linear, so the engine multiplies its count by it."""
    entry, op = _loaded(session, op_id, lock=True)
    if op["status"] != "RUNNING" or not op["currentRecordId"]:
        return None
    running = record_store.record_values(session, op["currentRecordId"])
    plan = _plan_from_record(session, entry, op, running, lock=False)
    return op["currentRecordId"], _to_lot_unit(session, 1.0, plan)
