"""system.mes.inventory: lots, lot records, inventory rows and transactions.

Gateway spelling: mes.inventory.<function>, and mes.inventory.operation.<function> for inventory
operations (an Ignition script package may not hold code next to child modules, so `operation`
is an attribute of this module pointing at mes.inventory_operation).
"""
from __future__ import absolute_import
from mes import inventory_operation as operation  # noqa: F401  (system.mes.inventory.operation)
from mes.services import reading
from mes.services.reading import read
from mes.services import history, inventory_actions, inventory_rows, lot_records, lots, permissions

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
    return read(lots.get, id)


def getLotByIdOrNameAndMaterial(idOrName, materialIdOrPath=None):
    permissions.require("INVENTORY.READ.GET")
    return read(lots.find, idOrName, materialIdOrPath)


def getAllLots():
    permissions.require("INVENTORY.READ.GET")
    return read(lots.all_lots)


def getLotsForMaterial(materialIdOrPath):
    permissions.require("INVENTORY.READ.GET")
    return read(lots.for_material, materialIdOrPath)


def getInventoryLotReferences(id):  # noqa: A002
    permissions.require("INVENTORY.READ.GET")
    return reading.references(lots.LOT, id, lots.require)


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
    """Writes an audit entry: no inventory moves (docs/rules.md#the-ledger)."""
    permissions.require("INVENTORY.WRITE.SAVE")
    return lot_records.save(lotRecord)


def getInventoryLotRecordReferences(id):  # noqa: A002
    permissions.require("INVENTORY.READ.GET")
    return reading.references(lot_records.RECORD, id, lot_records.require)


def getInventoryPermissions():
    return list(permissions.INVENTORY)


# -- transactions (docs/rules.md#the-ledger): newXRequest / validateXRequest / x, always called with **request --


def _validate(name, request):
    permissions.require("INVENTORY.READ.VALIDATE")
    return inventory_actions.validate(name, request)


def _run(name, request):
    permissions.require(inventory_actions.TRANSACTIONS[name].permission)
    return inventory_actions.execute(name, request)


def newConsumeRequest():
    return inventory_actions.new_object("consume")


def validateConsumeRequest(**request):
    return _validate("consume", request)


def consume(**request):
    return _run("consume", request)[0]


def newUnconsumeRequest():
    return inventory_actions.new_object("unconsume")


def validateUnconsumeRequest(**request):
    return _validate("unconsume", request)


def unconsume(**request):
    return _run("unconsume", request)[0]


def newProduceRequest():
    return inventory_actions.new_object("produce")


def validateProduceRequest(**request):
    return _validate("produce", request)


def produce(**request):
    return _run("produce", request)[0]


def newReceiveRequest():
    return inventory_actions.new_object("receive")


def validateReceiveRequest(**request):
    return _validate("receive", request)


def receive(**request):
    return _run("receive", request)[0]


def newShipRequest():
    return inventory_actions.new_object("ship")


def validateShipRequest(**request):
    return _validate("ship", request)


def ship(**request):
    return _run("ship", request)[0]


def newScrapRequest():
    return inventory_actions.new_object("scrap")


def validateScrapRequest(**request):
    return _validate("scrap", request)


def scrap(**request):
    return _run("scrap", request)[0]


def newReturnRequest():
    return inventory_actions.new_object("returnInventory")


def validateReturnRequest(**request):
    return _validate("returnInventory", request)


def returnInventory(**request):
    return _run("returnInventory", request)[0]


def newMoveRequest():
    return inventory_actions.new_object("move")


def validateMoveRequest(**request):
    return _validate("move", request)


def move(**request):
    return _run("move", request)[0]


def newSplitRequest():
    return inventory_actions.new_object("split")


def validateSplitRequest(**request):
    return _validate("split", request)


def split(**request):
    return _run("split", request)[0]


def newMergeRequest():
    return inventory_actions.new_object("merge")


def validateMergeRequest(**request):
    return _validate("merge", request)


def merge(**request):
    return _run("merge", request)[0]


def newChangeStatusRequest():
    return inventory_actions.new_object("changeStatus")


def validateChangeStatusRequest(**request):
    return _validate("changeStatus", request)


def changeStatus(**request):
    return _run("changeStatus", request)[0]


def newEditInventoryQuantityRequest():
    return inventory_actions.new_object("editInventoryQuantity")


def validateEditInventoryQuantityRequest(**request):
    return _validate("editInventoryQuantity", request)


def editInventoryQuantity(**request):
    return _run("editInventoryQuantity", request)[0]


def newScrapAllRequest():
    return inventory_actions.new_object("scrapAll")


def validateScrapAllRequest(**request):
    return _validate("scrapAll", request)


def scrapAll(**request):
    """One SCRAP record per lot scrapped to zero at the location (a list, maybe empty)."""
    return _run("scrapAll", request)


def executeInventoryActions(requests):
    """All the requests in one database transaction; the records of all, in order (a scrapAll
    contributes its list, flattened). Called as executeInventoryActions(**{'requests': [...]})."""
    permissions.require("INVENTORY.WRITE")
    return inventory_actions.execute_all(requests)


def auditInventoryLedger(repair=False):
    """(This project's addition, docs/rules.md#the-ledger.) Recompute every lot balance from the records that moved
    inventory and list where an inventory row differs: [{lotId, locationId, recorded, expected}].
    Empty when all is well. repair=True also sets the rows to the recomputed balances."""
    permissions.require("INVENTORY.WRITE.EDIT" if repair else "INVENTORY.READ.GET")
    return inventory_actions.audit(repair)


# -- history and inventory rows (docs/rules.md#the-ledger) ---------------------------------------------------------


def newLotHistoryRequest():
    return history.new_lot_history_request()


def getLotHistory(**request):
    """Records where the lot is the primary or the secondary lot, oldest first, filtered as asked."""
    permissions.require("INVENTORY.READ.GET")
    return read(history.lot_history, request)


def getInventoryForMaterial(materialIdOrPath):
    permissions.require("INVENTORY.READ.GET")
    return read(inventory_rows.inventory_for_material, materialIdOrPath)


def getInventoryByLotAndLocation(lotIdOrName, materialIdOrPath, locationIdOrPath):
    permissions.require("INVENTORY.READ.GET")
    return read(inventory_rows.inventory_by_lot_and_location, lotIdOrName, materialIdOrPath, locationIdOrPath)


def getAllInventory():
    permissions.require("INVENTORY.READ.GET")
    return read(inventory_rows.all_inventory)


def getAllInventoryAtLocation(locationIdOrPath):
    permissions.require("INVENTORY.READ.GET")
    return read(inventory_rows.all_inventory_at_location, locationIdOrPath)


def getAllInventoryForLocationAndChildren(locationIdOrPath=None):
    permissions.require("INVENTORY.READ.GET")
    return read(inventory_rows.all_inventory_for_location_and_children, locationIdOrPath)


def setInventoryMetadata(inventoryId, notes=None, spare1=None, spare2=None, spare3=None, name=None,
                         productionOrderIdOrName=None):
    """Update only these fields of one inventory row (None keeps a field, '' clears it)."""
    permissions.require("INVENTORY.WRITE.SAVE")
    return inventory_rows.set_inventory_metadata(inventoryId, notes, spare1, spare2, spare3, name,
                                                 productionOrderIdOrName)


def checkLocationHasCapacity(locationIdOrPath, lotIdOrName, materialIdOrPath, quantity):
    """True when the quantity fits the location's storage capacity (no permission needed)."""
    return read(inventory_rows.check_location_has_capacity, locationIdOrPath, lotIdOrName, materialIdOrPath,
                                                      quantity)
