"""system.mes.operation, configuration half: new/validate/save/get/references/delete and the examples."""
import pytest

from mes.core import errors
from mes.persistence import db, mapping, tables

import doc_examples

DOC_LOCATION_ID = "01JD7M94CJ-HPEQEJ1F-QA8EQ6VE"
DOC_OPERATION_ID = "01JPBCPKSR-972W3V0Y-H00NNSKQ"


def location(system, name, parent=None, id=None):
    fields = dict(system.mes.location.newLocation(), name=name, parentId=parent and parent.id, id=id)
    return system.mes.location.saveLocation(**fields)


def operation(system, **fields):
    op = system.mes.operation.newOperation()
    op.update(fields)
    return system.mes.operation.saveOperation(**op)


def insert(table, **values):
    """A row written straight to the database, for objects whose namespace is not under test."""
    with db.transaction() as session:
        mapping.insert(session, table, values)


def set_runtime_columns(operation_id, **values):
    with db.transaction() as session:
        mapping.update_by_id(session, tables.OPERATIONS, operation_id, values)


def production_order(system, name):
    unit = "01JCH3EPVP-1MNNDJTS-37Z75NGB"
    if not system.mes.productionOrder.getAllProductionOrders():
        insert(tables.UNITS_OF_MEASURE, id=unit, name="Each", symbol="ea", enabled=True)
        insert(tables.MATERIALS, id="01JCH3ENGW-82KJDZDR-JHGYCXQN", name="Milk", path="Bottle/Milk", enabled=True,
               unit_of_measure_id=unit)
    order = system.mes.productionOrder.newProductionOrder()
    order.update(name=name, productId="01JCH3ENGW-82KJDZDR-JHGYCXQN")
    return system.mes.productionOrder.saveProductionOrder(**order)


def test_new_operation_has_the_documented_keys_and_defaults(system):
    assert system.mes.operation.newOperation() == {
        "locationId": None, "locationPath": None, "name": None, "status": "IDLE", "currentOperationRecordId": None,
        "currentProductionOrderId": None, "runningConflictStrategy": "STOP_PREVIOUS", "triggerSource": "EXPRESSION",
        "startTriggerExpression": None, "startTriggerType": "RISING_EDGE", "stopTriggerExpression": None,
        "stopTriggerType": "FALLING_EDGE", "productionOrderResolutionStrategy": "NONE",
        "productionOrderUpdateStrategy": "KEEP_FIRST_GOOD_VALUE", "productionOrderExpression": None,
        "updateProductionOrderStatusOnStart": False, "startProductionOrderStatus": "RUNNING",
        "updateProductionOrderStatusOnStop": False, "stopProductionOrderStatus": "STOPPED",
        "autoAddToSchedule": True, "expectedDurationCalculationStrategy": "STATIC", "expectedDurationSeconds": 0,
        "expectedDurationExpression": None, "flushIntervalMillis": 0, "id": None, "notes": None, "enabled": True,
        "spare1": None, "spare2": None, "spare3": None}


FULL = dict(
    name="Filling", triggerSource="MANUAL", runningConflictStrategy="THROW_EXCEPTION",
    startTriggerExpression="{[default]Line1/Running} && {[default]Line1/Count} > 0", startTriggerType="CHANGE",
    stopTriggerExpression="!{[default]Line1/Running}", stopTriggerType="RISING_EDGE",
    productionOrderResolutionStrategy="EXPRESSION", productionOrderUpdateStrategy="NEW_RECORD",
    productionOrderExpression="{[default]Line1/ActiveOrder}", updateProductionOrderStatusOnStart=True,
    startProductionOrderStatus="SCHEDULED", updateProductionOrderStatusOnStop=True, stopProductionOrderStatus="CLOSED",
    autoAddToSchedule=False, expectedDurationCalculationStrategy="EXPRESSION", expectedDurationSeconds=3000,
    expectedDurationExpression="toInt({[default]Line1/Target}) * 2", flushIntervalMillis=1000, notes="n",
    enabled=False, spare1="s1", spare2="s2", spare3="s3")


def test_save_then_get_round_trips_every_field(system):
    line = location(system, "Line1", location(system, "DairyCo"))
    saved = operation(system, locationPath="/DairyCo/Line1/", **FULL)
    fetched = system.mes.operation.getOperation(saved.id)
    assert fetched == saved
    for key, value in FULL.items():
        assert fetched[key] == value, key
    assert fetched.locationId == line.id and fetched.locationPath == "DairyCo/Line1"
    assert fetched.status == "IDLE" and fetched.currentOperationRecordId is None
    assert fetched.createdBy == "admin" and fetched.createdDate and fetched.modifiedDate is None
    assert system.mes.operation.getOperation("Filling") == saved  # a name unique across locations works too
    assert system.mes.operation.getOperation("01JPBCPKSR-972W3V0Y-H00NNSKZ") is None


