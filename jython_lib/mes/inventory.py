"""system.mes.inventory: lots, lot records, inventory rows and transactions.

Gateway spelling: mes.inventory.<function>, and mes.inventory.operation.<function> for inventory
operations (an Ignition script package may not hold code next to child modules, so `operation`
is an attribute of this module pointing at mes.inventory_operation).
"""
from __future__ import absolute_import
from mes import inventory_operation as operation  # noqa: F401  (system.mes.inventory.operation)
from mes.services import reading
from mes.services.reading import read
from mes.services import history, inventory_actions, inventory_rows, lot_records, lots, permissions, recall
from mes.services import finders as _finders
from mes.services import inventory_state as _inventory_state

__all__ = [
    "newLot", "validateLot", "saveLot", "getLot", "getLotByIdOrNameAndMaterial", "getAllLots",
    "getLotsForMaterial", "getInventoryLotReferences", "deleteLot", "newInventoryLotRecord",
    "validateInventoryLotRecord", "saveInventoryLotRecord", "getInventoryLotRecordReferences",
    "getInventoryPermissions", "newConsumeRequest", "validateConsumeRequest", "consume",
    "newUnconsumeRequest", "validateUnconsumeRequest", "unconsume", "newProduceRequest",
    "validateProduceRequest", "produce", "newReceiveRequest", "validateReceiveRequest", "receive",
    "newShipRequest", "validateShipRequest", "ship", "newScrapRequest", "validateScrapRequest", "scrap",
    "newReturnRequest", "validateReturnRequest", "returnInventory", "newMoveRequest", "validateMoveRequest",
    "move", "newSplitRequest", "validateSplitRequest", "split", "newMergeRequest", "validateMergeRequest",
    "merge", "newChangeStatusRequest", "validateChangeStatusRequest", "changeStatus",
    "newEditInventoryQuantityRequest", "validateEditInventoryQuantityRequest", "editInventoryQuantity",
    "newScrapAllRequest", "validateScrapAllRequest", "scrapAll", "executeInventoryActions",
    "auditInventoryLedger", "newLotHistoryRequest", "getLotHistory", "getInventoryForMaterial",
    "getInventoryByLotAndLocation", "getAllInventory", "getAllInventoryAtLocation",
    "getAllInventoryForLocationAndChildren", "setInventoryMetadata", "checkLocationHasCapacity",
    "findLots", "publishInventoryState",
    "holdLots", "holdExposure", "getInventoryAsOf",
]

# -- lots ------------------------------------------------------------------------------------------


def newLot():
    """A new, unsaved lot with the documented keys and their defaults; nothing is written and no permission is
    checked.

    Returns:
        MesObject: the lot, to fill in and pass to saveLot(**obj).
    """
    return lots.LOT.new()


def validateLot(**lot):
    """Report what keeps a lot from being stored; nothing is written.

    Args:
        lot: the lot's keys, passed as **obj.

    Returns:
        dict: {field: [messages]}, empty when the lot can be saved (unknown keys are reported too).

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.VALIDATE.
    """
    permissions.require("INVENTORY.READ.VALIDATE")
    return lots.LOT.validate(lot)


def saveLot(**lot):
    """Create or update a lot in one transaction. A lot without a unit takes its material's base unit; saving it
    CLOSED sets closedDate (leaving CLOSED clears it); once inventory or records point at it, its material and
    unit cannot change.

    Args:
        lot: the lot's keys, passed as **obj. With an `id` it updates that lot (keys left out keep their
            stored values); an id that does not exist yet creates the lot with that id.

    Returns:
        MesObject: the lot as stored.

    Raises:
        ValidationError: what validate reports (its `errors` map); nothing is written.
        PermissionDeniedError: the calling user lacks INVENTORY.WRITE.SAVE.
    """
    permissions.require("INVENTORY.WRITE.SAVE")
    return lots.LOT.save(lot)


def getLot(id):  # noqa: A002 - the documented parameter name
    """The lot with this id.

    Args:
        id: the lot's id.

    Returns:
        MesObject: the lot, or None when none has this id.

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.GET.
    """
    permissions.require("INVENTORY.READ.GET")
    return read(lots.get, id)


