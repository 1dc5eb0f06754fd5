"""system.mes.material: materials, material classes and material reason codes
(gateway spelling: mes.material.<function>)."""
from __future__ import absolute_import
from mes.services import reading
from mes.services import inventory_operation_cache as _operation_cache
from mes.services.reading import read
from mes.services import permissions
from mes.services import finders as _finders
from mes.services import interchange as _interchange
from mes.services.interchange_kinds import MATERIALS as _FILES
from mes.services.materials import MATERIAL, MATERIAL_CLASS, REASON_CODE, material_by_erp_id, reason_code_input

__all__ = [
    "newMaterial", "validateMaterial", "saveMaterial", "getMaterial", "doesMaterialExist",
    "getMaterialByErpId", "getAllMaterials", "getMaterialReferences", "deleteMaterial", "newMaterialClass",
    "validateMaterialClass", "saveMaterialClass", "getMaterialClass", "doesMaterialClassExist",
    "getAllMaterialClasses", "getMaterialClassReferences", "deleteMaterialClass", "newMaterialReasonCode",
    "validateMaterialReasonCode", "saveMaterialReasonCode", "getMaterialReasonCode",
    "getAllMaterialReasonCodes", "deleteMaterialReasonCode", "getMaterialPermissions",
    "findMaterials", "findMaterialClasses", "findMaterialReasonCodes", "clearMaterialCache",
    "clearMaterialClassCache", "importFromCsv", "importFromJson", "exportAsCsv", "exportAsJson",
    "getMaterialImportQueueSize", "cancelMaterialImportQueue",
]

_KEYS = permissions.MATERIAL


def _references(entity, id_or_key):
    return reading.references(entity, id_or_key)


# -- materials -----------------------------------------------------------------------------------


def newMaterial():
    """A new, unsaved material with the documented keys and their defaults; nothing is written and no permission
    is checked.

    Returns:
        MesObject: the material, to fill in and pass to saveMaterial(**obj).
    """
    return MATERIAL.new()


def validateMaterial(**materialData):
    """Report what keeps a material from being stored; nothing is written.

    Args:
        materialData: the material's keys, passed as **obj.

    Returns:
        dict: {field: [messages]}, empty when the material can be saved (unknown keys are reported too).

    Raises:
        PermissionDeniedError: the calling user lacks MATERIAL.READ.VALIDATE.
    """
    permissions.require("MATERIAL.READ.VALIDATE")
    return MATERIAL.validate(materialData)


def saveMaterial(**materialData):
    """Create or update a material in one transaction. Its path is its class's path + '/' + its name (just the
    name without a class); names are unique within a class.

    Args:
        materialData: the material's keys, passed as **obj. With an `id` it updates that material (keys left
            out keep their stored values); an id that does not exist yet creates the material with that id.

    Returns:
        MesObject: the material as stored.

    Raises:
        ValidationError: what validate reports (its `errors` map); nothing is written.
        PermissionDeniedError: the calling user lacks MATERIAL.WRITE.SAVE.
    """
    permissions.require("MATERIAL.WRITE.SAVE")
    return MATERIAL.save(materialData)


def getMaterial(idOrPath):
    """The material with this id, else with this path.

    Args:
        idOrPath: the material's id or path.

    Returns:
        MesObject: the material, or None when nothing matches.

    Raises:
        PermissionDeniedError: the calling user lacks MATERIAL.READ.GET.
    """
    permissions.require("MATERIAL.READ.GET")
    return read(MATERIAL.get, idOrPath)


def doesMaterialExist(idOrPath):
    """Whether a material with this id, else this path, exists.

    Args:
        idOrPath: the material's id or path.

    Returns:
        bool: True when one exists.

    Raises:
        PermissionDeniedError: the calling user lacks MATERIAL.READ.GET.
    """
    permissions.require("MATERIAL.READ.GET")
    return read(MATERIAL.get, idOrPath) is not None


