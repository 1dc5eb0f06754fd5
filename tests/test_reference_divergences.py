"""The divergences from the reference that issue #17 found, mended: an inventory operation's notes on
the inventory rows it writes (docs/rules.md#inventory-operation-runtime), RECEIVE_AND_CONSUME without a
secondary material, the documented keyword names of startOperation / stopOperation / pauseOperation,
and one scrap-all request shape under both spellings (docs/rules.md#surface-and-names)."""
import pytest

from mes.core import errors

from plant_fixtures import LedgerPlant, RuntimePlant, millis

pytestmark = pytest.mark.usefixtures("audited")


@pytest.fixture
def plant(system):
    return RuntimePlant(system)


# -- notes --------------------------------------------------------------------------------------------

def test_notes_go_on_the_records_and_on_the_rows_an_increase_creates(plant):
    op = plant.op("Receive", operationType="RECEIVE", destinationLocationId=plant.dock["id"],
                  primaryLotResolutionStrategy="AUTO_GENERATE", notes="supplier GF-7781, pallet 4")
    record = plant.run.executeInventoryOperation(op["id"], quantity=12)
    assert plant.record(record["id"])["notes"] == "supplier GF-7781, pallet 4"
    assert plant.inventory_row(record["inventoryLotId"], plant.dock)["notes"] == "supplier GF-7781, pallet 4"


def test_notes_go_on_the_row_a_decrease_changes_at_stop(plant):
    lot = plant.lot("L1")
    plant.stock(lot, plant.line, 10)
    assert plant.inventory_row(lot, plant.line)["notes"] is None
    op = plant.op("Feed", operationType="CONSUME", sourceLocationId=plant.line["id"], notes="line 1 feed")
    plant.run.startInventoryOperation(op["id"], "L1")
    assert plant.inventory_row(lot, plant.line)["notes"] is None  # a start moves nothing yet
    record = plant.run.stopInventoryOperation(op["id"], 4)
    assert plant.record(record["id"])["notes"] == "line 1 feed"
    row = plant.inventory_row(lot, plant.line)
    assert (row["quantity"], row["notes"]) == (6.0, "line 1 feed")


def test_an_operation_without_notes_leaves_the_row_s_notes(plant):
    lot = plant.lot("L1")
    plant.stock(lot, plant.line, 10)
    row = plant.inventory_row(lot, plant.line)
    plant.mes.inventory.setInventoryMetadata(row["id"], "QA hold lifted")
    op = plant.op("Feed", operationType="CONSUME", sourceLocationId=plant.line["id"])
    plant.run.executeInventoryOperation(op["id"], "L1", 1)
    assert plant.inventory_row(lot, plant.line)["notes"] == "QA hold lifted"


def test_an_increase_without_notes_or_a_name_leaves_the_row_s_own(plant):
    lot = plant.lot("L1")
    plant.stock(lot, plant.line, 10)
    row = plant.inventory_row(lot, plant.line)
    plant.mes.inventory.setInventoryMetadata(row["id"], "QA hold lifted", name="Bay 3")
    op = plant.op("Make", operationType="PRODUCE", destinationLocationId=plant.line["id"])
    plant.run.executeInventoryOperation(op["id"], "L1", 2)
    row = plant.inventory_row(lot, plant.line)
    assert (row["quantity"], row["notes"], row["name"]) == (12.0, "QA hold lifted", "Bay 3")


def test_a_transaction_s_notes_stay_on_its_record(system):
    plant = LedgerPlant(system)
    lot = plant.lot("L1")
    record = system.mes.inventory.receive(**plant.request(
        "Receive", materialIdOrPath="Bottle/Milk", lotIdOrName="L1", quantity=2,
        destinationLocationIdOrPath="Plant/Multi", notes="delivery note 17"))
    assert plant.record(record["id"])["notes"] == "delivery note 17"
    assert plant.inventory_row(lot, plant.multi)["notes"] is None


# -- RECEIVE_AND_CONSUME ------------------------------------------------------------------------------

def test_receive_and_consume_runs_without_a_secondary_material(plant):
    op = plant.op("Receive and use", operationType="RECEIVE_AND_CONSUME", sourceLocationId=plant.line["id"],
                  destinationLocationId=plant.dock["id"], primaryLotResolutionStrategy="AUTO_GENERATE")
    assert plant.run.getInventoryOperationReadiness(op["id"]) == []
    consume = plant.run.executeInventoryOperation(op["id"], quantity=5)
    records = plant.records(op)
    assert [(r["lot_record_type"], r["quantity"], r["secondary_inventory_lot_id"]) for r in records] == [
        ("RECEIVE", 5.0, None), ("CONSUME", 5.0, None)]
    assert consume["id"] == records[-1]["id"]
    assert plant.balance(consume["inventoryLotId"], plant.line) == 0.0


