"""The SQL of getLotHistory: one WHERE over the lot record read model (alias t).

The condition is built here and handed to services.lot_records.query, so a lot's whole history,
whatever its length, is one SELECT. Values are bound parameters; the filters the caller did not
give add nothing to the statement.
"""
from __future__ import absolute_import
from mes.core import dates
from mes.persistence import queries

# Column of the record that each filter compares with equality (already canonical values).
EQUAL_FILTERS = (
    ("lot_record_type", "t.lot_record_type"),
    ("inventory_operation_id", "t.inventory_operation_id"),
    ("production_order_id", "t.production_order_id"),
    ("material_reason_code_id", "t.material_reason_code_id"),
    ("status", "t.status"),
)


def history_where(lot_id, filters, include_secondary=True):
    """The Where selecting the records of one lot, narrowed by `filters`:
    {lot_record_type, operation_id, inventory_operation_id, production_order_id,
    material_reason_code_id, status, start_millis, end_millis}; missing or None = no filter."""
    if include_secondary:
        parts, args = ["(t.inventory_lot_id = ? OR t.secondary_inventory_lot_id = ?)"], [lot_id, lot_id]
    else:
        parts, args = ["t.inventory_lot_id = ?"], [lot_id]
    for name, column in EQUAL_FILTERS:
        if filters.get(name) is not None:
            parts.append("%s = ?" % column)
            args.append(filters[name])
    if filters.get("operation_id") is not None:
        # A record belongs to an operation through its operation record.
        parts.append("t.operation_record_id IN (SELECT o.id FROM operation_records o WHERE o.operation_id = ?)")
        args.append(filters["operation_id"])
    if filters.get("start_millis") is not None:
        parts.append("t.start_date >= ?")
        args.append(dates.to_database(filters["start_millis"]))
    if filters.get("end_millis") is not None:
        parts.append("t.start_date <= ?")
        args.append(dates.to_database(filters["end_millis"]))
    return queries.Where(" AND ".join(parts), args)
