"""setProductionOrderForOperation, updateOperationStatesFromDatabase and the clear...Cache calls."""
import pytest

from mes.core import errors
from mes.persistence import tables
from mes.services import triggers
from tests import inventory_fixtures as fx


@pytest.fixture
def filling(system):
    line = fx.make_location("DairyCo/Line1")
    return dict(line=line, operation=fx.make_operation("Filling", line, trigger_source="MANUAL"),
                first=fx.make_production_order("PO-1"), second=fx.make_production_order("PO-2"))


def test_set_by_operation_id_and_by_location_and_name(system, filling):
    operation = filling["operation"]
    assert system.mes.operation.setProductionOrderForOperation(operation["id"], "PO-1") is None
    assert system.mes.operation.getProductionOrderForOperation(operation["id"])["name"] == "PO-1"
    system.mes.operation.setProductionOrderForOperation(filling["line"]["id"], "Filling", filling["second"]["id"])
    assert system.mes.operation.getProductionOrderForOperation(operation["id"])["name"] == "PO-2"


def test_a_running_operation_s_open_record_gets_the_order(system, filling):
    operation = filling["operation"]
    system.mes.operation.startOperation(operation["id"], "PO-1")
    system.mes.operation.setProductionOrderForOperation(operation["id"], "PO-2")
    running = system.mes.operation.getActiveOperationRecords()
    assert [r["productionOrderId"] for r in running] == [filling["second"]["id"]]


def test_unknown_operation_or_order_changes_nothing(system, filling):
    with pytest.raises(errors.NotFoundError) as raised:
        system.mes.operation.setProductionOrderForOperation(filling["line"]["id"], "Capping", "PO-1")
    assert "no operation 'Capping' exists at location" in str(raised.value)
    with pytest.raises(errors.NotFoundError):
        system.mes.operation.setProductionOrderForOperation(filling["operation"]["id"], "PO-9")
    assert [o["current_production_order_id"] for o in fx.rows(tables.OPERATIONS)] == [None]


def test_update_operation_states_reloads_the_trigger_state_of_their_inventory_operations(system, filling,
                                                                                          monkeypatch):
    child = fx.make_inventory_operation("Consume caps", operation_id=filling["operation"]["id"])
    refreshed = []
    monkeypatch.setattr(triggers, "refresh", lambda ids=None: refreshed.append(ids))
    assert system.mes.operation.updateOperationStatesFromDatabase([filling["operation"]["id"]]) is None
    system.mes.operation.updateOperationStatesFromDatabase()
    assert refreshed == [[child["id"]], None]
    with pytest.raises(errors.NotFoundError):
        system.mes.operation.updateOperationStatesFromDatabase(["01JPBCPKSR-972W3V0Y-H00NNSKQ"])


def test_clear_cache_calls_exist_and_change_nothing(system, filling):
    before = system.db.stats.snapshot()["statements"]
    for call in (system.mes.location.clearLocationCache, system.mes.material.clearMaterialCache,
                 system.mes.material.clearMaterialClassCache, system.mes.unitOfMeasure.clearUnitOfMeasureCache):
        assert call() is None
    assert system.db.stats.snapshot()["statements"] == before
    assert system.mes.location.getLocation("DairyCo/Line1")["id"] == filling["line"]["id"]


def test_queues_of_namespaces_without_an_import_are_empty(system):
    assert system.mes.productionOrder.getProductionOrderImportQueueSize() == 0
    assert system.mes.productionOrder.cancelProductionOrderImportQueue() == 0
    assert system.mes.inventoryOperation.getInventoryOperationImportQueueSize() == 0
    assert system.mes.inventoryOperation.cancelInventoryOperationImportQueue() == 0
