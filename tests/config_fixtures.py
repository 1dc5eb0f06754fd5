"""Master-data rows with given ids, inserted straight through the persistence layer.

Tests of one namespace need rows of others (units, materials, operations, reason codes), sometimes
with the exact ids a documentation example names. Inserting them here keeps those tests independent
of the other namespaces' save rules. Call inside a test that uses the `system` fixture.
"""
from mes.core import ids
from mes.persistence import db, mapping, tables


def insert(table, **values):
    """Insert one row (column defaults filled in) and return its id."""
    row = dict((c.name, c.default) for c in table.columns if c.default is not None)
    row.update(values)
    row["id"] = ids.normalize_id(row.get("id")) or ids.new_id()
    with db.transaction() as session:
        mapping.insert(session, table, row)
    return row["id"]


def make_unit(name, symbol=None, id=None):
    return insert(tables.UNITS_OF_MEASURE, id=id, name=name, symbol=symbol or name)


def make_material(path, unit_id=None, id=None):
    return insert(tables.MATERIALS, id=id, name=path.rsplit("/", 1)[-1], path=path, unit_of_measure_id=unit_id)


def make_operation(name, location_id=None, id=None):
    return insert(tables.OPERATIONS, id=id, name=name, location_id=location_id)


def make_reason_code(reason_code, lot_record_type="SCRAP", id=None):
    return insert(tables.MATERIAL_REASON_CODES, id=id, reason_code=reason_code, lot_record_type=lot_record_type)


def set_runtime_state(inventory_operation_id, status, current_record_id=None):
    """What the runtime would write at start: status and the running record."""
    with db.transaction() as session:
        mapping.update_by_id(session, tables.INVENTORY_OPERATIONS, inventory_operation_id,
                             {"status": status, "current_record_id": current_record_id})


def make_lot_record(inventory_operation_id, status="COMPLETED", start_date=0):
    """A lot record pointing at an inventory operation (a lot and its material made up on the way)."""
    unit_id = make_unit("ea-" + ids.new_id()[-8:])
    material_id = make_material("RecordMaterial-" + ids.new_id()[-8:], unit_id)
    lot_id = insert(tables.INVENTORY_LOTS, name="LOT-" + ids.new_id()[-8:], material_id=material_id,
                    unit_of_measure_id=unit_id)
    return insert(tables.INVENTORY_LOT_RECORDS, lot_record_type="CONSUME", inventory_lot_id=lot_id,
                  inventory_operation_id=inventory_operation_id, status=status, start_date=start_date)
