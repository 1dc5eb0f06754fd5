"""system.mes.operation: operation configuration (gateway spelling: mes.operation.<function>).

Starting, stopping and pausing operations and their records belong to the runtime, not here.
"""
from __future__ import absolute_import
from mes.core import errors
from mes.services import reading
from mes.services.reading import read
from mes.services import operation_runtime, operations, permissions
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
    return read(OPERATION.get, id)


def getOperations():
    permissions.require("OPERATION.READ.GET")
    return read(operations.all_operations)


# The name other namespaces use (getAllLocations, getAllProductionOrders).
getAllOperations = getOperations


def getOperationsByLocation(locationIdOrPath):
    permissions.require("OPERATION.READ.GET")
    return read(operations.at_location, locationIdOrPath)


def getOperationStatus(operationId):
    permissions.require("OPERATION.READ.GET")
    return read(operations.status_of, operationId)


def getProductionOrderForOperation(operationId):
    """The production order the operation is running now, or None."""
    permissions.require("OPERATION.READ.GET")
    return read(operations.current_production_order, operationId)


def getOperationReferences(id):
    permissions.require("OPERATION.READ.GET")
    return reading.references(OPERATION, id)


def deleteOperation(id):
    permissions.require("OPERATION.WRITE.DELETE")
    return OPERATION.delete(id)


def getOperationPermissions():
    return list(_KEYS)


# -- running operations ---------------------------------------------------------------------------


def startOperation(operationId, productionOrderIdOrName=None, startDate=None):
    """Start the operation (with a production order if given; startDate may be a date or epoch
    millis). Its enabled PARENT-triggered inventory operations start in the same transaction.
    Returns the RUNNING operation record. A PAUSED operation started without an order resumes."""
    permissions.require("OPERATION.EXECUTE")
    return operation_runtime.start(operationId, productionOrderIdOrName, startDate)


def stopOperation(operationId, endDate=None):
    """Stop the operation and its PARENT-triggered inventory operations; returns the COMPLETED
    operation record."""
    permissions.require("OPERATION.EXECUTE")
    return operation_runtime.stop(operationId, endDate)


def pauseOperation(operationId, operationName=None):
    """pauseOperation(operationId) or pauseOperation(locationId, operationName): the operation and
    its record become PAUSED until startOperation resumes it."""
    permissions.require("OPERATION.EXECUTE")
    if operationName is not None:
        found = read(operations.by_location_and_name, operationId, operationName)
        if found is None:
            raise errors.NotFoundError("no operation '%s' at location '%s' exists" % (operationName, operationId))
        operationId = found["id"]
    return operation_runtime.pause(operationId)


def getActiveOperationRecords():
    """The operation records of every RUNNING or PAUSED operation."""
    permissions.require("OPERATION.READ.GET")
    return read(operation_runtime.active_records)
