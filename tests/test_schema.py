"""The schema on every back-end: created whole, idempotent, constraints enforced by the database,
migrations that keep data, and the library's transaction helper leaving nothing behind."""
import pytest

from mes.core import errors, ids
from mes.persistence import db, mapping, schema, tables

LATEST = schema.MIGRATIONS[-1].version


def columns_of(table_name):
    """Column labels of a table as the database reports them (works on every dialect)."""
    rows = db.reader().query("SELECT * FROM %s WHERE 1 = 0" % table_name)
    return sorted(c.lower() for c in rows.getColumnNames())


def schema_fingerprint():
    return dict((t.name, columns_of(t.name)) for t in tables.ALL)


def make_unit(session, name="each", symbol="ea"):
    unit_id = ids.new_id()
    mapping.insert(session, tables.UNITS_OF_MEASURE, {"id": unit_id, "name": name, "symbol": symbol})
    return unit_id


def make_material(session, unit_id, path="Bottle"):
    material_id = ids.new_id()
    mapping.insert(session, tables.MATERIALS, {"id": material_id, "name": path, "path": path,
                                               "unit_of_measure_id": unit_id})
    return material_id


def make_lot(session, material_id, unit_id, name="L1"):
    lot_id = ids.new_id()
    mapping.insert(session, tables.INVENTORY_LOTS, {"id": lot_id, "name": name, "material_id": material_id,
                                                    "unit_of_measure_id": unit_id})
    return lot_id


def test_whole_schema_is_created_with_every_described_column(empty_system):
    assert empty_system.mes.setup.ensureSchema() == [m.version for m in schema.MIGRATIONS]
    for table in tables.ALL:
        assert columns_of(table.name) == sorted(c.name for c in table.columns), table.name
    assert empty_system.mes.setup.getSchemaVersion() == LATEST


def test_creating_the_schema_again_changes_nothing(system):
    before = schema_fingerprint()
    system.db.stats.reset()
    assert system.mes.setup.ensureSchema() == []
    # The second run only checks the version table: no DDL, no transaction.
    assert system.db.stats.snapshot()["statements"] == 2
    assert system.db.stats.snapshot()["transactions_begun"] == 0
    assert schema_fingerprint() == before
    rows = db.reader().query("SELECT version FROM %s" % tables.SCHEMA_VERSION)
    assert [r["version"] for r in rows] == [m.version for m in schema.MIGRATIONS]


def test_lot_name_is_unique_per_material_in_the_database(system):
    with db.transaction() as session:
        unit = make_unit(session)
        bottle = make_material(session, unit, "Bottle")
        cap = make_material(session, unit, "Cap")
        make_lot(session, bottle, unit, "L1")
        make_lot(session, cap, unit, "L1")  # same name, other material: allowed
    with pytest.raises(errors.ConflictError):
        with db.transaction() as session:
            make_lot(session, bottle, unit, "L1")
    count = db.reader().scalar("SELECT COUNT(*) FROM inventory_lots WHERE name = ?", ["L1"])
    assert int(count) == 2


def test_one_inventory_row_per_location_and_lot_in_the_database(system):
    with db.transaction() as session:
        unit = make_unit(session)
        lot = make_lot(session, make_material(session, unit), unit)
        location = ids.new_id()
        mapping.insert(session, tables.LOCATIONS, {"id": location, "name": "Dock", "path": "Dock"})
        mapping.insert(session, tables.INVENTORY, {"id": ids.new_id(), "location_id": location,
                                                   "inventory_lot_id": lot, "quantity": 5})
    with pytest.raises(errors.ConflictError):
        with db.transaction() as session:
            mapping.insert(session, tables.INVENTORY, {"id": ids.new_id(), "location_id": location,
                                                       "inventory_lot_id": lot, "quantity": 1})
    assert int(db.reader().scalar("SELECT COUNT(*) FROM inventory")) == 1


def test_references_are_enforced_by_the_database(system):
    with pytest.raises(errors.InUseError):
        with db.transaction() as session:
            unit = make_unit(session)
            make_lot(session, ids.new_id(), unit)  # no such material
    assert int(db.reader().scalar("SELECT COUNT(*) FROM unit_of_measure")) == 0


def test_failed_writing_block_leaves_nothing_and_closes_its_transaction(system):
    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        with db.transaction() as session:
            make_unit(session)
            raise Boom()
    assert int(db.reader().scalar("SELECT COUNT(*) FROM unit_of_measure")) == 0
    stats = system.db.stats.snapshot()
    assert stats["rollbacks"] >= 1
    assert system.db.open_transaction_ids() == []


def test_values_come_back_as_plain_python_values(system):
    with db.transaction() as session:
        unit = make_unit(session)
        lot = make_lot(session, make_material(session, unit), unit)
        mapping.update_by_id(session, tables.INVENTORY_LOTS, lot, {
            "total_quantity": 1234.125, "expiration_date": "2025-03-14T09:26:53.589Z", "enabled": False})
    values = mapping.select_by_id(db.reader(), tables.INVENTORY_LOTS, lot)
    assert values["total_quantity"] == 1234.125
    assert values["expiration_date"] == "2025-03-14T09:26:53.589Z"
    assert values["enabled"] is False
    assert values["status"] == "OPEN"  # the column default
    obj = mapping.to_object(tables.INVENTORY_LOTS, values)
    assert obj.totalQuantity == 1234.125 and obj.materialId and obj.unitOfMeasureId == unit


def test_a_later_migration_runs_once_and_keeps_existing_data(system):
    with db.transaction() as session:
        make_unit(session, "kilogram", "kg")
    extra = schema.Migration(LATEST + 1, "test: add a column", lambda dialect: [
        "ALTER TABLE unit_of_measure ADD COLUMN test_extra VARCHAR(20)",
        "UPDATE unit_of_measure SET test_extra = symbol"])
    migrations = schema.MIGRATIONS + [extra]
    assert schema.ensure_schema(migrations=migrations) == [LATEST + 1]
    assert schema.ensure_schema(migrations=migrations) == []
    rows = db.reader().query("SELECT name, test_extra FROM unit_of_measure")
    assert [(r["name"], r["test_extra"]) for r in rows] == [("kilogram", "kg")]
    assert schema.current_version() == LATEST + 1


def test_a_failing_migration_is_not_recorded(system):
    broken = schema.Migration(LATEST + 1, "test: broken", lambda dialect: ["ALTER TABLE no_such_table ADD x INT"])
    with pytest.raises(errors.DatabaseError) as caught:
        schema.ensure_schema(migrations=schema.MIGRATIONS + [broken])
    assert "no_such_table" in str(caught.value)
    assert schema.current_version() == LATEST
