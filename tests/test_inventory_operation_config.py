"""system.mes.inventory.operation, configuration half: new / validate / save / get / delete, the
storable-versus-ready split (docs/rules.md#storable-versus-ready-to-run), and the documented examples run verbatim."""
import io
import os

import pytest

from mes.core import errors
from mes.persistence import db, mapping, tables
from mes.services import inventory_operations, permissions

import config_fixtures as fx
import doc_examples

# Ids the documentation examples name.
DOC_LOCATION = "01JD7M94CJ-HPEQEJ1F-QA8EQ6VE"
DOC_MATERIAL = "01JCH3GRA3-5ZYFZV5V-RW3FKFJX"
DOC_UNIT = "01JCH3T85P-KVCB8ZR5-0B83A3SX"
DOC_INVENTORY_OPERATION = "01JPAND53P-BZ61RZHZ-V7C6EEHG"
DOC_OPERATION = "01JC190XYX-VWVX79GS-M8Q730T5"
UNKNOWN_ID = "01JZZZZZZZ-ZZZZZZZZ-ZZZZZZZZ"
SEED_SAVE_PAGE = os.path.join(doc_examples.SEEDS, "002_86b5920a3a9a31e9.txt")
SEED_FUNCTION_LIST = os.path.join(doc_examples.SEEDS, "003_603f3979ab561a97.txt")

AUDIT = ["createdDate", "createdBy", "modifiedDate", "modifiedBy"]


def api(system):
    return system.mes.inventory.operation


def location(system, name, parent=None, id=None):
    loc = system.mes.location.newLocation()
    loc.update(name=name, parentId=parent, id=id)
    return system.mes.location.saveLocation(**loc)


def save(system, **fields):
    op = api(system).newInventoryOperation()
    op.update(fields)
    return api(system).saveInventoryOperation(**op)


@pytest.fixture
def world(system):
    """Two locations, two materials, a unit, an operation and a reason code."""
    line = location(system, "Line1", location(system, "DairyCo").id)
    dock = location(system, "Dock", line.id)
    unit = fx.make_unit("each", "ea")
    return dict(line=line, dock=dock, unit=unit,
                milk=fx.make_material("Bottle/Milk", unit), lids=fx.make_material("Caps/Lids", unit),
                operation=fx.make_operation("Filling", line.id), reason=fx.make_reason_code("DAMAGED"))


# -- newInventoryOperation ------------------------------------------------------------------------

def test_new_inventory_operation_has_exactly_the_documented_keys_and_defaults(system):
    assert api(system).newInventoryOperation() == {
        "operationId": None, "operationName": None, "name": None, "status": "IDLE", "currentRecordId": None,
        "operationType": "CONSUME", "triggerSource": "EXPRESSION", "startTriggerExpression": None,
        "startTriggerType": "RISING_EDGE", "stopTriggerExpression": None, "stopTriggerType": "FALLING_EDGE",
        "sourceLocationId": None, "sourceLocationPath": None, "destinationLocationId": None,
        "destinationLocationPath": None, "materialSource": "STATIC", "materialId": None, "materialPath": None,
        "materialExpression": None, "secondaryMaterialId": None, "secondaryMaterialPath": None,
        "primaryLotResolutionStrategy": "AUTO_GENERATE", "secondaryLotResolutionStrategy": "AUTO_GENERATE",
        "primaryLotCodeExpression": None, "secondaryLotCodeExpression": None, "createLotIfNotFound": False,
        "inventoryNameResolutionStrategy": "STATIC", "inventoryName": None, "inventoryNameExpression": None,
        "quantitySource": "EXPRESSION", "quantityExpression": None, "quantityCalcType": "DELTA",
        "quantityOverflowValue": None, "unitOfMeasureId": None, "unitOfMeasureName": None,
        "unitOfMeasureResolutionStrategy": "STATIC", "reasonCodeId": None, "reasonCodeName": None,
        "incrementProductionOrderCount": False, "id": None, "notes": None, "enabled": True,
        "spare1": None, "spare2": None, "spare3": None}
    assert "flushIntervalMillis" not in api(system).newInventoryOperation()


