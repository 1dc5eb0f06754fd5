"""Inventory rows as the API returns them (docs/rules.md#the-ledger): the queries, the
metadata update, and checkLocationHasCapacity.

Rules the reference pages leave open, settled here (README, Inventory rows):
- the list queries (for a material, all, at a location, at a location and its children) list
  rows whose quantity is not zero: an emptied row is kept (its name, its history) but is no
  longer stock; negative balances are stock and are listed;
- getInventoryByLotAndLocation returns the row even at zero, None when the lot was never at the
  location; an unknown lot, material or location is a NotFoundError;
- "children" are every location whose path starts with the location's path + '/' (all levels);
  no location (None or '') means everything;
- unitOfMeasureId/Name are the lot's unit, the unit the quantity is counted in;
- setInventoryMetadata writes the arguments that are not None; '' clears a field (for
  productionOrderIdOrName: removes the order), so the documented example that sets only spare1
  keeps the row's name and order;
- checkLocationHasCapacity checks storage capacity only (docs/rules.md#locations-storage-and-units: in the location's capacity unit),
  through ledger.has_capacity, so a quantity that cannot be converted into that unit reads as
  "no capacity"; a lot not created yet is counted in its material's base unit; quantity is a
  number or a numeric string, zero or more.
"""
from __future__ import absolute_import
from mes.core import errors, numbers, platform
from mes.core.problems import add_problem

from mes.core.compat import is_string
from mes.persistence import db, inventory_store, location_store, tables
from mes.services import entities, ledger, locations, lots, materials, production_orders

TABLE = tables.INVENTORY
# Argument -> column of setInventoryMetadata's text fields.
TEXT_ARGUMENTS = (("notes", "notes"), ("spare1", "spare1"), ("spare2", "spare2"), ("spare3", "spare3"),
                  ("name", "name"))

# -- queries -------------------------------------------------------------------------------------


def inventory_for_material(session, material_id_or_path):
    material = materials.MATERIAL.require(session, material_id_or_path)
    return inventory_store.for_material(session, material["id"])


def inventory_by_lot_and_location(session, lot_id_or_name, material_id_or_path, location_id_or_path):
    lot = _require_lot(session, lot_id_or_name, material_id_or_path)
    location = locations.LOCATION.require(session, location_id_or_path)
    return inventory_store.at_lot_and_location(session, lot["id"], location["id"])


def all_inventory(session):
    return inventory_store.everywhere(session)


def all_inventory_at_location(session, location_id_or_path):
    location = locations.LOCATION.require(session, location_id_or_path)
    return inventory_store.at_location(session, location["id"])


def all_inventory_for_location_and_children(session, location_id_or_path=None):
    if location_id_or_path in (None, ""):
        return inventory_store.everywhere(session)
    location = locations.LOCATION.require(session, location_id_or_path)
    return inventory_store.at_location_and_children(session, location["id"], location["path"])


def _require_lot(session, lot_id_or_name, material_id_or_path):
    lot = lots.find(session, lot_id_or_name, material_id_or_path)
    if lot is None:
        raise errors.NotFoundError("no lot '%s' exists%s (looked up by id and by name)" % (
            lot_id_or_name, " for material '%s'" % material_id_or_path if material_id_or_path else ""))
    return lot


# -- setInventoryMetadata ------------------------------------------------------------------------


def set_inventory_metadata(inventory_id, notes=None, spare1=None, spare2=None, spare3=None, name=None,
                           production_order_id_or_name=None):
    """Update the given fields of one inventory row in one transaction; returns the row."""
    arguments = {"notes": notes, "spare1": spare1, "spare2": spare2, "spare3": spare3, "name": name}
    return db.write(lambda session: _set_metadata_in(session, inventory_id, arguments, production_order_id_or_name))


def _set_metadata_in(session, inventory_id, arguments, production_order_id_or_name):
    row_id = _existing_row_id(session, inventory_id)
    values = _text_values(arguments)
    if production_order_id_or_name is not None:
        values["production_order_id"] = _production_order_id(session, production_order_id_or_name)
    inventory_store.update_metadata(session, row_id, values, platform.current_username())
    return inventory_store.by_id(session, row_id)


def _existing_row_id(session, inventory_id):
    found = None
    if inventory_id not in (None, ""):
        found = inventory_store.by_id(session, lots.id_value(inventory_id, "inventoryId"))
    if found is None:
        raise errors.NotFoundError("no inventory row with id '%s' exists; inventoryId must be the id of an "
                                   "inventory row (see getAllInventory)" % (inventory_id,))
    return found["id"]


def _text_values(arguments):
    values, problems = {}, {}
    for argument, column_name in TEXT_ARGUMENTS:
        given = arguments[argument]
        if given is None:
            continue
        value, message = entities.convert(TABLE.column(column_name), given)
        if message:
            add_problem(problems, argument, message)
        else:
            values[column_name] = value if value != "" else None
    if problems:
        raise errors.ValidationError.from_map("inventory metadata", problems)
    return values


def _production_order_id(session, id_or_name):
    if is_string(id_or_name) and not id_or_name.strip():
        return None
    order = production_orders.PRODUCTION_ORDER.get(session, id_or_name)
    if order is None:
        raise errors.NotFoundError("no production order with id or name '%s' exists; fix productionOrderIdOrName "
                                   "(or pass '' to remove the order from the row)" % (id_or_name,))
    return order["id"]


# -- checkLocationHasCapacity --------------------------------------------------------------------


def check_location_has_capacity(session, location_id_or_path, lot_id_or_name, material_id_or_path, quantity):
    """True when `quantity` (in the lot's unit) more fits the location's storage capacity."""
    amount = _quantity(quantity)
    location_id = locations.LOCATION.require(session, location_id_or_path)["id"]
    location = location_store.location(session, location_id)
    return ledger.has_capacity(session, location, _capacity_lot(session, lot_id_or_name, material_id_or_path), amount)


def _capacity_lot(session, lot_id_or_name, material_id_or_path):
    """The unit and material the quantity is counted in: the lot's, or for a lot not created
    yet, the material's base unit."""
    material = material_id_or_path if material_id_or_path not in (None, "") else None
    lot = lots.find(session, lot_id_or_name, material) if lot_id_or_name not in (None, "") else None
    if lot is not None:
        return {"unit_of_measure_id": lot["unitOfMeasureId"], "material_id": lot["materialId"]}
    if material is None:
        raise errors.NotFoundError("no lot '%s' exists; give an existing lot id or name, or the material "
                                   "(materialIdOrPath) of the lot to be stored" % (lot_id_or_name,))
    found = materials.MATERIAL.require(session, material)
    return {"unit_of_measure_id": found["unitOfMeasureId"], "material_id": found["id"]}


def _quantity(quantity):
    number, message = numbers.quantity_problem("quantity", quantity)
    if message is None and number < 0:
        message = "quantity must be zero or more, not '%s'" % (quantity,)
    if message:
        raise errors.ValidationError.for_field("quantity", message)
    return number
