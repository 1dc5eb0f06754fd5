"""The SQL of recall: the lots reachable from a lot at any depth, what they hold and what left
them, lot locks for a hold, and balances recomputed from the records as of a moment.

Exposure queries start with one recursive common table expression (`reach`): the set of lots
reached from the root along linking records, built by the database itself. UNION (not UNION ALL)
keeps each lot once, so a cycle in the genealogy ends the recursion. Each query below joins that
set, so an exposure costs the same four statements at any depth and any size (docs/recall.md).
"""
from __future__ import absolute_import

from mes.core import dates
from mes.persistence import mapping, tables

RECORDS = tables.INVENTORY_LOT_RECORDS
QUANTITY = RECORDS.column("quantity")
# Records that link lots (as in the trace graph): a running one already does, a cancelled or
# faulted one never happened.
LINKING_STATUSES = ("COMPLETED", "RUNNING")


def _marks(values):
    return ", ".join("?" * len(values))


_LINKING = ("r.secondary_inventory_lot_id IS NOT NULL AND r.secondary_inventory_lot_id <> r.inventory_lot_id "
            "AND r.status IN (%s)" % _marks(LINKING_STATUSES))


class Reach(object):
    """The recursive lot set from one root lot, and the joins that read from it.

    An edge leaves the near lot for the far lot: walking downstream, the near lot is the primary
    lot of the types whose primary gives material and the secondary lot of the others; upstream
    the other way round. `sides` holds, per group of types, (types, near column, far column)."""

    def __init__(self, dialect, root_lot_id, giver_is_primary, giver_is_secondary, downstream):
        primary, secondary = "r.inventory_lot_id", "r.secondary_inventory_lot_id"
        givers, takers = (primary, secondary) if downstream else (secondary, primary)
        self.sides = [(tuple(giver_is_primary), givers, takers), (tuple(giver_is_secondary), takers, givers)]
        step, step_args = self._steps(dialect.recursive_terms)
        self.sql = ("WITH RECURSIVE reach(lot_id) AS (SELECT id FROM inventory_lots WHERE id = ? UNION %s) " % step)
        self.args = [root_lot_id] + step_args

    def _steps(self, terms):
        """The recursive part: one SELECT per side where the database allows several recursive
        SELECTs (each join uses an index), else one SELECT joining on either side."""
        if terms > 1:
            parts = ["SELECT %s FROM inventory_lot_records r JOIN reach ON %s = reach.lot_id "
                     "WHERE r.lot_record_type IN (%s) AND %s" % (far, near, _marks(types), _LINKING)
                     for types, near, far in self.sides]
            args = []
            for types, _, _ in self.sides:
                args.extend(list(types) + list(LINKING_STATUSES))
            return " UNION ".join(parts), args
        far = "CASE WHEN r.lot_record_type IN (%s) THEN %s ELSE %s END" % (
            _marks(self.sides[0][0]), self.sides[0][2], self.sides[1][2])
        near = " OR ".join("(r.lot_record_type IN (%s) AND %s = reach.lot_id)" % (_marks(types), near)
                           for types, near, _ in self.sides)
        args = list(self.sides[0][0])
        for types, _, _ in self.sides:
            args.extend(types)
        return ("SELECT %s FROM inventory_lot_records r JOIN reach ON (%s) WHERE %s" % (far, near, _LINKING),
                args + list(LINKING_STATUSES))


def exposure_edges(session, reach):
    """[{id, type, near, far, quantity, unit_symbol, status, millis}] of every linking record that
    leaves a reached lot in the walking direction, oldest first (one SELECT per side, joined by
    UNION ALL: the sides' record types do not overlap)."""
    parts, args = [], list(reach.args)
    for types, near, far in reach.sides:
        parts.append("SELECT r.id, r.lot_record_type, %s AS near_lot, %s AS far_lot, r.quantity, u.symbol AS "
                     "unit_symbol, r.status, r.start_date, r.end_date FROM inventory_lot_records r "
                     "JOIN reach ON %s = reach.lot_id LEFT JOIN unit_of_measure u ON u.id = r.unit_of_measure_id "
                     "WHERE r.lot_record_type IN (%s) AND %s" % (near, far, near, _marks(types), _LINKING))
        args.extend(list(types) + list(LINKING_STATUSES))
    rows = session.query(reach.sql + " UNION ALL ".join(parts), args)
    found = [{"id": r["id"], "type": r["lot_record_type"], "near": r["near_lot"], "far": r["far_lot"],
              "quantity": mapping.python_value(QUANTITY, r["quantity"]), "unit_symbol": r["unit_symbol"],
              "status": r["status"], "millis": _moment(r)} for r in rows]
    found.sort(key=lambda e: (e["millis"], e["id"]))
    return found