def test_both_namespace_spellings_reach_the_same_module(system):
    assert system.mes.inventoryOperation is system.mes.inventory.operation


# -- validate / save: storability only -------------------------------------------------------

def test_the_seed_minimal_operation_is_storable_though_not_ready_to_run(system, world):
    problems = api(system).validateInventoryOperation(
        **dict(api(system).newInventoryOperation(), name="Lids", sourceLocationId=world["line"].id))
    assert problems == {}
    saved = save(system, name="Lids", sourceLocationId=world["line"].id)
    assert saved.status == "IDLE" and saved.sourceLocationPath == "DairyCo/Line1"
    assert saved.createdBy == "admin" and saved.createdDate and saved.modifiedDate is None
    assert sorted(inventory_operations.readiness_problems(saved)) == [
        "materialId", "quantityExpression", "startTriggerExpression", "stopTriggerExpression", "unitOfMeasureId"]


BROKEN = [
    ("name", dict(name=None), "required"),
    ("name", dict(name="x" * 256), "at most 255"),
    ("operationType", dict(operationType="MOVE"), "not one of"),
    ("triggerSource", dict(triggerSource="TIMER"), "not one of"),
    ("startTriggerType", dict(startTriggerType="LEVEL"), "not one of"),
    ("stopTriggerType", dict(stopTriggerType="LEVEL"), "not one of"),
    ("materialSource", dict(materialSource="BOM"), "not one of"),
    ("primaryLotResolutionStrategy", dict(primaryLotResolutionStrategy="RANDOM"), "not one of"),
    ("secondaryLotResolutionStrategy", dict(secondaryLotResolutionStrategy="RANDOM"), "not one of"),
    ("inventoryNameResolutionStrategy", dict(inventoryNameResolutionStrategy="LPN"), "not one of"),
    ("quantitySource", dict(quantitySource="SCALE"), "not one of"),
    ("quantityCalcType", dict(quantityCalcType="RISING"), "not one of"),
    ("unitOfMeasureResolutionStrategy", dict(unitOfMeasureResolutionStrategy="GUESS"), "not one of"),
    ("createLotIfNotFound", dict(createLotIfNotFound="maybe"), "true or false"),
    ("quantityOverflowValue", dict(quantityOverflowValue="lots"), "must be a number"),
    ("quantityOverflowValue", dict(quantityOverflowValue=0), "above zero"),
    ("quantityOverflowValue", dict(quantityOverflowValue=-100.0), "above zero"),
    ("flushIntervalMillis", dict(flushIntervalMillis=-1), "zero or more"),
    ("sourceLocationId", dict(sourceLocationId="not-an-id"), "not an id"),
    ("sourceLocationId", dict(sourceLocationId=UNKNOWN_ID), "no location with id"),
    ("sourceLocationPath", dict(sourceLocationId=None, sourceLocationPath="Nowhere/Line9"), "no location with path"),
    ("destinationLocationId", dict(destinationLocationId=UNKNOWN_ID), "no location with id"),
    ("destinationLocationPath", dict(destinationLocationPath="Nowhere"), "no location with path"),
    ("operationId", dict(operationId=UNKNOWN_ID), "no operation with id"),
    ("operationName", dict(operationName="Capping"), "no operation with name"),
    ("materialId", dict(materialId=UNKNOWN_ID), "no material with id"),
    ("materialPath", dict(materialPath="Bottle/Juice"), "no material with path"),
    ("secondaryMaterialId", dict(secondaryMaterialId=UNKNOWN_ID), "no material with id"),
    ("secondaryMaterialPath", dict(secondaryMaterialPath="Bottle/Juice"), "no material with path"),
    ("unitOfMeasureId", dict(unitOfMeasureId=UNKNOWN_ID), "no unit of measure with id"),
    ("unitOfMeasureName", dict(unitOfMeasureName="gallon"), "no unit of measure with name"),
    ("reasonCodeId", dict(reasonCodeId=UNKNOWN_ID), "no material reason code with id"),
    ("reasonCodeName", dict(reasonCodeName="SPILLED"), "no material reason code with reason_code"),
    ("primaryLotResolutionStrategy", dict(primaryLotResolutionStrategy="FROM_LOCATION", operationType="PRODUCE"),
     "only works for CONSUME, RETURN, SHIP, SCRAP"),
    ("primaryLotResolutionStrategy", dict(primaryLotResolutionStrategy="from_location",
                                          operationType="RECEIVE_AND_CONSUME"), "not RECEIVE_AND_CONSUME"),
    ("secondaryLotResolutionStrategy", dict(secondaryLotResolutionStrategy="FROM_LOCATION"), "primary lot only"),
    ("triggerSource", dict(triggerSource="PARENT"), "needs operationId"),
    ("quantityExpression", dict(quantityExpression="{[default]Line1/Count} +"), "not a valid expression"),
    ("startTriggerExpression", dict(startTriggerExpression="frobnicate({[default]Line1/Run})"), "frobnicate"),
    ("stopTriggerExpression", dict(stopTriggerExpression="{[default]Line1/Run"), "not a valid expression"),
    ("materialExpression", dict(materialExpression="if(1, 'a')"), "not a valid expression"),
    ("primaryLotCodeExpression", dict(primaryLotCodeExpression="concat('L', "), "not a valid expression"),
    ("secondaryLotCodeExpression", dict(secondaryLotCodeExpression="))"), "not a valid expression"),
    ("inventoryNameExpression", dict(inventoryNameExpression="nosuchfn()"), "nosuchfn"),
    ("colour", dict(colour="red"), "unknown field"),
]


