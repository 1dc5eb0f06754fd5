"""The one lot picker: which lot a call takes at a location when no lot is named.

Rule (docs/rules.md#locations-storage-and-units): lots are considered in the location's lot use
order (FIFO, LIFO, FEFO; the order itself lives in the inventory store). With a quantity known
(a consume, ship, scrap or return without a lot) the first lot that holds the whole quantity is
taken; with none known (an inventory operation's FROM_LOCATION lot at start, an edit) the first
lot with stock. A location that allows negative inventory lets the first lot give any quantity.
"""
from __future__ import absolute_import
from mes.persistence import balance_store
from mes.services import ledger, lots, units


class Pick(object):
    """What the picker found: `lot` (None when no lot qualifies), `quantity` in the lot's unit (None
    when no quantity was asked for), `stocked` (any lot with stock) and `largest` (the most one holds)."""

    def __init__(self, lot, quantity, stocked, largest):
        self.lot = lot
        self.quantity = quantity
        self.stocked = stocked
        self.largest = largest


def pick(session, location_id, lot_use_strategy, allow_negative, material_id, quantity=None, unit_id=None):
    """The lot a call takes at a location when none is named.

    Args:
        session: the caller's session.
        location_id: the location's id.
        lot_use_strategy: the location's lotUseStrategy (FIFO, LIFO or FEFO).
        allow_negative: the location's allowNegativeInventory.
        material_id: the material the lot must be of.
        quantity: the quantity the lot must hold, in `unit_id`; None takes the first lot with stock.
        unit_id: the unit of `quantity`.

    Returns:
        a Pick.
    """
    stocked = balance_store.stocked_lots(session, location_id, material_id, lot_use_strategy)
    largest = 0.0
    for lot_id, lot_unit, held in stocked:
        if quantity is None:
            return Pick(lots.require(session, lot_id), None, True, held)
        needed = quantity if lot_unit == unit_id else units.convert(session, quantity, unit_id, lot_unit, material_id)
        if held >= needed - ledger.TOLERANCE or allow_negative:
            return Pick(lots.require(session, lot_id), needed, True, held)
        largest = max(largest, held)
    return Pick(None, None, bool(stocked), largest)
