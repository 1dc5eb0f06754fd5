"""What each namespace imports and exports (docs/interchange.md): its kinds, natural keys and
references."""
from __future__ import absolute_import

from mes.persistence import tables
from mes.services import finders, triggers
from mes.services.interchange import Interchange, Kind, Reference
from mes.services.inventory_operations import INVENTORY_OPERATION
from mes.services.locations import LOCATION
from mes.services.materials import MATERIAL, MATERIAL_CLASS, REASON_CODE
from mes.services.operations import OPERATION
from mes.services.units import UNIT


def _ref(table, column, human_key, target, lookup, derived=False):
    return Reference(table.column(column), human_key, target, lookup, derived)


def _by_path(values, row):
    return {"path": (row.get("path") or "").strip("/")}


def _by_name(values, row):
    return {"name": values.get("name")}


def _by_reason_code(values, row):
    return {"reason_code": values.get("reason_code")}


def _operation_key(values, row):
    return {"location_id": values.get("location_id"), "name": values.get("name")}


def _inventory_operation_key(values, row):
    # The user guide's rule: name, source, destination and type identify an inventory operation.
    return dict((c, values.get(c)) for c in ("name", "source_location_id", "destination_location_id",
                                             "operation_type"))


def _mark_stale(saved):
    triggers.mark_stale(saved["id"])  # the trigger engine reloads it on its next tick


def _source_saved(saved):
    triggers.source_saved(saved["id"])  # the operations taking from it are reloaded on the next tick


_L, _M, _C, _O, _IO = (tables.LOCATIONS, tables.MATERIALS, tables.MATERIAL_CLASSES, tables.OPERATIONS,
                       tables.INVENTORY_OPERATIONS)
_UNITS = tables.UNITS_OF_MEASURE

UNITS = Interchange("unitOfMeasure", "units of measure", [
    Kind("UnitOfMeasure", UNIT, finders.UNITS_OF_MEASURE, "name", _by_name, [])])

LOCATIONS = Interchange("location", "locations", [
    Kind("Location", LOCATION, finders.LOCATIONS, "path", _by_path, [
        _ref(_L, "parent_id", "parentPath", _L, "path", derived=True),
        _ref(_L, "storage_capacity_unit_id", "storageCapacityUnitName", _UNITS, "name", derived=True)],
        after_commit=_source_saved)])

# The material file also carries the reason codes (ours: the reference exports none), so inventory
# operations that name one import on another gateway.
MATERIALS = Interchange("material", "material classes, materials and reason codes", [
    Kind("MaterialClass", MATERIAL_CLASS, finders.MATERIAL_CLASSES, "path", _by_path, [
        _ref(_C, "parent_id", "parentPath", _C, "path", derived=True)]),
    Kind("Material", MATERIAL, finders.MATERIALS, "path", _by_path, [
        _ref(_M, "material_class_id", "materialClassPath", _C, "path", derived=True),
        _ref(_M, "unit_of_measure_id", "unitOfMeasureName", _UNITS, "name", derived=True)]),
    Kind("MaterialReasonCode", REASON_CODE, finders.MATERIAL_REASON_CODES, "reasonCode", _by_reason_code, [])])

OPERATIONS = Interchange("operation", "operations", [
    Kind("Operation", OPERATION, finders.OPERATIONS, "locationPath", _operation_key, [
        _ref(_O, "location_id", "locationPath", _L, "path")])])

INVENTORY_OPERATIONS = Interchange("inventoryOperation", "inventory operations", [
    Kind("InventoryOperation", INVENTORY_OPERATION, finders.INVENTORY_OPERATIONS, "name", _inventory_operation_key, [
        _ref(_IO, "operation_id", "operationName", _O, "name"),
        _ref(_IO, "source_location_id", "sourceLocationPath", _L, "path"),
        _ref(_IO, "destination_location_id", "destinationLocationPath", _L, "path"),
        _ref(_IO, "material_id", "materialPath", _M, "path"),
        _ref(_IO, "secondary_material_id", "secondaryMaterialPath", _M, "path"),
        _ref(_IO, "unit_of_measure_id", "unitOfMeasureName", _UNITS, "name"),
        _ref(_IO, "reason_code_id", "reasonCodeName", tables.MATERIAL_REASON_CODES, "reason_code")],
        after_commit=_mark_stale)])

# Namespaces whose import queue is documented but that import nothing yet: their queue is always empty.
PRODUCTION_ORDERS = Interchange("productionOrder", "production orders", [])