@pytest.mark.parametrize("key,fields,fragment", BROKEN, ids=["%s-%d" % (b[0], n) for n, b in enumerate(BROKEN)])
def test_each_broken_storability_rule_is_reported_on_its_field_and_save_writes_nothing(
        system, world, key, fields, fragment):
    op = dict(api(system).newInventoryOperation(), name="Fill", sourceLocationId=world["line"].id)
    op.update(fields)
    problems = api(system).validateInventoryOperation(**op)
    assert list(problems) == [key], problems
    assert fragment.lower() in " ".join(problems[key]).lower()
    with pytest.raises(errors.ValidationError) as caught:
        api(system).saveInventoryOperation(**op)
    assert caught.value.errors == problems
    assert api(system).getAllInventoryOperations() == []


def test_every_broken_rule_is_reported_at_once(system, world):
    op = dict(api(system).newInventoryOperation(), name=None, triggerSource="PARENT", quantityOverflowValue=-1,
              materialPath="Nope", quantityExpression="1 +", secondaryLotResolutionStrategy="FROM_LOCATION")
    problems = api(system).validateInventoryOperation(**op)
    assert sorted(problems) == ["materialPath", "name", "quantityExpression", "quantityOverflowValue",
                                "secondaryLotResolutionStrategy", "triggerSource"]
    with pytest.raises(errors.ValidationError) as caught:
        api(system).saveInventoryOperation(**op)
    assert caught.value.errors == problems and "quantityOverflowValue" in str(caught.value)


def test_the_allowed_counterparts_of_those_rules_are_storable(system, world):
    for fields in (dict(primaryLotResolutionStrategy="FROM_LOCATION", operationType=t)
                   for t in ("CONSUME", "RETURN", "SHIP", "SCRAP")):
        assert api(system).validateInventoryOperation(**dict(api(system).newInventoryOperation(), name="a",
                                                             **fields)) == {}
    saved = save(system, name="Follow", triggerSource="parent", operationName="Filling", quantityOverflowValue=100,
                 quantityExpression="{[default]Line1/Count}", materialSource="PARENT", flushIntervalMillis=0,
                 startTriggerExpression="  ", stopTriggerExpression="")
    assert saved.triggerSource == "PARENT" and saved.operationId == world["operation"]
    assert saved.quantityOverflowValue == 100.0 and saved.flushIntervalMillis == 0
    assert saved.startTriggerExpression is None and saved.stopTriggerExpression is None  # blank = absent


