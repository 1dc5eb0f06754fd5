"""system.mes.operation: operation configuration (gateway spelling: mes.operation.<function>).

Starting, stopping and pausing operations and their records belong to the runtime, not here.
"""
from __future__ import absolute_import
from mes.core import errors
from mes.services import reading
from mes.services.reading import read
from mes.services import operation_runtime, operations, permissions
from mes.services import finders as _finders
from mes.services import interchange as _interchange
from mes.services import operation_assignment as _assignment
from mes.services.interchange_kinds import OPERATIONS as _FILES
from mes.services.operations import OPERATION
from mes.services.production_orders import PRODUCTION_ORDER
from mes.services import requests as _requests
from mes.services.requests import id_list as _id_list

__all__ = [
    "newOperation", "validateOperation", "saveOperation", "getOperation", "getOperations", "getAllOperations",
    "getOperationsByLocation", "getOperationStatus", "getProductionOrderForOperation",
    "getOperationReferences", "deleteOperation", "getOperationPermissions", "startOperation", "stopOperation",
    "pauseOperation", "getActiveOperationRecords",
    "findOperations", "findOperationRecords", "setProductionOrderForOperation",
    "updateOperationStatesFromDatabase", "importFromCsv", "importFromJson", "exportAsCsv", "exportAsJson",
    "exportAsCsvBytes", "exportAsJsonBytes", "getOperationImportQueueSize", "cancelOperationImportQueue",
]

_KEYS = permissions.OPERATION


def newOperation():
    """A new, unsaved operation with the documented keys and their defaults; nothing is written and no permission
    is checked.

    Returns:
        MesObject: the operation, to fill in and pass to saveOperation(**obj).
    """
    return OPERATION.new()


def validateOperation(**operationData):
    """Report what keeps a operation from being stored; nothing is written.

    Args:
        operationData: the operation's keys, passed as **obj.

    Returns:
        dict: {field: [messages]}, empty when the operation can be saved (unknown keys are reported too).

    Raises:
        PermissionDeniedError: the calling user lacks OPERATION.READ.VALIDATE.
    """
    permissions.require("OPERATION.READ.VALIDATE")
    return OPERATION.validate(operationData)


def saveOperation(**operationData):
    """Create or update a operation in one transaction. It needs a location, and its name is unique there; its
    status and current record and order belong to the runtime and are never changed by a save.

    Args:
        operationData: the operation's keys, passed as **obj. With an `id` it updates that operation (keys
            left out keep their stored values); an id that does not exist yet creates the operation with that
            id.

    Returns:
        MesObject: the operation as stored.

    Raises:
        ValidationError: what validate reports (its `errors` map); nothing is written.
        PermissionDeniedError: the calling user lacks OPERATION.WRITE.SAVE.
    """
    permissions.require("OPERATION.WRITE.SAVE")
    return OPERATION.save(operationData)


def getOperation(id):
    """The operation with this id, else with this name (names are unique per location only).

    Args:
        id: the operation's id or name.

    Returns:
        MesObject: the operation, or None when nothing matches.

    Raises:
        ValidationError: the name is shared by operations at several locations; give the id.
        PermissionDeniedError: the calling user lacks OPERATION.READ.GET.
    """
    permissions.require("OPERATION.READ.GET")
    return read(OPERATION.get, id)


def getOperations():
    """Every operation (getAllOperations is the same call), ordered by name.

    Returns:
        list of MesObject (empty when there are none).

    Raises:
        PermissionDeniedError: the calling user lacks OPERATION.READ.GET.
    """
    permissions.require("OPERATION.READ.GET")
    return read(operations.all_operations)


# The name other namespaces use (getAllLocations, getAllProductionOrders).
getAllOperations = getOperations


