"""system.mes.productionOrder: new/validate/save/get/references/delete and the documented examples."""
import pytest

from mes.core import errors
from mes.persistence import db, mapping, tables

import doc_examples

PRODUCT_ID = "01JCH3ENGW-82KJDZDR-JHGYCXQN"
UNIT_ID = "01JCH3EPVP-1MNNDJTS-37Z75NGB"
DOC_ORDER_ID = "01JPMTA7K3-E8EHA4MD-7C304P4Z"


def insert(table, **values):
    """A row written straight to the database, for objects whose namespace is not under test."""
    values.setdefault("enabled", True)
    with db.transaction() as session:
        mapping.insert(session, table, values)


@pytest.fixture
def product(system):
    """The material and unit the documented examples name, by their ids."""
    insert(tables.UNITS_OF_MEASURE, id=UNIT_ID, name="Bottle", symbol="btl")
    insert(tables.MATERIALS, id=PRODUCT_ID, name="Milk", path="Bottle/Milk", unit_of_measure_id=UNIT_ID)
    return PRODUCT_ID


def order(system, **fields):
    new = system.mes.productionOrder.newProductionOrder()
    new.update(productId=PRODUCT_ID, unitOfMeasureId=UNIT_ID)
    new.update(fields)
    return system.mes.productionOrder.saveProductionOrder(**new)


def test_new_production_order_has_the_documented_keys_and_defaults(system):
    assert system.mes.productionOrder.newProductionOrder() == {
        "name": None, "productId": None, "customerId": None, "locationId": None, "status": "IDLE",
        "schedulePriority": "NORMAL", "quantity": 0.0, "quantityProduced": 0.0, "quantityScheduled": 0.0,
        "startDate": None, "endDate": None, "dueDate": None, "unitOfMeasureId": None, "shiftRecordId": None,
        "id": None, "notes": None, "enabled": True, "spare1": None, "spare2": None, "spare3": None}


FULL = dict(name="Order001", customerId="01JCH3ENGW-82KJDZDR-JHGYCXQA", status="SCHEDULED", schedulePriority="URGENT",
            quantity=500.0, quantityProduced=250.5, quantityScheduled=300.0, startDate="2024-05-01T08:00:00.000Z",
            endDate="2024-07-01T12:00:00.000Z", dueDate="2024-06-15T00:00:00.000Z",
            shiftRecordId="01JCH3ENGW-82KJDZDR-JHGYCXQB", notes="rush", enabled=False, spare1="a", spare2="b",
            spare3="c")


def test_save_then_get_round_trips_every_field(system, product):
    line = system.mes.location.saveLocation(**dict(system.mes.location.newLocation(), name="Line1"))
    saved = order(system, locationId=line.id, **FULL)
    fetched = system.mes.productionOrder.getProductionOrder("Order001")
    for key, value in FULL.items():
        assert fetched[key] == value, key
    assert fetched.productId == PRODUCT_ID and fetched.productName == "Milk" and fetched.productPath == "Bottle/Milk"
    assert fetched.unitOfMeasureId == UNIT_ID and fetched.unitOfMeasureName == "Bottle"
    assert fetched.locationId == line.id and fetched.locationName == "Line1" and fetched.locationPath == "Line1"
    assert fetched.propertyValues == [] and fetched.billOfMaterials == []
    assert dict(fetched, propertyValues=None, billOfMaterials=None) == dict(saved, propertyValues=None,
                                                                            billOfMaterials=None)
    assert system.mes.productionOrder.getProductionOrder(saved.id).name == "Order001"
    assert system.mes.productionOrder.getProductionOrder("Order999") is None
    # a fetched order goes straight back into save
    again = system.mes.productionOrder.saveProductionOrder(**dict(fetched, quantity=600))
    assert again.quantity == 600.0 and again.id == saved.id


def test_references_by_name_and_the_unit_defaults_to_the_products(system, product):
    saved = order(system, name="Order002", productId=None, productName="Milk", unitOfMeasureId=None)
    assert saved.productId == PRODUCT_ID and saved.unitOfMeasureId == UNIT_ID
    by_name = order(system, name="Order003", unitOfMeasureId=None, unitOfMeasureName="Bottle")
    assert by_name.unitOfMeasureId == UNIT_ID


def test_update_by_id_keeps_created_and_sets_modified(system, product, clock):
    first = order(system, name="Order001")
    clock.advance(60000)
    update = system.mes.productionOrder.newProductionOrder()
    update.update(id=first.id, name="Order001", productId=PRODUCT_ID, unitOfMeasureId=UNIT_ID, quantity="100")
    second = system.mes.productionOrder.saveProductionOrder(**update)
    assert second.id == first.id and second.quantity == 100.0
    assert second.createdDate == first.createdDate and second.createdBy == first.createdBy
    assert second.modifiedDate > first.createdDate and second.modifiedBy == "admin"
    assert len(system.mes.productionOrder.getAllProductionOrders()) == 1


