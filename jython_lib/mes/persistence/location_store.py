"""The SQL of the location row the ledger checks storage rules against (optionally locked)."""
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
