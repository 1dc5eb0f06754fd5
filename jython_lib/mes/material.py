"""system.mes.material (gateway spelling: mes.material.<function>)."""
