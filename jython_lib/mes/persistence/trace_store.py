"""The SQL of lot genealogy (system.mes.trackandtrace): the edges touching a set of lots, the
node data of a set of lots, and the trace table rows of a set of records.

Every statement takes a whole set of ids, so a trace costs a number of statements bounded by its
depth, not by the size of the graph. Very large sets are split into chunks of CHUNK ids to stay
under every driver's parameter limit.
"""
from __future__ import absolute_import
from mes.core import dates
from mes.persistence import mapping, tables

RECORDS = tables.INVENTORY_LOT_RECORDS
LOTS = tables.INVENTORY_LOTS
CHUNK = 400
# Records that link lots: a running one already does (material is flowing), a cancelled or
# faulted one never happened.
LINKING_STATUSES = ("COMPLETED", "RUNNING")


def _marks(values):
    return ", ".join("?" * len(values))


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def _oriented(giver_is_primary):
    """SQL for the giving (source) and receiving (target) lot of a record, and the args the two
    CASE expressions bind."""
    marks = _marks(giver_is_primary)
    source = ("CASE WHEN r.lot_record_type IN (%s) THEN r.inventory_lot_id ELSE r.secondary_inventory_lot_id END"
              % marks)
    target = ("CASE WHEN r.lot_record_type IN (%s) THEN r.secondary_inventory_lot_id ELSE r.inventory_lot_id END"
              % marks)
    return source, target, list(giver_is_primary) * 2


def edges_touching(session, lot_ids, near_is_source, giver_is_primary, giver_is_secondary):
    """[{id, source, target, quantity, unit_id, unit_symbol, material_id, status, start_date}] of
    every linking record whose source lot (near_is_source) or target lot is in `lot_ids`,
    ordered by start date then id. giver_is_primary / giver_is_secondary: the record types whose
    primary / secondary lot gave the material."""
    source, target, args = _oriented(giver_is_primary)
    sql_head = ("SELECT r.id, %s AS source_lot, %s AS target_lot, r.quantity, r.unit_of_measure_id, r.status, "
                "r.start_date, u.symbol AS unit_symbol, l.material_id FROM inventory_lot_records r "
                "LEFT JOIN unit_of_measure u ON u.id = r.unit_of_measure_id "
                "LEFT JOIN inventory_lots l ON l.id = r.inventory_lot_id "
                "WHERE r.secondary_inventory_lot_id IS NOT NULL AND r.secondary_inventory_lot_id <> r.inventory_lot_id "
                "AND r.status IN (%s) AND " % (source, target, _marks(LINKING_STATUSES)))
    primary_types, secondary_types = (giver_is_primary, giver_is_secondary) if near_is_source else \
        (giver_is_secondary, giver_is_primary)
    found = []
    for chunk in _chunks(lot_ids):
        sql = sql_head + ("((r.lot_record_type IN (%s) AND r.inventory_lot_id IN (%s)) OR "
                          "(r.lot_record_type IN (%s) AND r.secondary_inventory_lot_id IN (%s)))"
                          % (_marks(primary_types), _marks(chunk), _marks(secondary_types), _marks(chunk)))
        chunk_args = args + list(LINKING_STATUSES) + list(primary_types) + chunk + list(secondary_types) + chunk
        found.extend(_edge(row) for row in session.query(sql, chunk_args))
    found.sort(key=lambda e: (e["start_millis"], e["id"]))
    return _unique_by_id(found)


def _edge(row):
    return {"id": row["id"], "source": row["source_lot"], "target": row["target_lot"],
            "quantity": mapping.python_value(RECORDS.column("quantity"), row["quantity"]),
            "unit_id": row["unit_of_measure_id"], "unit_symbol": row["unit_symbol"],
            "material_id": row["material_id"], "status": row["status"],
            "start_millis": dates.to_millis(row["start_date"])}


def _unique_by_id(found):
    seen, unique = set(), []
    for item in found:
        if item["id"] not in seen:
            seen.add(item["id"])
            unique.append(item)
    return unique


