"""system.mes.productionOrder (gateway spelling: mes.productionOrder.<function>)."""