def getMaterialByErpId(erpId):
    """The material with this ERP id (the first by path when several share it).

    Args:
        erpId: the material's erpId.

    Returns:
        MesObject: the material, or None when none has this ERP id.

    Raises:
        PermissionDeniedError: the calling user lacks MATERIAL.READ.GET.
    """
    permissions.require("MATERIAL.READ.GET")
    return read(material_by_erp_id, erpId)


def getAllMaterials():
    """Every materials, ordered by path.

    Returns:
        list of MesObject (empty when there are none).

    Raises:
        PermissionDeniedError: the calling user lacks MATERIAL.READ.GET.
    """
    permissions.require("MATERIAL.READ.GET")
    return read(MATERIAL.query, ("path",))


def getMaterialReferences(idOrPath):
    """Every row that points at the material (what keeps it from being deleted).

    Args:
        idOrPath: the material's id or path.

    Returns:
        list: [{tableName, references: [{fkColName, id}]}], empty when nothing points at it.

    Raises:
        NotFoundError: no such material exists.
        PermissionDeniedError: the calling user lacks MATERIAL.READ.GET.
    """
    permissions.require("MATERIAL.READ.GET")
    return _references(MATERIAL, idOrPath)


def deleteMaterial(idOrPath):
    """Delete the material in one transaction.

    Args:
        idOrPath: the material's id or path.

    Returns:
        MesObject: {success: True, message, data: the deleted id, error: None}.

    Raises:
        NotFoundError: no such material exists.
        InUseError: rows still point at it (the error names each table, column and id); nothing is deleted.
        PermissionDeniedError: the calling user lacks MATERIAL.WRITE.DELETE.
    """
    permissions.require("MATERIAL.WRITE.DELETE")
    return MATERIAL.delete(idOrPath)


# -- material classes ----------------------------------------------------------------------------


def newMaterialClass():
    """A new, unsaved material class with the documented keys and their defaults; nothing is written and no
    permission is checked.

    Returns:
        MesObject: the material class, to fill in and pass to saveMaterialClass(**obj).
    """
    return MATERIAL_CLASS.new()


def validateMaterialClass(**materialClassData):
    """Report what keeps a material class from being stored; nothing is written.

    Args:
        materialClassData: the material class's keys, passed as **obj.

    Returns:
        dict: {field: [messages]}, empty when the material class can be saved (unknown keys are reported too).

    Raises:
        PermissionDeniedError: the calling user lacks MATERIAL.READ.VALIDATE.
    """
    permissions.require("MATERIAL.READ.VALIDATE")
    return MATERIAL_CLASS.validate(materialClassData)


def saveMaterialClass(**materialClassData):
    """Create or update a material class in one transaction. Renaming or moving a class rewrites the paths of the
    classes and materials below it in the same transaction.

    Args:
        materialClassData: the material class's keys, passed as **obj. With an `id` it updates that material
            class (keys left out keep their stored values); an id that does not exist yet creates the material
            class with that id.

    Returns:
        MesObject: the material class as stored.

    Raises:
        ValidationError: what validate reports (its `errors` map); nothing is written.
        PermissionDeniedError: the calling user lacks MATERIAL.WRITE.SAVE.
    """
    permissions.require("MATERIAL.WRITE.SAVE")
    return MATERIAL_CLASS.save(materialClassData)


def getMaterialClass(idOrPath):
    """The material class with this id, else with this path.

    Args:
        idOrPath: the material class's id or path.

    Returns:
        MesObject: the material class, or None when nothing matches.

    Raises:
        PermissionDeniedError: the calling user lacks MATERIAL.READ.GET.
    """
    permissions.require("MATERIAL.READ.GET")
    return read(MATERIAL_CLASS.get, idOrPath)


def doesMaterialClassExist(idOrPath):
    """Whether a material class with this id, else this path, exists.

    Args:
        idOrPath: the material class's id or path.

    Returns:
        bool: True when one exists.

    Raises:
        PermissionDeniedError: the calling user lacks MATERIAL.READ.GET.
    """
    permissions.require("MATERIAL.READ.GET")
    return read(MATERIAL_CLASS.get, idOrPath) is not None


