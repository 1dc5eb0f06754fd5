"""The SQL of the inventory read model (docs/rules.md#the-ledger) and of the inventory-row
metadata update.

One joined SELECT builds every dict: the inventory row with its location, lot, unit (the lot's,
the unit its quantity is counted in), production order, material and material class. The
conditions below pick which rows.
"""
from __future__ import absolute_import
from mes.core import dates
from mes.core.objects import MesObject
from mes.persistence import mapping, queries, tables

INVENTORY = tables.INVENTORY
METADATA_COLUMNS = ("notes", "spare1", "spare2", "spare3", "name", "production_order_id")

# (returned key, SQL expression, column description for the value's type)
_FIELDS = [
    ("locationId", "i.location_id", INVENTORY.column("location_id")),
    ("locationPath", "loc.path", tables.LOCATIONS.column("path")),
    ("lotId", "i.inventory_lot_id", INVENTORY.column("inventory_lot_id")),
    ("lotName", "lot.name", tables.INVENTORY_LOTS.column("name")),
    ("lotStatus", "lot.status", tables.INVENTORY_LOTS.column("status")),
    ("quantity", "i.quantity", INVENTORY.column("quantity")),
    ("unitOfMeasureId", "lot.unit_of_measure_id", tables.INVENTORY_LOTS.column("unit_of_measure_id")),
    ("unitOfMeasureName", "u.name", tables.UNITS_OF_MEASURE.column("name")),
    ("name", "i.name", INVENTORY.column("name")),
    ("productionOrderId", "i.production_order_id", INVENTORY.column("production_order_id")),
    ("productionOrderName", "po.name", tables.PRODUCTION_ORDERS.column("name")),
    ("materialId", "lot.material_id", tables.INVENTORY_LOTS.column("material_id")),
    ("materialPath", "m.path", tables.MATERIALS.column("path")),
    ("materialDescription", "m.description", tables.MATERIALS.column("description")),
    ("materialImage", "m.image", tables.MATERIALS.column("image")),
    ("materialClassId", "m.material_class_id", tables.MATERIALS.column("material_class_id")),
    ("materialClassPath", "mc.path", tables.MATERIAL_CLASSES.column("path")),
    ("id", "i.id", INVENTORY.column("id")),
    ("notes", "i.notes", INVENTORY.column("notes")),
    ("enabled", "i.enabled", INVENTORY.column("enabled")),
    ("spare1", "i.spare1", INVENTORY.column("spare1")),
    ("spare2", "i.spare2", INVENTORY.column("spare2")),
    ("spare3", "i.spare3", INVENTORY.column("spare3")),
]

_FROM = ("FROM inventory i JOIN inventory_lots lot ON lot.id = i.inventory_lot_id "
         "JOIN locations loc ON loc.id = i.location_id "
         "LEFT JOIN unit_of_measure u ON u.id = lot.unit_of_measure_id "
         "LEFT JOIN production_orders po ON po.id = i.production_order_id "
         "LEFT JOIN materials m ON m.id = lot.material_id "
         "LEFT JOIN material_classes mc ON mc.id = m.material_class_id")
NON_ZERO = "i.quantity <> 0"


def _select(session, where, args):
    """Inventory dicts of the rows matching `where`, by location path, material path, lot name
    and id (sorted here, not by the database: collations order text differently)."""
    fields = ", ".join("%s AS f%d" % (expression, n) for n, (_, expression, _) in enumerate(_FIELDS))
    rows = session.query("SELECT %s %s WHERE %s" % (fields, _FROM, where), args)
    found = [_to_dict(row) for row in rows]
    found.sort(key=lambda d: (d["locationPath"] or "", d["materialPath"] or "", d["lotName"] or "", d["id"]))
    return found


def _to_dict(row):
    obj = MesObject()
    for n, (key, _, column) in enumerate(_FIELDS):
        obj[key] = mapping.python_value(column, row["f%d" % n])
    return obj


def by_id(session, inventory_id):
    found = _select(session, "i.id = ?", [inventory_id])
    return found[0] if found else None


def at_lot_and_location(session, lot_id, location_id):
    """The row of one lot at one location, whatever its quantity; None when there is none."""
    found = _select(session, "i.inventory_lot_id = ? AND i.location_id = ?", [lot_id, location_id])
    return found[0] if found else None


def for_material(session, material_id):
    return _select(session, "lot.material_id = ? AND " + NON_ZERO, [material_id])


def everywhere(session):
    return _select(session, NON_ZERO, [])


def at_location(session, location_id):
    return _select(session, "i.location_id = ? AND " + NON_ZERO, [location_id])


def at_location_and_children(session, location_id, location_path):
    """Rows at the location and at every location below it (path prefix 'path/')."""
    return _select(session, "(i.location_id = ? OR loc.path LIKE ? ESCAPE '!') AND " + NON_ZERO,
                   [location_id, queries.like_prefix(location_path + "/")])


def update_metadata(session, inventory_id, values, username):
    """Write the given METADATA_COLUMNS of one row (and who changed it when); rows changed."""
    changes = dict((name, values[name]) for name in METADATA_COLUMNS if name in values)
    changes.update(modified_date=dates.now_millis(), modified_by=username)
    return mapping.update_by_id(session, INVENTORY, inventory_id, changes)
