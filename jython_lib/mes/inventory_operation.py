"""system.mes.inventory.operation: inventory operations (gateway: mes.inventory.operation.<function>).

Configuration calls: new / validate / save / get / references / status / delete. Arguments named
...Id take the id; locationIdOrPath takes the id or the path.
"""
from mes.persistence import db
from mes.services import inventory_operations as service
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
