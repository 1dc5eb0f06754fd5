"""The one catalogue of lot record types: what each does to balances, lot totals and genealogy,
and which inventory-operation types take from or put at a location (docs/rules.md#the-ledger).

The ledger posts and audits by EFFECTS, trace draws edges by GIVER_IS_PRIMARY / GIVER_IS_SECONDARY,
the inventory-operation runtime and configuration read the operation-type sets derived below.
"""
from __future__ import absolute_import
from mes.persistence import tables

# The primary lot leaves the source location / arrives at the destination.
TAKES_FROM_SOURCE = ("CONSUME", "RETURN", "SHIP", "SCRAP", "MOVE", "SPLIT")
PUTS_AT_DESTINATION = ("PRODUCE", "RECEIVE", "UNCONSUME", "MOVE", "MERGE")

# (record types, lot column, location column, sign): the balance of that lot at that location
# changes by sign x quantity. Secondary lots of the other types are genealogy links only.
EFFECTS = [
    (TAKES_FROM_SOURCE, "inventory_lot_id", "source_location_id", -1),
    (PUTS_AT_DESTINATION, "inventory_lot_id", "destination_location_id", 1),
    (("EDIT",), "inventory_lot_id", "source_location_id", 1),  # EDIT's quantity is the signed difference
    (("SPLIT",), "secondary_inventory_lot_id", "destination_location_id", 1),
    (("MERGE",), "secondary_inventory_lot_id", "source_location_id", -1),
]

# Which lot's total grows, by record type; EDIT grows its lot by a positive difference only.
TOTAL_GROWS = {"PRODUCE": "inventory_lot_id", "RECEIVE": "inventory_lot_id", "SPLIT": "secondary_inventory_lot_id",
               "MERGE": "inventory_lot_id", "EDIT": "inventory_lot_id"}

# Genealogy: an edge points from the lot that gave material to the lot that received it.
GIVER_IS_PRIMARY = ("CONSUME", "RETURN", "SHIP", "SCRAP", "SPLIT")
GIVER_IS_SECONDARY = ("PRODUCE", "UNCONSUME", "RECEIVE", "MERGE")
# Records through which stock leaves inventory for good (a recall reports them: docs/recall.md).
OUTFLOWS = ("SHIP", "CONSUME", "SCRAP")

# Inventory-operation types, by what their record does at a location.
_OPERATION_TYPES = tables.INVENTORY_OPERATION_TYPE
TAKING_OPERATIONS = tuple(t for t in TAKES_FROM_SOURCE if t in _OPERATION_TYPES)  # may take a lot FROM_LOCATION
PUTTING_OPERATIONS = tuple(t for t in _OPERATION_TYPES if t in PUTS_AT_DESTINATION)
NEEDS_SOURCE = TAKING_OPERATIONS + ("SCRAP_ALL", "RECEIVE_AND_CONSUME")
NEEDS_DESTINATION = PUTTING_OPERATIONS + ("RECEIVE_AND_CONSUME",)