def exposure_lots(session, reach):
    """{lot id: {name, status, material_id, material_path, unit_id, unit_symbol, base_unit_id,
    base_unit_symbol}} of every reached lot, the root included."""
    rows = session.query(
        reach.sql + "SELECT l.id, l.name, l.status, l.material_id, m.path AS material_path, l.unit_of_measure_id, "
        "u.symbol AS unit_symbol, m.unit_of_measure_id AS base_unit_id, bu.symbol AS base_unit_symbol "
        "FROM reach JOIN inventory_lots l ON l.id = reach.lot_id LEFT JOIN materials m ON m.id = l.material_id "
        "LEFT JOIN unit_of_measure u ON u.id = l.unit_of_measure_id "
        "LEFT JOIN unit_of_measure bu ON bu.id = m.unit_of_measure_id", reach.args)
    return dict((r["id"], {"name": r["name"], "status": r["status"], "material_id": r["material_id"],
                           "material_path": r["material_path"], "unit_id": r["unit_of_measure_id"],
                           "unit_symbol": r["unit_symbol"], "base_unit_id": r["base_unit_id"],
                           "base_unit_symbol": r["base_unit_symbol"]}) for r in rows)


def exposure_stock(session, reach):
    """[(lot id, location id, location path, quantity)] of the reached lots' non-zero balances."""
    rows = session.query(
        reach.sql + "SELECT i.inventory_lot_id, i.location_id, loc.path, i.quantity FROM reach "
        "JOIN inventory i ON i.inventory_lot_id = reach.lot_id JOIN locations loc ON loc.id = i.location_id "
        "WHERE i.quantity <> 0", reach.args)
    stock = [(r["inventory_lot_id"], r["location_id"], r["path"],
              mapping.python_value(tables.INVENTORY.column("quantity"), r["quantity"])) for r in rows]
    return sorted(stock, key=lambda s: (s[2], s[0]))


def exposure_outflows(session, reach, record_types):
    """[{id, lot_id, type, quantity, millis, destination_path, to_lot_id, to_lot_name}] of the
    completed records of `record_types` that took inventory of a reached lot, oldest first."""
    rows = session.query(
        reach.sql + "SELECT r.id, r.inventory_lot_id, r.lot_record_type, r.quantity, r.start_date, r.end_date, "
        "dst.path AS destination_path, r.secondary_inventory_lot_id, sl.name AS secondary_name "
        "FROM reach JOIN inventory_lot_records r ON r.inventory_lot_id = reach.lot_id "
        "LEFT JOIN locations dst ON dst.id = r.destination_location_id "
        "LEFT JOIN inventory_lots sl ON sl.id = r.secondary_inventory_lot_id "
        "WHERE r.lot_record_type IN (%s) AND r.status = ? AND r.moves_inventory = ?" % _marks(record_types),
        reach.args + list(record_types) + ["COMPLETED", True])
    found = [{"id": r["id"], "lot_id": r["inventory_lot_id"], "type": r["lot_record_type"],
              "quantity": mapping.python_value(QUANTITY, r["quantity"]), "millis": _moment(r),
              "destination_path": r["destination_path"], "to_lot_id": r["secondary_inventory_lot_id"],
              "to_lot_name": r["secondary_name"]} for r in rows]
    found.sort(key=lambda o: (o["millis"], o["id"]))
    return found


def _moment(row):
    """When a record took effect: its end, or its start when it has none."""
    end = dates.to_millis(row["end_date"])
    return end if end is not None else dates.to_millis(row["start_date"])


