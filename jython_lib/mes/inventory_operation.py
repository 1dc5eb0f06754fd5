"""system.mes.inventory.operation: inventory operations (gateway: mes.inventory.operation.<function>).

Configuration calls: new / validate / save / get / references / status / delete. Arguments named
...Id take the id; locationIdOrPath takes the id or the path.
"""
from __future__ import absolute_import
from mes.services.reading import read
from mes.services import inventory_operations as service
from mes.services import inventory_operation_cache, inventory_operation_runtime, triggers
from mes.services import permissions
from mes.services import interchange as _interchange
from mes.services.interchange_kinds import INVENTORY_OPERATIONS as _FILES
from mes.services.inventory_operations import INVENTORY_OPERATION
from mes.services.requests import id_list

__all__ = [
    "newInventoryOperation", "validateInventoryOperation", "saveInventoryOperation", "getInventoryOperation",
    "getAllInventoryOperations", "getInventoryOperations", "getInventoryOperationsByOperation",
    "getInventoryOperationsByLocation", "getInventoryOperationReferences", "getInventoryOperationStatus", "getInventoryOperationReadiness",
    "deleteInventoryOperation", "deleteInventoryOperationWithReferences", "getInventoryOperationPermissions",
    "startInventoryOperation", "stopInventoryOperation", "executeInventoryOperation",
    "cancelInventoryOperation", "tick", "updateInventoryOperationStatesFromDatabase",
    "importFromCsv", "importFromJson", "exportAsCsv", "exportAsJson", "getInventoryOperationImportQueueSize",
    "cancelInventoryOperationImportQueue",
]

_KEYS = permissions.INVENTORY_OPERATION


def newInventoryOperation():
    """A new, unsaved inventory operation with the documented keys and their defaults; nothing is written and no
    permission is checked.

    Returns:
        MesObject: the inventory operation, to fill in and pass to saveInventoryOperation(**obj).
    """
    return INVENTORY_OPERATION.new()


def validateInventoryOperation(**inventoryOperation):
    """Report what keeps a inventory operation from being stored; nothing is written. Only what makes it storable
    is checked (name, enum members, existing references, the FROM_LOCATION and PARENT rules, expression
    syntax); what it needs to run is checked when it starts.

    Args:
        inventoryOperation: the inventory operation's keys, passed as **obj.

    Returns:
        dict: {field: [messages]}, empty when the inventory operation can be saved (unknown keys are reported
            too).

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.READ.VALIDATE.
    """
    permissions.require("INVENTORY_OPERATION.READ.VALIDATE")
    return INVENTORY_OPERATION.validate(inventoryOperation)


def saveInventoryOperation(**inventoryOperation):
    """Create or update a inventory operation in one transaction. Only what makes it storable is checked; blank
    expressions are stored as null; its runtime state (status, current record) is never changed by a save.
    This gateway's trigger engine uses the edit from its next tick.

    Args:
        inventoryOperation: the inventory operation's keys, passed as **obj. With an `id` it updates that
            inventory operation (keys left out keep their stored values); an id that does not exist yet
            creates the inventory operation with that id.

    Returns:
        MesObject: the inventory operation as stored.

    Raises:
        ValidationError: what validate reports (its `errors` map); nothing is written.
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.WRITE.SAVE.
    """
    permissions.require("INVENTORY_OPERATION.WRITE.SAVE")
    saved = INVENTORY_OPERATION.save(inventoryOperation)
    triggers.mark_stale(saved["id"])  # a trigger edit in this gateway takes effect on the next tick
    return saved


def getInventoryOperation(id):
    """The inventory operation with this id.

    Args:
        id: the inventory operation's id.

    Returns:
        MesObject: the inventory operation, or None when none has this id.

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.READ.GET.
    """
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return read(INVENTORY_OPERATION.get, id)


def getAllInventoryOperations():
    """Every inventory operations, ordered by name.

    Returns:
        list of MesObject (empty when there are none).

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.READ.GET.
    """
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return read(service.all_operations)