def getLotByIdOrNameAndMaterial(idOrName, materialIdOrPath=None):
    """The lot with this id, else with this name (lot names are unique per material only).

    Args:
        idOrName: the lot's id or name.
        materialIdOrPath: the material's id or path; needed when several materials have a lot of this name.

    Returns:
        MesObject: the lot, or None when nothing matches.

    Raises:
        ValidationError: the name matches lots of several materials and no material is given (the error lists
            them).
        NotFoundError: the material given does not exist.
        PermissionDeniedError: the calling user lacks INVENTORY.READ.GET.
    """
    permissions.require("INVENTORY.READ.GET")
    return read(lots.find, idOrName, materialIdOrPath)


def getAllLots():
    """Every lots, ordered by material path, then name.

    Returns:
        list of MesObject (empty when there are none).

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.GET.
    """
    permissions.require("INVENTORY.READ.GET")
    return read(lots.all_lots)


def getLotsForMaterial(materialIdOrPath):
    """The lots of one material, ordered by name.

    Args:
        materialIdOrPath: the material's id or path.

    Returns:
        list of MesObject (empty when it has none).

    Raises:
        NotFoundError: no such material exists.
        PermissionDeniedError: the calling user lacks INVENTORY.READ.GET.
    """
    permissions.require("INVENTORY.READ.GET")
    return read(lots.for_material, materialIdOrPath)


def getInventoryLotReferences(id):  # noqa: A002
    """Every row that points at the lot (what keeps it from being deleted).

    Args:
        id: the lot's id.

    Returns:
        list: [{tableName, references: [{fkColName, id}]}], empty when nothing points at it.

    Raises:
        NotFoundError: no such lot exists.
        PermissionDeniedError: the calling user lacks INVENTORY.READ.GET.
    """
    permissions.require("INVENTORY.READ.GET")
    return reading.references(lots.LOT, id, lots.require)


def deleteLot(id):  # noqa: A002
    """Delete the lot in one transaction.

    Args:
        id: the lot's id.

    Returns:
        MesObject: {success: True, message, data: the deleted id, error: None}.

    Raises:
        NotFoundError: no such lot exists.
        InUseError: rows still point at it (the error names each table, column and id); nothing is deleted.
        PermissionDeniedError: the calling user lacks INVENTORY.WRITE.DELETE.
    """
    permissions.require("INVENTORY.WRITE.DELETE")
    return lots.LOT.delete(id)


# -- lot records -----------------------------------------------------------------------------------


def newInventoryLotRecord():
    """A new, unsaved inventory lot record with the documented keys and their defaults; nothing is written and no
    permission is checked.

    Returns:
        MesObject: the inventory lot record, to fill in and pass to saveInventoryLotRecord(**obj).
    """
    return lot_records.RECORD.new()


def validateInventoryLotRecord(**lotRecord):
    """Report what keeps a inventory lot record from being stored; nothing is written.

    Args:
        lotRecord: the inventory lot record's keys, passed as **obj.

    Returns:
        dict: {field: [messages]}, empty when the inventory lot record can be saved (unknown keys are reported
            too).

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.VALIDATE.
    """
    permissions.require("INVENTORY.READ.VALIDATE")
    return lot_records.validate(lotRecord)


def saveInventoryLotRecord(**lotRecord):
    """Create or update a inventory lot record in one transaction. A record saved here is an audit entry: it
    moves no inventory (the transaction calls write the records that do). duration is whole seconds.

    Args:
        lotRecord: the inventory lot record's keys, passed as **obj. With an `id` it updates that inventory
            lot record (keys left out keep their stored values); an id that does not exist yet creates the
            inventory lot record with that id.

    Returns:
        MesObject: the inventory lot record as stored.

    Raises:
        ValidationError: what validate reports (its `errors` map); nothing is written.
        PermissionDeniedError: the calling user lacks INVENTORY.WRITE.SAVE.
    """
    permissions.require("INVENTORY.WRITE.SAVE")
    return lot_records.save(lotRecord)


def getInventoryLotRecordReferences(id):  # noqa: A002
    """Every row that points at the inventory lot record (what keeps it from being deleted).

    Args:
        id: the inventory lot record's id.

    Returns:
        list: [{tableName, references: [{fkColName, id}]}], empty when nothing points at it.

    Raises:
        NotFoundError: no such inventory lot record exists.
        PermissionDeniedError: the calling user lacks INVENTORY.READ.GET.
    """
    permissions.require("INVENTORY.READ.GET")
    return reading.references(lot_records.RECORD, id, lot_records.require)


def getInventoryPermissions():
    """The permission keys the inventory calls check; holding a key grants every key below it. No permission is
    needed.

    Returns:
        list of str: the dotted keys, e.g. 'INVENTORY.READ.GET'.
    """
    return list(permissions.INVENTORY)