LOCK_CHUNK = 1000  # ids per locking statement: far below every driver's parameter limit


def lock_lots(session, lot_ids):
    """{lot id: status} of the given lots, each row locked until the transaction ends, in id order
    (the house lock order: lots by id), one statement per LOCK_CHUNK lots taken in that order."""
    ordered = sorted(set(lot_ids))
    found = {}
    for start in range(0, len(ordered), LOCK_CHUNK):
        chunk = ordered[start:start + LOCK_CHUNK]
        sql = "SELECT id, status FROM inventory_lots WHERE id IN (%s) ORDER BY id" % _marks(chunk)
        if session.dialect.lock_rows:
            sql += " " + session.dialect.lock_rows
        found.update((r["id"], r["status"]) for r in session.query(sql, chunk))
    return found


# -- inventory as of a moment ------------------------------------------------------------------------

# A record counts from its end, or its start when it has no end; both conditions can use the
# end-date index (a btree also finds IS NULL), so a moment costs a range scan, not the whole table.
_AT_OR_BEFORE = "(r.end_date <= ? OR (r.end_date IS NULL AND r.start_date <= ?))"


def balances_as_of_sql(effects, moment_millis, location_id=None, material_id=None):
    """(sql, args) of the non-zero balances per (location, lot) recomputed from the completed
    records that moved inventory and took effect at or before the moment. effects: the ledger's
    table of (record types, lot column, location column, sign)."""
    moment = dates.to_database(moment_millis)
    parts, args = [], []
    for types, lot_column, location_column, sign in effects:
        where = ("r.moves_inventory = ? AND r.status = ? AND r.lot_record_type IN (%s) AND r.%s IS NOT NULL AND %s"
                 % (_marks(types), location_column, _AT_OR_BEFORE))
        part_args = [True, "COMPLETED"] + list(types) + [moment, moment]
        if location_id is not None:
            where += " AND r.%s = ?" % location_column
            part_args.append(location_id)
        parts.append("SELECT r.%s AS lot_id, r.%s AS location_id, %d * r.quantity AS delta "
                     "FROM inventory_lot_records r WHERE %s" % (lot_column, location_column, sign, where))
        args.extend(part_args)
    sql = ("SELECT b.lot_id, b.location_id, b.balance, loc.path AS location_path, l.name AS lot_name, "
           "l.status AS lot_status, l.material_id, m.path AS material_path, l.unit_of_measure_id, "
           "u.name AS unit_name, u.symbol AS unit_symbol FROM (SELECT lot_id, location_id, SUM(delta) AS balance "
           "FROM (%s) moves GROUP BY lot_id, location_id) b JOIN inventory_lots l ON l.id = b.lot_id "
           "JOIN locations loc ON loc.id = b.location_id LEFT JOIN materials m ON m.id = l.material_id "
           "LEFT JOIN unit_of_measure u ON u.id = l.unit_of_measure_id WHERE b.balance <> 0"
           % " UNION ALL ".join(parts))
    if material_id is not None:
        sql += " AND l.material_id = ?"
        args.append(material_id)
    return sql, args


def balances_as_of(session, effects, moment_millis, location_id=None, material_id=None):
    """[{locationId, locationPath, lotId, lotName, ...quantity}] (see balances_as_of_sql), one
    statement, ordered like the inventory queries: location path, material path, lot name."""
    sql, args = balances_as_of_sql(effects, moment_millis, location_id, material_id)
    quantity = tables.INVENTORY.column("quantity")
    found = [{"locationId": r["location_id"], "locationPath": r["location_path"], "lotId": r["lot_id"],
              "lotName": r["lot_name"], "lotStatus": r["lot_status"], "materialId": r["material_id"],
              "materialPath": r["material_path"], "quantity": mapping.python_value(quantity, r["balance"]),
              "unitOfMeasureId": r["unit_of_measure_id"], "unitOfMeasureName": r["unit_name"],
              "unitOfMeasureSymbol": r["unit_symbol"]} for r in session.query(sql, args)]
    found.sort(key=lambda b: (b["locationPath"] or "", b["materialPath"] or "", b["lotName"] or "", b["lotId"]))
    return found