def getInventoryOperations():
    """Every inventory operation: the older pages' name for getAllInventoryOperations.

    Returns:
        list of MesObject (empty when there are none).

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.READ.GET.
    """
    return getAllInventoryOperations()


def getInventoryOperationsByOperation(operationId):
    """The inventory operations linked to one operation.

    Args:
        operationId: the operation's id.

    Returns:
        list of MesObject (empty when none is linked).

    Raises:
        NotFoundError: no operation has this id.
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.READ.GET.
    """
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return read(service.by_operation, operationId)


def getInventoryOperationsByLocation(locationIdOrPath):
    """The inventory operations whose source or destination is this location (not the locations below it).

    Args:
        locationIdOrPath: the location's id or path.

    Returns:
        list of MesObject (empty when there are none).

    Raises:
        NotFoundError: no such location exists.
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.READ.GET.
    """
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return read(service.by_location, locationIdOrPath)


def getInventoryOperationReferences(id):
    """Every row that points at the inventory operation (what keeps it from being deleted).

    Args:
        id: the inventory operation's id.

    Returns:
        list: [{tableName, references: [{fkColName, id}]}], empty when nothing points at it.

    Raises:
        NotFoundError: no such inventory operation exists.
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.READ.GET.
    """
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return read(service.references, id)


def getInventoryOperationStatus(inventoryOperationId):
    """The inventory operation's runtime status.

    Args:
        inventoryOperationId: the inventory operation's id.

    Returns:
        str: IDLE, RUNNING, CANCELLED, FAULTED or COMPLETED.

    Raises:
        NotFoundError: no inventory operation has this id.
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.READ.GET.
    """
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return read(service.status, inventoryOperationId)


def getInventoryOperationReadiness(inventoryOperationId):
    """Ours: what a saved inventory operation still needs before it can start or execute, from the same rules
    start and execute apply (a saved operation may be storable but not ready to run); nothing is written.

    Args:
        inventoryOperationId: the inventory operation's id.

    Returns:
        list of MesObject: one {field, message} per problem, sorted by field; empty when it is ready to run.

    Raises:
        NotFoundError: no inventory operation has this id.
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.READ.GET.
    """
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return read(service.readiness_list, inventoryOperationId)


def deleteInventoryOperation(id):
    """Delete the inventory operation in one transaction. Refused while it is RUNNING.

    Args:
        id: the inventory operation's id.

    Returns:
        MesObject: {success: True, message, data: the deleted id, error: None}.

    Raises:
        NotFoundError: no such inventory operation exists.
        InUseError: rows still point at it (the error names each table, column and id); nothing is deleted.
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.WRITE.DELETE.
    """
    permissions.require("INVENTORY_OPERATION.WRITE.DELETE")
    response = service.delete(id)
    triggers.mark_stale(response["data"])
    return response


def deleteInventoryOperationWithReferences(id):
    """Delete the inventory operation in one transaction, first detaching the lot records that name it: they are
    inventory history, so they are kept, with their inventoryOperationId cleared.

    Args:
        id: the inventory operation's id.

    Returns:
        MesObject: {success: True, message, data: the deleted id, error: None}.

    Raises:
        NotFoundError: no such inventory operation exists.
        ConflictError: it is RUNNING (stop or cancel it first).
        InUseError: a row that must keep its reference still points at it; nothing is deleted.
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.WRITE.DELETE.
    """
    permissions.require("INVENTORY_OPERATION.WRITE.DELETE")
    response = service.delete(id, with_references=True)
    triggers.mark_stale(response["data"])
    return response


def getInventoryOperationPermissions():
    """The permission keys the inventory operation calls check; holding a key grants every key below it. No
    permission is needed.

    Returns:
        list of str: the dotted keys, e.g. 'INVENTORY_OPERATION.READ.GET'.
    """
    return list(_KEYS)


