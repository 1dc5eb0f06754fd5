"""system.mes.inventory: lots, lot records, inventory rows and transactions.

Gateway spelling: mes.inventory.<function>, and mes.inventory.operation.<function> for inventory
operations (an Ignition script package may not hold code next to child modules, so `operation`
is an attribute of this module pointing at mes.inventory_operation).
"""
from mes import inventory_operation as operation  # noqa: F401  (system.mes.inventory.operation)
from mes.persistence import db
from mes.services import history, inventory_actions, inventory_rows, lot_records, lots, permissions, recall

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


# -- transactions (behaviour 1.3): newXRequest / validateXRequest / x, always called with **request --


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
    permissions.require_batch("INVENTORY.WRITE", requests, inventory_actions.for_request)
    return inventory_actions.execute_all(requests)


def auditInventoryLedger(repair=False):
    """(This project's addition, D4.) Recompute every lot balance from the records that moved
    inventory and list where an inventory row differs: [{lotId, locationId, recorded, expected}].
    Empty when all is well. repair=True also sets the rows to the recomputed balances."""
    permissions.require("INVENTORY.WRITE.EDIT" if repair else "INVENTORY.READ.GET")
    return inventory_actions.audit(repair)


# -- history and inventory rows (behaviour 1.4) ---------------------------------------------------------


def newLotHistoryRequest():
    return history.new_lot_history_request()


def getLotHistory(**request):
    """Records where the lot is the primary or the secondary lot, oldest first, filtered as asked."""
    permissions.require("INVENTORY.READ.GET")
    return history.lot_history(db.reader(), request)


def getInventoryForMaterial(materialIdOrPath):
    permissions.require("INVENTORY.READ.GET")
    return inventory_rows.inventory_for_material(db.reader(), materialIdOrPath)


def getInventoryByLotAndLocation(lotIdOrName, materialIdOrPath, locationIdOrPath):
    permissions.require("INVENTORY.READ.GET")
    return inventory_rows.inventory_by_lot_and_location(db.reader(), lotIdOrName, materialIdOrPath, locationIdOrPath)


def getAllInventory():
    permissions.require("INVENTORY.READ.GET")
    return inventory_rows.all_inventory(db.reader())


def getAllInventoryAtLocation(locationIdOrPath):
    permissions.require("INVENTORY.READ.GET")
    return inventory_rows.all_inventory_at_location(db.reader(), locationIdOrPath)


def getAllInventoryForLocationAndChildren(locationIdOrPath=None):
    permissions.require("INVENTORY.READ.GET")
    return inventory_rows.all_inventory_for_location_and_children(db.reader(), locationIdOrPath)


def setInventoryMetadata(inventoryId, notes=None, spare1=None, spare2=None, spare3=None, name=None,
                         productionOrderIdOrName=None):
    """Update only these fields of one inventory row (None keeps a field, '' clears it)."""
    permissions.require("INVENTORY.WRITE.SAVE")
    return inventory_rows.set_inventory_metadata(inventoryId, notes, spare1, spare2, spare3, name,
                                                 productionOrderIdOrName)


def checkLocationHasCapacity(locationIdOrPath, lotIdOrName, materialIdOrPath, quantity):
    """True when the quantity fits the location's storage capacity (no permission needed)."""
    return inventory_rows.check_location_has_capacity(db.reader(), locationIdOrPath, lotIdOrName, materialIdOrPath,
                                                      quantity)


# -- recall (ours; docs/recall.md) -------------------------------------------------------------------


def holdLots(lotIdsOrNames, status="QA_HOLD", notes=None):
    """Set the status of every listed lot in one transaction (a quality hold).

    Each changed lot gets one STATUS_CHANGE record, written by changeStatus. Lots that are CLOSED
    or SHIPPED, or already in the status, are reported and left alone. Lot status does not stop
    transactions: a script that consumes checks it (docs/recall.md).

    Args:
        lotIdsOrNames: a list of lot ids or names (a name must belong to one material only).
        status: the lot status to set, QA_HOLD by default.
        notes: written on every STATUS_CHANGE record (e.g. the reason of the hold).

    Returns:
        {status, changed, unchanged, skipped}: changed has lotId, lotName, materialPath,
        previousStatus, lotStatus and recordId; skipped has the reason.

    Raises:
        ValidationError: not a list, an empty list, an unknown status, an ambiguous lot name.
        NotFoundError: a lot that does not exist (nothing is changed).
    """
    permissions.require("INVENTORY.WRITE.CHANGE_STATUS")
    return recall.hold_lots(lotIdsOrNames, status, notes)


def holdExposure(lotIdOrName, materialIdOrPath=None, direction="OUTPUT", status="QA_HOLD", notes=None):
    """Hold a lot and every lot of its exposure (system.mes.trackandtrace.getLotExposure) at once.

    The exposure is read and every lot in it held in one transaction, as holdLots does.

    Args:
        lotIdOrName: the lot found bad, by id or name.
        materialIdOrPath: its material, when the name is shared by lots of several materials.
        direction: 'OUTPUT' (default: what the lot went into) or 'INPUT'.
        status: the lot status to set, QA_HOLD by default.
        notes: written on every STATUS_CHANGE record.

    Returns:
        {exposure, hold}: what getLotExposure returns, and what holdLots returns.

    Raises:
        ValidationError: a bad direction or status, or an ambiguous lot name.
        NotFoundError: no such lot or material.
    """
    permissions.require("TRACK_AND_TRACE.READ.GET")
    permissions.require("INVENTORY.WRITE.CHANGE_STATUS")
    return recall.hold_exposure(lotIdOrName, materialIdOrPath, direction, status, notes)


def getInventoryAsOf(timestamp, locationIdOrPath=None, materialIdOrPath=None):
    """The inventory per location and lot as it was at a moment, recomputed from the lot records.

    Counts every completed record that moved inventory and ended (or, without an end, started) at
    or before the moment. At the current time it equals getAllInventory().

    Args:
        timestamp: the moment: epoch millis, ISO-8601 text, a Java or Python date.
        locationIdOrPath: only this location (not its children); None for every location.
        materialIdOrPath: only lots of this material; None for every material.

    Returns:
        A list of {locationId, locationPath, lotId, lotName, lotStatus (now), materialId,
        materialPath, quantity, unitOfMeasureId, unitOfMeasureName, unitOfMeasureSymbol} with a
        non-zero quantity, by location path, material path and lot name.

    Raises:
        ValidationError: no timestamp, or one that is not a date.
        NotFoundError: no such location or material.
    """
    permissions.require("INVENTORY.READ.GET")
    return recall.inventory_as_of(db.reader(), timestamp, locationIdOrPath, materialIdOrPath)