def getOperationsByLocation(locationIdOrPath):
    """The operations configured at one location.

    Args:
        locationIdOrPath: the location's id or path.

    Returns:
        list of MesObject (empty when there are none).

    Raises:
        NotFoundError: no such location exists.
        PermissionDeniedError: the calling user lacks OPERATION.READ.GET.
    """
    permissions.require("OPERATION.READ.GET")
    return read(operations.at_location, locationIdOrPath)


def getOperationStatus(operationId):
    """The operation's runtime status.

    Args:
        operationId: the operation's id.

    Returns:
        str: e.g. IDLE, RUNNING, PAUSED.

    Raises:
        NotFoundError: no operation has this id.
        PermissionDeniedError: the calling user lacks OPERATION.READ.GET.
    """
    permissions.require("OPERATION.READ.GET")
    return read(operations.status_of, operationId)


def getProductionOrderForOperation(operationId):
    """The production order the operation is running now.

    Args:
        operationId: the operation's id.

    Returns:
        MesObject: the production order, or None when it runs none.

    Raises:
        NotFoundError: no operation has this id.
        PermissionDeniedError: the calling user lacks OPERATION.READ.GET.
    """
    permissions.require("OPERATION.READ.GET")
    return read(operations.current_production_order, operationId)


def getOperationReferences(id):
    """Every row that points at the operation (what keeps it from being deleted).

    Args:
        id: the operation's id or name.

    Returns:
        list: [{tableName, references: [{fkColName, id}]}], empty when nothing points at it.

    Raises:
        NotFoundError: no such operation exists.
        PermissionDeniedError: the calling user lacks OPERATION.READ.GET.
    """
    permissions.require("OPERATION.READ.GET")
    return reading.references(OPERATION, id)


def deleteOperation(id):
    """Delete the operation in one transaction.

    Args:
        id: the operation's id or name.

    Returns:
        MesObject: {success: True, message, data: the deleted id, error: None}.

    Raises:
        NotFoundError: no such operation exists.
        InUseError: rows still point at it (the error names each table, column and id); nothing is deleted.
        PermissionDeniedError: the calling user lacks OPERATION.WRITE.DELETE.
    """
    permissions.require("OPERATION.WRITE.DELETE")
    return OPERATION.delete(id)


def getOperationPermissions():
    """The permission keys the operation calls check; holding a key grants every key below it. No permission is
    needed.

    Returns:
        list of str: the dotted keys, e.g. 'OPERATION.READ.GET'.
    """
    return list(_KEYS)


# -- running operations ---------------------------------------------------------------------------


def startOperation(operationId, productionOrderIdOrName=None, startDate=None, startDateMillis=None):
    """Start an operation in one transaction: write a RUNNING operation record and start every enabled
    PARENT-triggered inventory operation linked to it (a child that fails is left FAULTED and logged, without
    blocking the start). With runningConflictStrategy STOP_PREVIOUS a RUNNING operation's previous run is
    stopped first; a PAUSED operation started without an order resumes.

    Args:
        operationId: the operation's id.
        productionOrderIdOrName: the production order to run, by id or name; None for none.
        startDate: the start, as epoch millis or a date; None is now.
        startDateMillis: the documented keyword for the start in epoch millis (give it or startDate, not both).

    Returns:
        MesObject: the RUNNING operation record.

    Raises:
        NotFoundError: no operation has this id, or no such production order exists.
        ConflictError: it is disabled, already RUNNING or PAUSED without STOP_PREVIOUS, or another call
            started it first; nothing is written.
        ValidationError: startDate and startDateMillis are both given.
        PermissionDeniedError: the calling user lacks OPERATION.EXECUTE.
    """
    permissions.require("OPERATION.EXECUTE")
    start = _requests.one_of_spellings("startDate", startDate, "startDateMillis", startDateMillis)
    return operation_runtime.start(operationId, productionOrderIdOrName, start)


