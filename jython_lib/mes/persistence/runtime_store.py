"""State changes of inventory operations and operations: compare-and-set on their status
(docs/rules.md#errors-and-atomicity), so two gateways sharing the database cannot both start or both stop one."""
from __future__ import absolute_import
from mes.core import dates
from mes.persistence import mapping, tables

OPS = tables.INVENTORY_OPERATIONS
MOVES = tables.INVENTORY_OPERATION_MOVES


def inventory_operation(session, op_id, lock=False):
    sql = "SELECT %s FROM inventory_operations WHERE id = ?" % mapping.select_list(OPS)
    if lock:
        sql = session.dialect.for_update(sql)
    rows = session.query(sql, [op_id])
    return mapping.row_to_dict(OPS, rows[0]) if len(rows) else None


def _guard(action):
    """(SQL, args) of the compare-and-set guard of one action of the transition table."""
    sources = MOVES.sources(action)
    return "status IN (%s)" % ", ".join("?" * len(sources)), list(sources)


def mark_running(session, op_id, record_id, counter_value, inventory_name=None, start_millis=None):
    """The transition table's start (-> RUNNING), only for an enabled operation."""
    guard, allowed = _guard("start")
    return session.update("UPDATE inventory_operations SET status = ?, current_record_id = ?, counter_last_value = ?, "
                          "counter_total = ?, current_inventory_name = ?, current_start_date = ? "
                          "WHERE id = ? AND enabled = ? AND " + guard,
                          [MOVES.target("start"), record_id, counter_value, 0.0 if counter_value is not None else None,
                           inventory_name, dates.to_database(start_millis), op_id, True] + allowed) == 1


def mark_stopped(session, op_id, action="stop"):
    """The transition table's stop (-> IDLE) or cancel (-> CANCELLED): the run's state is cleared."""
    guard, allowed = _guard(action)
    return session.update("UPDATE inventory_operations SET status = ?, current_record_id = NULL, "
                          "counter_last_value = NULL, counter_total = NULL, current_inventory_name = NULL, current_start_date = NULL "
                          "WHERE id = ? AND " + guard,
                          [MOVES.target(action), op_id] + allowed) == 1


def mark_executed(session, op_id):
    """The transition table's execute: a one-shot run on an operation that is not running leaves it IDLE."""
    guard, allowed = _guard("execute")
    return session.update("UPDATE inventory_operations SET status = ? WHERE id = ? AND enabled = ? AND " + guard,
                          [MOVES.target("execute"), op_id, True] + allowed) == 1


def mark_faulted(session, op_id):
    return session.update("UPDATE inventory_operations SET status = ?, current_record_id = NULL WHERE id = ?",
                          ["FAULTED", op_id]) == 1


def save_counter(session, op_id, last_value, total):
    session.update("UPDATE inventory_operations SET counter_last_value = ?, counter_total = ? WHERE id = ? AND status = ?",
                   [last_value, total, op_id, "RUNNING"])


def savepoint(session, name):
    session.update(session.dialect.savepoint(name))


def rollback_to(session, name):
    session.update(session.dialect.rollback_to(name))


def release(session, name):
    sql = session.dialect.release(name)
    if sql:
        session.update(sql)


def running_counters(session, ids=None):
    sql = ("SELECT id, counter_total, counter_last_value FROM inventory_operations WHERE status = ? "
           "AND counter_last_value IS NOT NULL")
    args = ["RUNNING"]
    if ids:
        sql += " AND id IN (%s)" % ", ".join("?" * len(ids))
        args.extend(ids)
    counter = OPS.column("counter_total")
    return dict((r["id"], (mapping.python_value(counter, r["counter_total"]) or 0.0,
                           mapping.python_value(counter, r["counter_last_value"]))) for r in session.query(sql, args))