# -- save / get round trips -----------------------------------------------------------------------

def full_operation(world, by_name=False):
    op = dict(name="Receive lids", operationType="RECEIVE_AND_CONSUME", triggerSource="EXPRESSION",
              startTriggerExpression="{[default]Line1/Run}", startTriggerType="CHANGE",
              stopTriggerExpression="!{[default]Line1/Run}", stopTriggerType="RISING_EDGE",
              materialSource="STATIC", materialExpression="'Caps/Lids'",
              primaryLotResolutionStrategy="EXPRESSION", secondaryLotResolutionStrategy="MANUAL",
              primaryLotCodeExpression="concat('L-', {[default]Line1/Lot})",
              secondaryLotCodeExpression="{[default]Line1/Batch}", createLotIfNotFound=True,
              inventoryNameResolutionStrategy="EXPRESSION", inventoryName="PAL-1",
              inventoryNameExpression="toStr({[default]Line1/Pallet})", quantitySource="EXPRESSION",
              quantityExpression="{[default]Line1/Count}", quantityCalcType="DIRECT", quantityOverflowValue=1000.0,
              unitOfMeasureResolutionStrategy="FROM_CONTEXT", incrementProductionOrderCount=True,
              flushIntervalMillis=500, notes="night shift", enabled=False, spare1="a", spare2="b", spare3="c")
    if by_name:
        op.update(operationName="Filling", sourceLocationPath="/DairyCo/Line1/",
                  destinationLocationPath="DairyCo/Line1/Dock", materialPath="Caps/Lids",
                  secondaryMaterialPath="Bottle/Milk", unitOfMeasureName="each", reasonCodeName="DAMAGED")
    else:
        op.update(operationId=world["operation"], sourceLocationId=world["line"].id.lower(),
                  destinationLocationId=world["dock"].id, materialId=world["lids"],
                  secondaryMaterialId=world["milk"], unitOfMeasureId=world["unit"], reasonCodeId=world["reason"])
    return op


def expected_partners(world):
    return dict(operationId=world["operation"], operationName="Filling", sourceLocationId=world["line"].id,
                sourceLocationPath="DairyCo/Line1", destinationLocationId=world["dock"].id,
                destinationLocationPath="DairyCo/Line1/Dock", materialId=world["lids"], materialPath="Caps/Lids",
                secondaryMaterialId=world["milk"], secondaryMaterialPath="Bottle/Milk", unitOfMeasureId=world["unit"],
                unitOfMeasureName="each", reasonCodeId=world["reason"], reasonCodeName="DAMAGED")


@pytest.mark.parametrize("by_name", [False, True], ids=["by-id", "by-path-or-name"])
def test_save_then_get_round_trips_every_field_with_ids_and_names(system, world, by_name):
    given = full_operation(world, by_name)
    saved = save(system, **given)
    fetched = api(system).getInventoryOperation(saved.id)
    assert fetched == saved
    assert sorted(fetched) == sorted(inventory_operations.NEW_KEYS + AUDIT + ["flushIntervalMillis"])
    expected = dict(full_operation(world), **expected_partners(world))
    expected.update(id=saved.id, status="IDLE", currentRecordId=None)
    for key in expected:
        assert fetched[key] == expected[key], key
    assert fetched.createdBy == "admin" and fetched.modifiedDate is None and fetched.modifiedBy is None
    assert inventory_operations.readiness_problems(fetched) == {}
    # The returned object goes straight back into save.
    again = api(system).saveInventoryOperation(**fetched)
    assert dict((k, again[k]) for k in expected) == dict((k, fetched[k]) for k in expected)


def test_get_by_unknown_or_malformed_id_is_none(system):
    assert api(system).getInventoryOperation(UNKNOWN_ID) is None
    assert api(system).getInventoryOperation("Lids") is None