# -- transactions (docs/rules.md#the-ledger): newXRequest / validateXRequest / x, always called with **request --


def _validate(name, request):
    permissions.require("INVENTORY.READ.VALIDATE")
    return inventory_actions.validate(name, request)


def _run(name, request):
    permissions.require(inventory_actions.TRANSACTIONS[name].permission)
    return inventory_actions.execute(name, request)


def newConsumeRequest():
    """A new consume request with the documented keys and their defaults; nothing is written and no permission is
    checked.

    Returns:
        MesObject: the request, to fill in and pass to consume(**request).
    """
    return inventory_actions.new_object("consume")


def validateConsumeRequest(**request):
    """Report what is wrong with a consume request: its keys, values and references (not the stock); nothing is
    written.

    Args:
        request: the request's keys, passed as **request.

    Returns:
        dict: {key: [messages]}, empty when the request is valid.

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.VALIDATE.
    """
    return _validate("consume", request)


def consume(**request):
    """Consume a quantity of a lot at a location (a CONSUME record). With no lot named, the location's lot use
    order picks the first lot that holds the whole quantity; the secondary lot, if any, is the lot that
    consumed it (a genealogy link only). One transaction: on any error nothing is written.

    Args:
        request: the keys of newConsumeRequest(), passed as **request. A quantity without unitOfMeasureSymbol
            is in the lot's unit.

    Returns:
        MesObject: the lot record written.

    Raises:
        ValidationError: what validateConsumeRequest reports.
        InsufficientInventoryError: it would take more than the lot holds where negative inventory is not
            allowed.
        ConflictError: another call changed the same balance first.
        PermissionDeniedError: the calling user lacks INVENTORY.WRITE.CONSUME.
    """
    return _run("consume", request)[0]


def newUnconsumeRequest():
    """A new unconsume request with the documented keys and their defaults; nothing is written and no permission
    is checked.

    Returns:
        MesObject: the request, to fill in and pass to unconsume(**request).
    """
    return inventory_actions.new_object("unconsume")


def validateUnconsumeRequest(**request):
    """Report what is wrong with a unconsume request: its keys, values and references (not the stock); nothing is
    written.

    Args:
        request: the request's keys, passed as **request.

    Returns:
        dict: {key: [messages]}, empty when the request is valid.

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.VALIDATE.
    """
    return _validate("unconsume", request)


def unconsume(**request):
    """Put a consumed quantity of a lot back at a location (an UNCONSUME record); the lot's total does not grow.
    One transaction: on any error nothing is written.

    Args:
        request: the keys of newUnconsumeRequest(), passed as **request. A quantity without
            unitOfMeasureSymbol is in the lot's unit.

    Returns:
        MesObject: the lot record written.

    Raises:
        ValidationError: what validateUnconsumeRequest reports, or the increase is refused (a CLOSED lot, a
            NO_STORAGE location, no room left).
        ConflictError: an ALLOW_SINGLE_OR_THROW location already holds another lot, or another call changed
            the same balance first.
        PermissionDeniedError: the calling user lacks INVENTORY.WRITE.UNCONSUME.
    """
    return _run("unconsume", request)[0]


def newProduceRequest():
    """A new produce request with the documented keys and their defaults; nothing is written and no permission is
    checked.

    Returns:
        MesObject: the request, to fill in and pass to produce(**request).
    """
    return inventory_actions.new_object("produce")


def validateProduceRequest(**request):
    """Report what is wrong with a produce request: its keys, values and references (not the stock); nothing is
    written.

    Args:
        request: the request's keys, passed as **request.

    Returns:
        dict: {key: [messages]}, empty when the request is valid.

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.VALIDATE.
    """
    return _validate("produce", request)


def produce(**request):
    """Produce a quantity of a lot into a location (a PRODUCE record); the lot's total grows, and with
    incrementProductionOrderCount the production order counts it in its unit. With no lot named, a new lot
    with an automatic name is made. One transaction: on any error nothing is written.

    Args:
        request: the keys of newProduceRequest(), passed as **request. A quantity without unitOfMeasureSymbol
            is in the lot's unit.

    Returns:
        MesObject: the lot record written.

    Raises:
        ValidationError: what validateProduceRequest reports, or the increase is refused (a CLOSED lot, a
            NO_STORAGE location, no room left).
        ConflictError: an ALLOW_SINGLE_OR_THROW location already holds another lot, or another call changed
            the same balance first.
        PermissionDeniedError: the calling user lacks INVENTORY.WRITE.PRODUCE.
    """
    return _run("produce", request)[0]


