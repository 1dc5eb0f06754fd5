"""system.mes.material: materials, material classes and material reason codes
(gateway spelling: mes.material.<function>)."""
from mes.persistence import db
from mes.services import permissions
from mes.services.materials import MATERIAL, MATERIAL_CLASS, REASON_CODE, material_by_erp_id, reason_code_input

_KEYS = permissions.MATERIAL


def _references(entity, id_or_key):
    session = db.reader()
    return entity.references(session, entity.require(session, id_or_key)["id"])


# -- materials -----------------------------------------------------------------------------------


def newMaterial():
    return MATERIAL.new()


def validateMaterial(**materialData):
    permissions.require("MATERIAL.READ.VALIDATE")
    return MATERIAL.validate(materialData)


def saveMaterial(**materialData):
    permissions.require("MATERIAL.WRITE.SAVE")
    return MATERIAL.save(materialData)


def getMaterial(idOrPath):
    permissions.require("MATERIAL.READ.GET")
    return MATERIAL.get(db.reader(), idOrPath)


def doesMaterialExist(idOrPath):
    permissions.require("MATERIAL.READ.GET")
    return MATERIAL.get(db.reader(), idOrPath) is not None


def getMaterialByErpId(erpId):
    permissions.require("MATERIAL.READ.GET")
    return material_by_erp_id(db.reader(), erpId)


def getAllMaterials():
    permissions.require("MATERIAL.READ.GET")
    return MATERIAL.query(db.reader(), order_by="t.path")


def getMaterialReferences(idOrPath):
    permissions.require("MATERIAL.READ.GET")
    return _references(MATERIAL, idOrPath)


def deleteMaterial(idOrPath):
    permissions.require("MATERIAL.WRITE.DELETE")
    return MATERIAL.delete(idOrPath)


# -- material classes ----------------------------------------------------------------------------


def newMaterialClass():
    return MATERIAL_CLASS.new()


def validateMaterialClass(**materialClassData):
    permissions.require("MATERIAL.READ.VALIDATE")
    return MATERIAL_CLASS.validate(materialClassData)


def saveMaterialClass(**materialClassData):
    permissions.require("MATERIAL.WRITE.SAVE")
    return MATERIAL_CLASS.save(materialClassData)


def getMaterialClass(idOrPath):
    permissions.require("MATERIAL.READ.GET")
    return MATERIAL_CLASS.get(db.reader(), idOrPath)


def doesMaterialClassExist(idOrPath):
    permissions.require("MATERIAL.READ.GET")
    return MATERIAL_CLASS.get(db.reader(), idOrPath) is not None


def getAllMaterialClasses():
    permissions.require("MATERIAL.READ.GET")
    return MATERIAL_CLASS.query(db.reader(), order_by="t.path")


def getMaterialClassReferences(idOrPath):
    permissions.require("MATERIAL.READ.GET")
    return _references(MATERIAL_CLASS, idOrPath)


def deleteMaterialClass(idOrPath):
    permissions.require("MATERIAL.WRITE.DELETE")
    return MATERIAL_CLASS.delete(idOrPath)


# -- material reason codes -----------------------------------------------------------------------


def newMaterialReasonCode():
    return REASON_CODE.new()


def validateMaterialReasonCode(**materialReasonCodeData):
    permissions.require("MATERIAL.READ.VALIDATE")
    return REASON_CODE.validate(reason_code_input(materialReasonCodeData))


def saveMaterialReasonCode(**materialReasonCodeData):
    permissions.require("MATERIAL.WRITE.SAVE")
    return REASON_CODE.save(reason_code_input(materialReasonCodeData))


def getMaterialReasonCode(materialReasonCodeIdOrCode):
    permissions.require("MATERIAL.READ.GET")
    return REASON_CODE.get(db.reader(), materialReasonCodeIdOrCode)


