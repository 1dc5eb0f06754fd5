"""Materials, their class hierarchy, and material reason codes.

Paths: a class's path is its parent's path + '/' + its name ('Bottle'); a material's path is its
class's path + '/' + its name ('Bottle/Milk'), or just its name when it has no class. Renaming or
moving a class rewrites the paths of every class and material below it, in the same transaction.
"""
from __future__ import absolute_import
from mes.core import ids
from mes.core.problems import add_problem
from mes.persistence import tables
from mes.services import entities, paths

CLASS_TABLE = tables.MATERIAL_CLASSES
MATERIAL_TABLE = tables.MATERIALS
REASON_CODE_TABLE = tables.MATERIAL_REASON_CODES
BASE_KEYS = ["id", "notes", "enabled", "spare1", "spare2", "spare3"]

# -- material classes ----------------------------------------------------------------------------


def _prepare_class(session, values, existing, problems):
    values["path"] = paths.derive_path(session, CLASS_TABLE, values.get("name"), values.get("parent_id"), problems)
    if existing is not None:
        paths.check_not_own_ancestor(session, CLASS_TABLE, values["id"], values.get("parent_id"), problems)
        paths.check_descendant_paths(session, [CLASS_TABLE, MATERIAL_TABLE], existing["path"], values["path"],
                                     problems)


def _after_save_class(session, values, existing):
    if existing is not None:
        paths.rename_descendants(session, CLASS_TABLE, existing["path"], values["path"])
        paths.rename_descendants(session, MATERIAL_TABLE, existing["path"], values["path"])


MATERIAL_CLASS = entities.Entity(CLASS_TABLE, lookup="path", derived=("path",), prepare=_prepare_class,
                                 after_save=_after_save_class,
                                 new_keys=["name", "description", "path", "parentId"] + BASE_KEYS)

# -- materials -----------------------------------------------------------------------------------


def _prepare_material(session, values, existing, problems):
    # A material's "parent" for its path is its class, stored in the class table.
    values["path"] = paths.derive_path(session, CLASS_TABLE, values.get("name"), values.get("material_class_id"),
                                       problems)


def _check_material(session, values, existing, problems):
    days = values.get("shelf_life_days")
    if days is not None and days < 0:
        add_problem(problems, "shelfLifeDays", 
            "shelfLifeDays must be zero or more (leave it empty for no shelf life), not %s" % days)


# newMaterial() lists neither image nor safetyDataSheetId; save still accepts them.
MATERIAL = entities.Entity(MATERIAL_TABLE, lookup="path", derived=("path",), prepare=_prepare_material,
                           check=_check_material,
                           new_keys=["name", "description", "path", "materialClassId", "erpId", "unitOfMeasureId",
                                     "shelfLifeDays"] + BASE_KEYS)


def material_by_erp_id(session, erp_id):
    """The material with this ERP id (the first by path), or None; an erpId that is not text is a
    ValidationError."""
    ids.require_text_key("erpId", erp_id, "an ERP id")
    found = MATERIAL.query(session, ("path",), erp_id=erp_id)
    return found[0] if found else None


# -- material reason codes -----------------------------------------------------------------------


def _check_reason_code(session, values, existing, problems):
    if values.get("lot_record_type") is None and "lotRecordType" not in problems:
        add_problem(problems, "lotRecordType", 
            "lotRecordType is required for a material reason code; one of %s" % ", ".join(tables.LOT_RECORD_TYPE))


# The page's documented default of requireComments is null; a save stores false for it.
REASON_CODE = entities.Entity(REASON_CODE_TABLE, lookup="reason_code", check=_check_reason_code,
                              new_keys=["lotRecordType", "reasonCode", "description", "requireComments"] + BASE_KEYS,
                              new_defaults={"requireComments": None})

# The newMaterialReasonCode example writes 'requiredComments'; it means requireComments.
REASON_CODE_ALIASES = {"requiredComments": "requireComments"}


def reason_code_input(obj):
    """The object with documented misspellings of keys mapped to the real key."""
    result = dict(obj)
    for alias, key in REASON_CODE_ALIASES.items():
        if alias in result:
            value = result.pop(alias)
            if result.get(key) is None:  # the real key, when given, wins
                result[key] = value
    return result