def newReceiveRequest():
    """A new receive request with the documented keys and their defaults; nothing is written and no permission is
    checked.

    Returns:
        MesObject: the request, to fill in and pass to receive(**request).
    """
    return inventory_actions.new_object("receive")


def validateReceiveRequest(**request):
    """Report what is wrong with a receive request: its keys, values and references (not the stock); nothing is
    written.

    Args:
        request: the request's keys, passed as **request.

    Returns:
        dict: {key: [messages]}, empty when the request is valid.

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.VALIDATE.
    """
    return _validate("receive", request)


def receive(**request):
    """Receive a quantity of a lot into a location (a RECEIVE record); the lot's total grows. With no lot named,
    a new lot with an automatic name is made. One transaction: on any error nothing is written.

    Args:
        request: the keys of newReceiveRequest(), passed as **request. A quantity without unitOfMeasureSymbol
            is in the lot's unit.

    Returns:
        MesObject: the lot record written.

    Raises:
        ValidationError: what validateReceiveRequest reports, or the increase is refused (a CLOSED lot, a
            NO_STORAGE location, no room left).
        ConflictError: an ALLOW_SINGLE_OR_THROW location already holds another lot, or another call changed
            the same balance first.
        PermissionDeniedError: the calling user lacks INVENTORY.WRITE.RECEIVE.
    """
    return _run("receive", request)[0]


def newShipRequest():
    """A new ship request with the documented keys and their defaults; nothing is written and no permission is
    checked.

    Returns:
        MesObject: the request, to fill in and pass to ship(**request).
    """
    return inventory_actions.new_object("ship")


def validateShipRequest(**request):
    """Report what is wrong with a ship request: its keys, values and references (not the stock); nothing is
    written.

    Args:
        request: the request's keys, passed as **request.

    Returns:
        dict: {key: [messages]}, empty when the request is valid.

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.VALIDATE.
    """
    return _validate("ship", request)


def ship(**request):
    """Ship a quantity of a lot from a location (a SHIP record). With no lot named, the location's lot use order
    picks the first lot that holds the whole quantity. One transaction: on any error nothing is written.

    Args:
        request: the keys of newShipRequest(), passed as **request. A quantity without unitOfMeasureSymbol is
            in the lot's unit.

    Returns:
        MesObject: the lot record written.

    Raises:
        ValidationError: what validateShipRequest reports.
        InsufficientInventoryError: it would take more than the lot holds where negative inventory is not
            allowed.
        ConflictError: another call changed the same balance first.
        PermissionDeniedError: the calling user lacks INVENTORY.WRITE.SHIP.
    """
    return _run("ship", request)[0]


def newScrapRequest():
    """A new scrap request with the documented keys and their defaults; nothing is written and no permission is
    checked.

    Returns:
        MesObject: the request, to fill in and pass to scrap(**request).
    """
    return inventory_actions.new_object("scrap")


def validateScrapRequest(**request):
    """Report what is wrong with a scrap request: its keys, values and references (not the stock); nothing is
    written.

    Args:
        request: the request's keys, passed as **request.

    Returns:
        dict: {key: [messages]}, empty when the request is valid.

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.VALIDATE.
    """
    return _validate("scrap", request)


def scrap(**request):
    """Scrap a quantity of a lot at a location (a SCRAP record). With no lot named, the location's lot use order
    picks the first lot that holds the whole quantity. One transaction: on any error nothing is written.

    Args:
        request: the keys of newScrapRequest(), passed as **request. A quantity without unitOfMeasureSymbol is
            in the lot's unit.

    Returns:
        MesObject: the lot record written.

    Raises:
        ValidationError: what validateScrapRequest reports.
        InsufficientInventoryError: it would take more than the lot holds where negative inventory is not
            allowed.
        ConflictError: another call changed the same balance first.
        PermissionDeniedError: the calling user lacks INVENTORY.WRITE.SCRAP.
    """
    return _run("scrap", request)[0]


def newReturnRequest():
    """A new returnInventory request with the documented keys and their defaults; nothing is written and no
    permission is checked.

    Returns:
        MesObject: the request, to fill in and pass to returnInventory(**request).
    """
    return inventory_actions.new_object("returnInventory")


def validateReturnRequest(**request):
    """Report what is wrong with a returnInventory request: its keys, values and references (not the stock);
    nothing is written.

    Args:
        request: the request's keys, passed as **request.

    Returns:
        dict: {key: [messages]}, empty when the request is valid.

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.VALIDATE.
    """
    return _validate("returnInventory", request)


