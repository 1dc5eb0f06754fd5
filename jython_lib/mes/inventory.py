"""system.mes.inventory: lots, lot records, inventory rows and transactions.

Gateway spelling: mes.inventory.<function>, and mes.inventory.operation.<function> for inventory
operations (an Ignition script package may not hold code next to child modules, so `operation`
is an attribute of this module pointing at mes.inventory_operation).
"""
from mes import inventory_operation as operation  # noqa: F401  (system.mes.inventory.operation)
from mes.persistence import db
from mes.services import lot_records, lots, permissions

# -- lots ------------------------------------------------------------------------------------------


def newLot():
    return lots.LOT.new()


def validateLot(**lot):
    permissions.require("INVENTORY.READ.VALIDATE")
    return lots.LOT.validate(lot)


def saveLot(**lot):
    permissions.require("INVENTORY.WRITE.SAVE")
    return lots.LOT.save(lot)


def getLot(id):  # noqa: A002 - the documented parameter name
    permissions.require("INVENTORY.READ.GET")
    return lots.get(db.reader(), id)


def getLotByIdOrNameAndMaterial(idOrName, materialIdOrPath=None):
    permissions.require("INVENTORY.READ.GET")
    return lots.find(db.reader(), idOrName, materialIdOrPath)


def getAllLots():
    permissions.require("INVENTORY.READ.GET")
    return lots.all_lots(db.reader())


def getLotsForMaterial(materialIdOrPath):
    permissions.require("INVENTORY.READ.GET")
    return lots.for_material(db.reader(), materialIdOrPath)


def getInventoryLotReferences(id):  # noqa: A002
    permissions.require("INVENTORY.READ.GET")
    session = db.reader()
    return lots.LOT.references(session, lots.require(session, id)["id"])


def deleteLot(id):  # noqa: A002
    permissions.require("INVENTORY.WRITE.DELETE")
    return lots.LOT.delete(id)


# -- lot records -----------------------------------------------------------------------------------


def newInventoryLotRecord():
    return lot_records.RECORD.new()


def validateInventoryLotRecord(**lotRecord):
    permissions.require("INVENTORY.READ.VALIDATE")
    return lot_records.validate(lotRecord)


def saveInventoryLotRecord(**lotRecord):
    """Writes an audit entry: no inventory moves (D4)."""
    permissions.require("INVENTORY.WRITE.SAVE")
    return lot_records.save(lotRecord)


def getInventoryLotRecordReferences(id):  # noqa: A002
    permissions.require("INVENTORY.READ.GET")
    session = db.reader()
    return lot_records.RECORD.references(session, lot_records.require(session, id)["id"])


def getInventoryPermissions():
    return list(permissions.INVENTORY)
