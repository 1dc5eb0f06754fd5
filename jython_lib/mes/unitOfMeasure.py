"""system.mes.unitOfMeasure: units of measure and conversions between them
(gateway spelling: mes.unitOfMeasure.<function>).

Unit arguments named IdOrName also accept the unit's symbol ('Kg'). The page of convert names
its unit parameters `from` and `to`; `from` is a Python keyword, so here they are fromIdOrName and
toIdOrName (positional calls, as in the documentation, are unaffected).
"""
from __future__ import absolute_import
from mes.core import errors
from mes.services import finders as _finders
from mes.services import interchange as _interchange
from mes.services import inventory_operation_cache as _operation_cache
from mes.services import permissions, reading, units
from mes.services.interchange_kinds import UNITS as _FILES
from mes.services.reading import read
from mes.services.units import CONVERSION, UNIT

__all__ = [
    "newUnitOfMeasure", "validateUnitOfMeasure", "saveUnitOfMeasure", "getUnitOfMeasure",
    "doesUnitOfMeasureExist", "getUnitOfMeasureOrCreateNew", "getAllUnitsOfMeasure",
    "getUnitOfMeasureReferences", "deleteUnitOfMeasure", "newUnitOfMeasureConversion",
    "validateUnitOfMeasureConversion", "saveUnitOfMeasureConversion", "getUnitOfMeasureConversion",
    "getConversion", "getAllConversions", "getAllConversionsForMaterial",
    "getUnitOfMeasureConversionReferences", "deleteUnitOfMeasureConversion", "addConversion",
    "getConversionFor", "doesConversionExist", "convert", "getUnitOfMeasurePermissions",
    "findUnitsOfMeasure", "findUnitOfMeasureConversions", "clearUnitOfMeasureCache", "importFromCsv",
    "importFromJson", "exportAsCsv", "exportAsJson", "getUnitOfMeasureImportQueueSize",
    "cancelUnitOfMeasureImportQueue",
]

_KEYS = permissions.UNIT_OF_MEASURE


# -- units ---------------------------------------------------------------------------------------


def newUnitOfMeasure():
    """A new, unsaved unit of measure with the documented keys and their defaults; nothing is written and no
    permission is checked.

    Returns:
        MesObject: the unit of measure, to fill in and pass to saveUnitOfMeasure(**obj).
    """
    return UNIT.new()


def validateUnitOfMeasure(**uomData):
    """Report what keeps a unit of measure from being stored; nothing is written.

    Args:
        uomData: the unit of measure's keys, passed as **obj.

    Returns:
        dict: {field: [messages]}, empty when the unit of measure can be saved (unknown keys are reported
            too).

    Raises:
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.VALIDATE.
    """
    permissions.require("UNIT_OF_MEASURE.READ.VALIDATE")
    return UNIT.validate(uomData)


def saveUnitOfMeasure(**uomData):
    """Create or update a unit of measure in one transaction.

    Args:
        uomData: the unit of measure's keys, passed as **obj. With an `id` it updates that unit of measure
            (keys left out keep their stored values); an id that does not exist yet creates the unit of
            measure with that id.

    Returns:
        MesObject: the unit of measure as stored.

    Raises:
        ValidationError: what validate reports (its `errors` map); nothing is written.
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.WRITE.SAVE.
    """
    permissions.require("UNIT_OF_MEASURE.WRITE.SAVE")
    return UNIT.save(uomData)


def getUnitOfMeasure(idOrName):
    """The unit of measure with this id, else with this name, else symbol.

    Args:
        idOrName: the unit of measure's id or name, else symbol.

    Returns:
        MesObject: the unit of measure, or None when nothing matches.

    Raises:
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.GET.
    """
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return read(units.find_unit, idOrName)


def doesUnitOfMeasureExist(idOrName):
    """Whether a unit of measure with this id, else this name, else symbol, exists.

    Args:
        idOrName: the unit of measure's id or name, else symbol.

    Returns:
        bool: True when one exists.

    Raises:
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.GET.
    """
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return read(units.find_unit, idOrName) is not None


def getUnitOfMeasureOrCreateNew(name, symbol):
    """The unit with exactly this name and symbol; when there is none, it is created (in one transaction).

    Args:
        name: the unit's name.
        symbol: the unit's symbol.

    Returns:
        MesObject: the unit found or created.

    Raises:
        ValidationError: the new unit cannot be stored (e.g. the name or symbol is taken by another unit).
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.GET, or UNIT_OF_MEASURE.WRITE.SAVE
            to create one.
    """
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    found = read(units.unit_named, name, symbol)
    if found is not None:
        return found
    permissions.require("UNIT_OF_MEASURE.WRITE.SAVE")
    return UNIT.save({"name": name, "symbol": symbol})