def stopOperation(operationId, endDate=None, endDateMillis=None):
    """Stop a RUNNING or PAUSED operation in one transaction, with its PARENT-triggered inventory operations (a
    child that fails to stop is left FAULTED and logged; the parent stops).

    Args:
        operationId: the operation's id.
        endDate: the end, as epoch millis or a date; None is now.
        endDateMillis: the documented keyword for the end in epoch millis (give it or endDate, not both).

    Returns:
        MesObject: the COMPLETED operation record.

    Raises:
        NotFoundError: no operation has this id.
        ConflictError: it is not RUNNING or PAUSED, or another call stopped it first.
        ValidationError: endDate and endDateMillis are both given.
        PermissionDeniedError: the calling user lacks OPERATION.EXECUTE.
    """
    permissions.require("OPERATION.EXECUTE")
    end = _requests.one_of_spellings("endDate", endDate, "endDateMillis", endDateMillis)
    return operation_runtime.stop(operationId, end)


def pauseOperation(operationId=None, operationName=None, locationId=None):
    """Pause a RUNNING operation: it and its record become PAUSED until startOperation resumes it. Called as
    pauseOperation(operationId), pauseOperation(locationId, operationName) or, with the documented keywords,
    pauseOperation(locationId=..., operationName=...).

    Args:
        operationId: the operation's id; or, positionally with operationName, the location's id or path.
        operationName: the operation's name at that location; None when operationId is the operation's.
        locationId: the location's id or path, by keyword (give it or a positional location, not both).

    Returns:
        MesObject: the PAUSED operation record.

    Raises:
        NotFoundError: no such operation exists (at that location).
        ConflictError: it is not RUNNING.
        ValidationError: a location is given without operationName, or twice.
        PermissionDeniedError: the calling user lacks OPERATION.EXECUTE.
    """
    permissions.require("OPERATION.EXECUTE")
    if locationId is not None:
        if operationName is None or operationId is not None:
            raise errors.ValidationError.for_field(
                "locationId", "pauseOperation takes pauseOperation(operationId) or pauseOperation(locationId, "
                              "operationName): give operationName with locationId, and no operationId")
        operationId = locationId
    if operationName is not None:
        found = read(operations.by_location_and_name, operationId, operationName)
        if found is None:
            raise errors.NotFoundError("no operation '%s' at location '%s' exists" % (operationName, operationId))
        operationId = found["id"]
    return operation_runtime.pause(operationId)


def getActiveOperationRecords():
    """The operation records of every RUNNING or PAUSED operation, oldest start first.

    Returns:
        list of MesObject (empty when none is active).

    Raises:
        PermissionDeniedError: the calling user lacks OPERATION.READ.GET.
    """
    permissions.require("OPERATION.READ.GET")
    return read(operation_runtime.active_records)


# -- find queries, production order, states, import / export (docs/queries.md, docs/interchange.md) ----


def findOperations(**queryRequest):
    """One page of operations matching a query request (system.mes.query.newQueryRequest()).

    Args:
        **queryRequest: pageSize, pageIndex, sortFields, sortDirections (or one sortDirection) and filters
            (system.mes.query.newFilterRequest() each, AND-combined); see docs/queries.md.

    Returns:
        MesObject: content (operations as getOperation returns them), totalPages, totalElements, pageSize,
        pageIndex, hasContent, isFirst, isLast, hasNext, hasPrevious.

    Raises:
        ValidationError: the request has an unknown key, a page size or index out of range, a field that is not
            one of the getOperation keys, an unknown sort direction or condition, or a filter value that does
            not fit its field; every problem is listed at once and nothing is read.
        PermissionDeniedError: the calling user lacks OPERATION.READ.GET.
    """
    permissions.require("OPERATION.READ.GET")
    return read(_finders.OPERATIONS.find, queryRequest)


