"""Running operations (issue 7): startOperation / stopOperation / pauseOperation /
getActiveOperationRecords, the PARENT trigger of linked inventory operations (docs/rules.md#triggers), records of
linked inventory operations carrying the operation record and production order, and
incrementProductionOrderCount (docs/rules.md#inventory-operation-runtime)."""
import pytest

from mes.core import errors

import plant_fixtures as rf
from plant_fixtures import millis

pytestmark = pytest.mark.usefixtures("audited")

COUNT_TAG = "[default]Line1/Count"


@pytest.fixture
def plant(system):
    system.tag.create_tag(COUNT_TAG, 0, data_type="Int4")
    return rf.RuntimePlant(system)


def operation_row(plant, operation):
    return plant.mes.operation.getOperation(operation["id"])


def child(plant, operation, name="Child", **fields):
    """A PARENT-triggered PRODUCE into the line, lots auto-generated, quantity the counter's value."""
    values = dict(operationType="PRODUCE", destinationLocationId=plant.line["id"], triggerSource="PARENT",
                  operationId=operation["id"], primaryLotResolutionStrategy="AUTO_GENERATE",
                  quantitySource="EXPRESSION", quantityCalcType="DIRECT", quantityExpression="{%s}" % COUNT_TAG)
    values.update(fields)
    return plant.op(name, **values)


# -- start / stop / pause ---------------------------------------------------------------------------

def test_start_operation_writes_a_running_record_and_sets_the_current_ids(plant, clock):
    order = plant.order("PO-1")
    operation = plant.operation("Filling")
    record = plant.mes.operation.startOperation(operation["id"], "PO-1")
    assert record["status"] == "RUNNING" and record["endDate"] is None
    assert record["operationId"] == operation["id"] and record["productionOrderId"] == order["id"]
    assert record["locationId"] == plant.line["id"]
    assert millis(record["startDate"]) == clock.now_millis()
    now = operation_row(plant, operation)
    assert (now["status"], now["currentOperationRecordId"], now["currentProductionOrderId"]) == (
        "RUNNING", record["id"], order["id"])
    assert plant.mes.operation.getProductionOrderForOperation(operation["id"])["id"] == order["id"]
    clock.advance(60000)
    stopped = plant.mes.operation.stopOperation(operation["id"])
    assert stopped["id"] == record["id"] and stopped["status"] == "COMPLETED"
    assert millis(stopped["endDate"]) == clock.now_millis()
    now = operation_row(plant, operation)
    assert (now["status"], now["currentOperationRecordId"], now["currentProductionOrderId"]) == ("IDLE", None, None)


def test_start_and_stop_take_dates(plant, clock):
    operation = plant.operation("Filling")
    start = clock.now_millis() - 3600000
    record = plant.mes.operation.startOperation(operation["id"], None, start)
    assert millis(record["startDate"]) == start and record["productionOrderId"] is None
    end = clock.now_millis() - 60000
    assert millis(plant.mes.operation.stopOperation(operation["id"], end)["endDate"]) == end


def test_stop_while_idle_is_a_conflict(plant):
    operation = plant.operation("Filling")
    with pytest.raises(errors.ConflictError):
        plant.mes.operation.stopOperation(operation["id"])


def test_start_while_running_stops_the_previous_run_or_throws(plant):
    operation = plant.operation("Filling")  # runningConflictStrategy STOP_PREVIOUS (default)
    first = plant.mes.operation.startOperation(operation["id"])
    second = plant.mes.operation.startOperation(operation["id"])
    assert second["id"] != first["id"]
    assert [r["id"] for r in plant.mes.operation.getActiveOperationRecords()] == [second["id"]]
    strict = plant.operation("Strict", runningConflictStrategy="THROW_EXCEPTION")
    running = plant.mes.operation.startOperation(strict["id"])
    with pytest.raises(errors.ConflictError):
        plant.mes.operation.startOperation(strict["id"])
    assert operation_row(plant, strict)["currentOperationRecordId"] == running["id"]


def test_an_unknown_production_order_fails_and_writes_nothing(plant):
    operation = plant.operation("Filling")
    with pytest.raises(errors.NotFoundError):
        plant.mes.operation.startOperation(operation["id"], "NO-SUCH-PO")
    assert operation_row(plant, operation)["status"] == "IDLE"
    assert plant.mes.operation.getActiveOperationRecords() == []


def test_a_disabled_operation_cannot_start(plant):
    operation = plant.operation("Filling", enabled=False)
    with pytest.raises(errors.ConflictError):
        plant.mes.operation.startOperation(operation["id"])
    assert plant.mes.operation.getActiveOperationRecords() == []