def getAllMaterialReasonCodes():
    permissions.require("MATERIAL.READ.GET")
    return REASON_CODE.query(db.reader(), order_by="t.reason_code")


def deleteMaterialReasonCode(id):  # noqa: A002 - the documented parameter name
    permissions.require("MATERIAL.WRITE.DELETE")
    return REASON_CODE.delete(id)


def getMaterialPermissions():
    return list(_KEYS)


# -- find queries, caches, import / export (docs/queries.md, docs/interchange.md) ----------------------
from mes.services import finders as _finders  # noqa: E402  (appended section)
from mes.services import interchange as _interchange  # noqa: E402
from mes.services.interchange_kinds import MATERIALS as _FILES  # noqa: E402


def findMaterials(**queryRequest):
    """One page of materials matching a query request (system.mes.query.newQueryRequest()).

    Returns:
        MesObject: content (materials as getMaterial returns them) and the paging keys.
    """
    permissions.require("MATERIAL.READ.GET")
    return _finders.MATERIALS.find(db.reader(), queryRequest)


def findMaterialClasses(**queryRequest):
    """One page of material classes matching a query request.

    Returns:
        MesObject: content (classes as getMaterialClass returns them) and the paging keys.
    """
    permissions.require("MATERIAL.READ.GET")
    return _finders.MATERIAL_CLASSES.find(db.reader(), queryRequest)


def findMaterialReasonCodes(**queryRequest):
    """One page of material reason codes matching a query request.

    Returns:
        MesObject: content (reason codes as getMaterialReasonCode returns them) and the paging keys.
    """
    permissions.require("MATERIAL.READ.GET")
    return _finders.MATERIAL_REASON_CODES.find(db.reader(), queryRequest)


def clearMaterialCache():
    """Does nothing: materials are not cached yet, every call reads the database."""
    return None


def clearMaterialClassCache():
    """Does nothing: material classes are not cached yet, every call reads the database."""
    return None


def importFromCsv(importBytes):
    """Import materials and material classes from CSV (the format exportAsCsv writes).

    Args:
        importBytes: the CSV as bytes, a Java byte[] or a string.

    Returns:
        ApiResponse: data is the number of materials and classes created or updated.
    """
    permissions.require("MATERIAL.WRITE.SAVE")
    return _interchange.import_content(_FILES, importBytes, "csv")


def importFromJson(importBytes):
    """Import materials and material classes from JSON (the format exportAsJson writes).

    Returns:
        ApiResponse: data is the number of materials and classes created or updated.
    """
    permissions.require("MATERIAL.WRITE.SAVE")
    return _interchange.import_content(_FILES, importBytes, "json")


def exportAsCsv(idsOrPaths=None):
    """Material classes, then materials, as CSV with a header row and an objectType column.

    Args:
        idsOrPaths: optional list of ids or paths of the materials and classes to export.

    Returns:
        UTF-8 bytes (a Java byte[] in a gateway).
    """
    permissions.require("MATERIAL.READ.GET")
    return _interchange.export_bytes(_FILES, "csv", _interchange.keep_ids_or_paths(idsOrPaths))


def exportAsJson(idsOrPaths=None):
    """Material classes, then materials, as a JSON list (each with objectType).

    Args:
        idsOrPaths: optional list of ids or paths of the materials and classes to export.

    Returns:
        UTF-8 bytes (a Java byte[] in a gateway).
    """
    permissions.require("MATERIAL.READ.GET")
    return _interchange.export_bytes(_FILES, "json", _interchange.keep_ids_or_paths(idsOrPaths))


def getMaterialImportQueueSize():
    """The number of material rows an import running now has still to write (0 when none runs)."""
    permissions.require("MATERIAL.READ.GET")
    return _FILES.queue_size()


def cancelMaterialImportQueue():
    """Cancel the running material import after its current batch; returns the rows still waiting."""
    permissions.require("MATERIAL.WRITE.SAVE")
    return _FILES.cancel()