def getAllMaterialClasses():
    """Every material classes, ordered by path.

    Returns:
        list of MesObject (empty when there are none).

    Raises:
        PermissionDeniedError: the calling user lacks MATERIAL.READ.GET.
    """
    permissions.require("MATERIAL.READ.GET")
    return read(MATERIAL_CLASS.query, ("path",))


def getMaterialClassReferences(idOrPath):
    """Every row that points at the material class (what keeps it from being deleted).

    Args:
        idOrPath: the material class's id or path.

    Returns:
        list: [{tableName, references: [{fkColName, id}]}], empty when nothing points at it.

    Raises:
        NotFoundError: no such material class exists.
        PermissionDeniedError: the calling user lacks MATERIAL.READ.GET.
    """
    permissions.require("MATERIAL.READ.GET")
    return _references(MATERIAL_CLASS, idOrPath)


def deleteMaterialClass(idOrPath):
    """Delete the material class in one transaction.

    Args:
        idOrPath: the material class's id or path.

    Returns:
        MesObject: {success: True, message, data: the deleted id, error: None}.

    Raises:
        NotFoundError: no such material class exists.
        InUseError: rows still point at it (the error names each table, column and id); nothing is deleted.
        PermissionDeniedError: the calling user lacks MATERIAL.WRITE.DELETE.
    """
    permissions.require("MATERIAL.WRITE.DELETE")
    return MATERIAL_CLASS.delete(idOrPath)


# -- material reason codes -----------------------------------------------------------------------


def newMaterialReasonCode():
    """A new, unsaved material reason code with the documented keys and their defaults; nothing is written and no
    permission is checked.

    Returns:
        MesObject: the material reason code, to fill in and pass to saveMaterialReasonCode(**obj).
    """
    return REASON_CODE.new()


def validateMaterialReasonCode(**materialReasonCodeData):
    """Report what keeps a material reason code from being stored; nothing is written. The documented misspelt
    keys are accepted too.

    Args:
        materialReasonCodeData: the material reason code's keys, passed as **obj.

    Returns:
        dict: {field: [messages]}, empty when the material reason code can be saved (unknown keys are reported
            too).

    Raises:
        PermissionDeniedError: the calling user lacks MATERIAL.READ.VALIDATE.
    """
    permissions.require("MATERIAL.READ.VALIDATE")
    return REASON_CODE.validate(reason_code_input(materialReasonCodeData))


def saveMaterialReasonCode(**materialReasonCodeData):
    """Create or update a material reason code in one transaction. The documented misspelt keys are accepted too.

    Args:
        materialReasonCodeData: the material reason code's keys, passed as **obj. With an `id` it updates that
            material reason code (keys left out keep their stored values); an id that does not exist yet
            creates the material reason code with that id.

    Returns:
        MesObject: the material reason code as stored.

    Raises:
        ValidationError: what validate reports (its `errors` map); nothing is written.
        PermissionDeniedError: the calling user lacks MATERIAL.WRITE.SAVE.
    """
    permissions.require("MATERIAL.WRITE.SAVE")
    return REASON_CODE.save(reason_code_input(materialReasonCodeData))


def getMaterialReasonCode(materialReasonCodeIdOrCode):
    """The material reason code with this id, else with this reason code.

    Args:
        materialReasonCodeIdOrCode: the material reason code's id or reason code.

    Returns:
        MesObject: the material reason code, or None when nothing matches.

    Raises:
        PermissionDeniedError: the calling user lacks MATERIAL.READ.GET.
    """
    permissions.require("MATERIAL.READ.GET")
    return read(REASON_CODE.get, materialReasonCodeIdOrCode)


def getAllMaterialReasonCodes():
    """Every material reason codes, ordered by reason code.

    Returns:
        list of MesObject (empty when there are none).

    Raises:
        PermissionDeniedError: the calling user lacks MATERIAL.READ.GET.
    """
    permissions.require("MATERIAL.READ.GET")
    return read(REASON_CODE.query, ("reason_code",))