def lot_nodes(session, lot_ids):
    """{lot id: {lot_name, total_quantity, unit_symbol, material_name, material_description,
    material_class_name}} of the given lots."""
    found = {}
    for chunk in _chunks(lot_ids):
        rows = session.query(
            "SELECT l.id, l.name, l.total_quantity, u.symbol AS unit_symbol, m.name AS material_name, "
            "m.description AS material_description, c.name AS class_name FROM inventory_lots l "
            "LEFT JOIN materials m ON m.id = l.material_id LEFT JOIN material_classes c ON c.id = m.material_class_id "
            "LEFT JOIN unit_of_measure u ON u.id = l.unit_of_measure_id WHERE l.id IN (%s)" % _marks(chunk), chunk)
        for row in rows:
            found[row["id"]] = {
                "lot_name": row["name"], "unit_symbol": row["unit_symbol"],
                "total_quantity": mapping.python_value(LOTS.column("total_quantity"), row["total_quantity"]),
                "material_name": row["material_name"], "material_description": row["material_description"],
                "material_class_name": row["class_name"]}
    return found


# Alias -> table of the trace table's joins: primary lot, secondary lot, their materials,
# the two locations and the unit.
_TABLE_JOINS = ("LEFT JOIN inventory_lots pl ON pl.id = r.inventory_lot_id "
                "LEFT JOIN inventory_lots sl ON sl.id = r.secondary_inventory_lot_id "
                "LEFT JOIN materials pm ON pm.id = pl.material_id "
                "LEFT JOIN materials sm ON sm.id = sl.material_id "
                "LEFT JOIN locations src ON src.id = r.source_location_id "
                "LEFT JOIN locations dst ON dst.id = r.destination_location_id "
                "LEFT JOIN unit_of_measure u ON u.id = r.unit_of_measure_id")
_TABLE_FIELDS = ("r.id, r.lot_record_type, r.inventory_lot_id, pl.name AS primary_lot_name, "
                 "r.secondary_inventory_lot_id, sl.name AS secondary_lot_name, pl.material_id AS primary_material_id, "
                 "pm.name AS primary_material_name, sl.material_id AS secondary_material_id, "
                 "sm.name AS secondary_material_name, r.source_location_id, src.path AS source_path, "
                 "r.destination_location_id, dst.path AS destination_path, r.quantity, r.unit_of_measure_id, "
                 "u.name AS unit_name, u.symbol AS unit_symbol, r.start_date, r.end_date")


def trace_rows(session, record_ids):
    """{record id: row values} of the given records, primary and secondary side both given."""
    found = {}
    for chunk in _chunks(record_ids):
        rows = session.query("SELECT %s FROM inventory_lot_records r %s WHERE r.id IN (%s)"
                             % (_TABLE_FIELDS, _TABLE_JOINS, _marks(chunk)), chunk)
        for row in rows:
            found[row["id"]] = _trace_row(row)
    return found


def _trace_row(row):
    quantity = RECORDS.column("quantity")
    return {"id": row["id"], "lot_record_type": row["lot_record_type"],
            "primary_lot_id": row["inventory_lot_id"], "primary_lot_name": row["primary_lot_name"],
            "secondary_lot_id": row["secondary_inventory_lot_id"], "secondary_lot_name": row["secondary_lot_name"],
            "primary_material_id": row["primary_material_id"], "primary_material_name": row["primary_material_name"],
            "secondary_material_id": row["secondary_material_id"],
            "secondary_material_name": row["secondary_material_name"],
            "source_location_id": row["source_location_id"], "source_location_path": row["source_path"],
            "destination_location_id": row["destination_location_id"],
            "destination_location_path": row["destination_path"],
            "quantity": mapping.python_value(quantity, row["quantity"]),
            "unit_id": row["unit_of_measure_id"], "unit_name": row["unit_name"], "unit_symbol": row["unit_symbol"],
            "start_millis": dates.to_millis(row["start_date"]), "end_millis": dates.to_millis(row["end_date"])}
