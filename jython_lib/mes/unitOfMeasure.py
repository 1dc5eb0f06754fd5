"""system.mes.unitOfMeasure (gateway spelling: mes.unitOfMeasure.<function>)."""
