"""Resolution at start (docs/rules.md#inventory-operation-runtime): material, primary and secondary lots,
inventory name. Every failure is one clear error and leaves the operation exactly as it was: status
unchanged, no record, no lot, no inventory change."""
import uuid

import pytest

from mes.core import errors
from mes.persistence import tables

import inventory_fixtures as fx
import plant_fixtures as rf

pytestmark = pytest.mark.usefixtures("audited")

LOT_TAG = "[default]Line1/LotCode"
MATERIAL_TAG = "[default]Line1/Material"
NAME_TAG = "[default]Line1/Pallet"


@pytest.fixture
def plant(system):
    system.tag.create_tag(LOT_TAG, "B-7", data_type="String")
    system.tag.create_tag(MATERIAL_TAG, "Bottle/Milk", data_type="String")
    system.tag.create_tag(NAME_TAG, "PAL-1", data_type="String")
    return rf.RuntimePlant(system)


def produce(plant, **fields):
    fields.setdefault("operationType", "PRODUCE")
    fields.setdefault("destinationLocationId", plant.line["id"])
    return plant.op("Produce", **fields)


def consume_from_location(plant, location=None):
    return plant.op("Consume", operationType="CONSUME", sourceLocationId=(location or plant.line)["id"],
                    primaryLotResolutionStrategy="FROM_LOCATION")


def refuses(plant, op, call, error=errors.ValidationError, field=None, words=()):
    """`call` fails with `error` (naming `field`), and nothing changed."""
    before, status = plant.snapshot(), plant.status(op)
    with pytest.raises(error) as failed:
        call()
    if field is not None:
        assert field in failed.value.errors, failed.value.errors
    for word in words:
        assert word in str(failed.value), (word, str(failed.value))
    assert plant.snapshot() == before
    assert plant.status(op) == status
    return failed.value


def lot_of(plant, record):
    return plant.mes.inventory.getLot(record["inventoryLotId"])


# -- primary lot ---------------------------------------------------------------------------------

def test_a_lot_given_in_the_call_wins_over_the_strategy(plant):
    plant.lot("GIVEN")
    for strategy in ("AUTO_GENERATE", "EXPRESSION", "MANUAL"):
        op = produce(plant, primaryLotResolutionStrategy=strategy, primaryLotCodeExpression="{%s}" % LOT_TAG)
        lots_before = plant.lot_names()
        record = plant.run.startInventoryOperation(op["id"], "GIVEN")
        assert lot_of(plant, record)["name"] == "GIVEN"
        assert plant.lot_names() == lots_before
        plant.run.stopInventoryOperation(op["id"], 1)


def test_a_lot_can_be_given_by_id(plant):
    lot = plant.lot("BYID")
    op = produce(plant)
    assert plant.run.startInventoryOperation(op["id"], lot["id"])["inventoryLotId"] == lot["id"]


def test_auto_generate_creates_a_uuid_named_lot_of_the_material_each_start(plant):
    op = produce(plant, primaryLotResolutionStrategy="AUTO_GENERATE")
    first = lot_of(plant, plant.run.startInventoryOperation(op["id"], None))
    plant.run.stopInventoryOperation(op["id"], 3)
    second = lot_of(plant, plant.run.executeInventoryOperation(op["id"], None, 2))
    for lot in (first, second):
        uuid.UUID(lot["name"])  # a UUID
        assert lot["materialId"] == plant.milk["id"] and lot["status"] == "OPEN"
    assert first["name"] != second["name"]
    assert (plant.balance(first, plant.line), plant.balance(second, plant.line)) == (3, 2)


def test_manual_without_a_lot_fails(plant):
    op = produce(plant, primaryLotResolutionStrategy="MANUAL")
    refuses(plant, op, lambda: plant.run.startInventoryOperation(op["id"], None), field="primaryLotIdOrName")
    refuses(plant, op, lambda: plant.run.executeInventoryOperation(op["id"], None, 1), field="primaryLotIdOrName")


