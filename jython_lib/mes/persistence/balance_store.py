"""The SQL of inventory balances: one row per (location, lot) and its quantity.

Quantity changes are single conditional statements checked by row count (docs/rules.md#the-ledger),
never a value read into Python and written back, so two gateways sharing the database cannot
overdraw a lot. Increases are one upsert (the dialect writes it), so two first deliveries of a lot
to a location cannot both insert a row.
"""
from __future__ import absolute_import
from mes.core import dates, ids
from mes.persistence import mapping, tables

INVENTORY = tables.INVENTORY


def quantity_at(session, location_id, lot_id):
    """The balance of a lot at a location, None when there is no inventory row."""
    value = session.scalar("SELECT quantity FROM inventory WHERE location_id = ? AND inventory_lot_id = ?",
                           [location_id, lot_id])
    return None if value is None else mapping.python_value(INVENTORY.column("quantity"), value)


def take(session, location_id, lot_id, quantity, allow_negative, notes=None):
    """Decrease a balance; returns False when the row is missing or (unless allow_negative)
    holds less than `quantity`. Given notes replace the row's, absent ones leave them."""
    # Without notes the row's stay as they are, so the statement does not name them (one bind fewer).
    if notes is None:
        sql, args = "UPDATE inventory SET quantity = quantity - ?", [quantity]
    else:
        sql, args = "UPDATE inventory SET quantity = quantity - ?, notes = ?", [quantity, notes]
    sql += " WHERE location_id = ? AND inventory_lot_id = ?"
    args += [location_id, lot_id]
    if not allow_negative:
        sql += " AND quantity >= ?"
        args.append(quantity)
    return session.update(sql, args) == 1


_UPSERT_COLUMNS = ("id", "enabled", "created_date", "quantity", "location_id", "inventory_lot_id")
_UPSERTS = {}  # (dialect, the optional columns given) -> the upsert's SQL, made once


def add(session, location_id, lot_id, quantity, name=None, production_order_id=None, notes=None):
    """Increase a balance, creating the row on first use (one statement); a given inventory name,
    production order or notes is written on the row, an absent one leaves the row's value."""
    now = dates.to_database(dates.now_millis())
    # An absent value is not named at all: a new row stores NULL, an existing row keeps its value
    # (what a bound NULL under COALESCE did), with fewer values bound per call.
    given = [(c, v) for c, v in (("name", name), ("production_order_id", production_order_id), ("notes", notes))
             if v is not None]
    keep = tuple([c for c, _ in given])
    key = (session.dialect, keep)  # the dialects are module-level singletons
    sql = _UPSERTS.get(key)
    if sql is None:
        sql = _UPSERTS[key] = session.dialect.upsert("inventory", _UPSERT_COLUMNS + keep,
                                                     ("location_id", "inventory_lot_id"), add=("quantity",), keep=keep)
    session.update(sql, [ids.new_id(), True, now, quantity, location_id, lot_id] + [v for _, v in given])


def adjust_if(session, location_id, lot_id, delta, expected):
    """Change a balance by delta only if it still equals `expected` (compare-and-set)."""
    return session.update("UPDATE inventory SET quantity = quantity + ? WHERE location_id = ? "
                          "AND inventory_lot_id = ? AND quantity = ?", [delta, location_id, lot_id, expected]) == 1


def set_quantity(session, location_id, lot_id, quantity):
    return session.update("UPDATE inventory SET quantity = ? WHERE location_id = ? AND inventory_lot_id = ?",
                          [quantity, location_id, lot_id]) == 1


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
    # without one last. Ties are broken by lot name (docs/rules.md#locations-storage-and-units).
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


def inventory_balances(session):
    rows = session.query("SELECT inventory_lot_id, location_id, quantity FROM inventory")
    quantity = INVENTORY.column("quantity")
    return dict(((r["inventory_lot_id"], r["location_id"]), mapping.python_value(quantity, r["quantity"]) or 0.0)
                for r in rows)


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
