"""setProductionOrderForOperation and updateOperationStatesFromDatabase (docs/queries.md)."""
from __future__ import absolute_import

from mes.core import errors
from mes.persistence import assignment_store, db
from mes.services import inventory_operations, operations, triggers
from mes.services.operations import OPERATION
from mes.services.production_orders import PRODUCTION_ORDER


def set_production_order(operation_id_or_location, name_or_order, order=None):
    """Point an operation (by id, or by location id/path and name) at a production order; a
    running or paused operation's open record gets the order too, in the same transaction (db.write)."""
    db.write(lambda session: _set_production_order_in(session, operation_id_or_location, name_or_order, order))


def _set_production_order_in(session, operation_id_or_location, name_or_order, order):
    if order is None:
        operation, order = OPERATION.require(session, operation_id_or_location), name_or_order
    else:
        operation = operations.by_location_and_name(session, operation_id_or_location, name_or_order)
        if operation is None:
            raise errors.NotFoundError("no operation '%s' exists at location '%s'; check the location id or "
                                       "path and the operation's name" % (name_or_order, operation_id_or_location))
    found = PRODUCTION_ORDER.require(session, order)
    assignment_store.set_current_order(session, operation["id"], found["id"])
    if operation.get("currentOperationRecordId"):
        assignment_store.set_record_order(session, operation["currentOperationRecordId"], found["id"])


def refresh_from_database(operation_ids=None):
    """Operations keep no state in memory (their status is read from the database on every call);
    what is cached is the trigger engine's view of their inventory operations, reloaded here."""
    if operation_ids is None:
        triggers.refresh(None)
        return
    session = db.reader()
    child_ids = []
    for operation_id in operation_ids:
        child_ids.extend(op["id"] for op in inventory_operations.by_operation(session, operation_id))
    if child_ids:
        triggers.refresh(child_ids)