def returnInventory(**request):
    """Return a quantity of a lot from a location (a RETURN record). With no lot named, the location's lot use
    order picks the first lot that holds the whole quantity. One transaction: on any error nothing is written.

    Args:
        request: the keys of newReturnRequest(), passed as **request. A quantity without unitOfMeasureSymbol
            is in the lot's unit.

    Returns:
        MesObject: the lot record written.

    Raises:
        ValidationError: what validateReturnRequest reports.
        InsufficientInventoryError: it would take more than the lot holds where negative inventory is not
            allowed.
        ConflictError: another call changed the same balance first.
        PermissionDeniedError: the calling user lacks INVENTORY.WRITE.RETURN.
    """
    return _run("returnInventory", request)[0]


def newMoveRequest():
    """A new move request with the documented keys and their defaults; nothing is written and no permission is
    checked.

    Returns:
        MesObject: the request, to fill in and pass to move(**request).
    """
    return inventory_actions.new_object("move")


def validateMoveRequest(**request):
    """Report what is wrong with a move request: its keys, values and references (not the stock); nothing is
    written.

    Args:
        request: the request's keys, passed as **request.

    Returns:
        dict: {key: [messages]}, empty when the request is valid.

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.VALIDATE.
    """
    return _validate("move", request)


def move(**request):
    """Move a quantity of a lot from one location to another (a MOVE record); the lot's total does not change.
    One transaction: on any error nothing is written.

    Args:
        request: the keys of newMoveRequest(), passed as **request. A quantity without unitOfMeasureSymbol is
            in the lot's unit.

    Returns:
        MesObject: the lot record written.

    Raises:
        ValidationError: what validateMoveRequest reports, or the increase is refused (a CLOSED lot, a
            NO_STORAGE location, no room left).
        InsufficientInventoryError: it would take more than the lot holds where negative inventory is not
            allowed.
        ConflictError: an ALLOW_SINGLE_OR_THROW location already holds another lot, or another call changed
            the same balance first.
        PermissionDeniedError: the calling user lacks INVENTORY.WRITE.MOVE.
    """
    return _run("move", request)[0]


def newSplitRequest():
    """A new split request with the documented keys and their defaults; nothing is written and no permission is
    checked.

    Returns:
        MesObject: the request, to fill in and pass to split(**request).
    """
    return inventory_actions.new_object("split")


def validateSplitRequest(**request):
    """Report what is wrong with a split request: its keys, values and references (not the stock); nothing is
    written.

    Args:
        request: the request's keys, passed as **request.

    Returns:
        dict: {key: [messages]}, empty when the request is valid.

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.VALIDATE.
    """
    return _validate("split", request)


def split(**request):
    """Split a quantity off a lot into a new lot at the same location (a SPLIT record); the new lot's total
    grows. A CLOSED lot cannot be split. One transaction: on any error nothing is written.

    Args:
        request: the keys of newSplitRequest(), passed as **request. A quantity without unitOfMeasureSymbol is
            in the lot's unit.

    Returns:
        MesObject: the lot record written.

    Raises:
        ValidationError: what validateSplitRequest reports, or the increase is refused (a CLOSED lot, a
            NO_STORAGE location, no room left).
        InsufficientInventoryError: it would take more than the lot holds where negative inventory is not
            allowed.
        ConflictError: an ALLOW_SINGLE_OR_THROW location already holds another lot, or another call changed
            the same balance first.
        PermissionDeniedError: the calling user lacks INVENTORY.WRITE.SPLIT.
    """
    return _run("split", request)[0]


def newMergeRequest():
    """A new merge request with the documented keys and their defaults; nothing is written and no permission is
    checked.

    Returns:
        MesObject: the request, to fill in and pass to merge(**request).
    """
    return inventory_actions.new_object("merge")


def validateMergeRequest(**request):
    """Report what is wrong with a merge request: its keys, values and references (not the stock); nothing is
    written.

    Args:
        request: the request's keys, passed as **request.

    Returns:
        dict: {key: [messages]}, empty when the request is valid.

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.VALIDATE.
    """
    return _validate("merge", request)