def getAllUnitsOfMeasure():
    """Every units of measure, ordered by name.

    Returns:
        list of MesObject (empty when there are none).

    Raises:
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.GET.
    """
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return read(UNIT.query, ("name",))


def getUnitOfMeasureReferences(id):  # noqa: A002 - the documented parameter name
    """Every row that points at the unit of measure (what keeps it from being deleted).

    Args:
        id: the unit of measure's id, name or symbol.

    Returns:
        list: [{tableName, references: [{fkColName, id}]}], empty when nothing points at it.

    Raises:
        NotFoundError: no such unit of measure exists.
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.GET.
    """
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return reading.references(UNIT, id, units.require_unit)


def deleteUnitOfMeasure(id):  # noqa: A002
    """Delete the unit of measure in one transaction.

    Args:
        id: the unit of measure's id, name or symbol.

    Returns:
        MesObject: {success: True, message, data: the deleted id, error: None}.

    Raises:
        NotFoundError: no such unit of measure exists.
        InUseError: rows still point at it (the error names each table, column and id); nothing is deleted.
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.WRITE.DELETE.
    """
    permissions.require("UNIT_OF_MEASURE.WRITE.DELETE")
    return UNIT.delete(read(units.require_unit, id)["id"])


# -- conversions ---------------------------------------------------------------------------------


def newUnitOfMeasureConversion():
    """A new, unsaved unit of measure conversion with the documented keys and their defaults; nothing is written
    and no permission is checked.

    Returns:
        MesObject: the unit of measure conversion, to fill in and pass to saveUnitOfMeasureConversion(**obj).
    """
    return CONVERSION.new()


def validateUnitOfMeasureConversion(**uomcData):
    """Report what keeps a unit of measure conversion from being stored; nothing is written.

    Args:
        uomcData: the unit of measure conversion's keys, passed as **obj.

    Returns:
        dict: {field: [messages]}, empty when the unit of measure conversion can be saved (unknown keys are
            reported too).

    Raises:
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.VALIDATE.
    """
    permissions.require("UNIT_OF_MEASURE.READ.VALIDATE")
    return CONVERSION.validate(read(units.with_existing_id, uomcData))


def saveUnitOfMeasureConversion(**uomcData):
    """Create or update a unit of measure conversion in one transaction. There is one conversion per (from, to,
    material): saving that triple again without an id updates the stored one.

    Args:
        uomcData: the unit of measure conversion's keys, passed as **obj. With an `id` it updates that unit of
            measure conversion (keys left out keep their stored values); an id that does not exist yet creates
            the unit of measure conversion with that id.

    Returns:
        MesObject: the unit of measure conversion as stored.

    Raises:
        ValidationError: what validate reports (its `errors` map); nothing is written.
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.WRITE.SAVE.
    """
    permissions.require("UNIT_OF_MEASURE.WRITE.SAVE")
    return CONVERSION.save(read(units.with_existing_id, uomcData))


def getUnitOfMeasureConversion(id):  # noqa: A002
    """The unit of measure conversion with this id.

    Args:
        id: the conversion's id.

    Returns:
        MesObject: the unit of measure conversion, or None when nothing matches.

    Raises:
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.GET.
    """
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return read(CONVERSION.get, id)


def getConversion(id):  # noqa: A002
    """The unit of measure conversion with this id (the same as getUnitOfMeasureConversion).

    Args:
        id: the conversion's id.

    Returns:
        MesObject: the unit of measure conversion, or None when nothing matches.

    Raises:
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.GET.
    """
    return getUnitOfMeasureConversion(id)


def getAllConversions():
    """Every unit of measure conversions, ordered by id.

    Returns:
        list of MesObject (empty when there are none).

    Raises:
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.GET.
    """
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return read(CONVERSION.query, ("id",))


def getAllConversionsForMaterial(id):  # noqa: A002
    """The conversions that belong to one material (not the generic ones).

    Args:
        id: the material's id or path.

    Returns:
        list of MesObject, ordered by id.

    Raises:
        NotFoundError: no such material exists.
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.GET.
    """
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return read(units.conversions_for_material, id)


def getUnitOfMeasureConversionReferences(id):  # noqa: A002
    """Every row that points at the unit of measure conversion (what keeps it from being deleted).

    Args:
        id: the unit of measure conversion's id.

    Returns:
        list: [{tableName, references: [{fkColName, id}]}], empty when nothing points at it.

    Raises:
        NotFoundError: no such unit of measure conversion exists.
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.GET.
    """
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return reading.references(CONVERSION, id)


