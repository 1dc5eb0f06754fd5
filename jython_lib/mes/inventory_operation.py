"""system.mes.inventory.operation: inventory operations (gateway: mes.inventory.operation.<function>).

Configuration calls: new / validate / save / get / references / status / delete. Arguments named
...Id take the id; locationIdOrPath takes the id or the path.
"""
from __future__ import absolute_import
from mes.services.reading import read
from mes.services import inventory_operations as service
from mes.services import inventory_operation_runtime, triggers
from mes.services import permissions
from mes.services.inventory_operations import INVENTORY_OPERATION
from mes.services.requests import id_list

_KEYS = permissions.INVENTORY_OPERATION


def newInventoryOperation():
    return INVENTORY_OPERATION.new()


def validateInventoryOperation(**inventoryOperation):
    permissions.require("INVENTORY_OPERATION.READ.VALIDATE")
    return INVENTORY_OPERATION.validate(inventoryOperation)


def saveInventoryOperation(**inventoryOperation):
    permissions.require("INVENTORY_OPERATION.WRITE.SAVE")
    saved = INVENTORY_OPERATION.save(inventoryOperation)
    triggers.mark_stale(saved["id"])  # a trigger edit in this gateway takes effect on the next tick
    return saved


def getInventoryOperation(id):
    """The inventory operation with this id, or None."""
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return read(INVENTORY_OPERATION.get, id)


def getAllInventoryOperations():
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return read(service.all_operations)


def getInventoryOperations():
    """The older pages' name for getAllInventoryOperations."""
    return getAllInventoryOperations()


def getInventoryOperationsByOperation(operationId):
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return read(service.by_operation, operationId)


def getInventoryOperationsByLocation(locationIdOrPath):
    """Inventory operations whose source or destination is this location (not its children)."""
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return read(service.by_location, locationIdOrPath)


def getInventoryOperationReferences(id):
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return read(service.references, id)


def getInventoryOperationStatus(inventoryOperationId):
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return read(service.status, inventoryOperationId)


def deleteInventoryOperation(id):
    permissions.require("INVENTORY_OPERATION.WRITE.DELETE")
    response = service.delete(id)
    triggers.mark_stale(response["data"])
    return response


def deleteInventoryOperationWithReferences(id):
    """Delete, first detaching the lot records that name it (they are kept: history is never deleted)."""
    permissions.require("INVENTORY_OPERATION.WRITE.DELETE")
    response = service.delete(id, with_references=True)
    triggers.mark_stale(response["data"])
    return response


def getInventoryOperationPermissions():
    return list(_KEYS)


# -- running (docs/rules.md#inventory-operation-runtime) --------------------------------------------------------------


def startInventoryOperation(inventoryOperationId, primaryLotIdOrName=None, secondaryLotIdOrName=None,
                            materialIdOrPath=None, inventoryName=None, startDateMillis=None):
    """Resolve material, lots, inventory name and unit, write a RUNNING lot record (no end date)
    and set the operation RUNNING. SCRAP_ALL runs without a record and returns None."""
    permissions.require("INVENTORY_OPERATION.EXECUTE")
    record = inventory_operation_runtime.start(inventoryOperationId, primaryLotIdOrName, secondaryLotIdOrName, materialIdOrPath,
                           inventoryName, startDateMillis)
    triggers.mark_stale(inventoryOperationId)
    return record


def stopInventoryOperation(inventoryOperationId, quantity=None, inventoryName=None, endDateMillis=None):
    """Complete the running record with the quantity (the argument when given, else the configured
    quantity source) and move the inventory; the operation returns to IDLE."""
    permissions.require("INVENTORY_OPERATION.EXECUTE")
    record = inventory_operation_runtime.stop(inventoryOperationId, quantity, inventoryName, endDateMillis)
    triggers.mark_stale(inventoryOperationId)
    return record


def executeInventoryOperation(inventoryOperationId, primaryLotIdOrName=None, quantity=None, secondaryLotIdOrName=None,
                              materialIdOrPath=None, inventoryName=None, startDateMillis=None, endDateMillis=None):
    """Start and stop in one call and one transaction; on a RUNNING operation it is a stop."""
    permissions.require("INVENTORY_OPERATION.EXECUTE")
    record = inventory_operation_runtime.execute(inventoryOperationId, primaryLotIdOrName, quantity, secondaryLotIdOrName,
                             materialIdOrPath, inventoryName, startDateMillis, endDateMillis)
    triggers.mark_stale(inventoryOperationId)
    return record


def cancelInventoryOperation(inventoryOperationId):
    """End the running record CANCELLED without moving inventory; the operation becomes CANCELLED."""
    permissions.require("INVENTORY_OPERATION.EXECUTE")
    record = inventory_operation_runtime.cancel(inventoryOperationId)
    triggers.mark_stale(inventoryOperationId)
    return record


# -- triggers (docs/rules.md#triggers) ---------------------------------------------------------------------------


def tick():
    """(This project's addition.) Evaluate every EXPRESSION trigger once; a gateway timer script
    calls it every 250 ms (gateway_resources/). Returns how many edges fired."""
    return triggers.tick()


def updateInventoryOperationStatesFromDatabase(inventoryOperationIds=None):
    """Reload the runtime state of all inventory operations, or of the listed ids, from the
    database: picks up edits made elsewhere (another gateway) and resumes RUNNING operations."""
    permissions.require("INVENTORY_OPERATION.EXECUTE")
    triggers.refresh(None if inventoryOperationIds is None else id_list(inventoryOperationIds,
                                                                        "inventoryOperationIds"))