def merge(**request):
    """Merge a lot into another (of the same material and unit): every balance of the source lot (only the one at
    the location, when one is given) moves to the surviving lot, one MERGE record per location, and the source
    lot is CLOSED. Refused while the source lot has a negative balance. One transaction: on any error nothing
    is written.

    Args:
        request: the keys of newMergeRequest(), passed as **request. A quantity without unitOfMeasureSymbol is
            in the lot's unit.

    Returns:
        MesObject: the first MERGE record written.

    Raises:
        ValidationError: what validateMergeRequest reports.
        InsufficientInventoryError: it would take more than the lot holds where negative inventory is not
            allowed.
        ConflictError: another call changed the same balance first.
        PermissionDeniedError: the calling user lacks INVENTORY.WRITE.MERGE.
    """
    return _run("merge", request)[0]


def newChangeStatusRequest():
    """A new changeStatus request with the documented keys and their defaults; nothing is written and no
    permission is checked.

    Returns:
        MesObject: the request, to fill in and pass to changeStatus(**request).
    """
    return inventory_actions.new_object("changeStatus")


def validateChangeStatusRequest(**request):
    """Report what is wrong with a changeStatus request: its keys, values and references (not the stock); nothing
    is written.

    Args:
        request: the request's keys, passed as **request.

    Returns:
        dict: {key: [messages]}, empty when the request is valid.

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.VALIDATE.
    """
    return _validate("changeStatus", request)


def changeStatus(**request):
    """Change a lot's status (any transition; entering CLOSED sets closedDate, leaving it clears it). Moves no
    inventory. One transaction: on any error nothing is written.

    Args:
        request: the keys of newChangeStatusRequest(), passed as **request.

    Returns:
        MesObject: the lot record written.

    Raises:
        ValidationError: what validateChangeStatusRequest reports.
        PermissionDeniedError: the calling user lacks INVENTORY.WRITE.CHANGE_STATUS.
    """
    return _run("changeStatus", request)[0]


def newEditInventoryQuantityRequest():
    """A new editInventoryQuantity request with the documented keys and their defaults; nothing is written and no
    permission is checked.

    Returns:
        MesObject: the request, to fill in and pass to editInventoryQuantity(**request).
    """
    return inventory_actions.new_object("editInventoryQuantity")


def validateEditInventoryQuantityRequest(**request):
    """Report what is wrong with a editInventoryQuantity request: its keys, values and references (not the
    stock); nothing is written.

    Args:
        request: the request's keys, passed as **request.

    Returns:
        dict: {key: [messages]}, empty when the request is valid.

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.VALIDATE.
    """
    return _validate("editInventoryQuantity", request)


def editInventoryQuantity(**request):
    """Set a lot's balance at a location (an EDIT record holding the signed difference; a positive edit grows the
    lot's total). With no lot named, the location's lot use order picks the lot. One transaction: on any error
    nothing is written.

    Args:
        request: the keys of newEditInventoryQuantityRequest(), passed as **request. A quantity without
            unitOfMeasureSymbol is in the lot's unit.

    Returns:
        MesObject: the lot record written.

    Raises:
        ValidationError: what validateEditInventoryQuantityRequest reports, or a positive edit of a CLOSED
            lot.
        InsufficientInventoryError: it would take more than the lot holds where negative inventory is not
            allowed.
        ConflictError: another call changed the same balance first.
        PermissionDeniedError: the calling user lacks INVENTORY.WRITE.EDIT.
    """
    return _run("editInventoryQuantity", request)[0]


def newScrapAllRequest():
    """A new scrapAll request with the documented keys and their defaults; nothing is written and no permission
    is checked.

    Returns:
        MesObject: the request, to fill in and pass to scrapAll(**request).
    """
    return inventory_actions.new_object("scrapAll")


def validateScrapAllRequest(**request):
    """Report what is wrong with a scrapAll request (its keys, values and references); nothing is written.

    Args:
        request: the request's keys, passed as **request.

    Returns:
        dict: {key: [messages]}, empty when the request is valid.

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.VALIDATE.
    """
    return _validate("scrapAll", request)


def scrapAll(**request):
    """Scrap every lot of the material at the location to zero, one SCRAP record per lot, in one transaction.

    Args:
        request: the keys of newScrapAllRequest(), passed as **request.

    Returns:
        list of MesObject: the SCRAP records (empty when nothing was in stock).

    Raises:
        ValidationError: what validateScrapAllRequest reports.
        PermissionDeniedError: the calling user lacks INVENTORY.WRITE.SCRAP.
    """
    return _run("scrapAll", request)