def test_update_keeps_created_sets_modified_and_never_touches_runtime_state(system, world, clock):
    first = save(system, name="Lids", sourceLocationId=world["line"].id, status="RUNNING",
                 currentRecordId=UNKNOWN_ID)
    assert first.status == "IDLE" and first.currentRecordId is None  # runtime-owned, ignored on save
    record = fx.make_lot_record(first.id, status="RUNNING")
    fx.set_runtime_state(first.id, "RUNNING", record)
    clock.advance(60000)
    # The seed's update style: a fresh newInventoryOperation() with the id set.
    update = dict(api(system).newInventoryOperation(), id=first.id, name="Lids", sourceLocationId=world["line"].id,
                  materialId=world["lids"], unitOfMeasureId=world["unit"])
    second = api(system).saveInventoryOperation(**update)
    assert second.status == "RUNNING" and second.currentRecordId == record
    assert second.createdDate == first.createdDate and second.createdBy == first.createdBy
    assert second.modifiedDate > first.createdDate and second.modifiedBy == "admin"
    assert second.materialPath == "Caps/Lids" and second.unitOfMeasureName == "each"
    # A partial update keeps what it leaves out; clearing a reference by its path clears the id.
    third = api(system).saveInventoryOperation(id=first.id, notes="checked", sourceLocationPath=None)
    assert third.notes == "checked" and third.materialId == world["lids"]
    assert third.sourceLocationId is None and third.sourceLocationPath is None
    assert api(system).getInventoryOperationStatus(first.id) == "RUNNING"


# -- queries --------------------------------------------------------------------------------------

def names(ops):
    return [o.name for o in ops]


def test_all_by_operation_and_by_location(system, world):
    consume = save(system, name="B consume", sourceLocationId=world["line"].id, operationId=world["operation"])
    produce = save(system, name="A produce", operationType="PRODUCE", destinationLocationId=world["line"].id)
    ship = save(system, name="C ship", operationType="SHIP", sourceLocationId=world["dock"].id,
                operationId=world["operation"])
    other_op = fx.make_operation("Capping", world["line"].id)
    assert names(api(system).getAllInventoryOperations()) == ["A produce", "B consume", "C ship"]
    assert api(system).getInventoryOperations() == api(system).getAllInventoryOperations()
    assert names(api(system).getInventoryOperationsByOperation(world["operation"])) == ["B consume", "C ship"]
    assert api(system).getInventoryOperationsByOperation(other_op) == []
    assert names(api(system).getInventoryOperationsByLocation("DairyCo/Line1")) == ["A produce", "B consume"]
    assert names(api(system).getInventoryOperationsByLocation(world["dock"].id)) == ["C ship"]
    assert api(system).getInventoryOperationsByLocation("DairyCo") == []  # exact location, not children
    with pytest.raises(errors.NotFoundError):
        api(system).getInventoryOperationsByLocation("Nowhere")
    with pytest.raises(errors.NotFoundError):
        api(system).getInventoryOperationsByOperation(UNKNOWN_ID)
    assert api(system).getInventoryOperationStatus(consume.id) == "IDLE"
    assert {produce.id, ship.id} < set(o.id for o in api(system).getAllInventoryOperations())
    with pytest.raises(errors.NotFoundError):
        api(system).getInventoryOperationStatus(UNKNOWN_ID)


# -- references and delete ------------------------------------------------------------------------

def lot_record_operation_id(record_id):
    return mapping.select_by_id(db.reader(), tables.INVENTORY_LOT_RECORDS, record_id)["inventory_operation_id"]


def test_references_block_delete_and_delete_with_references_keeps_the_lot_records(system, world):
    op = save(system, name="Lids", sourceLocationId=world["line"].id)
    records = sorted([fx.make_lot_record(op.id), fx.make_lot_record(op.id)])
    refs = api(system).getInventoryOperationReferences(op.id)
    assert refs == [{"tableName": "inventory_lot_records",
                     "references": [{"fkColName": "inventory_operation_id", "id": r} for r in records]}]
    with pytest.raises(errors.InUseError) as caught:
        api(system).deleteInventoryOperation(op.id)
    message = str(caught.value)
    assert "inventory_lot_records.inventory_operation_id" in message and all(r in message for r in records)
    assert caught.value.references == refs
    assert api(system).getInventoryOperation(op.id) is not None
    response = api(system).deleteInventoryOperationWithReferences(op.id)
    assert response.success is True and response.data == op.id
    assert api(system).getInventoryOperation(op.id) is None
    for record in records:  # ledger history stays, only unlinked
        assert mapping.select_by_id(db.reader(), tables.INVENTORY_LOT_RECORDS, record) is not None
        assert lot_record_operation_id(record) is None
    with pytest.raises(errors.NotFoundError):
        api(system).deleteInventoryOperation(op.id)