@pytest.mark.parametrize("call", ["start", "execute"])
def test_a_missing_lot_without_create_lot_if_not_found_fails_and_changes_nothing(plant, call):
    op = produce(plant, primaryLotResolutionStrategy="MANUAL", createLotIfNotFound=False)
    run = (lambda: plant.run.startInventoryOperation(op["id"], "NOPE")) if call == "start" else (
        lambda: plant.run.executeInventoryOperation(op["id"], "NOPE", 1))
    refuses(plant, op, run, field="primaryLotIdOrName", words=("NOPE", "createLotIfNotFound"))
    assert "NOPE" not in plant.lot_names()


def test_a_missing_lot_fails_from_every_state_a_start_is_allowed_from(plant):
    op = produce(plant, primaryLotResolutionStrategy="MANUAL")
    plant.lot("OK")
    plant.run.startInventoryOperation(op["id"], "OK")
    plant.run.cancelInventoryOperation(op["id"])
    refuses(plant, op, lambda: plant.run.startInventoryOperation(op["id"], "NOPE"))
    assert plant.status(op) == "CANCELLED"


def test_create_lot_if_not_found_creates_the_named_lot(plant):
    op = produce(plant, primaryLotResolutionStrategy="MANUAL", createLotIfNotFound=True)
    record = plant.run.startInventoryOperation(op["id"], "NEW-1")
    lot = lot_of(plant, record)
    assert (lot["name"], lot["materialId"], lot["unitOfMeasureId"]) == ("NEW-1", plant.milk["id"], plant.ea["id"])
    plant.run.stopInventoryOperation(op["id"], 5)
    assert plant.balance(lot, plant.line) == 5 and plant.total(lot) == 5


def test_expression_lot_code_finds_or_creates_the_lot(plant, system):
    op = produce(plant, primaryLotResolutionStrategy="EXPRESSION", primaryLotCodeExpression="{%s}" % LOT_TAG,
                 createLotIfNotFound=True)
    existing = plant.lot("B-7")
    assert plant.run.startInventoryOperation(op["id"], None)["inventoryLotId"] == existing["id"]
    plant.run.stopInventoryOperation(op["id"], 1)
    system.tag.writeBlocking([LOT_TAG], ["B-8"])
    assert lot_of(plant, plant.run.executeInventoryOperation(op["id"], None, 1))["name"] == "B-8"


def test_expression_lot_code_of_a_missing_lot_without_create_fails(plant, system):
    op = produce(plant, primaryLotResolutionStrategy="EXPRESSION", primaryLotCodeExpression="{%s}" % LOT_TAG)
    refuses(plant, op, lambda: plant.run.startInventoryOperation(op["id"], None), field="primaryLotIdOrName",
            words=("B-7",))


def test_expression_lot_code_with_a_bad_quality_tag_fails(plant, system):
    op = produce(plant, primaryLotResolutionStrategy="EXPRESSION", primaryLotCodeExpression="{%s}" % LOT_TAG,
                 createLotIfNotFound=True)
    system.tag.set_quality(LOT_TAG, "Bad_Stale")
    refuses(plant, op, lambda: plant.run.startInventoryOperation(op["id"], None), field="primaryLotCodeExpression")


def _stock_two(plant, location=None):
    location = location or plant.line
    first, second = plant.lot("FIRST"), plant.lot("SECOND")
    plant.stock(first, location, 5)
    plant.clock_advance(1000)
    plant.stock(second, location, 5)
    return first, second


@pytest.fixture
def timed(plant, clock):
    plant.clock_advance = clock.advance
    return plant


def test_from_location_takes_the_first_stocked_lot_fifo(timed):
    plant = timed
    first, _ = _stock_two(plant)
    op = consume_from_location(plant)
    assert plant.run.startInventoryOperation(op["id"], None)["inventoryLotId"] == first["id"]
    plant.run.stopInventoryOperation(op["id"], 5)
    # FIRST is empty now: the next one takes SECOND.
    assert plant.run.executeInventoryOperation(op["id"], None, 1)["inventoryLotId"] != first["id"]


def test_from_location_follows_the_location_s_lifo(timed):
    plant = timed
    lifo = plant.location("Plant/Lifo", lotUseStrategy="LIFO")
    _, second = _stock_two(plant, lifo)
    op = consume_from_location(plant, lifo)
    assert plant.run.executeInventoryOperation(op["id"], None, 1)["inventoryLotId"] == second["id"]


