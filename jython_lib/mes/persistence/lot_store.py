"""The SQL of lot state the ledger changes: the locked read, totals, status and closed date."""
from __future__ import absolute_import
from mes.core import dates
from mes.persistence import mapping, tables

LOTS = tables.INVENTORY_LOTS


def lot_for_update(session, lot_id):
    sql = "SELECT %s FROM inventory_lots WHERE id = ?" % mapping.select_list(LOTS)
    sql = session.dialect.for_update(sql)
    rows = session.query(sql, [lot_id])
    return mapping.row_to_dict(LOTS, rows[0]) if len(rows) else None


def lots_by_id(session, lot_ids, lock=False):
    """{id: row} of the lots; with lock, locked in id order (docs/faults.md#lock-order) until the
    transaction ends."""
    wanted = sorted(set(lot_ids))
    sql = "SELECT %s FROM inventory_lots WHERE id IN (%s) ORDER BY id" % (mapping.select_list(LOTS),
                                                                         ", ".join("?" * len(wanted)))
    if lock:
        sql = session.dialect.for_update(sql)
    return dict((row["id"], row) for row in (mapping.row_to_dict(LOTS, r) for r in session.query(sql, wanted)))


# The lot columns a call that posts to a lot it looked up reads (the runtime's start and execute, the
# ledger's checks): identity, material, status, unit, quantity and dates. Not the audit columns, notes,
# spares or supplier: a narrower read is cheaper per call where the driver converts every column.
STATE_COLUMNS = tuple(LOTS.column(name) for name in ("id", "name", "material_id", "status", "total_quantity",
                                                      "expiration_date", "closed_date", "unit_of_measure_id"))
_BY_ID_OR_NAME = "SELECT %s FROM inventory_lots WHERE id = ? OR (name = ? AND material_id = ?)" % ", ".join(
    c.name for c in STATE_COLUMNS)


def lots_by_id_or_name(session, lot_id, name, material_id, lock=False):
    """The rows ({column: value}, STATE_COLUMNS only) of the lot with this id and of the lot with this
    name of this material (one table, no join); with lock, locked until the transaction ends (the
    ledger's lot lock taken by the lookup)."""
    sql = session.dialect.for_update(_BY_ID_OR_NAME) if lock else _BY_ID_OR_NAME
    return [mapping.row_to_dict(LOTS, row, STATE_COLUMNS) for row in session.query(sql, [lot_id, name, material_id])]


def grow_lot_total(session, lot_id, quantity):
    session.update("UPDATE inventory_lots SET total_quantity = total_quantity + ? WHERE id = ?", [quantity, lot_id])


def lot_named(session, material_id, name):
    return bool(session.query("SELECT id FROM inventory_lots WHERE material_id = ? AND name = ?", [material_id, name]))


def copy_lot_state(session, from_lot_id, to_lot_id):
    """A split-off lot starts with the status and expiry of its origin."""
    session.update("UPDATE inventory_lots SET status = (SELECT status FROM inventory_lots WHERE id = ?), "
                   "expiration_date = (SELECT expiration_date FROM inventory_lots WHERE id = ?) WHERE id = ?",
                   [from_lot_id, from_lot_id, to_lot_id])


def set_lot_status(session, lot_id, status, closed_millis):
    session.update("UPDATE inventory_lots SET status = ?, closed_date = ? WHERE id = ?",
                   [status, dates.to_database(closed_millis), lot_id])