def findOperationRecords(**queryRequest):
    """One page of operation records matching a query request (system.mes.query.newQueryRequest()).

    Args:
        **queryRequest: pageSize, pageIndex, sortFields, sortDirections (or one sortDirection) and filters
            (system.mes.query.newFilterRequest() each, AND-combined); see docs/queries.md.

    Returns:
        MesObject: content (operation records), totalPages, totalElements, pageSize, pageIndex, hasContent,
        isFirst, isLast, hasNext, hasPrevious.

    Raises:
        ValidationError: the request has an unknown key, a page size or index out of range, a field that is not
            one of the operation record keys, an unknown sort direction or condition, or a filter value that
            does not fit its field; every problem is listed at once and nothing is read.
        PermissionDeniedError: the calling user lacks OPERATION.READ.GET.
    """
    permissions.require("OPERATION.READ.GET")
    return read(_finders.OPERATION_RECORDS.find, queryRequest)


def setProductionOrderForOperation(operationIdOrLocationId, productionOrderIdOrNameOrOperationName,
                                   productionOrderIdOrName=None):
    """Set the production order an operation runs, in one transaction: (operationId, productionOrderIdOrName) or
    (locationIdOrPath, operationName, productionOrderIdOrName). A running or paused operation's open record gets
    the order too.

    Args:
        operationIdOrLocationId: the operation's id; with three arguments, the location's id or path.
        productionOrderIdOrNameOrOperationName: the production order's id or name; with three arguments, the
            operation's name.
        productionOrderIdOrName: with three arguments, the production order's id or name.

    Returns:
        None.

    Raises:
        NotFoundError: the operation (or the operation of that name at that location) or the production order
            does not exist; nothing is written.
        PermissionDeniedError: the calling user lacks OPERATION.WRITE.SAVE.
    """
    permissions.require("OPERATION.WRITE.SAVE")
    _assignment.set_production_order(operationIdOrLocationId, productionOrderIdOrNameOrOperationName,
                                     productionOrderIdOrName)


def updateOperationStatesFromDatabase(operationIds=None):
    """Reload from the database what this gateway caches about operations: the trigger state of their inventory
    operations (an operation's own status is always read from the database).

    Args:
        operationIds: optional list of operation ids; all operations when None.

    Returns:
        None.

    Raises:
        ValidationError: operationIds is not a list of ids (text).
        PermissionDeniedError: the calling user lacks OPERATION.EXECUTE.
    """
    permissions.require("OPERATION.EXECUTE")
    _assignment.refresh_from_database(None if operationIds is None else _id_list(operationIds, "operationIds"))


def importFromCsv(importBytes):
    """Import operations from CSV (the format exportAsCsv writes); their locations are found by path. Every row
    is checked first; bad rows are skipped and named in the response, the good ones are written in batches, each
    batch in one transaction (docs/interchange.md).

    Args:
        importBytes: the CSV as bytes, a Java byte[] (e.g. a Perspective upload's event.file.getBytes()) or a
            string.

    Returns:
        ApiResponse: data is the number of operations created or updated; error names each bad row (by number,
        the header not counted) and field, and each batch that failed.

    Raises:
        ValidationError: the content is not bytes or a string, not UTF-8 text, or an empty CSV without a header
            row; nothing is written.
        PermissionDeniedError: the calling user lacks OPERATION.WRITE.SAVE.
    """
    permissions.require("OPERATION.WRITE.SAVE")
    return _interchange.import_content(_FILES, importBytes, "csv")


def importFromJson(importBytes):
    """Import operations from JSON (the format exportAsJson writes); their locations are found by path. Every
    row is checked first; bad rows are skipped and named in the response, the good ones are written in batches,
    each batch in one transaction (docs/interchange.md).

    Args:
        importBytes: the JSON as bytes, a Java byte[] (e.g. a Perspective upload's event.file.getBytes()) or a
            string.

    Returns:
        ApiResponse: data is the number of operations created or updated; error names each bad row (by number,
        the header not counted) and field, and each batch that failed.

    Raises:
        ValidationError: the content is not bytes or a string, not UTF-8 text, or not a JSON list of objects;
            nothing is written.
        PermissionDeniedError: the calling user lacks OPERATION.WRITE.SAVE.
    """
    permissions.require("OPERATION.WRITE.SAVE")
    return _interchange.import_content(_FILES, importBytes, "json")


