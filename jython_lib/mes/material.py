"""system.mes.material: materials, material classes and material reason codes
(gateway spelling: mes.material.<function>)."""
from __future__ import absolute_import
from mes.services import reading
from mes.services.reading import read
from mes.services import permissions
from mes.services.materials import MATERIAL, MATERIAL_CLASS, REASON_CODE, material_by_erp_id, reason_code_input

_KEYS = permissions.MATERIAL


def _references(entity, id_or_key):
    return reading.references(entity, id_or_key)


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
    return read(MATERIAL.get, idOrPath)


def doesMaterialExist(idOrPath):
    permissions.require("MATERIAL.READ.GET")
    return read(MATERIAL.get, idOrPath) is not None


def getMaterialByErpId(erpId):
    permissions.require("MATERIAL.READ.GET")
    return read(material_by_erp_id, erpId)


def getAllMaterials():
    permissions.require("MATERIAL.READ.GET")
    return read(MATERIAL.query, ("path",))


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
    return read(MATERIAL_CLASS.get, idOrPath)


def doesMaterialClassExist(idOrPath):
    permissions.require("MATERIAL.READ.GET")
    return read(MATERIAL_CLASS.get, idOrPath) is not None


def getAllMaterialClasses():
    permissions.require("MATERIAL.READ.GET")
    return read(MATERIAL_CLASS.query, ("path",))


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
    return read(REASON_CODE.get, materialReasonCodeIdOrCode)


def getAllMaterialReasonCodes():
    permissions.require("MATERIAL.READ.GET")
    return read(REASON_CODE.query, ("reason_code",))


def deleteMaterialReasonCode(id):  # noqa: A002 - the documented parameter name
    permissions.require("MATERIAL.WRITE.DELETE")
    return REASON_CODE.delete(id)


def getMaterialPermissions():
    return list(_KEYS)
