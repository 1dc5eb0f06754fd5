"""Pointing a configured operation, and the run it has open, at a production order."""
from __future__ import absolute_import

from mes.persistence import mapping, tables


def set_current_order(session, operation_id, order_id):
    """The operation's current production order; 1 when the operation exists."""
    return mapping.update_by_id(session, tables.OPERATIONS, operation_id, {"current_production_order_id": order_id})


def set_record_order(session, record_id, order_id):
    """The production order of one operation record."""
    return mapping.update_by_id(session, tables.OPERATION_RECORDS, record_id, {"production_order_id": order_id})