def deleteMaterialReasonCode(id):  # noqa: A002 - the documented parameter name
    """Delete the material reason code in one transaction.

    Args:
        id: the material reason code's id or reason code.

    Returns:
        MesObject: {success: True, message, data: the deleted id, error: None}.

    Raises:
        NotFoundError: no such material reason code exists.
        InUseError: rows still point at it (the error names each table, column and id); nothing is deleted.
        PermissionDeniedError: the calling user lacks MATERIAL.WRITE.DELETE.
    """
    permissions.require("MATERIAL.WRITE.DELETE")
    return REASON_CODE.delete(id)


def getMaterialPermissions():
    """The permission keys the material calls check; holding a key grants every key below it. No permission is
    needed.

    Returns:
        list of str: the dotted keys, e.g. 'MATERIAL.READ.GET'.
    """
    return list(_KEYS)


# -- find queries, caches, import / export (docs/queries.md, docs/interchange.md) ----------------------


def findMaterials(**queryRequest):
    """One page of materials matching a query request (system.mes.query.newQueryRequest()).

    Args:
        **queryRequest: pageSize, pageIndex, sortFields, sortDirections (or one sortDirection) and filters
            (system.mes.query.newFilterRequest() each, AND-combined); see docs/queries.md.

    Returns:
        MesObject: content (materials as getMaterial returns them), totalPages, totalElements, pageSize,
        pageIndex, hasContent, isFirst, isLast, hasNext, hasPrevious.

    Raises:
        ValidationError: the request has an unknown key, a page size or index out of range, a field that is not
            one of the getMaterial keys, an unknown sort direction or condition, or a filter value that does not
            fit its field; every problem is listed at once and nothing is read.
        PermissionDeniedError: the calling user lacks MATERIAL.READ.GET.
    """
    permissions.require("MATERIAL.READ.GET")
    return read(_finders.MATERIALS.find, queryRequest)


def findMaterialClasses(**queryRequest):
    """One page of material classes matching a query request (system.mes.query.newQueryRequest()).

    Args:
        **queryRequest: pageSize, pageIndex, sortFields, sortDirections (or one sortDirection) and filters
            (system.mes.query.newFilterRequest() each, AND-combined); see docs/queries.md.

    Returns:
        MesObject: content (material classes as getMaterialClass returns them), totalPages, totalElements,
        pageSize, pageIndex, hasContent, isFirst, isLast, hasNext, hasPrevious.

    Raises:
        ValidationError: the request has an unknown key, a page size or index out of range, a field that is not
            one of the getMaterialClass keys, an unknown sort direction or condition, or a filter value that
            does not fit its field; every problem is listed at once and nothing is read.
        PermissionDeniedError: the calling user lacks MATERIAL.READ.GET.
    """
    permissions.require("MATERIAL.READ.GET")
    return read(_finders.MATERIAL_CLASSES.find, queryRequest)


def findMaterialReasonCodes(**queryRequest):
    """One page of material reason codes matching a query request (system.mes.query.newQueryRequest()).

    Args:
        **queryRequest: pageSize, pageIndex, sortFields, sortDirections (or one sortDirection) and filters
            (system.mes.query.newFilterRequest() each, AND-combined); see docs/queries.md.

    Returns:
        MesObject: content (material reason codes as getMaterialReasonCode returns them), totalPages,
        totalElements, pageSize, pageIndex, hasContent, isFirst, isLast, hasNext, hasPrevious.

    Raises:
        ValidationError: the request has an unknown key, a page size or index out of range, a field that is not
            one of the getMaterialReasonCode keys, an unknown sort direction or condition, or a filter value
            that does not fit its field; every problem is listed at once and nothing is read.
        PermissionDeniedError: the calling user lacks MATERIAL.READ.GET.
    """
    permissions.require("MATERIAL.READ.GET")
    return read(_finders.MATERIAL_REASON_CODES.find, queryRequest)


def clearMaterialCache():
    """Drop this gateway's cached inventory-operation configurations, which hold materials: the next
    start, stop or execute of each operation reads its configuration again. Other reads are not cached
    (docs/queries.md); a save on any gateway already makes those copies stale by itself.

    Returns:
        None.
    """
    _operation_cache.forget()
    return None


def clearMaterialClassCache():
    """Does nothing: material classes are not cached yet, every call reads the database (docs/queries.md).

    Returns:
        None.
    """
    return None