def test_unreferenced_operation_deletes_and_a_running_one_refuses(system, world):
    idle = save(system, name="Idle", sourceLocationId=world["line"].id)
    assert api(system).getInventoryOperationReferences(idle.id) == []
    assert api(system).deleteInventoryOperation(idle.id).success is True
    running = save(system, name="Running", sourceLocationId=world["line"].id)
    fx.set_runtime_state(running.id, "RUNNING")
    for delete in (api(system).deleteInventoryOperation, api(system).deleteInventoryOperationWithReferences):
        with pytest.raises(errors.ConflictError) as caught:
            delete(running.id)
        assert "RUNNING" in str(caught.value) and running.id in str(caught.value)
    assert api(system).getInventoryOperation(running.id) is not None


def test_deleting_a_referenced_location_through_its_own_api_is_refused(system, world):
    save(system, name="Lids", sourceLocationId=world["dock"].id)
    with pytest.raises(errors.InUseError) as caught:
        system.mes.location.deleteLocation(world["dock"].id)
    assert "inventory_operations.source_location_id" in str(caught.value)


# -- permissions ----------------------------------------------------------------------------------

def test_permission_keys_and_denied_calls_write_nothing(system, world):
    assert api(system).getInventoryOperationPermissions() == [
        "INVENTORY_OPERATION.READ.GET", "INVENTORY_OPERATION.READ.VALIDATE", "INVENTORY_OPERATION.WRITE.SAVE",
        "INVENTORY_OPERATION.WRITE.DELETE", "INVENTORY_OPERATION.EXECUTE"]
    kept = save(system, name="Kept", sourceLocationId=world["line"].id)
    permissions.use_role_permissions({"Operator": ["INVENTORY_OPERATION.READ.GET"]})
    system.security.set_user("op1", ["Operator"])
    assert [o.id for o in api(system).getAllInventoryOperations()] == [kept.id]
    denied = [(lambda: save(system, name="Nope"), "INVENTORY_OPERATION.WRITE.SAVE"),
              (lambda: api(system).saveInventoryOperation(**dict(kept, name="Renamed")),
               "INVENTORY_OPERATION.WRITE.SAVE"),
              (lambda: api(system).validateInventoryOperation(name="x"), "INVENTORY_OPERATION.READ.VALIDATE"),
              (lambda: api(system).deleteInventoryOperation(kept.id), "INVENTORY_OPERATION.WRITE.DELETE"),
              (lambda: api(system).deleteInventoryOperationWithReferences(kept.id),
               "INVENTORY_OPERATION.WRITE.DELETE")]
    for call, key in denied:
        with pytest.raises(errors.PermissionDeniedError) as caught:
            call()
        assert caught.value.permission == key and "op1" in str(caught.value)
    assert api(system).newInventoryOperation()["status"] == "IDLE"  # needs no permission
    system.security.set_user("admin", ["Administrator"])
    permissions.use_role_permissions({"Administrator": ["INVENTORY_OPERATION"]})
    assert [(o.id, o.name) for o in api(system).getAllInventoryOperations()] == [(kept.id, "Kept")]


# -- ready to run: what start and execute will report ---------------------------------------

def ready_consume(**changes):
    op = dict(inventory_operations.INVENTORY_OPERATION.new(), name="Fill", sourceLocationId="L", materialId="M",
              unitOfMeasureId="U", startTriggerExpression="{a}", stopTriggerExpression="!{a}",
              quantityExpression="{c}")
    op.update(changes)
    return op