# -- running (docs/rules.md#inventory-operation-runtime) --------------------------------------------------------------


def startInventoryOperation(inventoryOperationId, primaryLotIdOrName=None, secondaryLotIdOrName=None,
                            materialIdOrPath=None, inventoryName=None, startDateMillis=None):
    """Start an inventory operation in one transaction: resolve its material, lots (creating missing ones where
    allowed), inventory name and unit, write a RUNNING lot record without a quantity, and set the operation
    RUNNING (compare-and-set: two gateways cannot both start it). Inventory moves at the stop. Allowed from
    any status but RUNNING.

    Args:
        inventoryOperationId: the inventory operation's id.
        primaryLotIdOrName: the primary lot's id or name; None lets the configured lot strategy resolve it
            (MANUAL needs one).
        secondaryLotIdOrName: the secondary lot's id or name; None resolves it by strategy when a secondary
            material is configured.
        materialIdOrPath: the material's id or path, for a MANUAL material strategy; None otherwise.
        inventoryName: the inventory row's name; None resolves it as configured.
        startDateMillis: the start, as epoch millis or a date; None is now.

    Returns:
        MesObject: the RUNNING lot record; None for SCRAP_ALL, which starts without a record.

    Raises:
        NotFoundError: no inventory operation has this id.
        ConflictError: it is already RUNNING or disabled, or another call started it first; nothing is
            written.
        ValidationError: it is not ready to run (one error lists everything missing), a lot or material cannot
            be resolved, or a quantity or date is invalid; nothing is written.
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.EXECUTE.
    """
    permissions.require("INVENTORY_OPERATION.EXECUTE")
    record = inventory_operation_runtime.start(inventoryOperationId, primaryLotIdOrName, secondaryLotIdOrName, materialIdOrPath,
                           inventoryName, startDateMillis)
    triggers.mark_stale(inventoryOperationId)
    return record


def stopInventoryOperation(inventoryOperationId, quantity=None, inventoryName=None, endDateMillis=None):
    """Stop a RUNNING inventory operation in one transaction: complete its record with the quantity and move the
    inventory; the operation returns to IDLE. The quantity is the argument when given, else the configured
    source (MANUAL needs the argument; DIRECT reads its expression now; DELTA is the counter's steps since the
    start). Zero completes the record and moves nothing.

    Args:
        inventoryOperationId: the inventory operation's id.
        quantity: the quantity in the operation's unit; None uses the configured source.
        inventoryName: the inventory row's name; None keeps the one resolved at start.
        endDateMillis: the end, as epoch millis or a date (not before the start); None is now.

    Returns:
        MesObject: the COMPLETED lot record (the CONSUME for RECEIVE_AND_CONSUME); for SCRAP_ALL the list of
            SCRAP records.

    Raises:
        NotFoundError: no inventory operation has this id.
        ConflictError: it is not RUNNING, or another call stopped it first.
        ValidationError: it is not ready to run (one error lists everything missing), a lot or material cannot
            be resolved, or a quantity or date is invalid; nothing is written.
        InsufficientInventoryError: a decrease would take more than the lot holds where negative inventory is
            not allowed; nothing is written.
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.EXECUTE.
    """
    permissions.require("INVENTORY_OPERATION.EXECUTE")
    record = inventory_operation_runtime.stop(inventoryOperationId, quantity, inventoryName, endDateMillis)
    triggers.mark_stale(inventoryOperationId)
    return record


