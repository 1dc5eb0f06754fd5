"""The SQL of the location row the ledger checks storage rules against (optionally locked), and of
the source locations the trigger engine checks readiness against."""
from __future__ import absolute_import
from mes.persistence import mapping, tables

LOCATIONS = tables.LOCATIONS


def location(session, location_id, lock=False):
    """The location row; with lock, held until the transaction ends (where the database can lock
    rows), so capacity and single-lot checks at one location are serialised across gateways."""
    sql = "SELECT %s FROM locations WHERE id = ?" % mapping.select_list(LOCATIONS)
    if lock:
        sql = session.dialect.for_update(sql)
    rows = session.query(sql, [location_id])
    return mapping.row_to_dict(LOCATIONS, rows[0]) if len(rows) else None


def operation_sources(session, operation_ids=None):
    """{inventory operation id: (source location path, allows negative inventory)} of the operations
    that have a source location, all or the listed ones, in one statement (the trigger engine's
    load reads them with the operations instead of one location per operation)."""
    sql = ("SELECT o.id AS op_id, l.path AS source_path, l.allow_negative_inventory AS allows_negative "
           "FROM inventory_operations o JOIN locations l ON l.id = o.source_location_id")
    args = []
    if operation_ids:
        sql += " WHERE o.id IN (%s)" % ", ".join("?" * len(operation_ids))
        args = list(operation_ids)
    flag = LOCATIONS.column("allow_negative_inventory")
    return dict((r["op_id"], (r["source_path"], mapping.python_value(flag, r["allows_negative"])))
                for r in session.query(sql, args))