# -- documented keyword names of the operation calls -------------------------------------------------

def test_start_and_stop_operation_take_the_documented_millis_keywords(plant, clock):
    operation = plant.operation("Filling")
    start, end = clock.now_millis() - 3600000, clock.now_millis() - 60000
    record = plant.mes.operation.startOperation(operation["id"], None, startDateMillis=start)
    assert millis(record["startDate"]) == start
    stopped = plant.mes.operation.stopOperation(operation["id"], endDateMillis=end)
    assert millis(stopped["endDate"]) == end


def test_a_date_given_under_both_spellings_is_refused_before_anything_is_written(plant, clock):
    operation = plant.operation("Filling")
    before = plant.mes.operation.getOperation(operation["id"])
    with pytest.raises(errors.ValidationError) as raised:
        plant.mes.operation.startOperation(operation["id"], startDate=1000, startDateMillis=2000)
    assert "startDate and startDateMillis are two spellings of one argument" in str(raised.value)
    assert plant.mes.operation.getOperation(operation["id"]) == before


def test_pause_operation_takes_location_id_and_operation_name_by_keyword(plant):
    operation = plant.operation("Filling")
    plant.mes.operation.startOperation(operation["id"])
    paused = plant.mes.operation.pauseOperation(locationId=plant.line["id"], operationName="Filling")
    assert paused["status"] == "PAUSED" and paused["operationId"] == operation["id"]
    with pytest.raises(errors.ValidationError) as raised:
        plant.mes.operation.pauseOperation(locationId=plant.line["id"])
    assert "give operationName with locationId" in str(raised.value)


# -- scrap-all: one shape, both spellings -------------------------------------------------------------

def test_new_scrap_all_request_holds_every_key_validate_and_scrap_all_take(system):
    request = system.mes.inventory.newScrapAllRequest()
    assert list(request) == ["type", "sourceLocationIdOrPath", "materialIdOrPath", "destinationLotIdOrName",
                             "destinationMaterialIdOrPath", "destinationLocationIdOrPath", "operationId",
                             "inventoryOperationId", "productionOrderIdOrName", "materialReasonCodeId", "startDate",
                             "endDate", "notes", "spare1", "spare2", "spare3"]
    LedgerPlant(system)
    request.update(sourceLocationIdOrPath="Plant/Multi", notes="expired", spare1="bin 3")
    assert system.mes.inventory.validateScrapAllRequest(**request) == {}


@pytest.mark.parametrize("spelling", ["sourceLocationIdOrPath", "locationIdOrPath"])
def test_scrap_all_takes_the_location_under_either_spelling(system, spelling):
    plant = LedgerPlant(system)
    lot = plant.lot("L1")
    plant.stock(lot, plant.multi, 7)
    request = dict(system.mes.inventory.newScrapAllRequest(), sourceLocationIdOrPath=None, notes="expired")
    request[spelling] = "Plant/Multi"
    assert system.mes.inventory.validateScrapAllRequest(**request) == {}
    records = system.mes.inventory.scrapAll(**request)
    assert [(r.inventoryLotName, r.quantity, r.notes) for r in records] == [("L1", 7.0, "expired")]


def test_scrap_all_refuses_two_different_locations_and_none(system):
    plant = LedgerPlant(system)
    plant.stock(plant.lot("L1"), plant.multi, 7)
    request = dict(system.mes.inventory.newScrapAllRequest(), sourceLocationIdOrPath="Plant/Multi",
                   locationIdOrPath="Plant/Dock")
    problems = system.mes.inventory.validateScrapAllRequest(**request)
    assert problems["locationIdOrPath"][0].startswith("sourceLocationIdOrPath and locationIdOrPath are two "
                                                      "spellings of one argument")
    assert system.mes.inventory.validateScrapAllRequest(**dict(request, locationIdOrPath="Plant/Multi")) == {}
    empty = system.mes.inventory.newScrapAllRequest()
    assert system.mes.inventory.validateScrapAllRequest(**empty) == {"sourceLocationIdOrPath": [
        "sourceLocationIdOrPath (or its other spelling, locationIdOrPath) is required: the location to scrap at"]}
    with pytest.raises(errors.ValidationError):
        system.mes.inventory.scrapAll(**request)
    assert plant.balance(plant.lot_by_name("L1"), plant.multi) == 7.0
