"""system.mes.inventory.operation: inventory operations (gateway: mes.inventory.operation.<function>)."""
