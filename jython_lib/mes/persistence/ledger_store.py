"""The SQL of the inventory ledger: inventory rows, lot totals, lot records, balances.

Quantity changes are single conditional statements checked by row count (decision D3), never a
value read into Python and written back, so two gateways sharing the database cannot overdraw a
lot. Increases are one upsert per dialect, so two first deliveries of a lot to a location cannot
both insert a row.
"""
from __future__ import absolute_import
from mes.core import dates, ids
from mes.persistence import mapping, tables

INVENTORY = tables.INVENTORY
LOTS = tables.INVENTORY_LOTS
RECORDS = tables.INVENTORY_LOT_RECORDS
LOCATIONS = tables.LOCATIONS


def location(session, location_id, lock=False):
    """The location row; with lock, held until the transaction ends (where the database can lock
    rows), so capacity and single-lot checks at one location are serialised across gateways."""
    sql = "SELECT %s FROM locations WHERE id = ?" % mapping.select_list(LOCATIONS)
    if lock:
        sql = session.dialect.for_update(sql)
    rows = session.query(sql, [location_id])
    return mapping.row_to_dict(LOCATIONS, rows[0]) if len(rows) else None


def lot_for_update(session, lot_id):
    sql = "SELECT %s FROM inventory_lots WHERE id = ?" % mapping.select_list(LOTS)
    sql = session.dialect.for_update(sql)
    rows = session.query(sql, [lot_id])
    return mapping.row_to_dict(LOTS, rows[0]) if len(rows) else None


def quantity_at(session, location_id, lot_id):
    """The balance of a lot at a location, None when there is no inventory row."""
    value = session.scalar("SELECT quantity FROM inventory WHERE location_id = ? AND inventory_lot_id = ?",
                           [location_id, lot_id])
    return None if value is None else mapping.python_value(INVENTORY.column("quantity"), value)


def take(session, location_id, lot_id, quantity, allow_negative):
    """Decrease a balance; returns False when the row is missing or (unless allow_negative)
    holds less than `quantity`."""
    sql = "UPDATE inventory SET quantity = quantity - ? WHERE location_id = ? AND inventory_lot_id = ?"
    args = [quantity, location_id, lot_id]
    if not allow_negative:
        sql += " AND quantity >= ?"
        args.append(quantity)
    return session.update(sql, args) == 1


_UPSERT_COLUMNS = ("id", "enabled", "created_date", "quantity", "location_id", "inventory_lot_id", "name",
                   "production_order_id")


def add(session, location_id, lot_id, quantity, name=None, production_order_id=None):
    """Increase a balance, creating the row on first use (one statement); a given inventory name
    or production order is written on the row, an absent one leaves the row's value."""
    now = dates.to_database(dates.now_millis())
    sql = session.dialect.upsert("inventory", _UPSERT_COLUMNS, ("location_id", "inventory_lot_id"), add=("quantity",),
                                 keep=("name", "production_order_id"))
    session.update(sql, [ids.new_id(), True, now, quantity, location_id, lot_id, name, production_order_id])


def adjust_if(session, location_id, lot_id, delta, expected):
    """Change a balance by delta only if it still equals `expected` (compare-and-set)."""
    return session.update("UPDATE inventory SET quantity = quantity + ? WHERE location_id = ? "
                          "AND inventory_lot_id = ? AND quantity = ?", [delta, location_id, lot_id, expected]) == 1


def set_quantity(session, location_id, lot_id, quantity):
    return session.update("UPDATE inventory SET quantity = ? WHERE location_id = ? AND inventory_lot_id = ?",
                          [quantity, location_id, lot_id]) == 1


def grow_lot_total(session, lot_id, quantity):
    session.update("UPDATE inventory_lots SET total_quantity = total_quantity + ? WHERE id = ?", [quantity, lot_id])


def other_lots_at(session, location_id, lot_id):
    """[(lot id, quantity)] of every other lot with a non-zero balance at the location, oldest first."""
    rows = session.query("SELECT inventory_lot_id, quantity FROM inventory WHERE location_id = ? "
                         "AND inventory_lot_id <> ? AND quantity <> 0 ORDER BY created_date, id",
                         [location_id, lot_id])
    return [(r["inventory_lot_id"], mapping.python_value(INVENTORY.column("quantity"), r["quantity"])) for r in rows]


def totals_by_material_and_unit(session, location_id):
    """[(material id, unit id, summed quantity)] of the inventory at a location: few rows, so the
    caller converts each group into the location's capacity unit."""
    rows = session.query("SELECT l.material_id, l.unit_of_measure_id, SUM(i.quantity) AS total FROM inventory i "
                         "JOIN inventory_lots l ON l.id = i.inventory_lot_id WHERE i.location_id = ? "
                         "GROUP BY l.material_id, l.unit_of_measure_id", [location_id])
    return [(r["material_id"], r["unit_of_measure_id"],
             mapping.python_value(INVENTORY.column("quantity"), r["total"]) or 0.0) for r in rows]


