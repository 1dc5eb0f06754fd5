"""system.mes.unitOfMeasure: units of measure and conversions between them
(gateway spelling: mes.unitOfMeasure.<function>).

Unit arguments named IdOrName also accept the unit's symbol ('Kg'). The page of convert names
its unit parameters `from` and `to`; `from` is a Python keyword, so here they are fromIdOrName and
toIdOrName (positional calls, as in the documentation, are unaffected).
"""
from __future__ import absolute_import
from mes.core import errors
from mes.persistence import db
from mes.services import permissions, units
from mes.services.materials import MATERIAL
from mes.services.units import CONVERSION, UNIT

_KEYS = permissions.UNIT_OF_MEASURE


def _material_id(session, materialIdOrPath):
    if materialIdOrPath in (None, ""):
        return None
    return MATERIAL.require(session, materialIdOrPath)["id"]


def _unit_ids(session, fromIdOrName, toIdOrName):
    return (units.require_unit(session, fromIdOrName, "from unit of measure")["id"],
            units.require_unit(session, toIdOrName, "to unit of measure")["id"])


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
    return units.find_unit(db.reader(), idOrName)


def doesUnitOfMeasureExist(idOrName):
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return units.find_unit(db.reader(), idOrName) is not None


def getUnitOfMeasureOrCreateNew(name, symbol):
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    found = units.unit_named(db.reader(), name, symbol)
    if found is not None:
        return found
    permissions.require("UNIT_OF_MEASURE.WRITE.SAVE")
    return UNIT.save({"name": name, "symbol": symbol})


def getAllUnitsOfMeasure():
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return UNIT.query(db.reader(), order_by="t.name")


def getUnitOfMeasureReferences(id):  # noqa: A002 - the documented parameter name
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    session = db.reader()
    return UNIT.references(session, units.require_unit(session, id)["id"])


def deleteUnitOfMeasure(id):  # noqa: A002
    permissions.require("UNIT_OF_MEASURE.WRITE.DELETE")
    return UNIT.delete(units.require_unit(db.reader(), id)["id"])


# -- conversions ---------------------------------------------------------------------------------


def newUnitOfMeasureConversion():
    return CONVERSION.new()


def validateUnitOfMeasureConversion(**uomcData):
    permissions.require("UNIT_OF_MEASURE.READ.VALIDATE")
    return CONVERSION.validate(units.with_existing_id(db.reader(), uomcData))


def saveUnitOfMeasureConversion(**uomcData):
    permissions.require("UNIT_OF_MEASURE.WRITE.SAVE")
    return CONVERSION.save(units.with_existing_id(db.reader(), uomcData))


def getUnitOfMeasureConversion(id):  # noqa: A002
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return CONVERSION.get(db.reader(), id)


def getConversion(id):  # noqa: A002
    return getUnitOfMeasureConversion(id)


def getAllConversions():
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return CONVERSION.query(db.reader(), order_by="t.id")


def getAllConversionsForMaterial(id):  # noqa: A002
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    session = db.reader()
    return CONVERSION.query(session, "t.material_id = ?", [_material_id(session, id)], order_by="t.id")


def getUnitOfMeasureConversionReferences(id):  # noqa: A002
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    session = db.reader()
    return CONVERSION.references(session, CONVERSION.require(session, id)["id"])


def deleteUnitOfMeasureConversion(id):  # noqa: A002
    permissions.require("UNIT_OF_MEASURE.WRITE.DELETE")
    return CONVERSION.delete(id)


def addConversion(fromIdOrName, toIdOrName, conversionFactor, materialId=None):
    """Store (or update) the conversion from -> to; materialId may also be a material path."""
    permissions.require("UNIT_OF_MEASURE.WRITE.SAVE")
    session = db.reader()
    from_id, to_id = _unit_ids(session, fromIdOrName, toIdOrName)
    conversion = {"fromId": from_id, "toId": to_id, "conversionFactor": conversionFactor,
                  "materialId": _material_id(session, materialId)}
    return CONVERSION.save(units.with_existing_id(session, conversion))


def getConversionFor(fromIdOrName, toIdOrName, materialId=None):
    """The stored conversion in this direction: the material's own, else the generic one."""
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    session = db.reader()
    from_id, to_id = _unit_ids(session, fromIdOrName, toIdOrName)
    return units.stored_conversion(session, from_id, to_id, _material_id(session, materialId))


def doesConversionExist(fromIdOrName, toIdOrName, materialId=None):
    """False, not an error, when a unit or the material does not exist either."""
    try:
        return getConversionFor(fromIdOrName, toIdOrName, materialId) is not None
    except errors.NotFoundError:
        return False


def convert(amount, fromIdOrName, toIdOrName, materialIdOrPath=None):
    """The amount in the to unit: amount x factor of the conversion decision D5 picks."""
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    session = db.reader()
    from_id, to_id = _unit_ids(session, fromIdOrName, toIdOrName)
    return units.convert(session, amount, from_id, to_id, _material_id(session, materialIdOrPath))


def getUnitOfMeasurePermissions():
    return list(_KEYS)