def test_pause_and_resume(plant):
    operation = plant.operation("Filling")
    started = plant.mes.operation.startOperation(operation["id"])
    paused = plant.mes.operation.pauseOperation(operation["id"])
    assert (paused["id"], paused["status"]) == (started["id"], "PAUSED")
    assert operation_row(plant, operation)["status"] == "PAUSED"
    with pytest.raises(errors.ConflictError):
        plant.mes.operation.pauseOperation(operation["id"])
    assert [r["status"] for r in plant.mes.operation.getActiveOperationRecords()] == ["PAUSED"]
    resumed = plant.mes.operation.startOperation(operation["id"])
    assert (resumed["id"], resumed["status"]) == (started["id"], "RUNNING")
    assert operation_row(plant, operation)["status"] == "RUNNING"
    plant.mes.operation.pauseOperation(operation["id"])
    assert plant.mes.operation.stopOperation(operation["id"])["status"] == "COMPLETED"  # a paused op stops


def test_pause_by_location_and_name(plant):
    operation = plant.operation("Filling")
    plant.mes.operation.startOperation(operation["id"])
    assert plant.mes.operation.pauseOperation(plant.line["id"], "Filling")["status"] == "PAUSED"
    with pytest.raises(errors.NotFoundError):
        plant.mes.operation.pauseOperation(plant.line["id"], "Nope")


def test_pause_while_idle_is_a_conflict(plant):
    operation = plant.operation("Filling")
    with pytest.raises(errors.ConflictError):
        plant.mes.operation.pauseOperation(operation["id"])


def test_get_active_operation_records_lists_running_and_paused_only(plant, clock):
    a, b, c = plant.operation("A"), plant.operation("B"), plant.operation("C")
    ra = plant.mes.operation.startOperation(a["id"])
    clock.advance(1000)
    rb = plant.mes.operation.startOperation(b["id"])
    clock.advance(1000)
    plant.mes.operation.startOperation(c["id"])
    plant.mes.operation.stopOperation(c["id"])
    plant.mes.operation.pauseOperation(b["id"])
    active = plant.mes.operation.getActiveOperationRecords()
    assert [(r["id"], r["status"]) for r in active] == [(ra["id"], "RUNNING"), (rb["id"], "PAUSED")]


# -- linked inventory operations: context and PARENT trigger -------------------------------------------

def test_records_of_linked_inventory_operations_carry_the_operation_record_and_order(plant):
    order = plant.order("PO-1")
    operation = plant.operation("Filling")
    plant.lot("P1")
    linked = plant.op("Linked", operationType="PRODUCE", destinationLocationId=plant.line["id"],
                      operationId=operation["id"])
    idle = plant.run.executeInventoryOperation(linked["id"], "P1", 1)
    assert (idle["operationRecordId"], idle["productionOrderId"]) == (None, None)
    record = plant.mes.operation.startOperation(operation["id"], order["id"])
    done = plant.run.executeInventoryOperation(linked["id"], "P1", 1)
    assert (done["operationRecordId"], done["productionOrderId"]) == (record["id"], order["id"])
    started = plant.run.startInventoryOperation(linked["id"], "P1")
    assert (started["operationRecordId"], started["productionOrderId"]) == (record["id"], order["id"])


def test_parent_triggered_operations_start_and_stop_with_the_operation(plant, system, clock):
    order = plant.order("PO-1")
    operation = plant.operation("Filling")
    kid = child(plant, operation)
    manual = plant.op("Manual sibling", operationType="PRODUCE", destinationLocationId=plant.line["id"],
                      operationId=operation["id"])
    disabled = child(plant, operation, "Disabled child", enabled=False)
    record = plant.mes.operation.startOperation(operation["id"], order["id"])
    state = plant.state(kid)
    assert state["status"] == "RUNNING"
    running = plant.record(state["current_record_id"])
    assert (running["status"], running["operation_record_id"], running["production_order_id"]) == (
        "RUNNING", record["id"], order["id"])
    assert plant.status(manual) == "IDLE" and plant.status(disabled) == "IDLE"
    clock.advance(10000)
    system.tag.writeBlocking([COUNT_TAG], [7])
    stopped = plant.mes.operation.stopOperation(operation["id"])
    done = plant.record(running["id"])
    assert (done["status"], done["quantity"]) == ("COMPLETED", 7.0)
    assert millis(done["end_date"]) == millis(stopped["endDate"])
    assert done["operation_record_id"] == record["id"]  # stopped before the operation record closed
    assert plant.status(kid) == "IDLE"
    assert plant.balance(done["inventory_lot_id"], plant.line) == 7