def test_update_by_id_keeps_created_and_sets_modified(system, clock):
    plant = location(system, "Plant1")
    first = operation(system, name="Packaging", locationId=plant.id)
    clock.advance(60000)
    update = system.mes.operation.newOperation()
    update.update(id=first.id, locationId=plant.id, name="Packaging", flushIntervalMillis=1000)
    second = system.mes.operation.saveOperation(**update)
    assert second.id == first.id and second.flushIntervalMillis == 1000
    assert second.createdDate == first.createdDate and second.createdBy == first.createdBy
    assert second.modifiedDate > first.createdDate and second.modifiedBy == "admin"
    assert len(system.mes.operation.getOperations()) == 1


def test_a_save_cannot_change_the_runtime_owned_columns(system):
    plant = location(system, "Plant1")
    order = production_order(system, "Order001")
    op = operation(system, name="Packaging", locationId=plant.id, status="RUNNING",
                   currentProductionOrderId=order.id)
    assert op.status == "IDLE" and op.currentProductionOrderId is None  # ignored on create
    set_runtime_columns(op.id, status="RUNNING", current_production_order_id=order.id)
    saved = system.mes.operation.saveOperation(**dict(op, notes="changed", status="IDLE",
                                                      currentProductionOrderId=None))
    assert saved.notes == "changed"
    assert saved.status == "RUNNING" and saved.currentProductionOrderId == order.id
    assert system.mes.operation.getOperationStatus(op.id) == "RUNNING"
    assert system.mes.operation.getProductionOrderForOperation(op.id).name == "Order001"


def test_validation_reports_every_broken_rule_and_save_writes_nothing(system):
    plant = location(system, "Plant1")
    operation(system, name="Packaging", locationId=plant.id)
    assert system.mes.operation.validateOperation(
        **dict(system.mes.operation.newOperation(), name="Filling", locationId=plant.id)) == {}
    broken = system.mes.operation.newOperation()
    broken.update(name="Packaging", locationId=plant.id, triggerSource="PARENT", startTriggerType="SOMETIMES",
                  stopTriggerExpression="toInt(", productionOrderExpression="{[default]a} +",
                  expectedDurationExpression="nosuchfunction(1)", expectedDurationSeconds=-5,
                  flushIntervalMillis="often", runningConflictStrategy="IGNORE")
    problems = system.mes.operation.validateOperation(**broken)
    assert sorted(problems) == ["expectedDurationExpression", "expectedDurationSeconds", "flushIntervalMillis",
                                "name", "productionOrderExpression", "runningConflictStrategy", "startTriggerType",
                                "stopTriggerExpression", "triggerSource"]
    assert all(isinstance(m, list) and m for m in problems.values())
    assert "PARENT" in problems["triggerSource"][0] and "Packaging" in problems["name"][0]
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.operation.saveOperation(**broken)
    assert caught.value.errors == problems
    assert [o.name for o in system.mes.operation.getOperations()] == ["Packaging"]


def test_name_and_location_are_required_and_names_are_unique_per_location(system):
    a, b = location(system, "A"), location(system, "B")
    problems = system.mes.operation.validateOperation(**system.mes.operation.newOperation())
    assert sorted(problems) == ["locationId", "name"]
    assert system.mes.operation.validateOperation(
        **dict(system.mes.operation.newOperation(), name="X", locationPath="Nowhere")).keys() == {"locationPath"}
    operation(system, name="Packaging", locationId=a.id)
    operation(system, name="Packaging", locationId=b.id)  # the same name elsewhere is fine
    assert [o.locationPath for o in system.mes.operation.getOperationsByLocation("B")] == ["B"]
    with pytest.raises(errors.ValidationError):
        system.mes.operation.getOperation("Packaging")  # ambiguous name: the message asks for the id
    with pytest.raises(errors.NotFoundError):
        system.mes.operation.getOperationsByLocation("Nowhere")


def test_blank_expressions_are_stored_as_null(system):
    plant = location(system, "Plant1")
    saved = operation(system, name="Packaging", locationId=plant.id, startTriggerExpression="  ")
    assert saved.startTriggerExpression is None


