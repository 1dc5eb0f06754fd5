"""The SQL of the production-order count that PRODUCE records grow."""
from __future__ import absolute_import


def production_order_unit(session, order_id):
    return session.scalar("SELECT unit_of_measure_id FROM production_orders WHERE id = ?", [order_id])


def grow_produced(session, order_id, quantity):
    session.update("UPDATE production_orders SET quantity_produced = quantity_produced + ? WHERE id = ?",
                   [quantity, order_id])