def executeInventoryOperation(inventoryOperationId, primaryLotIdOrName=None, quantity=None, secondaryLotIdOrName=None,
                              materialIdOrPath=None, inventoryName=None, startDateMillis=None, endDateMillis=None):
    """Start and stop an inventory operation in one call and one transaction, writing its finished record(s). On
    a RUNNING operation it is its stop.

    Args:
        inventoryOperationId: the inventory operation's id.
        primaryLotIdOrName: the primary lot's id or name; None lets the configured lot strategy resolve it
            (MANUAL needs one).
        quantity: the quantity in the operation's unit; None uses the configured source.
        secondaryLotIdOrName: the secondary lot's id or name; None resolves it by strategy when a secondary
            material is configured.
        materialIdOrPath: the material's id or path, for a MANUAL material strategy; None otherwise.
        inventoryName: the inventory row's name; None resolves it as configured.
        startDateMillis: the start, as epoch millis or a date; None is now.
        endDateMillis: the end, as epoch millis or a date (not before the start); None is now.

    Returns:
        MesObject: the COMPLETED lot record (the CONSUME for RECEIVE_AND_CONSUME); for SCRAP_ALL the list of
            SCRAP records.

    Raises:
        NotFoundError: no inventory operation has this id.
        ConflictError: the operation is disabled, or in the wrong state (see above), or another call changed
            it first; nothing is written.
        ValidationError: it is not ready to run (one error lists everything missing), a lot or material cannot
            be resolved, or a quantity or date is invalid; nothing is written.
        InsufficientInventoryError: a decrease would take more than the lot holds where negative inventory is
            not allowed; nothing is written.
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.EXECUTE.
    """
    permissions.require("INVENTORY_OPERATION.EXECUTE")
    record = inventory_operation_runtime.execute(inventoryOperationId, primaryLotIdOrName, quantity, secondaryLotIdOrName,
                             materialIdOrPath, inventoryName, startDateMillis, endDateMillis)
    triggers.mark_stale(inventoryOperationId)
    return record


def cancelInventoryOperation(inventoryOperationId):
    """Cancel a RUNNING inventory operation in one transaction: its record ends CANCELLED (end date set, no
    inventory moved) and the operation becomes CANCELLED.

    Args:
        inventoryOperationId: the inventory operation's id.

    Returns:
        MesObject: the CANCELLED lot record; None for SCRAP_ALL.

    Raises:
        NotFoundError: no inventory operation has this id.
        ConflictError: it is not RUNNING, or another call changed it first.
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.EXECUTE.
    """
    permissions.require("INVENTORY_OPERATION.EXECUTE")
    record = inventory_operation_runtime.cancel(inventoryOperationId)
    triggers.mark_stale(inventoryOperationId)
    return record


# -- triggers (docs/rules.md#triggers) ---------------------------------------------------------------------------


def tick():
    """(Ours.) Run the trigger engine once: read every tag that the enabled EXPRESSION-triggered inventory
    operations need in one system.tag.readBlocking call, and start or stop those whose trigger edge fired.
    Call it from a gateway timer event script (fixed delay, 250 ms). No SQL runs unless an edge fires; a
    triggered start or stop that fails leaves that operation FAULTED and is logged, and the tick goes on. No
    permission is checked.

    Returns:
        int: how many edges fired (0 when another thread was ticking).
    """
    return triggers.tick()


def updateInventoryOperationStatesFromDatabase(inventoryOperationIds=None):
    """Reload the trigger engine's view of inventory operations from the database: picks up edits and state
    changes made elsewhere (another gateway) and resumes RUNNING operations. Each reloaded operation's first
    sample is compared with the samples last written for it (an edge or counter step while nothing sampled
    counts); it only primes where nothing was written for its current triggers. Their cached configurations
    are read again by their next start, stop or execute.

    Args:
        inventoryOperationIds: a list of inventory operation ids; None reloads them all.

    Returns:
        None.

    Raises:
        ValidationError: inventoryOperationIds is not a list of ids.
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.EXECUTE.
    """
    permissions.require("INVENTORY_OPERATION.EXECUTE")
    wanted = None if inventoryOperationIds is None else id_list(inventoryOperationIds, "inventoryOperationIds")
    inventory_operation_cache.forget(wanted)  # the runtime's cached configurations too
    triggers.refresh(wanted)


# -- import / export and the import queue (docs/interchange.md) ---------------------------------------