def test_references_delete_refusal_and_delete(system):
    plant = location(system, "Plant1")
    op = operation(system, name="Packaging", locationId=plant.id)
    record_id = "01JPBCPKSR-972W3V0Y-H00NNSKA"
    insert(tables.OPERATION_RECORDS, id=record_id, name="Packaging", start_date=0, status="COMPLETED",
           operation_id=op.id, location_id=plant.id, enabled=True)
    refs = system.mes.operation.getOperationReferences(op.id)
    assert refs == [{"tableName": "operation_records", "references": [{"fkColName": "operation_id", "id": record_id}]}]
    with pytest.raises(errors.InUseError) as caught:
        system.mes.operation.deleteOperation(op.id)
    assert "operation_records.operation_id" in str(caught.value) and record_id in str(caught.value)
    assert caught.value.references == refs
    assert system.mes.operation.getOperation(op.id) is not None
    with db.transaction() as session:
        mapping.delete_by_id(session, tables.OPERATION_RECORDS, record_id)
    response = system.mes.operation.deleteOperation(op.id)
    assert response.success is True and response.data == op.id
    assert system.mes.operation.getOperations() == []
    with pytest.raises(errors.NotFoundError):
        system.mes.operation.deleteOperation(op.id)


def test_location_in_use_by_an_operation_cannot_be_deleted(system):
    plant = location(system, "Plant1")
    op = operation(system, name="Packaging", locationId=plant.id)
    with pytest.raises(errors.InUseError) as caught:
        system.mes.location.deleteLocation(plant.id)
    assert "operations.location_id" in str(caught.value) and op.id in str(caught.value)


def test_permission_denied_writes_nothing(system):
    from mes.services import permissions
    plant = location(system, "Plant1")
    permissions.use_role_permissions({"Operator": ["OPERATION.READ"], "Administrator": ["OPERATION"]})
    system.security.set_user("op1", ["Operator"])
    with pytest.raises(errors.PermissionDeniedError) as caught:
        operation(system, name="Packaging", locationId=plant.id)
    assert caught.value.permission == "OPERATION.WRITE.SAVE"
    assert system.mes.operation.getOperations() == []
    assert system.mes.operation.validateOperation(
        **dict(system.mes.operation.newOperation(), name="Packaging", locationId=plant.id)) == {}
    system.security.set_user("admin", ["Administrator"])
    op = operation(system, name="Packaging", locationId=plant.id)
    system.security.set_user("op1", ["Operator"])
    with pytest.raises(errors.PermissionDeniedError):
        system.mes.operation.deleteOperation(op.id)
    assert system.mes.operation.getOperation(op.id) is not None


def test_permission_keys(system):
    assert system.mes.operation.getOperationPermissions() == [
        "OPERATION.READ.GET", "OPERATION.READ.VALIDATE", "OPERATION.WRITE.SAVE", "OPERATION.WRITE.DELETE",
        "OPERATION.EXECUTE"]


# -- the reference pages' examples, run verbatim ---------------------------------------------------

def run(system, page, **syntax_names):
    """Run a page's examples. Pages headed "Example Usage" (not "Code Example") have their syntax
    block run too; `syntax_names` give its parameter names the example's values."""
    return doc_examples.run_page(system, doc_examples.page_path("operation-script-api/" + page), syntax_names)


def doc_operation(system):
    plant = location(system, "DairyCo", id=DOC_LOCATION_ID)
    return operation(system, id=DOC_OPERATION_ID, name="Packaging", locationId=plant.id)


def test_new_and_save_examples(system):
    location(system, "DairyCo", id=DOC_LOCATION_ID)
    printed = doc_examples.assert_prints_json(run(system, "new-operation.md"))
    assert printed[0]["name"] == "Packaging" and printed[0]["locationPath"] == "DairyCo"


def test_save_example_creates_then_updates(system):
    location(system, "DairyCo", id=DOC_LOCATION_ID)
    created, updated = doc_examples.assert_prints_json(run(system, "save-operation.md"))
    assert updated["id"] == created["id"] and updated["flushIntervalMillis"] == 1000
    assert created["flushIntervalMillis"] == 0 and updated["modifiedDate"] is not None


def test_validate_example(system):
    location(system, "DairyCo", id=DOC_LOCATION_ID)
    assert run(system, "validate-operation.md").strip() == "Operation parameters are valid."
    operation(system, name="Packaging", locationId=DOC_LOCATION_ID)
    assert "Validation errors found:" in run(system, "validate-operation.md")


def test_get_examples(system):
    op = doc_operation(system)
    assert doc_examples.assert_prints_json(run(system, "get-operation.md"))[0]["id"] == op.id
    assert doc_examples.assert_prints_json(run(system, "get-operations.md"))[-1][0]["id"] == op.id
    by_location = run(system, "get-operations-by-location.md", locationIdOrPath="DairyCo")
    assert doc_examples.assert_prints_json(by_location)[0][0]["name"] == "Packaging"
    assert run(system, "get-operation-status.md").strip() == "IDLE"
    assert run(system, "get-operation-references.md").strip() == "[]"
    assert run(system, "get-production-order-for-operation.md", operationId=op.id).strip() == "None"
    assert run(system, "get-operation-permissions.md") == ""


def test_delete_example(system):
    doc_operation(system)
    run(system, "delete-operation.md")
    assert system.mes.operation.getOperation(DOC_OPERATION_ID) is None