def test_validation_reports_every_broken_rule_and_save_writes_nothing(system, product):
    order(system, name="Order001")
    valid = dict(system.mes.productionOrder.newProductionOrder(), name="Order002", productId=PRODUCT_ID,
                 unitOfMeasureId=UNIT_ID)
    assert system.mes.productionOrder.validateProductionOrder(**valid) == {}
    broken = dict(valid, name="Order001", quantity=-1, quantityProduced=-2, quantityScheduled="lots",
                  status="DONE", schedulePriority="ASAP", locationId="01JCH3ENGW-82KJDZDR-JHGYCXQC",
                  dueDate="not a date", customerId="customer 7")
    problems = system.mes.productionOrder.validateProductionOrder(**broken)
    assert sorted(problems) == ["customerId", "dueDate", "locationId", "name", "quantity", "quantityProduced",
                                "quantityScheduled", "schedulePriority", "status"]
    assert "Order001" in problems["name"][0] and "zero or more" in problems["quantity"][0]
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.productionOrder.saveProductionOrder(**broken)
    assert caught.value.errors == problems
    assert [o.name for o in system.mes.productionOrder.getAllProductionOrders()] == ["Order001"]


def test_name_product_and_unit_are_required(system):
    problems = system.mes.productionOrder.validateProductionOrder(
        **system.mes.productionOrder.newProductionOrder())
    assert sorted(problems) == ["name", "productId", "unitOfMeasureId"]
    missing = system.mes.productionOrder.validateProductionOrder(
        **dict(system.mes.productionOrder.newProductionOrder(), name="X", productId=PRODUCT_ID,
               unitOfMeasureName="Crate"))
    assert sorted(missing) == ["productId", "unitOfMeasureName"]


def test_references_delete_refusal_and_delete(system, product):
    saved = order(system, name="Order001")
    plant = system.mes.location.saveLocation(**dict(system.mes.location.newLocation(), name="Plant1"))
    op = system.mes.operation.saveOperation(**dict(system.mes.operation.newOperation(), name="Filling",
                                                   locationId=plant.id))
    with db.transaction() as session:
        mapping.update_by_id(session, tables.OPERATIONS, op.id, {"current_production_order_id": saved.id})
    refs = system.mes.productionOrder.getProductionOrderReferences("Order001")
    assert refs == [{"tableName": "operations", "references": [{"fkColName": "current_production_order_id",
                                                                 "id": op.id}]}]
    with pytest.raises(errors.InUseError) as caught:
        system.mes.productionOrder.deleteProductionOrder("Order001")
    assert "operations.current_production_order_id" in str(caught.value) and op.id in str(caught.value)
    assert system.mes.productionOrder.getProductionOrder(saved.id) is not None
    with db.transaction() as session:
        mapping.update_by_id(session, tables.OPERATIONS, op.id, {"current_production_order_id": None})
    response = system.mes.productionOrder.deleteProductionOrder("Order001")
    assert response.success is True and response.data == saved.id
    assert system.mes.productionOrder.getAllProductionOrders() == []
    with pytest.raises(errors.NotFoundError):
        system.mes.productionOrder.deleteProductionOrder("Order001")


def test_permission_denied_writes_nothing(system, product):
    from mes.services import permissions
    permissions.use_role_permissions({"Operator": ["PRODUCTION_ORDER.READ"], "Planner": ["PRODUCTION_ORDER"]})
    system.security.set_user("op1", ["Operator"])
    with pytest.raises(errors.PermissionDeniedError) as caught:
        order(system, name="Order001")
    assert caught.value.permission == "PRODUCTION_ORDER.WRITE.SAVE" and "op1" in str(caught.value)
    assert system.mes.productionOrder.getAllProductionOrders() == []
    system.security.set_user("planner", ["Planner"])
    saved = order(system, name="Order001")
    assert saved.createdBy == "planner"
    system.security.set_user("op1", ["Operator"])
    with pytest.raises(errors.PermissionDeniedError):
        system.mes.productionOrder.deleteProductionOrder(saved.id)
    assert system.mes.productionOrder.getProductionOrder(saved.id) is not None


def test_permission_keys(system):
    assert system.mes.productionOrder.getProductionOrderPermissions() == [
        "PRODUCTION_ORDER.READ.GET", "PRODUCTION_ORDER.READ.VALIDATE", "PRODUCTION_ORDER.WRITE.SAVE",
        "PRODUCTION_ORDER.WRITE.DELETE"]


# -- the reference pages' examples, run verbatim ---------------------------------------------------

def run(system, page):
    return doc_examples.run_page(system, doc_examples.page_path("production-order-script-api/" + page))


def test_new_example(system, product):
    saved = doc_examples.assert_prints_json(run(system, "new-production-order.md"))[0]
    assert saved["name"] == "Order001" and saved["productName"] == "Milk" and saved["unitOfMeasureName"] == "Bottle"


def test_save_example_creates_then_updates(system, product):
    created, updated = doc_examples.assert_prints_json(run(system, "save-production-order.md"))
    assert updated["id"] == created["id"] and created["quantity"] == 0.0 and updated["quantity"] == 100.0


def test_validate_example(system, product):
    assert run(system, "validate-production-order.md").strip() == "Production order parameters are valid."
    order(system, name="Order001")
    assert "Validation errors found:" in run(system, "validate-production-order.md")


def test_get_examples(system, product):
    saved = order(system, name="Order001", id=DOC_ORDER_ID)
    assert saved.id == DOC_ORDER_ID
    assert doc_examples.assert_prints_json(run(system, "get-production-order.md"))[0]["id"] == DOC_ORDER_ID
    assert doc_examples.assert_prints_json(run(system, "get-all-production-orders.md"))[0][0]["name"] == "Order001"
    assert run(system, "get-production-order-references.md").strip() == "[]"
    assert run(system, "get-production-order-permissions.md") == ""


def test_delete_example(system, product):
    order(system, name="Order001", id=DOC_ORDER_ID)
    run(system, "delete-production-order.md")
    assert system.mes.productionOrder.getAllProductionOrders() == []
