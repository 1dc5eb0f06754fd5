"""system.mes.inventory: lots, lot records, inventory rows and transactions.

Gateway spelling: mes.inventory.<function>, and mes.inventory.operation.<function> for inventory
operations (an Ignition script package may not hold code next to child modules, so `operation`
is an attribute of this module pointing at mes.inventory_operation).
"""
from mes import inventory_operation as operation  # noqa: F401  (system.mes.inventory.operation)
