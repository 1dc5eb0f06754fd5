"""system.mes.operation: operation configuration (gateway spelling: mes.operation.<function>).

Starting, stopping and pausing operations and their records belong to the runtime, not here.
"""
from mes.core import errors
from mes.persistence import db
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
        found = operations.by_location_and_name(db.reader(), operationId, operationName)
        if found is None:
            raise errors.NotFoundError("no operation '%s' at location '%s' exists" % (operationName, operationId))
        operationId = found["id"]
    return operation_runtime.pause(operationId)


def getActiveOperationRecords():
    """The operation records of every RUNNING or PAUSED operation."""
    permissions.require("OPERATION.READ.GET")
    return operation_runtime.active_records(db.reader())


# -- find queries, production order, states, import / export (docs/queries.md, docs/interchange.md) ----
from mes.services import finders as _finders  # noqa: E402  (appended section)
from mes.services import interchange as _interchange  # noqa: E402
from mes.services import operation_assignment as _assignment  # noqa: E402
from mes.services.interchange_kinds import OPERATIONS as _FILES  # noqa: E402
from mes.services.requests import id_list as _id_list  # noqa: E402


def findOperations(**queryRequest):
    """One page of operations matching a query request (system.mes.query.newQueryRequest()).

    Returns:
        MesObject: content (operations as getOperation returns them) and the paging keys.
    """
    permissions.require("OPERATION.READ.GET")
    return _finders.OPERATIONS.find(db.reader(), queryRequest)


def findOperationRecords(**queryRequest):
    """One page of operation records matching a query request.

    Returns:
        MesObject: content (operation records) and the paging keys.
    """
    permissions.require("OPERATION.READ.GET")
    return _finders.OPERATION_RECORDS.find(db.reader(), queryRequest)


def setProductionOrderForOperation(operationIdOrLocationId, productionOrderIdOrNameOrOperationName,
                                   productionOrderIdOrName=None):
    """Set the production order an operation runs: (operationId, productionOrderIdOrName) or
    (locationId, operationName, productionOrderIdOrName). A running operation's open record gets it too.

    Returns:
        None.
    """
    permissions.require("OPERATION.WRITE.SAVE")
    _assignment.set_production_order(operationIdOrLocationId, productionOrderIdOrNameOrOperationName,
                                     productionOrderIdOrName)


def updateOperationStatesFromDatabase(operationIds=None):
    """Reload from the database what this gateway caches about operations: the trigger state of
    their inventory operations (an operation's own status is always read from the database).

    Args:
        operationIds: optional list of operation ids; all operations when None.

    Returns:
        None.
    """
    permissions.require("OPERATION.EXECUTE")
    _assignment.refresh_from_database(None if operationIds is None else _id_list(operationIds, "operationIds"))


def importFromCsv(importBytes):
    """Import operations from CSV (the format exportAsCsv writes); locations are found by path.

    Returns:
        ApiResponse: data is the number of operations created or updated.
    """
    permissions.require("OPERATION.WRITE.SAVE")
    return _interchange.import_content(_FILES, importBytes, "csv")


def importFromJson(importBytes):
    """Import operations from JSON (the format exportAsJson writes).

    Returns:
        ApiResponse: data is the number of operations created or updated.
    """
    permissions.require("OPERATION.WRITE.SAVE")
    return _interchange.import_content(_FILES, importBytes, "json")


def exportAsCsv(locationIdOrPaths=None):
    """Operations (all, or those at the given locations) as CSV text with a header row."""
    permissions.require("OPERATION.READ.GET")
    return _interchange.export_text(_FILES, "csv", _at(locationIdOrPaths))


def exportAsJson(locationIdOrPaths=None):
    """Operations (all, or those at the given locations) as JSON text."""
    permissions.require("OPERATION.READ.GET")
    return _interchange.export_text(_FILES, "json", _at(locationIdOrPaths))


def exportAsCsvBytes(locationIdOrPaths=None):
    """Operations as CSV, UTF-8 bytes (a Java byte[] in a gateway)."""
    permissions.require("OPERATION.READ.GET")
    return _interchange.export_bytes(_FILES, "csv", _at(locationIdOrPaths))


def exportAsJsonBytes(locationIdOrPaths=None):
    """Operations as JSON, UTF-8 bytes (a Java byte[] in a gateway)."""
    permissions.require("OPERATION.READ.GET")
    return _interchange.export_bytes(_FILES, "json", _at(locationIdOrPaths))


def _at(location_id_or_paths):
    """Which operations an export keeps: those at the given locations (all when None)."""
    return _interchange.keep_at_locations(("locationId",), location_id_or_paths)


def getOperationImportQueueSize():
    """The number of operation rows an import running now has still to write (0 when none runs)."""
    permissions.require("OPERATION.READ.GET")
    return _FILES.queue_size()


def cancelOperationImportQueue():
    """Cancel the running operation import after its current batch; returns the rows still waiting."""
    permissions.require("OPERATION.WRITE.SAVE")
    return _FILES.cancel()