PICK_ORDER = {
    # FIFO: the row first stocked; LIFO: the row last stocked; FEFO: earliest lot expiry, lots
    # without one last. Ties are broken by lot name (decision D5).
    "FIFO": "i.created_date ASC, l.name ASC",
    "LIFO": "i.created_date DESC, l.name ASC",
    "FEFO": "CASE WHEN l.expiration_date IS NULL THEN 1 ELSE 0 END, l.expiration_date ASC, l.name ASC",
}


def stocked_lots(session, location_id, material_id, strategy):
    """[(lot id, lot unit id, quantity)] with a positive balance of the material at the location,
    in the order the location's lot use strategy consumes them."""
    rows = session.query("SELECT i.inventory_lot_id, l.unit_of_measure_id, i.quantity FROM inventory i "
                         "JOIN inventory_lots l ON l.id = i.inventory_lot_id WHERE i.location_id = ? "
                         "AND l.material_id = ? AND i.quantity > 0 ORDER BY " + PICK_ORDER[strategy],
                         [location_id, material_id])
    return [(r["inventory_lot_id"], r["unit_of_measure_id"],
             mapping.python_value(INVENTORY.column("quantity"), r["quantity"])) for r in rows]


def insert_record(session, values):
    mapping.insert(session, RECORDS, values)


def balances_from_records(session, effects):
    """{(lot id, location id): balance} recomputed from the completed records that moved
    inventory, one SELECT per effect rule, summed by the database."""
    parts, args = [], []
    for types, lot_column, location_column, sign in effects:
        marks = ", ".join("?" * len(types))
        parts.append("SELECT %s AS lot_id, %s AS location_id, %d * quantity AS delta FROM inventory_lot_records "
                     "WHERE moves_inventory = ? AND status = ? AND lot_record_type IN (%s) AND %s IS NOT NULL"
                     % (lot_column, location_column, sign, marks, location_column))
        args.extend([True, "COMPLETED"] + list(types))
    rows = session.query("SELECT lot_id, location_id, SUM(delta) AS balance FROM (%s) moves "
                         "GROUP BY lot_id, location_id" % " UNION ALL ".join(parts), args)
    quantity = INVENTORY.column("quantity")
    return dict(((r["lot_id"], r["location_id"]), mapping.python_value(quantity, r["balance"]) or 0.0) for r in rows)


def inventory_balances(session):
    rows = session.query("SELECT inventory_lot_id, location_id, quantity FROM inventory")
    quantity = INVENTORY.column("quantity")
    return dict(((r["inventory_lot_id"], r["location_id"]), mapping.python_value(quantity, r["quantity"]) or 0.0)
                for r in rows)


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


def balances_of_lot(session, lot_id, location_ids=None):
    """[(location id, quantity)] of a lot's non-zero balances (optionally at some locations)."""
    sql = "SELECT location_id, quantity FROM inventory WHERE inventory_lot_id = ? AND quantity <> 0"
    args = [lot_id]
    if location_ids:
        sql += " AND location_id IN (%s)" % ", ".join("?" * len(location_ids))
        args.extend(location_ids)
    rows = session.query(sql + " ORDER BY location_id", args)
    return [(r["location_id"], mapping.python_value(INVENTORY.column("quantity"), r["quantity"])) for r in rows]


def positive_balances_at(session, location_id, material_id=None):
    """[(lot id, quantity)] of every positive balance at a location (of one material or all)."""
    sql = ("SELECT i.inventory_lot_id, i.quantity FROM inventory i JOIN inventory_lots l ON l.id = i.inventory_lot_id "
           "WHERE i.location_id = ? AND i.quantity > 0")
    args = [location_id]
    if material_id:
        sql += " AND l.material_id = ?"
        args.append(material_id)
    rows = session.query(sql + " ORDER BY l.name, l.id", args)
    return [(r["inventory_lot_id"], mapping.python_value(INVENTORY.column("quantity"), r["quantity"])) for r in rows]


def production_order_unit(session, order_id):
    return session.scalar("SELECT unit_of_measure_id FROM production_orders WHERE id = ?", [order_id])


def grow_produced(session, order_id, quantity):
    session.update("UPDATE production_orders SET quantity_produced = quantity_produced + ? WHERE id = ?",
                   [quantity, order_id])


def complete_record(session, record):
    """Finish a RUNNING record with what the ledger posted; False when it is no longer RUNNING."""
    names = [n for n in ("quantity", "unit_of_measure_id", "end_date", "status", "moves_inventory", "lot_status",
                         "secondary_inventory_lot_id", "notes") if n in record]
    params = [mapping.database_value(RECORDS.column(n), record[n]) for n in names] + [record["id"], "RUNNING"]
    return session.update("UPDATE inventory_lot_records SET %s WHERE id = ? AND status = ?"
                          % ", ".join("%s = ?" % n for n in names), params) == 1


def record_values(session, record_id):
    return mapping.select_by_id(session, RECORDS, record_id)


def cancel_record(session, record_id, end_millis):
    """A RUNNING record ends CANCELLED, moving nothing; False when it is no longer RUNNING."""
    return session.update("UPDATE inventory_lot_records SET status = ?, end_date = ? WHERE id = ? AND status = ?",
                          ["CANCELLED", dates.to_database(end_millis), record_id, "RUNNING"]) == 1
