"""system.mes.operation: operation configuration (gateway spelling: mes.operation.<function>).

Starting, stopping and pausing operations and their records belong to the runtime, not here.
"""
from mes.persistence import db
from mes.services import operations, permissions
from mes.services.operations import OPERATION
from mes.services.production_orders import PRODUCTION_ORDER

_KEYS = permissions.OPERATION


def newOperation():
    return OPERATION.new()


def validateOperation(**operationData):
    permissions.require("OPERATION.READ.VALIDATE")
    return OPERATION.validate(operationData)


def saveOperation(**operationData):
    permissions.require("OPERATION.WRITE.SAVE")
    return OPERATION.save(operationData)


def getOperation(id):
    """By id; a name is accepted too while it is unique across locations."""
    permissions.require("OPERATION.READ.GET")
    return OPERATION.get(db.reader(), id)


def getOperations():
    permissions.require("OPERATION.READ.GET")
    return operations.all_operations(db.reader())


# The name other namespaces use (getAllLocations, getAllProductionOrders).
getAllOperations = getOperations


def getOperationsByLocation(locationIdOrPath):
    permissions.require("OPERATION.READ.GET")
    return operations.at_location(db.reader(), locationIdOrPath)


def getOperationStatus(operationId):
    permissions.require("OPERATION.READ.GET")
    return operations.status_of(db.reader(), operationId)


def getProductionOrderForOperation(operationId):
    """The production order the operation is running now, or None."""
    permissions.require("OPERATION.READ.GET")
    session = db.reader()
    order_id = operations.current_production_order_id(session, operationId)
    return None if order_id is None else PRODUCTION_ORDER.get(session, order_id)


def getOperationReferences(id):
    permissions.require("OPERATION.READ.GET")
    session = db.reader()
    return OPERATION.references(session, OPERATION.require(session, id)["id"])


def deleteOperation(id):
    permissions.require("OPERATION.WRITE.DELETE")
    return OPERATION.delete(id)


def getOperationPermissions():
    return list(_KEYS)