def importFromCsv(importBytes):
    """Import material classes, materials and material reason codes from CSV (the format exportAsCsv writes),
    told apart by objectType. Every row is checked first; bad rows are skipped and named in the response, the
    good ones are written in batches, each batch in one transaction (docs/interchange.md).

    Args:
        importBytes: the CSV as bytes, a Java byte[] (e.g. a Perspective upload's event.file.getBytes()) or a
            string.

    Returns:
        ApiResponse: data is the number of rows created or updated; error names each bad row (by number, the
        header not counted) and field, and each batch that failed.

    Raises:
        ValidationError: the content is not bytes or a string, not UTF-8 text, or an empty CSV without a header
            row; nothing is written.
        PermissionDeniedError: the calling user lacks MATERIAL.WRITE.SAVE.
    """
    permissions.require("MATERIAL.WRITE.SAVE")
    return _interchange.import_content(_FILES, importBytes, "csv")


def importFromJson(importBytes):
    """Import material classes, materials and material reason codes from JSON (the format exportAsJson writes),
    told apart by objectType. Every row is checked first; bad rows are skipped and named in the response, the
    good ones are written in batches, each batch in one transaction (docs/interchange.md).

    Args:
        importBytes: the JSON as bytes, a Java byte[] (e.g. a Perspective upload's event.file.getBytes()) or a
            string.

    Returns:
        ApiResponse: data is the number of rows created or updated; error names each bad row (by number, the
        header not counted) and field, and each batch that failed.

    Raises:
        ValidationError: the content is not bytes or a string, not UTF-8 text, or not a JSON list of objects;
            nothing is written.
        PermissionDeniedError: the calling user lacks MATERIAL.WRITE.SAVE.
    """
    permissions.require("MATERIAL.WRITE.SAVE")
    return _interchange.import_content(_FILES, importBytes, "json")


def exportAsCsv(idsOrPaths=None):
    """Material classes, then materials, then material reason codes (ours), as CSV with a header row with an
    objectType key telling them apart.

    Args:
        idsOrPaths: optional list of ids or paths (one as text works too) of the classes and materials to
            export; ids and paths that match nothing are left out. None exports everything.

    Returns:
        bytes: the export in UTF-8 (a Java byte[] in a gateway, bytes on CPython).

    Raises:
        ValidationError: idsOrPaths is neither a list nor text.
        PermissionDeniedError: the calling user lacks MATERIAL.READ.GET.
    """
    permissions.require("MATERIAL.READ.GET")
    return _interchange.export_bytes(_FILES, "csv", _interchange.keep_ids_or_paths(idsOrPaths))


def exportAsJson(idsOrPaths=None):
    """Material classes, then materials, then material reason codes (ours), as a JSON list with an objectType
    key telling them apart.

    Args:
        idsOrPaths: optional list of ids or paths (one as text works too) of the classes and materials to
            export; ids and paths that match nothing are left out. None exports everything.

    Returns:
        bytes: the export in UTF-8 (a Java byte[] in a gateway, bytes on CPython).

    Raises:
        ValidationError: idsOrPaths is neither a list nor text.
        PermissionDeniedError: the calling user lacks MATERIAL.READ.GET.
    """
    permissions.require("MATERIAL.READ.GET")
    return _interchange.export_bytes(_FILES, "json", _interchange.keep_ids_or_paths(idsOrPaths))


def getMaterialImportQueueSize():
    """The number of material rows an import running now has still to write.

    Returns:
        int: 0 when no import runs.

    Raises:
        PermissionDeniedError: the calling user lacks MATERIAL.READ.GET.
    """
    permissions.require("MATERIAL.READ.GET")
    return _FILES.queue_size()


def cancelMaterialImportQueue():
    """Cancel the running material import after the batch it is writing; the batches already written stay.

    Returns:
        int: the number of rows that were still waiting (0 when no import runs).

    Raises:
        PermissionDeniedError: the calling user lacks MATERIAL.WRITE.SAVE.
    """
    permissions.require("MATERIAL.WRITE.SAVE")
    return _FILES.cancel()
