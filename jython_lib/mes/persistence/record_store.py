"""The SQL of lot records the ledger and the runtime write, and the audit's recomputed balances."""
from __future__ import absolute_import
from mes.core import dates
from mes.persistence import mapping, tables

INVENTORY = tables.INVENTORY
RECORDS = tables.INVENTORY_LOT_RECORDS


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
