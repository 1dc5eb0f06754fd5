"""system.mes.inventory.operation: inventory operations (gateway: mes.inventory.operation.<function>).

Configuration calls: new / validate / save / get / references / status / delete. Arguments named
...Id take the id; locationIdOrPath takes the id or the path.
"""
from mes.persistence import db
from mes.services import runtime, inventory_operations as service
from mes.services import permissions
from mes.services.inventory_operations import INVENTORY_OPERATION

_KEYS = permissions.INVENTORY_OPERATION


def newInventoryOperation():
    return INVENTORY_OPERATION.new()


def validateInventoryOperation(**inventoryOperation):
    permissions.require("INVENTORY_OPERATION.READ.VALIDATE")
    return INVENTORY_OPERATION.validate(inventoryOperation)


def saveInventoryOperation(**inventoryOperation):
    permissions.require("INVENTORY_OPERATION.WRITE.SAVE")
    return INVENTORY_OPERATION.save(inventoryOperation)


def getInventoryOperation(id):
    """The inventory operation with this id, or None."""
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return INVENTORY_OPERATION.get(db.reader(), id)


def getAllInventoryOperations():
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return service.all_operations(db.reader())


def getInventoryOperations():
    """The older pages' name for getAllInventoryOperations."""
    return getAllInventoryOperations()


def getInventoryOperationsByOperation(operationId):
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return service.by_operation(db.reader(), operationId)


def getInventoryOperationsByLocation(locationIdOrPath):
    """Inventory operations whose source or destination is this location (not its children)."""
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return service.by_location(db.reader(), locationIdOrPath)


def getInventoryOperationReferences(id):
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return service.references(db.reader(), id)


def getInventoryOperationStatus(inventoryOperationId):
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return service.status(db.reader(), inventoryOperationId)


def deleteInventoryOperation(id):
    permissions.require("INVENTORY_OPERATION.WRITE.DELETE")
    return service.delete(id)


def deleteInventoryOperationWithReferences(id):
    """Delete, first detaching the lot records that name it (they are kept: history is never deleted)."""
    permissions.require("INVENTORY_OPERATION.WRITE.DELETE")
    return service.delete(id, with_references=True)


def getInventoryOperationPermissions():
    return list(_KEYS)


# -- running (decision D6) ----------------------------------------------------------------------------


def startInventoryOperation(inventoryOperationId, primaryLotIdOrName=None, secondaryLotIdOrName=None,
                            materialIdOrPath=None, inventoryName=None, startDateMillis=None):
    """Resolve material, lots, inventory name and unit, write a RUNNING lot record (no end date)
    and set the operation RUNNING. SCRAP_ALL runs without a record and returns None."""
    permissions.require("INVENTORY_OPERATION.EXECUTE")
    return runtime.start(inventoryOperationId, primaryLotIdOrName, secondaryLotIdOrName, materialIdOrPath,
                         inventoryName, startDateMillis)


def stopInventoryOperation(inventoryOperationId, quantity=None, inventoryName=None, endDateMillis=None):
    """Complete the running record with the quantity (the argument when given, else the configured
    quantity source) and move the inventory; the operation returns to IDLE."""
    permissions.require("INVENTORY_OPERATION.EXECUTE")
    return runtime.stop(inventoryOperationId, quantity, inventoryName, endDateMillis)


def executeInventoryOperation(inventoryOperationId, primaryLotIdOrName=None, quantity=None, secondaryLotIdOrName=None,
                              materialIdOrPath=None, inventoryName=None, startDateMillis=None, endDateMillis=None):
    """Start and stop in one call and one transaction; on a RUNNING operation it is a stop."""
    permissions.require("INVENTORY_OPERATION.EXECUTE")
    return runtime.execute(inventoryOperationId, primaryLotIdOrName, quantity, secondaryLotIdOrName,
                           materialIdOrPath, inventoryName, startDateMillis, endDateMillis)


def cancelInventoryOperation(inventoryOperationId):
    """End the running record CANCELLED without moving inventory; the operation becomes CANCELLED."""
    permissions.require("INVENTORY_OPERATION.EXECUTE")
    return runtime.cancel(inventoryOperationId)
