"""Input limits and quantity precision (docs/limits.md): the same clear ValidationError on every
database, before anything is written."""
import pytest

from mes.core import errors, limits
from mes.persistence import tables


import plant_fixtures

FOUR_BYTES = u"\U0001F95B"  # a glass of milk: 4 bytes in utf8mb4, the worst case for MariaDB's TEXT

# (namespace, validate function, table): every entity a caller validates and saves.
VALIDATED = [
    ("location", "validateLocation", tables.LOCATIONS),
    ("material", "validateMaterial", tables.MATERIALS),
    ("material", "validateMaterialClass", tables.MATERIAL_CLASSES),
    ("material", "validateMaterialReasonCode", tables.MATERIAL_REASON_CODES),
    ("unitOfMeasure", "validateUnitOfMeasure", tables.UNITS_OF_MEASURE),
    ("unitOfMeasure", "validateUnitOfMeasureConversion", tables.UNIT_CONVERSIONS),
    ("operation", "validateOperation", tables.OPERATIONS),
    ("productionOrder", "validateProductionOrder", tables.PRODUCTION_ORDERS),
    ("inventory", "validateLot", tables.INVENTORY_LOTS),
    ("inventory", "validateInventoryLotRecord", tables.INVENTORY_LOT_RECORDS),
    ("inventory.operation", "validateInventoryOperation", tables.INVENTORY_OPERATIONS),
]


def _function(system, namespace, name):
    module = system.mes
    for part in namespace.split("."):
        module = getattr(module, part)
    return getattr(module, name)


def _text_columns(table):
    """Text columns a caller gives (audit columns and derived paths are the library's)."""
    return [c for c in table.columns if c.public and c.kind in ("text", "longtext")
            and c.key not in ("createdBy", "modifiedBy", "path")]


@pytest.fixture
def plant(system):
    return plant_fixtures.LedgerPlant(system)


@pytest.mark.parametrize("namespace,name,table", VALIDATED, ids=[v[1] for v in VALIDATED])
def test_every_text_field_one_over_its_limit_is_named_with_the_limit(system, namespace, name, table):
    validate = _function(system, namespace, name)
    checked = 0
    for column in _text_columns(table):
        problems = validate(**{column.key: "x" * (column.max_length + 1)})
        assert column.key in problems, column.key
        assert "at most %d" % column.max_length in " ".join(problems[column.key]), column.key
        checked += 1
    assert checked >= 4  # notes and three spares at least


@pytest.mark.parametrize("namespace,name,table", VALIDATED, ids=[v[1] for v in VALIDATED])
def test_a_nul_character_is_refused_in_every_text_field(system, namespace, name, table):
    validate = _function(system, namespace, name)
    for column in _text_columns(table):
        problems = validate(**{column.key: u"ab\x00c"})
        assert "NUL" in " ".join(problems.get(column.key, [])), column.key


def test_text_at_its_limit_round_trips_on_every_database(system):
    api = system.mes.location
    new = api.newLocation()
    new.update(name=FOUR_BYTES * limits.NAME, description=FOUR_BYTES * 500, notes=FOUR_BYTES * limits.LONGTEXT,
               spare1="s" * limits.LONGTEXT)
    saved = api.saveLocation(**new)
    found = api.getLocation(saved.id)
    assert (found.name, found.description, found.notes, found.spare1) == (
        new["name"], new["description"], new["notes"], new["spare1"])


def test_notes_one_over_the_limit_are_refused_by_save_and_nothing_is_written(system):
    api = system.mes.location
    new = api.newLocation()
    new.update(name="Dairy", notes="n" * (limits.LONGTEXT + 1))
    with pytest.raises(errors.ValidationError) as caught:
        api.saveLocation(**new)
    assert "notes" in caught.value.errors and "at most %d" % limits.LONGTEXT in str(caught.value)
    assert api.getAllLocations() == []


def _location_chain(system, *names):
    api, parent = system.mes.location, None
    for name in names:
        new = api.newLocation()
        new.update(name=name, parentId=parent.id if parent else None)
        parent = api.saveLocation(**new)
    return parent


def test_a_location_path_over_the_limit_is_refused_on_save(system):
    parent = _location_chain(system, "a" * 255, "b" * 255)
    new = system.mes.location.newLocation()
    new.update(name="c" * 200, parentId=parent.id)  # 255 + 1 + 255 + 1 + 200 = 712
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.location.saveLocation(**new)
    assert "712 characters" in str(caught.value) and "at most %d" % limits.PATH in str(caught.value)
    assert len(system.mes.location.getAllLocations()) == 2


def test_renaming_an_ancestor_may_not_push_a_path_below_it_over_the_limit(system):
    leaf = _location_chain(system, "A", "b" * 255, "c" * 255)  # 513 characters
    top = system.mes.location.getLocation("A")
    renamed = dict(top, name="A" * 200)  # the leaf would be 712
    problems = system.mes.location.validateLocation(**renamed)
    assert "712 characters" in " ".join(problems["name"])
    with pytest.raises(errors.ValidationError):
        system.mes.location.saveLocation(**renamed)
    assert system.mes.location.getLocation(leaf.id).path == leaf.path