def executeInventoryActions(requests):
    """Run several transaction requests in one database transaction, in order, each seeing the effects of those
    before it; the first failure rolls all of them back. Called as executeInventoryActions(**{'requests':
    [...]}).

    Args:
        requests: a list of request dicts made by the new...Request functions.

    Returns:
        list of MesObject: the lot records of every request, in order (a scrapAll contributes its list,
            flattened).

    Raises:
        ValidationError: requests is not a list, or a request is invalid (the error names it: "request 3 of 3
            (consume): ..."); nothing is written.
        InsufficientInventoryError: a decrease would overdraw a lot; nothing is written.
        MesError: any other library error of a request, named the same way; nothing is written.
        PermissionDeniedError: the calling user lacks INVENTORY.WRITE or the key of one of the requests
            (the error names the request); nothing is written.
    """
    permissions.require_batch("INVENTORY.WRITE", requests, inventory_actions.for_request)
    return inventory_actions.execute_all(requests)


def auditInventoryLedger(repair=False):
    """(Ours.) Recompute every inventory balance from the lot records that moved inventory and list every row
    that differs; with repair=True, also set those rows to the recomputed balances (in one transaction).

    Args:
        repair: True to correct the rows; False (default) only reports.

    Returns:
        list of MesObject: [{lotId, locationId, recorded, expected}], empty when every balance agrees.

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.GET, or INVENTORY.WRITE.EDIT with
            repair=True.
    """
    permissions.require("INVENTORY.WRITE.EDIT" if repair else "INVENTORY.READ.GET")
    return inventory_actions.audit(repair)


# -- history and inventory rows (docs/rules.md#the-ledger) ---------------------------------------------------------


def newLotHistoryRequest():
    """A new lot history request: the documented keys, all None; nothing is written and no permission is checked.

    Returns:
        MesObject: the request, to fill in (lotId at least) and pass to getLotHistory(**request).
    """
    return history.new_lot_history_request()


def getLotHistory(**request):
    """The lot records where the lot is the primary or the secondary lot, oldest first, filtered as the request
    asks (startDate and endDate are inclusive bounds on a record's start). Two statements whatever the history
    size.

    Args:
        request: the keys of newLotHistoryRequest(), passed as **request; lotId (the lot's id or unique name)
            is required.

    Returns:
        list of MesObject: the records (empty when none matches).

    Raises:
        ValidationError: an unknown key, or a filter value of the wrong kind.
        NotFoundError: no such lot, or a filter names an object that does not exist.
        PermissionDeniedError: the calling user lacks INVENTORY.READ.GET.
    """
    permissions.require("INVENTORY.READ.GET")
    return read(history.lot_history, request)


def getInventoryForMaterial(materialIdOrPath):
    """The inventory rows of one material with a non-zero quantity (negative ones included).

    Args:
        materialIdOrPath: the material's id or path.

    Returns:
        list of MesObject: the rows (empty when there is no stock).

    Raises:
        NotFoundError: no such material exists.
        PermissionDeniedError: the calling user lacks INVENTORY.READ.GET.
    """
    permissions.require("INVENTORY.READ.GET")
    return read(inventory_rows.inventory_for_material, materialIdOrPath)


def getInventoryByLotAndLocation(lotIdOrName, materialIdOrPath, locationIdOrPath):
    """The inventory row of one lot at one location, even at zero.

    Args:
        lotIdOrName: the lot's id or name.
        materialIdOrPath: the lot's material, by id or path; None when the lot name is unique.
        locationIdOrPath: the location's id or path.

    Returns:
        MesObject: the row, or None when the lot was never stored there.

    Raises:
        NotFoundError: no such lot, material or location exists.
        ValidationError: the lot name matches lots of several materials and no material is given.
        PermissionDeniedError: the calling user lacks INVENTORY.READ.GET.
    """
    permissions.require("INVENTORY.READ.GET")
    return read(inventory_rows.inventory_by_lot_and_location, lotIdOrName, materialIdOrPath, locationIdOrPath)


def getAllInventory():
    """Every inventory row with a non-zero quantity (negative ones included).

    Returns:
        list of MesObject: the rows (empty when there is no stock).

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY.READ.GET.
    """
    permissions.require("INVENTORY.READ.GET")
    return read(inventory_rows.all_inventory)


def getAllInventoryAtLocation(locationIdOrPath):
    """The inventory rows with a non-zero quantity at this location only (not the locations below it).

    Args:
        locationIdOrPath: the location's id or path.

    Returns:
        list of MesObject: the rows (empty when there is no stock).

    Raises:
        NotFoundError: no such location exists.
        PermissionDeniedError: the calling user lacks INVENTORY.READ.GET.
    """
    permissions.require("INVENTORY.READ.GET")
    return read(inventory_rows.all_inventory_at_location, locationIdOrPath)


