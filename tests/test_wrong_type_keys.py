"""A value of the wrong type given as an id, name or path (False, a number, a list, a dict, an
object) is refused by the library before any SQL, with the same ValidationError on every database
(docs/rules.md#objects-ids-and-dates). Found by the reliability fuzzer (tests/reliability/test_fuzz.py),
where each of these calls used to reach the database and fail there (a raw DatabaseError on one
dialect, a loose comparison on another)."""
import pytest

from mes.core import errors
from mes.persistence import db
from mes.services.units import UNIT

import inventory_fixtures as fx

WRONG_VALUES = [False, 5, ["L1"], {"id": "L1"}, object()]
WRONG_IDS = ["False", "5", "list", "dict", "object"]


@pytest.fixture
def plant(system):
    each = fx.make_unit("Each", "ea")
    milk = fx.make_material("Bottle/Milk", unit=each, erp_id="ERP-1")
    line = fx.make_location("Plant/Line")
    lot = fx.make_lot("L1", milk)
    fx.make_inventory(lot, line, 3.0)
    return system.mes


# (what is called, the argument the error names, what it expects)
CALLS = [
    (lambda m, v: m.inventory.getLot(v), "id", "an id"),
    (lambda m, v: m.inventory.getLotByIdOrNameAndMaterial(v), "lotIdOrName", "an id or a name"),
    (lambda m, v: m.inventory.getInventoryByLotAndLocation(v, None, "Plant/Line"), "lotIdOrName", "an id or a name"),
    (lambda m, v: m.inventory.getInventoryLotReferences(v), "id", "an id"),
    (lambda m, v: m.inventory.getInventoryLotRecordReferences(v), "id", "an id"),
    (lambda m, v: m.inventory.setInventoryMetadata(v, notes="x"), "inventoryId", "an id"),
    (lambda m, v: m.inventory.getLotHistory(**dict(m.inventory.newLotHistoryRequest(), lotId=v)), "lotId",
     "an id or a name"),
    (lambda m, v: m.trackandtrace.getLotExposure(v), "lotIdOrName", "an id or a name"),
    (lambda m, v: m.material.getMaterialByErpId(v), "erpId", "an ERP id"),
    (lambda m, v: m.material.getMaterial(v), "materialIdOrPath", "an id or a path"),
    (lambda m, v: m.location.getLocation(v), "locationIdOrPath", "an id or a path"),
    (lambda m, v: m.unitOfMeasure.getUnitOfMeasureOrCreateNew(v, "ea"), "name", "a unit name"),
]
CALL_IDS = ["getLot", "getLotByIdOrNameAndMaterial", "getInventoryByLotAndLocation", "getInventoryLotReferences",
            "getInventoryLotRecordReferences", "setInventoryMetadata", "getLotHistory", "getLotExposure",
            "getMaterialByErpId", "getMaterial", "getLocation", "getUnitOfMeasureOrCreateNew"]


@pytest.mark.parametrize("value", WRONG_VALUES, ids=WRONG_IDS)
@pytest.mark.parametrize("call,argument,expected", CALLS, ids=CALL_IDS)
def test_a_wrong_type_key_is_a_validation_error_before_any_sql(system, plant, call, argument, expected, value):
    before = system.db.stats.snapshot()["statements"]
    with pytest.raises(errors.ValidationError) as raised:
        call(plant, value)
    assert str(raised.value).startswith("%s must be text (%s); got " % (argument, expected))
    assert raised.value.errors == {argument: [str(raised.value)]}
    assert system.db.stats.snapshot()["statements"] == before  # refused before any SQL
    assert system.db.open_transaction_ids() == []


@pytest.mark.parametrize("value", WRONG_VALUES, ids=WRONG_IDS)
def test_a_wrong_type_partner_name_is_reported_by_validate_and_refused_by_save(system, plant, value):
    """A name or path given for a reference (sourceLocationPath) is checked like an argument."""
    operation = dict(plant.inventory.operation.newInventoryOperation(), name="Consume milk",
                     sourceLocationPath=value)
    problems = plant.inventory.operation.validateInventoryOperation(**operation)
    assert problems["sourceLocationPath"] == ["sourceLocationPath must be text (a path); got %r" % (value,)]
    with pytest.raises(errors.ValidationError) as raised:
        plant.inventory.operation.saveInventoryOperation(**operation)
    assert "sourceLocationPath must be text (a path)" in str(raised.value)
    assert plant.inventory.operation.getAllInventoryOperations() == []


def test_a_wrong_type_sort_field_is_a_validation_error(system, plant):
    request = dict(plant.query.newQueryRequest(), sortFields=5)
    with pytest.raises(errors.ValidationError) as raised:
        plant.inventory.findLots(**request)
    assert raised.value.errors == {"sortFields": ["sortFields must be a list of field names (or one name), not 5"]}


def test_an_empty_list_of_values_matches_nothing(system, plant):
    """A list means any of its values; an empty one is no SQL error but matches nothing."""
    with pytest.raises(errors.ValidationError):  # a list is not one unit name
        plant.unitOfMeasure.getUnitOfMeasureOrCreateNew([], "ea")
    assert UNIT.query(db.reader(), name=[]) == []
    assert [u["name"] for u in UNIT.query(db.reader(), name=["Each"])] == ["Each"]
