"""Master data and inventory rows for inventory tests, inserted straight through the persistence
layer so a test depends only on the namespace it tests.

Every maker takes an optional `id` (documented examples name fixed ids), fills the table's
column defaults and audit columns, and returns the row as the public object (camelCase keys).
Call them inside a test that uses the `system` fixture (they write to that gateway's database).
"""
from mes.core import dates, ids
from mes.persistence import db, mapping, tables


def insert(table, id=None, **columns):
    """Insert one row of `table` (columns by database name); returns it as the public object."""
    values = dict((c.name, c.default) for c in table.columns if c.default is not None)
    values.update(columns)
    values.update(id=id or ids.new_id(), created_date=dates.now_millis(), created_by="fixture")
    with db.transaction() as session:
        mapping.insert(session, table, values)
        return mapping.to_object(table, mapping.select_by_id(session, table, values["id"]))


def make_unit(name="Each", symbol=None, id=None):
    return insert(tables.UNITS_OF_MEASURE, id=id, name=name, symbol=symbol or name.lower())


def make_material_class(path, id=None):
    """A material class chain for a path such as 'Bottle' or 'Food/Dairy'; returns the last class."""
    parent = None
    for depth, name in enumerate(path.split("/")):
        partial = "/".join(path.split("/")[:depth + 1])
        found = _select(tables.MATERIAL_CLASSES, "path = ?", [partial])
        if found is None:
            last = depth == len(path.split("/")) - 1
            found = insert(tables.MATERIAL_CLASSES, id=id if last else None, name=name, path=partial,
                           parent_id=parent["id"] if parent else None)
        parent = found
    return parent


def make_material(path, unit=None, id=None, **columns):
    """A material for a path 'Class/.../Name' (or a bare name without a class); `unit` is its
    base unit object or id."""
    class_path, _, name = path.rpartition("/")
    material_class = make_material_class(class_path) if class_path else None
    return insert(tables.MATERIALS, id=id, name=name, path=path, unit_of_measure_id=_id(unit),
                  material_class_id=material_class["id"] if material_class else None, **columns)


def make_location(path, lot_storage_strategy="ALLOW_MULTIPLE", id=None, **columns):
    """The location at `path`, creating missing parents (those with the default strategy)."""
    parent = None
    names = path.split("/")
    for depth, name in enumerate(names):
        partial = "/".join(names[:depth + 1])
        found = _select(tables.LOCATIONS, "path = ?", [partial])
        if found is None:
            last = depth == len(names) - 1
            extra = dict(columns, lot_storage_strategy=lot_storage_strategy) if last else {}
            found = insert(tables.LOCATIONS, id=id if last else None, name=name, path=partial,
                           parent_id=parent["id"] if parent else None, **extra)
        parent = found
    return parent


def make_lot(name, material, unit=None, id=None, **columns):
    """A lot of `material` (object or id); the unit defaults to the material's base unit."""
    material_id = _id(material)
    if unit is None:
        unit = _select(tables.MATERIALS, "id = ?", [material_id])["unitOfMeasureId"]
    return insert(tables.INVENTORY_LOTS, id=id, name=name, material_id=material_id,
                  unit_of_measure_id=_id(unit), **columns)


def make_inventory(lot, location, quantity, id=None, **columns):
    """An inventory row: `quantity` of `lot` at `location`."""
    return insert(tables.INVENTORY, id=id, inventory_lot_id=_id(lot), location_id=_id(location),
                  quantity=quantity, **columns)


def make_ledger_record(lot, lot_record_type="RECEIVE", quantity=1.0, id=None, **columns):
    """A completed record as the ledger writes it (moves_inventory true), without the balance
    change: use make_inventory for that."""
    lot_row = _select(tables.INVENTORY_LOTS, "id = ?", [_id(lot)])
    return insert(tables.INVENTORY_LOT_RECORDS, id=id, inventory_lot_id=lot_row["id"],
                  lot_record_type=lot_record_type, quantity=quantity, unit_of_measure_id=lot_row["unitOfMeasureId"],
                  start_date=dates.now_millis(), status="COMPLETED", moves_inventory=True, **columns)


def make_production_order(name, id=None, **columns):
    return insert(tables.PRODUCTION_ORDERS, id=id, name=name, **columns)


def make_reason_code(reason_code, lot_record_type=None, id=None, **columns):
    return insert(tables.MATERIAL_REASON_CODES, id=id, reason_code=reason_code, lot_record_type=lot_record_type,
                  **columns)


def make_operation(name, location=None, id=None, **columns):
    return insert(tables.OPERATIONS, id=id, name=name, location_id=_id(location), **columns)


def make_operation_record(operation, id=None, **columns):
    return insert(tables.OPERATION_RECORDS, id=id, operation_id=_id(operation), start_date=dates.now_millis(),
                  **columns)


def make_inventory_operation(name, id=None, **columns):
    return insert(tables.INVENTORY_OPERATIONS, id=id, name=name, **columns)


def rows(table):
    """Every row of `table` as {column name: value}, non-public columns included, ordered by id."""
    return mapping.select_where(db.reader(), table, order_by="id")


def count(table):
    return len(rows(table))


def _select(table, where, args):
    found = mapping.select_where(db.reader(), table, where, args)
    return mapping.to_object(table, found[0]) if found else None


def _id(value):
    if value is None or not hasattr(value, "get"):
        return value
    return value.get("id")


def post(lot, lot_record_type, quantity, source=None, destination=None, secondary=None, start=None, end=None,
         **columns):
    """A completed record posted through the ledger (balances, storage, lot totals move as in
    production); lots and locations as objects or ids, `quantity` in the lot's unit, `start` and
    `end` any accepted date (start defaults to now). Returns the record's values by column name."""
    from mes.services import ledger
    lot_row = _select(tables.INVENTORY_LOTS, "id = ?", [_id(lot)])
    record = dict(lot_record_type=lot_record_type, inventory_lot_id=lot_row["id"], quantity=quantity,
                  secondary_inventory_lot_id=_id(secondary), source_location_id=_id(source),
                  destination_location_id=_id(destination), unit_of_measure_id=lot_row["unitOfMeasureId"],
                  lot_status=lot_row["status"], start_date=dates.to_millis(start) if start is not None
                  else dates.now_millis(), end_date=dates.to_millis(end), enabled=True,
                  created_date=dates.now_millis())
    record.update(columns)
    with db.transaction() as session:
        return ledger.post(session, record)