def test_from_location_ignores_other_materials(timed):
    plant = timed
    plant.stock(plant.lot("CAP", plant.lid), plant.line, 5)
    op = consume_from_location(plant)
    refuses(plant, op, lambda: plant.run.startInventoryOperation(op["id"], None))


@pytest.mark.parametrize("call", ["start", "execute"])
def test_from_location_at_an_empty_location_fails_and_changes_nothing(timed, call):
    plant = timed
    op = consume_from_location(plant, plant.empty)
    run = (lambda: plant.run.startInventoryOperation(op["id"], None)) if call == "start" else (
        lambda: plant.run.executeInventoryOperation(op["id"], None, 1))
    refuses(plant, op, run, field="primaryLotResolutionStrategy", words=("Plant/Empty", "Bottle/Milk"))


# -- material -------------------------------------------------------------------------------------

def test_expression_material_resolves_a_path(plant):
    plant.lot("M1", plant.lid)
    op = produce(plant, materialSource="EXPRESSION", materialExpression="{%s}" % MATERIAL_TAG, materialId=None,
                 createLotIfNotFound=True)
    record = plant.run.executeInventoryOperation(op["id"], "M1", 1)
    assert lot_of(plant, record)["materialId"] == plant.milk["id"]  # a new M1 of milk, not the lid lot


@pytest.mark.parametrize("call", ["start", "execute"])
def test_an_expression_that_yields_an_unknown_material_fails_and_changes_nothing(plant, system, call):
    system.tag.writeBlocking([MATERIAL_TAG], ["Nope/Nothing"])
    op = produce(plant, materialSource="EXPRESSION", materialExpression="{%s}" % MATERIAL_TAG, materialId=None,
                 createLotIfNotFound=True, primaryLotResolutionStrategy="AUTO_GENERATE")
    run = (lambda: plant.run.startInventoryOperation(op["id"], None)) if call == "start" else (
        lambda: plant.run.executeInventoryOperation(op["id"], None, 1))
    refuses(plant, op, run, field="materialExpression", words=("Nope/Nothing",))


def test_manual_material_comes_from_the_call(plant):
    op = produce(plant, materialSource="MANUAL", materialId=None, createLotIfNotFound=True)
    record = plant.run.executeInventoryOperation(op["id"], "C1", 1, None, "Caps/Lid")
    assert lot_of(plant, record)["materialId"] == plant.lid["id"]
    refuses(plant, op, lambda: plant.run.executeInventoryOperation(op["id"], "C2", 1), field="materialIdOrPath")


def test_a_lot_of_another_material_is_not_the_operation_s_lot(plant):
    plant.lot("CAPLOT", plant.lid)
    op = produce(plant)
    refuses(plant, op, lambda: plant.run.startInventoryOperation(op["id"], "CAPLOT"), field="primaryLotIdOrName")


# -- secondary lot ----------------------------------------------------------------------------------

def test_no_secondary_lot_when_neither_given_nor_configured(plant):
    plant.lot("P1")
    op = produce(plant)
    lots_before = plant.lot_names()
    assert plant.run.executeInventoryOperation(op["id"], "P1", 1)["secondaryInventoryLotId"] is None
    assert plant.lot_names() == lots_before


def test_secondary_material_configured_resolves_the_secondary_lot_by_its_strategy(plant):
    plant.lot("P1")
    op = produce(plant, secondaryMaterialId=plant.lid["id"], secondaryLotResolutionStrategy="AUTO_GENERATE")
    record = plant.run.executeInventoryOperation(op["id"], "P1", 1)
    secondary = plant.mes.inventory.getLot(record["secondaryInventoryLotId"])
    assert secondary["materialId"] == plant.lid["id"]
    uuid.UUID(secondary["name"])
    assert plant.balance(secondary, plant.line) is None and plant.total(secondary) == 0  # genealogy only