def exportAsCsv(locationIdOrPaths=None):
    """Operations as CSV text with a header row (exportAsCsvBytes gives the bytes).

    Args:
        locationIdOrPaths: optional list of location ids or paths (one as text works too); only the operations
            at one of them are exported. None exports all.

    Returns:
        str: the export as text.

    Raises:
        ValidationError: locationIdOrPaths is neither a list nor text.
        NotFoundError: a location given does not exist.
        PermissionDeniedError: the calling user lacks OPERATION.READ.GET.
    """
    permissions.require("OPERATION.READ.GET")
    return _interchange.export_text(_FILES, "csv", _at(locationIdOrPaths))


def exportAsJson(locationIdOrPaths=None):
    """Operations as JSON text (exportAsJsonBytes gives the bytes).

    Args:
        locationIdOrPaths: optional list of location ids or paths (one as text works too); only the operations
            at one of them are exported. None exports all.

    Returns:
        str: the export as text.

    Raises:
        ValidationError: locationIdOrPaths is neither a list nor text.
        NotFoundError: a location given does not exist.
        PermissionDeniedError: the calling user lacks OPERATION.READ.GET.
    """
    permissions.require("OPERATION.READ.GET")
    return _interchange.export_text(_FILES, "json", _at(locationIdOrPaths))


def exportAsCsvBytes(locationIdOrPaths=None):
    """Operations as CSV with a header row, UTF-8 bytes.

    Args:
        locationIdOrPaths: optional list of location ids or paths (one as text works too); only the operations
            at one of them are exported. None exports all.

    Returns:
        bytes: the export in UTF-8 (a Java byte[] in a gateway, bytes on CPython).

    Raises:
        ValidationError: locationIdOrPaths is neither a list nor text.
        NotFoundError: a location given does not exist.
        PermissionDeniedError: the calling user lacks OPERATION.READ.GET.
    """
    permissions.require("OPERATION.READ.GET")
    return _interchange.export_bytes(_FILES, "csv", _at(locationIdOrPaths))


def exportAsJsonBytes(locationIdOrPaths=None):
    """Operations as JSON, UTF-8 bytes.

    Args:
        locationIdOrPaths: optional list of location ids or paths (one as text works too); only the operations
            at one of them are exported. None exports all.

    Returns:
        bytes: the export in UTF-8 (a Java byte[] in a gateway, bytes on CPython).

    Raises:
        ValidationError: locationIdOrPaths is neither a list nor text.
        NotFoundError: a location given does not exist.
        PermissionDeniedError: the calling user lacks OPERATION.READ.GET.
    """
    permissions.require("OPERATION.READ.GET")
    return _interchange.export_bytes(_FILES, "json", _at(locationIdOrPaths))


def _at(location_id_or_paths):
    """Which operations an export keeps: those at the given locations (all when None)."""
    return _interchange.keep_at_locations(("locationId",), location_id_or_paths)


def getOperationImportQueueSize():
    """The number of operation rows an import running now has still to write.

    Returns:
        int: 0 when no import runs.

    Raises:
        PermissionDeniedError: the calling user lacks OPERATION.READ.GET.
    """
    permissions.require("OPERATION.READ.GET")
    return _FILES.queue_size()


def cancelOperationImportQueue():
    """Cancel the running operation import after the batch it is writing; the batches already written stay.

    Returns:
        int: the number of rows that were still waiting (0 when no import runs).

    Raises:
        PermissionDeniedError: the calling user lacks OPERATION.WRITE.SAVE.
    """
    permissions.require("OPERATION.WRITE.SAVE")
    return _FILES.cancel()
