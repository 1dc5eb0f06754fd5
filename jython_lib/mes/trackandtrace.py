"""system.mes.trackandtrace: lot genealogy (gateway spelling: mes.trackandtrace.<function>)."""