def test_secondary_lot_by_expression_and_given(plant, system):
    plant.lot("P1")
    cap = plant.lot("B-7", plant.lid)
    op = produce(plant, secondaryMaterialId=plant.lid["id"], secondaryLotResolutionStrategy="EXPRESSION",
                 secondaryLotCodeExpression="{%s}" % LOT_TAG)
    assert plant.run.executeInventoryOperation(op["id"], "P1", 1)["secondaryInventoryLotId"] == cap["id"]
    other = plant.lot("OTHER", plant.lid)
    assert plant.run.executeInventoryOperation(op["id"], "P1", 1, "OTHER")["secondaryInventoryLotId"] == other["id"]


def test_a_missing_secondary_lot_fails_unless_create_lot_if_not_found(plant):
    plant.lot("P1")
    op = produce(plant, secondaryMaterialId=plant.lid["id"], secondaryLotResolutionStrategy="MANUAL")
    refuses(plant, op, lambda: plant.run.startInventoryOperation(op["id"], "P1", "NOSEC"),
            field="secondaryLotIdOrName", words=("NOSEC",))
    refuses(plant, op, lambda: plant.run.startInventoryOperation(op["id"], "P1", None), field="secondaryLotIdOrName")
    creating = produce(plant, secondaryMaterialId=plant.lid["id"], secondaryLotResolutionStrategy="MANUAL",
                       createLotIfNotFound=True)
    record = plant.run.executeInventoryOperation(creating["id"], "P1", 1, "NOSEC")
    assert plant.mes.inventory.getLot(record["secondaryInventoryLotId"])["materialId"] == plant.lid["id"]


# -- inventory name -----------------------------------------------------------------------------------

def _row_name(plant, record):
    for row in fx.rows(tables.INVENTORY):
        if row["inventory_lot_id"] == record["inventoryLotId"] and row["location_id"] == plant.line["id"]:
            return row["name"]
    raise AssertionError("no inventory row")


@pytest.mark.parametrize("strategy,fields,argument,expected", [
    ("STATIC", {"inventoryName": "STATIC-1"}, None, "STATIC-1"),
    ("EXPRESSION", {"inventoryNameExpression": "{%s}" % NAME_TAG}, None, "PAL-1"),
    ("MANUAL", {}, "ARG-1", "ARG-1"),
    ("STATIC", {"inventoryName": "STATIC-1"}, "ARG-2", "ARG-2"),
])
def test_inventory_name_is_written_on_the_inventory_row(plant, strategy, fields, argument, expected):
    plant.lot("P1")
    op = produce(plant, inventoryNameResolutionStrategy=strategy, **fields)
    record = plant.run.executeInventoryOperation(op["id"], "P1", 1, None, None, argument)
    assert _row_name(plant, record) == expected


def test_auto_generated_inventory_name_is_a_uuid(plant):
    plant.lot("P1")
    op = produce(plant, inventoryNameResolutionStrategy="AUTO_GENERATE")
    uuid.UUID(_row_name(plant, plant.run.executeInventoryOperation(op["id"], "P1", 1)))


def test_the_stop_s_inventory_name_wins(plant):
    plant.lot("P1")
    op = produce(plant, inventoryNameResolutionStrategy="STATIC", inventoryName="STATIC-1")
    plant.run.startInventoryOperation(op["id"], "P1")
    assert _row_name(plant, plant.run.stopInventoryOperation(op["id"], 1, "AT-STOP")) == "AT-STOP"


@pytest.mark.parametrize("strategy,fields,argument,expected", [
    ("STATIC", {"inventoryName": "STATIC-1"}, None, "STATIC-1"),
    ("MANUAL", {}, "ARG-1", "ARG-1"),
    ("EXPRESSION", {"inventoryNameExpression": "{%s}" % NAME_TAG}, None, "PAL-1"),
])
def test_the_inventory_name_resolved_at_start_is_written_at_stop(plant, strategy, fields, argument, expected):
    # The inventory name is resolved at start; inventory moves at stop, onto a row with that name.
    plant.lot("P1")
    op = produce(plant, inventoryNameResolutionStrategy=strategy, **fields)
    plant.run.startInventoryOperation(op["id"], "P1", None, None, argument)
    assert _row_name(plant, plant.run.stopInventoryOperation(op["id"], 1)) == expected
