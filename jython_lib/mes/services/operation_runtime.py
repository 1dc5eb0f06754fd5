"""Running operations (docs/rules.md#inventory-operation-runtime; the PARENT trigger:
docs/rules.md#triggers).

startOperation writes a RUNNING operation record, sets the operation RUNNING with its production
order, and starts every enabled PARENT-triggered inventory operation linked to it, all in one
transaction; stopOperation stops them and completes the record. A child that fails to start or
stop is rolled back to a savepoint, left FAULTED and logged: it never blocks its parent.
"""
from __future__ import absolute_import
from mes.core import dates, errors, ids
from mes.persistence import db, operation_store, runtime_store, tables
from mes.services import entities, inventory_operation_runtime
from mes.services.operations import OPERATION
from mes.services.production_orders import PRODUCTION_ORDER

RECORD = entities.Entity(tables.OPERATION_RECORDS)
MOVES = tables.OPERATION_MOVES


# Each call is one transaction through db.write, run again when the database aborts it for a
# deadlock (docs/faults.md#deadlocks-and-retries).

def start(operation_id, order_id_or_name=None, start_date=None):
    """startOperation: a new RUNNING record, or a PAUSED operation resumed; see the module rules."""
    return db.write(lambda session: _start_call(session, operation_id, order_id_or_name, start_date))


def stop(operation_id, end_date=None):
    """stopOperation: its PARENT-triggered children stopped, the record COMPLETED, the operation IDLE."""
    return db.write(lambda session: _stop_call(session, operation_id, end_date))


def pause(operation_id):
    """pauseOperation: a RUNNING operation and its record PAUSED."""
    return db.write(lambda session: _pause_call(session, operation_id))


def _start_call(session, operation_id, order_id_or_name, start_date):
    operation = _require(session, operation_id)
    if MOVES.allows("resume", operation["status"]) and order_id_or_name is None:
        return _resume(session, operation)
    if not MOVES.allows("start", operation["status"]):
        if operation["runningConflictStrategy"] != "STOP_PREVIOUS":
            raise errors.ConflictError("operation '%s' is already %s; stop it first (runningConflictStrategy "
                                       "THROW_EXCEPTION)" % (operation["name"], operation["status"]))
        _stop(session, operation, dates.now_millis())
        operation = _require(session, operation["id"])
    return _start(session, operation, order_id_or_name, start_date)


def _stop_call(session, operation_id, end_date):
    operation = _require(session, operation_id)
    if not MOVES.allows("stop", operation["status"]):
        raise errors.ConflictError("operation '%s' is %s, not RUNNING; start it first" % (
            operation["name"], operation["status"]))
    end = dates.now_millis() if end_date is None else dates.to_millis(end_date, "endDate")
    return _stop(session, operation, end)


def _pause_call(session, operation_id):
    operation = _require(session, operation_id)
    if not operation_store.mark_paused(session, operation["id"]):
        raise errors.ConflictError("operation '%s' is %s; only a RUNNING operation pauses" % (
            operation["name"], operation["status"]))
    operation_store.set_record_status(session, operation["currentOperationRecordId"], "PAUSED")
    return RECORD.get(session, operation["currentOperationRecordId"])


def active_records(session):
    return RECORD.query(session, ("start_date", "id"), status=("RUNNING", "PAUSED"))


def _start(session, operation, order_id_or_name, start_date):
    if not operation["enabled"]:
        raise errors.ConflictError("operation '%s' is disabled; enable it to start it" % operation["name"])
    order = None
    if order_id_or_name not in (None, ""):
        order = PRODUCTION_ORDER.get(session, order_id_or_name)
        if order is None:
            raise errors.NotFoundError("no production order '%s' exists" % order_id_or_name)
    start = dates.now_millis() if start_date is None else dates.to_millis(start_date, "startDate")
    record_id = ids.new_id()
    operation_store.insert_record(session, {
        "id": record_id, "name": operation["name"], "start_date": start, "status": "RUNNING", "enabled": True,
        "location_id": operation["locationId"], "operation_id": operation["id"],
        "production_order_id": order["id"] if order else None, "created_date": dates.now_millis()})
    if not operation_store.mark_running(session, operation["id"], record_id, order["id"] if order else None, "start"):
        raise errors.ConflictError("operation '%s' was started by another call first" % operation["name"])
    if order and operation["updateProductionOrderStatusOnStart"]:
        operation_store.set_order_status(session, order["id"], operation["startProductionOrderStatus"])
    for child in operation_store.parent_triggered(session, operation["id"]):
        _run_child(session, child, "start", lambda child_id: inventory_operation_runtime.start_in(session, child_id))
    return RECORD.get(session, record_id)


def _resume(session, operation):
    if not operation_store.mark_running(session, operation["id"], operation["currentOperationRecordId"],
                                        operation["currentProductionOrderId"], "resume"):
        raise errors.ConflictError("operation '%s' changed while resuming it" % operation["name"])
    operation_store.set_record_status(session, operation["currentOperationRecordId"], "RUNNING")
    return RECORD.get(session, operation["currentOperationRecordId"])


def _stop(session, operation, end):
    # Children first, so their records still carry the running operation record.
    for child in operation_store.parent_triggered(session, operation["id"]):
        if runtime_store.inventory_operation(session, child)["status"] == "RUNNING":
            _run_child(session, child, "stop", lambda child_id: inventory_operation_runtime.stop_in(session, child_id, end_millis=end))
    record_id = operation["currentOperationRecordId"]
    operation_store.finish_record(session, record_id, "COMPLETED", dates.to_database(end))
    if not operation_store.mark_idle(session, operation["id"]):
        raise errors.ConflictError("operation '%s' was stopped by another call first" % operation["name"])
    order_id = operation["currentProductionOrderId"]
    if order_id and operation["updateProductionOrderStatusOnStop"]:
        operation_store.set_order_status(session, order_id, operation["stopProductionOrderStatus"])
    return RECORD.get(session, record_id)


def _run_child(session, child_id, action, call):
    """Start or stop one PARENT-triggered inventory operation; on failure undo its writes, leave
    it FAULTED and log why (docs/rules.md#inventory-operation-runtime), and carry on with the parent."""
    point = "mes_child_%s" % child_id.replace("-", "")[-12:].lower()
    runtime_store.savepoint(session, point)
    try:
        call(child_id)
    except errors.MesError as failed:
        runtime_store.rollback_to(session, point)
        # Its running record (if any) ends CANCELLED: nothing was moved, and no record stays RUNNING.
        inventory_operation_runtime.fault_in(session, child_id, "PARENT-triggered %s failed: %s" % (action, failed))
    else:
        runtime_store.release(session, point)


def _require(session, operation_id):
    operation = OPERATION.get(session, operation_id)
    if operation is None:
        raise errors.NotFoundError("no operation with id '%s' exists" % (operation_id,))
    return operation