def test_a_child_that_fails_to_start_ends_faulted_and_logged_without_blocking_the_parent(plant, system):
    operation = plant.operation("Filling")
    good = child(plant, operation, "A good child")
    bad = child(plant, operation, "B bad child", primaryLotResolutionStrategy="MANUAL")  # no lot given: fails
    records_before = len(plant.records())
    record = plant.mes.operation.startOperation(operation["id"])
    assert record["status"] == "RUNNING" and operation_row(plant, operation)["status"] == "RUNNING"
    assert plant.status(good) == "RUNNING"
    assert plant.status(bad) == "FAULTED" and plant.state(bad)["current_record_id"] is None
    assert len(plant.records()) == records_before + 1  # only the good child's record
    logged = [m for name, level, m in system.util.log_records if bad["id"] in m]
    assert logged and "primaryLotIdOrName" in logged[0], system.util.log_records
    assert [lvl for name, lvl, m in system.util.log_records if bad["id"] in m] == ["error"]
    plant.mes.operation.stopOperation(operation["id"])
    assert plant.status(good) == "IDLE" and plant.status(bad) == "FAULTED"
    # The next valid start clears FAULTED (docs/rules.md#inventory-operation-runtime).
    plant.lot("FIX")
    plant.run.startInventoryOperation(bad["id"], "FIX")
    assert plant.status(bad) == "RUNNING"


def test_a_child_that_fails_to_stop_ends_faulted_and_the_parent_stops(plant, system):
    operation = plant.operation("Filling")
    kid = child(plant, operation)
    plant.mes.operation.startOperation(operation["id"])
    running_id = plant.state(kid)["current_record_id"]
    system.tag.set_quality(COUNT_TAG, "Bad_Stale")
    before = plant.snapshot()[0]
    stopped = plant.mes.operation.stopOperation(operation["id"])
    assert stopped["status"] == "COMPLETED" and operation_row(plant, operation)["status"] == "IDLE"
    assert plant.status(kid) == "FAULTED"
    assert plant.snapshot()[0] == before  # nothing moved
    assert plant.record(running_id)["quantity"] is None
    assert any(kid["id"] in m and "stop" in m for name, lvl, m in system.util.log_records)


# -- incrementProductionOrderCount ------------------------------------------------------------------

def test_increment_production_order_count_grows_quantity_produced_in_the_order_s_unit(plant):
    order = plant.order("PO-1", unit=plant.box)  # the order counts boxes, the lots are in each
    operation = plant.operation("Filling")
    plant.lot("P1")
    op = plant.op("Produce", operationType="PRODUCE", destinationLocationId=plant.line["id"],
                  operationId=operation["id"], incrementProductionOrderCount=True)
    plant.mes.operation.startOperation(operation["id"], order["id"])
    plant.run.executeInventoryOperation(op["id"], "P1", 24)  # 24 ea
    assert plant.mes.productionOrder.getProductionOrder(order["id"])["quantityProduced"] == 2.0
    plant.run.startInventoryOperation(op["id"], "P1")
    plant.run.stopInventoryOperation(op["id"], 6)
    assert plant.mes.productionOrder.getProductionOrder(order["id"])["quantityProduced"] == 2.5


@pytest.mark.parametrize("kind", ["CONSUME", "RECEIVE", "UNCONSUME", "SCRAP"])
def test_increment_production_order_count_does_nothing_for_other_types(plant, kind):
    order = plant.order("PO-1")
    operation = plant.operation("Filling")
    lot = plant.lot("P1")
    plant.stock(lot, plant.line, 10)
    location = "sourceLocationId" if kind in ("CONSUME", "SCRAP") else "destinationLocationId"
    op = plant.op("Other", operationType=kind, operationId=operation["id"], incrementProductionOrderCount=True,
                  **{location: plant.line["id"]})
    plant.mes.operation.startOperation(operation["id"], order["id"])
    plant.run.executeInventoryOperation(op["id"], "P1", 3)
    assert plant.mes.productionOrder.getProductionOrder(order["id"])["quantityProduced"] == 0.0


def test_increment_without_a_running_operation_counts_nothing(plant):
    order = plant.order("PO-1")
    operation = plant.operation("Filling")
    plant.lot("P1")
    op = plant.op("Produce", operationType="PRODUCE", destinationLocationId=plant.line["id"],
                  operationId=operation["id"], incrementProductionOrderCount=True)
    plant.run.executeInventoryOperation(op["id"], "P1", 5)
    assert plant.mes.productionOrder.getProductionOrder(order["id"])["quantityProduced"] == 0.0
