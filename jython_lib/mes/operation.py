"""system.mes.operation (gateway spelling: mes.operation.<function>)."""