def deleteUnitOfMeasureConversion(id):  # noqa: A002
    """Delete the unit of measure conversion in one transaction.

    Args:
        id: the unit of measure conversion's id.

    Returns:
        MesObject: {success: True, message, data: the deleted id, error: None}.

    Raises:
        NotFoundError: no such unit of measure conversion exists.
        InUseError: rows still point at it (the error names each table, column and id); nothing is deleted.
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.WRITE.DELETE.
    """
    permissions.require("UNIT_OF_MEASURE.WRITE.DELETE")
    return CONVERSION.delete(id)


def addConversion(fromIdOrName, toIdOrName, conversionFactor, materialId=None):
    """Store the conversion from one unit to another, or update the stored one for the same (from, to, material),
    in one transaction.

    Args:
        fromIdOrName: a unit's id, name or symbol. The page calls it `from`.
        toIdOrName: a unit's id, name or symbol. The page calls it `to`.
        conversionFactor: how many `to` units one `from` unit is.
        materialId: the material's id or path for a material-specific conversion; None for a generic one.

    Returns:
        MesObject: the conversion as stored.

    Raises:
        NotFoundError: a unit or the material does not exist.
        ValidationError: the conversion cannot be stored (e.g. the factor is not a positive number).
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.WRITE.SAVE.
    """
    permissions.require("UNIT_OF_MEASURE.WRITE.SAVE")
    return CONVERSION.save(read(units.named_conversion, fromIdOrName, toIdOrName, conversionFactor, materialId))


def getConversionFor(fromIdOrName, toIdOrName, materialId=None):
    """The stored conversion in this direction only: the material's own, else the generic one (an inverse is not
    returned).

    Args:
        fromIdOrName: a unit's id, name or symbol.
        toIdOrName: a unit's id, name or symbol.
        materialId: the material's id or path; None for generic conversions only.

    Returns:
        MesObject: the conversion, or None when none is stored.

    Raises:
        NotFoundError: a unit or the material does not exist.
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.GET.
    """
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return read(units.stored_conversion_between, fromIdOrName, toIdOrName, materialId)


def doesConversionExist(fromIdOrName, toIdOrName, materialId=None):
    """Whether getConversionFor finds a stored conversion in this direction.

    Args:
        fromIdOrName: a unit's id, name or symbol.
        toIdOrName: a unit's id, name or symbol.
        materialId: the material's id or path; None for generic conversions only.

    Returns:
        bool: False also when a unit or the material does not exist.

    Raises:
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.GET.
    """
    try:
        return getConversionFor(fromIdOrName, toIdOrName, materialId) is not None
    except errors.NotFoundError:
        return False


def convert(amount, fromIdOrName, toIdOrName, materialIdOrPath=None):
    """An amount expressed in another unit. The conversion used is, in this order: the material's own, a generic
    one, the inverse of the material's own, the inverse of a generic one; the amount is multiplied by its
    factor (divided for an inverse).

    Args:
        amount: the number to convert.
        fromIdOrName: a unit's id, name or symbol. The page calls it `from`.
        toIdOrName: a unit's id, name or symbol. The page calls it `to`.
        materialIdOrPath: the material's id or path; None for generic conversions only.

    Returns:
        float: the amount in the `to` unit.

    Raises:
        NotFoundError: a unit or the material does not exist.
        ValidationError: amount is not a number, or no conversion path exists (the error names both units and
            the material).
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.GET.
    """
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return read(units.convert_between, amount, fromIdOrName, toIdOrName, materialIdOrPath)


def getUnitOfMeasurePermissions():
    """The permission keys the unit of measure calls check; holding a key grants every key below it. No
    permission is needed.

    Returns:
        list of str: the dotted keys, e.g. 'UNIT_OF_MEASURE.READ.GET'.
    """
    return list(_KEYS)


# -- find queries, cache, import / export (docs/queries.md, docs/interchange.md) -----------------------


def findUnitsOfMeasure(**queryRequest):
    """One page of units of measure matching a query request (system.mes.query.newQueryRequest()).

    Args:
        **queryRequest: pageSize, pageIndex, sortFields, sortDirections (or one sortDirection) and filters
            (system.mes.query.newFilterRequest() each, AND-combined); see docs/queries.md.

    Returns:
        MesObject: content (units of measure as getUnitOfMeasure returns them), totalPages, totalElements,
        pageSize, pageIndex, hasContent, isFirst, isLast, hasNext, hasPrevious.

    Raises:
        ValidationError: the request has an unknown key, a page size or index out of range, a field that is not
            one of the getUnitOfMeasure keys, an unknown sort direction or condition, or a filter value that
            does not fit its field; every problem is listed at once and nothing is read.
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.GET.
    """
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return read(_finders.UNITS_OF_MEASURE.find, queryRequest)


