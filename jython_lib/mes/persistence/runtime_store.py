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


def _prefixed(table, prefix):
    return ", ".join("%s.%s AS %s%s" % (prefix, c.name, prefix, c.name) for c in table.columns)


def _unprefixed(table, row, prefix):
    """{column name: value} of one table's columns selected by `_prefixed`, or None for no row."""
    if row[prefix + "id"] is None:
        return None
    return dict((c.name, mapping.python_value(c, row[prefix + c.name])) for c in table.columns)


# What the runtime reads with an operation's configuration, each under its own column prefix:
# (prefix, table, join condition).
_WITH_CONFIGURATION = (
    ("m__", tables.MATERIALS, "m__.id = o.material_id"),
    ("s__", tables.LOCATIONS, "s__.id = o.source_location_id"),
    ("d__", tables.LOCATIONS, "d__.id = o.destination_location_id"),
    ("u__", tables.UNITS_OF_MEASURE, "u__.id = m__.unit_of_measure_id"),
    ("c__", tables.MATERIAL_REASON_CODES, "c__.id = o.reason_code_id"),
)
_CONFIGURATION_SQL = "SELECT %s FROM inventory_operations o %s WHERE o.id = ?" % (
    ", ".join([mapping.select_list(OPS, "o")] + [_prefixed(table, prefix) for prefix, table, _ in _WITH_CONFIGURATION]),
    " ".join("LEFT JOIN %s %s ON %s" % (table.name, prefix, on) for prefix, table, on in _WITH_CONFIGURATION))


def configuration(session, op_id):
    """The operation's row and the rows it names, in one query; None when there is no such operation.

    Returns:
        (operation row, {prefix: row or None}) with prefixes m__ (material), s__ / d__ (source /
        destination location), u__ (the material's unit), c__ (the reason code).
    """
    rows = session.query(_CONFIGURATION_SQL, [op_id])
    if not len(rows):
        return None
    row = rows[0]
    return mapping.row_to_dict(OPS, row), dict((prefix, _unprefixed(table, row, prefix))
                                               for prefix, table, _ in _WITH_CONFIGURATION)


_RUNNING_STATE_SQL = "SELECT %s, %s FROM inventory_operations o JOIN inventory_lot_records r__ ON r__.id = " \
                     "o.current_record_id WHERE o.id = ?" % (mapping.select_list(OPS, "o"),
                                                             _prefixed(tables.INVENTORY_LOT_RECORDS, "r__"))


def running_state(session, op_id):
    """(the operation's row, its running record's row or None), both locked first (a stop's first
    lock: docs/faults.md#lock-order), in one query; None when there is no such operation."""
    rows = session.query(session.dialect.for_update(_RUNNING_STATE_SQL), [op_id])
    if len(rows):
        return mapping.row_to_dict(OPS, rows[0]), _unprefixed(tables.INVENTORY_LOT_RECORDS, rows[0], "r__")
    # No record joined: not running, a SCRAP_ALL run, or a start that committed while this query
    # waited for the row (its record is newer than this statement's snapshot): read again.
    row = inventory_operation(session, op_id, lock=True)
    if row is None:
        return None
    record_id = row["current_record_id"]
    return row, mapping.select_by_id(session, tables.INVENTORY_LOT_RECORDS, record_id) if record_id else None


def claim(session, op_id, action, config_version):
    """The transition table's start or execute, only for an enabled operation whose configuration is
    still `config_version` (the one the caller holds). False when the status, enabled or the version
    differs: the caller reads the row to tell which."""
    return session.update("UPDATE inventory_operations SET status = ? WHERE id = ? AND enabled = ? AND "
                          "config_version = ? AND " + mapping.status_guard(MOVES, action),
                          [MOVES.target(action), op_id, True, config_version]) == 1


def mark_running(session, op_id, record_id, counter_value, inventory_name=None, start_millis=None):
    """What a start claimed (see `claim`) records about its run."""
    return session.update("UPDATE inventory_operations SET current_record_id = ?, counter_last_value = ?, "
                          "counter_total = ?, current_inventory_name = ?, current_start_date = ? "
                          "WHERE id = ? AND status = ?",
                          [record_id, counter_value, 0.0 if counter_value is not None else None,
                           inventory_name, dates.to_database(start_millis), op_id, MOVES.target("start")]) == 1


def bump_config_version(session, op_id):
    """A save of the configuration: every gateway's cached copy is stale from now on."""
    session.update("UPDATE inventory_operations SET config_version = config_version + 1 WHERE id = ?", [op_id])


# The rows an operation's cached configuration holds (see `configuration`): which operations hold a
# row of each table.
_HOLDERS = {
    "locations": "source_location_id = ? OR destination_location_id = ?",
    "materials": "material_id = ? OR secondary_material_id = ?",
    "material_reason_codes": "reason_code_id = ? OR reason_code_id = ?",
    "unit_of_measure": "material_id IN (SELECT id FROM materials WHERE unit_of_measure_id = ?) OR "
                       "unit_of_measure_id = ?",
}


def configuration_changed(session, table, row_id):
    """A saved row that operations' cached configurations may hold: their versions are bumped, so
    every gateway reloads them. Other tables: nothing."""
    holders = _HOLDERS.get(table.name)
    if holders:
        session.update("UPDATE inventory_operations SET config_version = config_version + 1 WHERE " + holders,
                       [row_id, row_id])


def mark_stopped(session, op_id, action="stop"):
    """The transition table's stop (-> IDLE) or cancel (-> CANCELLED): the run's state is cleared."""
    return session.update("UPDATE inventory_operations SET status = ?, current_record_id = NULL, "
                          "counter_last_value = NULL, counter_total = NULL, current_inventory_name = NULL, current_start_date = NULL "
                          "WHERE id = ? AND " + mapping.status_guard(MOVES, action),
                          [MOVES.target(action), op_id]) == 1


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
