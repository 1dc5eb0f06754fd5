"""The code examples of the runtime pages run verbatim (issue 7): start / stop / execute / cancel
inventory operation, the seeds 000 (start) and 001 (execute), and start / stop / pause operation and
getActiveOperationRecords, once the ids they name exist."""
import os

import pytest

import doc_examples
import plant_fixtures as rf

pytestmark = pytest.mark.usefixtures("audited")

DOC_INVENTORY_OPERATION = "01JPAND53P-BZ61RZHZ-V7C6EEHG"
DOC_LOT = "01JPBC4H3V-J4X3FYKS-NRNVEKMM"
DOC_OPERATION = "01JPBCPKSR-972W3V0Y-H00NNSKQ"

INVENTORY_PAGES = "inventory-operation-script-api"
OPERATION_PAGES = "operation-script-api"
SEED_START = os.path.join(doc_examples.SEEDS, "000_1f4d492203f7f3db.txt")
SEED_EXECUTE = os.path.join(doc_examples.SEEDS, "001_de29f3272568940f.txt")


@pytest.fixture
def plant(system):
    plant = rf.RuntimePlant(system)
    plant.lot("DOC-LOT", id=DOC_LOT)
    plant.op("Doc produce", id=DOC_INVENTORY_OPERATION, operationType="PRODUCE",
             destinationLocationId=plant.line["id"])
    return plant


def page(name):
    return doc_examples.page_path(name)


def run(system, path):
    printed = doc_examples.run_page(system, path)
    return doc_examples.assert_prints_json(printed)[-1]


def test_start_stop_pages(plant, system):
    started = run(system, page(INVENTORY_PAGES + "/start-inventory-operation.md"))
    assert (started["inventoryLotId"], started["status"], started["endDate"]) == (DOC_LOT, "RUNNING", None)
    assert started["inventoryOperationId"] == DOC_INVENTORY_OPERATION
    assert plant.status(DOC_INVENTORY_OPERATION) == "RUNNING"
    stopped = run(system, page(INVENTORY_PAGES + "/stop-inventory-operation.md"))
    assert (stopped["id"], stopped["status"], stopped["quantity"]) == (started["id"], "COMPLETED", 100.0)
    assert plant.balance(DOC_LOT, plant.line) == 100
    assert plant.status(DOC_INVENTORY_OPERATION) == "IDLE"


def test_execute_page(plant, system):
    done = run(system, page(INVENTORY_PAGES + "/execute-inventory-operation.md"))
    assert (done["inventoryLotId"], done["status"], done["quantity"]) == (DOC_LOT, "COMPLETED", 100.0)
    assert done["endDate"] is not None
    assert plant.balance(DOC_LOT, plant.line) == 100


def test_cancel_page(plant, system):
    started = plant.run.startInventoryOperation(DOC_INVENTORY_OPERATION, DOC_LOT)
    cancelled = run(system, page(INVENTORY_PAGES + "/cancel-inventory-operation.md"))
    assert (cancelled["id"], cancelled["status"]) == (started["id"], "CANCELLED")
    assert cancelled["endDate"] is not None
    assert plant.status(DOC_INVENTORY_OPERATION) == "CANCELLED"
    assert plant.balance(DOC_LOT, plant.line) is None


def test_seed_000_start(plant, system):
    started = run(system, SEED_START)
    assert (started["inventoryLotId"], started["status"]) == (DOC_LOT, "RUNNING")
    assert plant.status(DOC_INVENTORY_OPERATION) == "RUNNING"


def test_seed_001_execute(plant, system):
    done = run(system, SEED_EXECUTE)
    assert (done["inventoryLotId"], done["status"], done["quantity"]) == (DOC_LOT, "COMPLETED", 100.0)
    assert plant.balance(DOC_LOT, plant.line) == 100


def test_seed_001_execute_on_a_running_operation_is_its_stop(plant, system):
    started = run(system, SEED_START)
    done = run(system, SEED_EXECUTE)
    assert (done["id"], done["status"], done["quantity"]) == (started["id"], "COMPLETED", 100.0)


def test_operation_pages(plant, system):
    plant.operation("Doc operation", id=DOC_OPERATION)
    empty = doc_examples.run_page(system, page(OPERATION_PAGES + "/get-active-operation-records.md"))
    assert empty.strip() == "[]"
    started = run(system, page(OPERATION_PAGES + "/start-operation.md"))
    assert (started["operationId"], started["status"]) == (DOC_OPERATION, "RUNNING")
    active = run(system, page(OPERATION_PAGES + "/get-active-operation-records.md"))
    assert [r["id"] for r in active] == [started["id"]]
    paused = run(system, page(OPERATION_PAGES + "/pause-operation.md"))
    assert (paused["id"], paused["status"]) == (started["id"], "PAUSED")
    stopped = run(system, page(OPERATION_PAGES + "/stop-operation.md"))
    assert (stopped["id"], stopped["status"]) == (started["id"], "COMPLETED")
    assert stopped["endDate"] is not None
    assert doc_examples.run_page(system, page(OPERATION_PAGES + "/get-active-operation-records.md")).strip() == "[]"