def importFromCsv(importBytes):
    """Import inventory operations from CSV (the format exportAsCsv writes). Every row is checked first; bad
    rows are skipped and named in the response, the good ones are written in batches, each batch in one
    transaction (docs/interchange.md).

    Args:
        importBytes: the CSV as bytes, a Java byte[] (e.g. a Perspective upload's event.file.getBytes()) or a
            string.

    Returns:
        ApiResponse: data is the number of inventory operations created or updated; error names each bad row (by
        number, the header not counted) and field, and each batch that failed.

    Raises:
        ValidationError: the content is not bytes or a string, not UTF-8 text, or an empty CSV without a header
            row; nothing is written.
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.WRITE.SAVE.
    """
    permissions.require("INVENTORY_OPERATION.WRITE.SAVE")
    return _interchange.import_content(_FILES, importBytes, "csv")


def importFromJson(importBytes):
    """Import inventory operations from JSON (the format exportAsJson writes). Every row is checked first; bad
    rows are skipped and named in the response, the good ones are written in batches, each batch in one
    transaction (docs/interchange.md).

    Args:
        importBytes: the JSON as bytes, a Java byte[] (e.g. a Perspective upload's event.file.getBytes()) or a
            string.

    Returns:
        ApiResponse: data is the number of inventory operations created or updated; error names each bad row (by
        number, the header not counted) and field, and each batch that failed.

    Raises:
        ValidationError: the content is not bytes or a string, not UTF-8 text, or not a JSON list of objects;
            nothing is written.
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.WRITE.SAVE.
    """
    permissions.require("INVENTORY_OPERATION.WRITE.SAVE")
    return _interchange.import_content(_FILES, importBytes, "json")


def exportAsCsv(locationIdOrPaths=None):
    """Export inventory operations as CSV with a header row.

    Args:
        locationIdOrPaths: optional list of location ids or paths (one as text works too); only the inventory
            operations whose source or destination is one of them are exported. None exports all.

    Returns:
        bytes: the export in UTF-8 (a Java byte[] in a gateway, bytes on CPython).

    Raises:
        ValidationError: locationIdOrPaths is neither a list nor text.
        NotFoundError: a location given does not exist.
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.READ.GET.
    """
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return _interchange.export_bytes(_FILES, "csv", _at(locationIdOrPaths))


def exportAsJson(locationIdOrPaths=None):
    """Export inventory operations as a JSON list of the objects getInventoryOperation returns.

    Args:
        locationIdOrPaths: optional list of location ids or paths (one as text works too); only the inventory
            operations whose source or destination is one of them are exported. None exports all.

    Returns:
        bytes: the export in UTF-8 (a Java byte[] in a gateway, bytes on CPython).

    Raises:
        ValidationError: locationIdOrPaths is neither a list nor text.
        NotFoundError: a location given does not exist.
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.READ.GET.
    """
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return _interchange.export_bytes(_FILES, "json", _at(locationIdOrPaths))


def _at(location_id_or_paths):
    """Which inventory operations an export keeps: those whose source or destination is one of the
    given locations (all when None)."""
    return _interchange.keep_at_locations(("sourceLocationId", "destinationLocationId"), location_id_or_paths)


def getInventoryOperationImportQueueSize():
    """The number of inventory-operation rows an import running now has still to write.

    Returns:
        int: 0 when no import runs.

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.READ.GET.
    """
    permissions.require("INVENTORY_OPERATION.READ.GET")
    return _FILES.queue_size()


def cancelInventoryOperationImportQueue():
    """Cancel the running inventory-operation import after the batch it is writing; the batches already written
    stay.

    Returns:
        int: the number of rows that were still waiting (0 when no import runs).

    Raises:
        PermissionDeniedError: the calling user lacks INVENTORY_OPERATION.WRITE.SAVE.
    """
    permissions.require("INVENTORY_OPERATION.WRITE.SAVE")
    return _FILES.cancel()
