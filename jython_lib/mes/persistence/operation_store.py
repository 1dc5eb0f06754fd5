"""Operation state and operation records: compare-and-set on the operation's status (docs/rules.md#errors-and-atomicity)."""
from __future__ import absolute_import
from mes.persistence import mapping, tables

OPERATIONS = tables.OPERATIONS
RECORDS = tables.OPERATION_RECORDS
MOVES = tables.OPERATION_MOVES


def insert_record(session, values):
    mapping.insert(session, RECORDS, values)


def finish_record(session, record_id, status, end_millis_value):
    return session.update("UPDATE operation_records SET status = ?, end_date = ? WHERE id = ? AND status IN (?, ?)",
                          [status, end_millis_value, record_id, "RUNNING", "PAUSED"]) == 1


def set_record_status(session, record_id, status):
    session.update("UPDATE operation_records SET status = ? WHERE id = ?", [status, record_id])


def mark_running(session, operation_id, record_id, order_id, action="start"):
    """The transition table's start or resume (-> RUNNING) of an enabled operation."""
    return session.update("UPDATE operations SET status = ?, current_operation_record_id = ?, "
                          "current_production_order_id = ? WHERE id = ? AND enabled = ? AND "
                          + mapping.status_guard(MOVES, action),
                          [MOVES.target(action), record_id, order_id, operation_id, True]) == 1


def mark_paused(session, operation_id):
    """The transition table's pause (RUNNING -> PAUSED)."""
    return session.update("UPDATE operations SET status = ? WHERE id = ? AND " + mapping.status_guard(MOVES, "pause"),
                          [MOVES.target("pause"), operation_id]) == 1


def mark_idle(session, operation_id):
    """The transition table's stop (-> IDLE): the operation record and order are released."""
    return session.update("UPDATE operations SET status = ?, current_operation_record_id = NULL, "
                          "current_production_order_id = NULL WHERE id = ? AND " + mapping.status_guard(MOVES, "stop"),
                          [MOVES.target("stop"), operation_id]) == 1


def set_order_status(session, order_id, status):
    session.update("UPDATE production_orders SET status = ? WHERE id = ?", [status, order_id])


def parent_triggered(session, operation_id):
    """Ids of the enabled inventory operations that start and stop with this operation."""
    rows = session.query("SELECT id FROM inventory_operations WHERE operation_id = ? AND trigger_source = ? "
                         "AND enabled = ? ORDER BY name, id", [operation_id, "PARENT", True])
    return [row["id"] for row in rows]