READINESS = [
    (dict(), []),
    (dict(startTriggerExpression=None), ["startTriggerExpression"]),
    (dict(triggerSource="MANUAL", startTriggerExpression=None, stopTriggerExpression=None), []),
    (dict(triggerSource="PARENT"), ["triggerSource"]),
    (dict(triggerSource="PARENT", operationId="O"), []),
    (dict(materialId=None), ["materialId"]),
    (dict(materialId=None, materialSource="EXPRESSION"), ["materialExpression"]),
    (dict(materialId=None, materialSource="EXPRESSION", materialExpression="'M'"), []),
    (dict(materialId=None, materialSource="MANUAL"), []),
    (dict(materialId=None, materialSource="PARENT"), ["operationId"]),
    (dict(primaryLotResolutionStrategy="EXPRESSION", secondaryLotResolutionStrategy="EXPRESSION"),
     ["primaryLotCodeExpression", "secondaryLotCodeExpression"]),
    (dict(primaryLotResolutionStrategy="FROM_LOCATION"), []),
    (dict(primaryLotResolutionStrategy="FROM_LOCATION", operationType="UNCONSUME", destinationLocationId="D"),
     ["primaryLotResolutionStrategy"]),
    (dict(secondaryLotResolutionStrategy="FROM_LOCATION"), ["secondaryLotResolutionStrategy"]),
    (dict(quantityExpression=None), ["quantityExpression"]),
    (dict(quantityExpression=None, quantitySource="MANUAL", quantityOverflowValue=5.0), []),
    (dict(unitOfMeasureId=None), ["unitOfMeasureId"]),
    (dict(unitOfMeasureId=None, unitOfMeasureResolutionStrategy="FROM_CONTEXT"), []),
    (dict(inventoryNameResolutionStrategy="EXPRESSION"), ["inventoryNameExpression"]),
    (dict(inventoryNameResolutionStrategy="STATIC", inventoryName=None), []),
    (dict(sourceLocationId=None), ["sourceLocationId"]),
    (dict(operationType="SHIP", sourceLocationId=None), ["sourceLocationId"]),
    (dict(operationType="SCRAP", sourceLocationId=None), ["sourceLocationId"]),
    (dict(operationType="RETURN", sourceLocationId=None), ["sourceLocationId"]),
    (dict(operationType="PRODUCE"), ["destinationLocationId"]),
    (dict(operationType="UNCONSUME", sourceLocationId=None, destinationLocationId="D"), []),
    (dict(operationType="RECEIVE", sourceLocationId=None), ["destinationLocationId"]),
    # The secondary lot and material of a RECEIVE_AND_CONSUME are "if configured" (the user guide).
    (dict(operationType="RECEIVE_AND_CONSUME", destinationLocationId=None), ["destinationLocationId"]),
    (dict(operationType="RECEIVE_AND_CONSUME", destinationLocationId="D", secondaryMaterialId="M2"), []),
    (dict(operationType="SCRAP_ALL", materialId=None, unitOfMeasureId=None), []),
    (dict(operationType="SCRAP_ALL", sourceLocationId=None), ["sourceLocationId"]),
]


@pytest.mark.parametrize("changes,missing", READINESS, ids=[str(n) for n in range(len(READINESS))])
def test_readiness_problems_list_everything_a_stored_operation_lacks_to_run(changes, missing):
    problems = inventory_operations.readiness_problems(ready_consume(**changes))
    assert sorted(problems) == sorted(missing)
    for messages in problems.values():
        assert messages and all("required" in m or "only" in m or "needs" in m for m in messages)


def test_readiness_of_a_new_operation_lists_every_gap_at_once():
    problems = inventory_operations.readiness_problems(dict(inventory_operations.INVENTORY_OPERATION.new(), name="x"))
    assert sorted(problems) == ["materialId", "quantityExpression", "sourceLocationId", "startTriggerExpression",
                                "stopTriggerExpression", "unitOfMeasureId"]
    assert "triggerSource is EXPRESSION" in problems["startTriggerExpression"][0]