def findUnitOfMeasureConversions(**queryRequest):
    """One page of unit conversions matching a query request (system.mes.query.newQueryRequest()).

    Args:
        **queryRequest: pageSize, pageIndex, sortFields, sortDirections (or one sortDirection) and filters
            (system.mes.query.newFilterRequest() each, AND-combined); see docs/queries.md.

    Returns:
        MesObject: content (unit conversions as getUnitOfMeasureConversion returns them), totalPages,
        totalElements, pageSize, pageIndex, hasContent, isFirst, isLast, hasNext, hasPrevious.

    Raises:
        ValidationError: the request has an unknown key, a page size or index out of range, a field that is not
            one of the getUnitOfMeasureConversion keys, an unknown sort direction or condition, or a filter
            value that does not fit its field; every problem is listed at once and nothing is read.
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.GET.
    """
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return read(_finders.UNIT_CONVERSIONS.find, queryRequest)


def clearUnitOfMeasureCache():
    """Drop this gateway's cached inventory-operation configurations, which hold units of measure: the next
    start, stop or execute of each operation reads its configuration again. Other reads are not cached
    (docs/queries.md); a save on any gateway already makes those copies stale by itself.

    Returns:
        None.
    """
    _operation_cache.forget()
    return None


def importFromCsv(importBytes):
    """Ours (the reference documents only the unit import queue): import units of measure from CSV (the format
    exportAsCsv writes). Every row is checked first; bad rows are skipped and named in the response, the good
    ones are written in batches, each batch in one transaction (docs/interchange.md).

    Args:
        importBytes: the CSV as bytes, a Java byte[] (e.g. a Perspective upload's event.file.getBytes()) or a
            string.

    Returns:
        ApiResponse: data is the number of units created or updated; error names each bad row (by number, the
        header not counted) and field, and each batch that failed.

    Raises:
        ValidationError: the content is not bytes or a string, not UTF-8 text, or an empty CSV without a header
            row; nothing is written.
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.WRITE.SAVE.
    """
    permissions.require("UNIT_OF_MEASURE.WRITE.SAVE")
    return _interchange.import_content(_FILES, importBytes, "csv")


def importFromJson(importBytes):
    """Ours: import units of measure from JSON (the format exportAsJson writes). Every row is checked first; bad
    rows are skipped and named in the response, the good ones are written in batches, each batch in one
    transaction (docs/interchange.md).

    Args:
        importBytes: the JSON as bytes, a Java byte[] (e.g. a Perspective upload's event.file.getBytes()) or a
            string.

    Returns:
        ApiResponse: data is the number of units created or updated; error names each bad row (by number, the
        header not counted) and field, and each batch that failed.

    Raises:
        ValidationError: the content is not bytes or a string, not UTF-8 text, or not a JSON list of objects;
            nothing is written.
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.WRITE.SAVE.
    """
    permissions.require("UNIT_OF_MEASURE.WRITE.SAVE")
    return _interchange.import_content(_FILES, importBytes, "json")


def exportAsCsv():
    """Ours: every unit of measure as CSV with a header row.

    Returns:
        bytes: the export in UTF-8 (a Java byte[] in a gateway, bytes on CPython).

    Raises:
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.GET.
    """
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return _interchange.export_bytes(_FILES, "csv")


def exportAsJson():
    """Ours: every unit of measure as a JSON list.

    Returns:
        bytes: the export in UTF-8 (a Java byte[] in a gateway, bytes on CPython).

    Raises:
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.GET.
    """
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return _interchange.export_bytes(_FILES, "json")


def getUnitOfMeasureImportQueueSize():
    """The number of unit rows an import running now has still to write.

    Returns:
        int: 0 when no import runs.

    Raises:
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.READ.GET.
    """
    permissions.require("UNIT_OF_MEASURE.READ.GET")
    return _FILES.queue_size()


def cancelUnitOfMeasureImportQueue():
    """Cancel the running unit import after the batch it is writing; the batches already written stay.

    Returns:
        int: the number of rows that were still waiting (0 when no import runs).

    Raises:
        PermissionDeniedError: the calling user lacks UNIT_OF_MEASURE.WRITE.SAVE.
    """
    permissions.require("UNIT_OF_MEASURE.WRITE.SAVE")
    return _FILES.cancel()
