"""system.mes.unitOfMeasure: units of measure and conversions between them
(gateway spelling: mes.unitOfMeasure.<function>).

Unit arguments named IdOrName also accept the unit's symbol ('Kg'). The page of convert names
its unit parameters `from` and `to`; `from` is a Python keyword, so here they are fromIdOrName and
toIdOrName (positional calls, as in the documentation, are unaffected).
"""
from __future__ import absolute_import
from mes.core import errors
from mes.services import permissions, reading, units
from mes.services.reading import read
from mes.services.units import CONVERSION, UNIT

_KEYS = permissions.UNIT_OF_MEASURE


# -- units ---------------------------------------------------------------------------------------


def newUnitOfMeasure():
    return UNIT.new()


def validateUnitOfMeasure(**uomData):
    permissions.require("UNIT_OF_MEASURE.READ.VALIDATE")
    return UNIT.validate(uomData)


def saveUnitOfMeasure(**uomData):
    permissions.require("UNIT_OF_MEASURE.WRITE.SAVE")
    return UNIT.save(uomData)


def getUnitOfMeasure(idOrName):
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return read(units.find_unit, idOrName)


def doesUnitOfMeasureExist(idOrName):
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return read(units.find_unit, idOrName) is not None


def getUnitOfMeasureOrCreateNew(name, symbol):
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    found = read(units.unit_named, name, symbol)
    if found is not None:
        return found
    permissions.require("UNIT_OF_MEASURE.WRITE.SAVE")
    return UNIT.save({"name": name, "symbol": symbol})


def getAllUnitsOfMeasure():
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return read(UNIT.query, ("name",))


def getUnitOfMeasureReferences(id):  # noqa: A002 - the documented parameter name
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return reading.references(UNIT, id, units.require_unit)


def deleteUnitOfMeasure(id):  # noqa: A002
    permissions.require("UNIT_OF_MEASURE.WRITE.DELETE")
    return UNIT.delete(read(units.require_unit, id)["id"])


# -- conversions ---------------------------------------------------------------------------------


def newUnitOfMeasureConversion():
    return CONVERSION.new()


def validateUnitOfMeasureConversion(**uomcData):
    permissions.require("UNIT_OF_MEASURE.READ.VALIDATE")
    return CONVERSION.validate(read(units.with_existing_id, uomcData))


def saveUnitOfMeasureConversion(**uomcData):
    permissions.require("UNIT_OF_MEASURE.WRITE.SAVE")
    return CONVERSION.save(read(units.with_existing_id, uomcData))


def getUnitOfMeasureConversion(id):  # noqa: A002
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return read(CONVERSION.get, id)


def getConversion(id):  # noqa: A002
    return getUnitOfMeasureConversion(id)


def getAllConversions():
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return read(CONVERSION.query, ("id",))


def getAllConversionsForMaterial(id):  # noqa: A002
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return read(units.conversions_for_material, id)


def getUnitOfMeasureConversionReferences(id):  # noqa: A002
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return reading.references(CONVERSION, id)


def deleteUnitOfMeasureConversion(id):  # noqa: A002
    permissions.require("UNIT_OF_MEASURE.WRITE.DELETE")
    return CONVERSION.delete(id)


def addConversion(fromIdOrName, toIdOrName, conversionFactor, materialId=None):
    """Store (or update) the conversion from -> to; materialId may also be a material path."""
    permissions.require("UNIT_OF_MEASURE.WRITE.SAVE")
    return CONVERSION.save(read(units.named_conversion, fromIdOrName, toIdOrName, conversionFactor, materialId))


def getConversionFor(fromIdOrName, toIdOrName, materialId=None):
    """The stored conversion in this direction: the material's own, else the generic one."""
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return read(units.stored_conversion_between, fromIdOrName, toIdOrName, materialId)


def doesConversionExist(fromIdOrName, toIdOrName, materialId=None):
    """False, not an error, when a unit or the material does not exist either."""
    try:
        return getConversionFor(fromIdOrName, toIdOrName, materialId) is not None
    except errors.NotFoundError:
        return False


def convert(amount, fromIdOrName, toIdOrName, materialIdOrPath=None):
    """The amount in the to unit: amount x factor of the conversion docs/rules.md#locations-storage-and-units picks."""
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return read(units.convert_between, amount, fromIdOrName, toIdOrName, materialIdOrPath)


def getUnitOfMeasurePermissions():
    return list(_KEYS)