# -- the documentation's examples, verbatim -------------------------------------------------------

def page(name):
    path = doc_examples.page_path("inventory-operation-script-api/" + name)
    if not os.path.isfile(path):
        doc_examples.skip_missing(path)
    return path


@pytest.fixture
def doc_world(system):
    """The ids the examples name: a location, a material, a unit and an operation."""
    location(system, "DairyCo", id=DOC_LOCATION)
    unit = fx.make_unit("Each", "ea", id=DOC_UNIT)
    fx.make_material("Caps/Lids", unit, id=DOC_MATERIAL)
    fx.make_operation("Filling", DOC_LOCATION, id=DOC_OPERATION)


def test_seed_function_list_page_has_no_code_example():
    if not os.path.isfile(SEED_FUNCTION_LIST):
        doc_examples.skip_missing(SEED_FUNCTION_LIST)
    with io.open(SEED_FUNCTION_LIST, encoding="utf-8") as handle:
        assert "```python" not in handle.read()


@pytest.mark.parametrize("path", ["save-inventory-operation.md", "seed"])
def test_save_examples_create_then_update(system, doc_world, path):
    printed = doc_examples.run_page(system, SEED_SAVE_PAGE if path == "seed" else page(path))
    created, updated = doc_examples.assert_prints_json(printed)
    assert created["name"] == "Lids" and created["sourceLocationPath"] == "DairyCo" and created["status"] == "IDLE"
    assert created["materialId"] is None and created["modifiedDate"] is None
    assert updated["id"] == created["id"] and updated["createdDate"] == created["createdDate"]
    assert updated["materialId"] == DOC_MATERIAL and updated["materialPath"] == "Caps/Lids"
    assert updated["unitOfMeasureId"] == DOC_UNIT and updated["unitOfMeasureName"] == "Each"
    assert updated["modifiedBy"] == "admin"
    assert [o.id for o in api(system).getAllInventoryOperations()] == [created["id"]]


def test_new_and_validate_examples(system, doc_world):
    created, = doc_examples.assert_prints_json(doc_examples.run_page(system, page("new-inventory-operation.md")))
    assert created["name"] == "Lids" and created["sourceLocationId"] == DOC_LOCATION
    assert doc_examples.run_page(system, page("validate-inventory-operation.md")).strip() == \
        "Inventory operation parameters are valid."


def test_read_examples_on_an_operation_with_the_documented_id(system, doc_world):
    save(system, id=DOC_INVENTORY_OPERATION, name="Lids", sourceLocationPath="DairyCo", operationId=DOC_OPERATION)
    printed = doc_examples.run_page(system, page("get-inventory-operation.md"))
    assert printed.splitlines() == ["Inventory Operation Name: Lids", "Inventory Operation Type: CONSUME",
                                    "Source Location: DairyCo"]
    printed = doc_examples.run_page(system, page("get-all-inventory-operations.md"))
    assert printed.splitlines() == ["Number of inventory operations: 1",
                                    "ID: %s, Name: Lids, Type: CONSUME" % DOC_INVENTORY_OPERATION]
    for name in ("get-inventory-operations-by-location.md", "get-inventory-operations-by-operation.md"):
        listed, = doc_examples.assert_prints_json(doc_examples.run_page(system, page(name)))
        assert [o["id"] for o in listed] == [DOC_INVENTORY_OPERATION], name
    refs, = doc_examples.assert_prints_json(doc_examples.run_page(system, page("get-inventory-operation-references.md")))
    assert refs == []
    assert doc_examples.run_page(system, page("get-inventory-operation-status.md")).strip() == "IDLE"
    keys, = doc_examples.json_values(doc_examples.run_page(system, page("get-inventory-operation-permissions.md"))
                                     .replace("'", '"'))
    assert keys == permissions.INVENTORY_OPERATION
    assert doc_examples.run_page(system, page("delete-inventory-operation.md")) == ""
    assert api(system).getInventoryOperation(DOC_INVENTORY_OPERATION) is None