def test_renaming_a_material_class_may_not_push_a_material_path_over_the_limit(system, plant):
    api = system.mes.material
    deep = api.newMaterialClass()
    deep.update(name="d" * 255, parentId=api.getMaterialClass("Bottle").id)
    deep = api.saveMaterialClass(**deep)
    material = plant.material("Bottle/%s/%s" % (deep.name, "m" * 255), plant.ea)  # 6 + 1 + 255 + 1 + 255 = 518
    problems = api.validateMaterialClass(**dict(api.getMaterialClass("Bottle"), name="B" * 190))
    assert "material path below it 702 characters" in " ".join(problems["name"])
    assert api.getMaterial(material.id).path == material.path


def test_a_lot_name_over_the_limit_through_create_if_not_exists_is_refused(system, plant):
    request = plant.request("Receive", materialIdOrPath="Bottle/Milk", destinationLocationIdOrPath="Plant/Multi",
                            quantity=1, lotIdOrName="L" * (limits.NAME + 1), createIfNotExists=True)
    problems = system.mes.inventory.validateReceiveRequest(**request)
    assert "at most %d" % limits.NAME in " ".join(problems["lotIdOrName"])
    with pytest.raises(errors.ValidationError):
        system.mes.inventory.receive(**request)
    assert system.mes.inventory.getAllLots() == []


@pytest.mark.parametrize("key,limit", [("inventoryName", limits.NAME), ("notes", limits.LONGTEXT),
                                       ("spare3", limits.LONGTEXT)])
def test_request_text_over_its_limit_is_refused_before_writing(system, plant, key, limit):
    request = plant.request("Receive", materialIdOrPath="Bottle/Milk", destinationLocationIdOrPath="Plant/Multi",
                            quantity=1, lotIdOrName="L1", createIfNotExists=True)
    request[key] = "x" * (limit + 1)
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.inventory.receive(**request)
    assert key in caught.value.errors and "at most %d" % limit in str(caught.value)
    assert system.mes.inventory.getAllLots() == [] and system.mes.inventory.getAllInventory() == []


@pytest.mark.parametrize("quantity,expected", [(1e16, "out of range"), (-1e16, "out of range"),
                                               (1e-9, "rounds to zero"), ("1e17", "out of range")])
def test_quantities_out_of_range_or_rounding_to_zero_are_refused(system, plant, quantity, expected):
    request = plant.request("Receive", materialIdOrPath="Bottle/Milk", destinationLocationIdOrPath="Plant/Multi",
                            quantity=quantity, lotIdOrName="L1", createIfNotExists=True)
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.inventory.receive(**request)
    assert "quantity" in caught.value.errors and expected in str(caught.value)
    assert system.mes.inventory.getAllLots() == []


def test_quantities_are_rounded_half_even_to_8_decimals_on_every_database(system, plant):
    lot = plant.lot("L1")
    for quantity in (1.23456789012e-05, 0.000000125, 0.000000135):
        system.mes.inventory.receive(**plant.request(
            "Receive", materialIdOrPath="Bottle/Milk", destinationLocationIdOrPath="Plant/Multi",
            quantity=quantity, lotIdOrName="L1"))
    stored = sorted(r["quantity"] for r in plant.records())
    assert stored == [0.00000012, 0.00000014, 0.00001235]
    assert plant.balance(lot, plant.multi) == pytest.approx(0.00001261, abs=1e-12)


def test_a_capacity_out_of_range_is_refused(system):
    new = system.mes.location.newLocation()
    new.update(name="Silo", storageCapacity=1e16)
    problems = system.mes.location.validateLocation(**new)
    assert "out of range" in " ".join(problems["storageCapacity"])


def test_the_runtime_refuses_an_inventory_name_over_the_limit_and_a_quantity_out_of_range(system):
    plant = plant_fixtures.RuntimePlant(system)
    op = plant.op("Receive milk", operationType="RECEIVE", destinationLocationId=plant.line["id"])
    plant.lot("L1")
    run = system.mes.inventory.operation
    with pytest.raises(errors.ValidationError) as caught:
        run.executeInventoryOperation(op["id"], "L1", 5, inventoryName="n" * (limits.NAME + 1))
    assert "inventoryName" in caught.value.errors
    with pytest.raises(errors.ValidationError) as caught:
        run.executeInventoryOperation(op["id"], "L1", 1e16)
    assert "out of range" in str(caught.value)
    assert system.mes.inventory.getAllInventory() == []


@pytest.mark.parametrize("expression,expected", [("1.123456785", 1.12345678), ("2.5", 2.5)])
def test_a_quantity_from_an_expression_is_rounded_like_any_other(system, expression, expected):
    plant = plant_fixtures.RuntimePlant(system)
    op = plant.op("Receive milk", operationType="RECEIVE", destinationLocationId=plant.line["id"],
                  quantitySource="EXPRESSION", quantityCalcType="DIRECT", quantityExpression=expression)
    plant.lot("L1")
    record = system.mes.inventory.operation.executeInventoryOperation(op["id"], "L1")
    assert record.quantity == expected and plant.records(op)[0]["quantity"] == expected


def test_a_quantity_from_an_expression_that_rounds_to_zero_is_refused(system):
    plant = plant_fixtures.RuntimePlant(system)
    op = plant.op("Receive milk", operationType="RECEIVE", destinationLocationId=plant.line["id"],
                  quantitySource="EXPRESSION", quantityCalcType="DIRECT", quantityExpression="0.000000001")
    plant.lot("L1")
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.inventory.operation.executeInventoryOperation(op["id"], "L1")
    assert "rounds to zero" in str(caught.value)
    assert plant.records(op) == []