def getAllInventoryForLocationAndChildren(locationIdOrPath=None):
    """The inventory rows with a non-zero quantity at this location and every location below it, at every level.

    Args:
        locationIdOrPath: the location's id or path; None or "" is every location.

    Returns:
        list of MesObject: the rows (empty when there is no stock).

    Raises:
        NotFoundError: no such location exists.
        PermissionDeniedError: the calling user lacks INVENTORY.READ.GET.
    """
    permissions.require("INVENTORY.READ.GET")
    return read(inventory_rows.all_inventory_for_location_and_children, locationIdOrPath)


def setInventoryMetadata(inventoryId, notes=None, spare1=None, spare2=None, spare3=None, name=None,
                         productionOrderIdOrName=None):
    """Update only the given descriptive fields of one inventory row, in one transaction; quantities never change
    here. A field given as None keeps its value; '' clears it.

    Args:
        inventoryId: the inventory row's id.
        notes: the row's notes.
        spare1: free text.
        spare2: free text.
        spare3: free text.
        name: the inventory row's name.
        productionOrderIdOrName: the production order to link, by id or name.

    Returns:
        MesObject: the inventory row as stored.

    Raises:
        NotFoundError: no inventory row or production order has this id or name.
        ValidationError: a field is of the wrong kind; nothing is written.
        PermissionDeniedError: the calling user lacks INVENTORY.WRITE.SAVE.
    """
    permissions.require("INVENTORY.WRITE.SAVE")
    return inventory_rows.set_inventory_metadata(inventoryId, notes, spare1, spare2, spare3, name,
                                                 productionOrderIdOrName)


def checkLocationHasCapacity(locationIdOrPath, lotIdOrName, materialIdOrPath, quantity):
    """Whether a quantity more of a lot fits the location's storage capacity, compared in the location's capacity
    unit. Nothing is written and no permission is checked.

    Args:
        locationIdOrPath: the location's id or path.
        lotIdOrName: the lot's id or name; for a lot not created yet, give materialIdOrPath.
        materialIdOrPath: the material's id or path; the quantity is then in its base unit unless the lot
            exists.
        quantity: the quantity to add, in the lot's unit.

    Returns:
        bool: True when it fits (always True without a capacity limit).

    Raises:
        NotFoundError: no such location, lot or material exists.
        ValidationError: quantity is not a number, or no unit conversion leads to the capacity unit (the error
            names both units).
    """
    return read(inventory_rows.check_location_has_capacity, locationIdOrPath, lotIdOrName, materialIdOrPath,
                quantity)


# -- findLots and publishInventoryState (docs/queries.md) ----------------------------------------------


def findLots(**queryRequest):
    """One page of lots matching a query request (system.mes.query.newQueryRequest()).

    Args:
        **queryRequest: pageSize, pageIndex, sortFields, sortDirections (or one sortDirection) and filters
            (system.mes.query.newFilterRequest() each, AND-combined); see docs/queries.md.

    Returns:
        MesObject: content (lots as getLot returns them), totalPages, totalElements, pageSize, pageIndex,
        hasContent, isFirst, isLast, hasNext, hasPrevious.

    Raises:
        ValidationError: the request has an unknown key, a page size or index out of range, a field that is not
            one of the getLot keys, an unknown sort direction or condition, or a filter value that does not fit
            its field; every problem is listed at once and nothing is read.
        PermissionDeniedError: the calling user lacks INVENTORY.READ.GET.
    """
    permissions.require("INVENTORY.READ.GET")
    return read(_finders.LOTS.find, queryRequest)


def publishInventoryState(locationIdsOrPaths=None):
    """Write the inventory of the given locations (all when None) to tags, one folder per location under the
    configured provider and root folder (mes.setup.configureInventoryTags), shaped like the UDTs in
    gateway_resources/tags/mes_inventory_udts.json. Missing tags are created, and the lot folders of lots no
    longer at a published location are deleted.

    Args:
        locationIdsOrPaths: optional list of location ids or paths.

    Returns:
        None.

    Raises:
        ValidationError: locationIdsOrPaths is not a list; no tag is written.
        NotFoundError: a location given does not exist; no tag is written.
        PermissionDeniedError: the calling user lacks INVENTORY.READ.GET.
    """
    permissions.require("INVENTORY.READ.GET")
    _inventory_state.publish(locationIdsOrPaths)


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
    return read(recall.inventory_as_of, timestamp, locationIdOrPath, materialIdOrPath)
