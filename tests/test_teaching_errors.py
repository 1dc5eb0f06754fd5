"""Errors that teach (issue #19, docs/rules.md#errors-and-atomicity): an unknown key is named with the
known keys it most likely meant, the known keys are listed once, sorted; articles fit the name; a
decrease left on AUTO_GENERATE is reported as not ready to run, and getInventoryOperationReadiness
says what a saved inventory operation still needs (docs/rules.md#storable-versus-ready-to-run)."""
import json

import pytest

from mes.core import errors, wording
from mes.services import record_types
from mes.services.inventory_operations import INVENTORY_OPERATION

from plant_fixtures import LedgerPlant, RuntimePlant
from trigger_fixtures import COUNT, RUNNING, Line

pytestmark = pytest.mark.usefixtures("audited")

DECREASES = ["CONSUME", "SHIP", "SCRAP", "RETURN"]


@pytest.fixture
def plant(system):
    return RuntimePlant(system)


def _save_error(run, **fields):
    new = run.newInventoryOperation()
    new.update(fields)
    with pytest.raises(errors.ValidationError) as raised:
        run.saveInventoryOperation(**new)
    return raised.value


# -- unknown keys -------------------------------------------------------------------------------------

def test_an_unknown_field_suggests_the_fields_it_may_have_meant(plant):
    error = _save_error(plant.run, name="Feed", operationType="CONSUME", location="Plant/Line")
    message = error.errors["location"][0]
    assert message.startswith("unknown field 'location' for an inventory operation; did you mean "
                              "'sourceLocationId', 'sourceLocationPath', 'destinationLocationId' or "
                              "'destinationLocationPath'?")
    assert "sourceLocationPath" in str(error) and "a inventory" not in str(error)


def test_the_known_fields_are_listed_once_sorted_however_many_keys_are_unknown(plant):
    error = _save_error(plant.run, name="Feed", colour="red", location="Plant/Line", matrialId="x")
    text = str(error)
    assert text.count("the fields of an inventory operation are: ") == 1
    listed = text.split("the fields of an inventory operation are: ")[1].split(", ")
    assert listed == sorted(INVENTORY_OPERATION.known_keys)
    assert sorted(error.errors) == ["colour", "location", "matrialId"]
    assert "for an inventory operation; did you mean 'materialId'?; the fields of" in error.errors["matrialId"][0]
    assert error.errors["colour"] == ["unknown field 'colour' for an inventory operation"]  # nothing close


def test_validate_reports_the_same_suggestion_without_writing(plant):
    new = dict(plant.run.newInventoryOperation(), name="Feed", sourceLocation="Plant/Line")
    problems = plant.run.validateInventoryOperation(**new)
    assert problems["sourceLocation"][0].startswith(
        "unknown field 'sourceLocation' for an inventory operation; did you mean 'sourceLocationId' or "
        "'sourceLocationPath'?")
    assert plant.run.getAllInventoryOperations() == []


def test_an_unknown_request_key_names_the_request_and_its_close_keys(system):
    plant = LedgerPlant(system)
    request = dict(system.mes.inventory.newConsumeRequest(), lot="L1", quantity=1, materialIdOrPath="Bottle/Milk",
                   sourceLocationIdOrPath="Plant/Multi")
    problems = system.mes.inventory.validateConsumeRequest(**request)
    assert list(problems) == ["lot"]
    message = problems["lot"][0]
    assert message.startswith("unknown request key 'lot' for a CONSUME request; did you mean 'lotIdOrName' or "
                              "'consumingLotIdOrName'?; the request keys of a CONSUME request are: ")
    assert message.count("lotIdOrName,") == 1
    with pytest.raises(errors.ValidationError) as raised:
        system.mes.inventory.consume(**request)
    assert "did you mean 'lotIdOrName'" in str(raised.value)
    assert plant.records() == []


def test_an_unknown_lot_history_key_is_suggested_too(system):
    request = dict(system.mes.inventory.newLotHistoryRequest(), lotID="x")
    with pytest.raises(errors.ValidationError) as raised:
        system.mes.inventory.getLotHistory(**request)
    assert "unknown request key 'lotID' for a lot history request; did you mean 'lotId'?" in str(raised.value)
    assert str(raised.value).count("the request keys of a lot history request are: ") == 1


def test_a_query_request_field_gets_a_suggestion(system):
    request = system.mes.query.newQueryRequest()
    request["sortFields"] = ["nam"]
    with pytest.raises(errors.ValidationError) as raised:
        system.mes.inventory.findLots(**request)
    assert "'nam' is not a field of a lot; use one of:" in str(raised.value)
    assert "did you mean 'name'" in str(raised.value)


# -- articles -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("noun,expected", [
    ("inventory operation", "an inventory operation"), ("unit of measure", "a unit of measure"),
    ("operation record", "an operation record"), ("lot", "a lot"), ("UNCONSUME", "an UNCONSUME"),
    ("material reason code", "a material reason code"), ("inventory lot record", "an inventory lot record")])
def test_the_article_fits_the_name(noun, expected):
    assert wording.with_article(noun) == expected


def test_messages_built_from_a_label_use_the_right_article(system):
    unit = dict(system.mes.unitOfMeasure.newUnitOfMeasure(), name=None, symbol="ea")
    problems = system.mes.unitOfMeasure.validateUnitOfMeasure(**unit)
    assert problems["name"] == ["name is required for a unit of measure"]
    plant = RuntimePlant(system)
    op = dict(plant.run.newInventoryOperation(), name=None)
    assert plant.run.validateInventoryOperation(**op)["name"] == ["name is required for an inventory operation"]


# -- AUTO_GENERATE on a decrease ----------------------------------------------------------------------

def _auto_decrease(plant, kind, source=None):
    return plant.op(kind.title(), operationType=kind, sourceLocationId=(source or plant.line)["id"],
                    destinationLocationId=plant.dock["id"], primaryLotResolutionStrategy="AUTO_GENERATE")


@pytest.mark.parametrize("kind", DECREASES)
def test_a_decrease_on_auto_generate_is_not_ready_to_run(plant, kind):
    op = _auto_decrease(plant, kind)  # storable: it saves
    before = plant.snapshot()
    with pytest.raises(errors.ValidationError) as raised:
        plant.run.executeInventoryOperation(op["id"], quantity=3)
    expected = ("%s takes stock from an existing lot: use FROM_LOCATION, MANUAL or EXPRESSION (AUTO_GENERATE makes "
                "a new, empty lot), or allow negative inventory at 'Plant/Line'" % wording.with_article(kind))
    assert raised.value.errors == {"primaryLotResolutionStrategy": [expected]}
    assert str(raised.value).count(expected) == 1
    with pytest.raises(errors.ValidationError):
        plant.run.startInventoryOperation(op["id"])
    assert plant.snapshot() == before  # no empty lot was generated, nothing written
    assert plant.run.getInventoryOperationReadiness(op["id"]) == [
        {"field": "primaryLotResolutionStrategy", "message": expected}]


def test_the_rule_covers_every_inventory_operation_type_that_takes_from_its_source():
    assert sorted(record_types.TAKING_OPERATIONS) == sorted(DECREASES)


def test_auto_generate_runs_where_the_source_allows_negative_inventory(plant):
    negative = plant.location("Plant/Negative", allowNegativeInventory=True)
    op = _auto_decrease(plant, "CONSUME", negative)
    assert plant.run.getInventoryOperationReadiness(op["id"]) == []
    record = plant.run.executeInventoryOperation(op["id"], quantity=3)
    assert record["lotRecordType"] == "CONSUME" and plant.balance(record["inventoryLotId"], negative) == -3.0


def test_a_call_that_names_its_lot_does_not_use_the_strategy(plant):
    lot = plant.lot("L1")
    plant.stock(lot, plant.line, 5)
    op = _auto_decrease(plant, "CONSUME")
    record = plant.run.executeInventoryOperation(op["id"], "L1", 2)
    assert record["inventoryLotId"] == lot["id"] and plant.balance(lot, plant.line) == 3.0


# -- getInventoryOperationReadiness -------------------------------------------------------------------

def test_readiness_is_empty_for_an_operation_ready_to_run(plant):
    op = plant.op("Feed", operationType="CONSUME", sourceLocationId=plant.line["id"])
    assert plant.run.getInventoryOperationReadiness(op["id"]) == []


def test_readiness_lists_every_problem_sorted_by_field(plant):
    op = plant.op("Feed", operationType="CONSUME", triggerSource="EXPRESSION", quantitySource="EXPRESSION",
                  sourceLocationId=plant.line["id"], enabled=False)
    problems = plant.run.getInventoryOperationReadiness(op["id"])
    assert [p["field"] for p in problems] == ["enabled", "quantityExpression", "startTriggerExpression",
                                              "stopTriggerExpression"]
    assert problems[0]["message"] == "inventory operation 'Feed' is disabled; set enabled to true to run it"
    assert problems[1]["message"] == ("quantityExpression is required because quantitySource is EXPRESSION; set it "
                                      "or change that setting")
    with pytest.raises(errors.ConflictError):
        plant.run.executeInventoryOperation(op["id"], quantity=1)


def test_readiness_of_an_unknown_id_is_not_found(plant):
    with pytest.raises(errors.NotFoundError):
        plant.run.getInventoryOperationReadiness("01JPAND53P-BZ61RZHZ-V7C6EEHG")


def test_readiness_needs_the_read_key(system, plant):
    op = plant.op("Feed", operationType="CONSUME", sourceLocationId=plant.line["id"])
    system.security.set_user("oper", ["Operator"])
    system.mes.security.useRolePermissions({"Operator": ["INVENTORY_OPERATION.EXECUTE"]})
    with pytest.raises(errors.PermissionDeniedError) as raised:
        plant.run.getInventoryOperationReadiness(op["id"])
    assert raised.value.permission == "INVENTORY_OPERATION.READ.GET"
    system.mes.security.useRolePermissions({"Operator": ["INVENTORY_OPERATION.READ"]})
    assert plant.run.getInventoryOperationReadiness(op["id"]) == []
    system.mes.security.useRolePermissions(None)  # the ledger audit after the test reads as anyone


def test_the_trigger_engine_skips_such_a_decrease_until_its_source_allows_negative_inventory(system):
    line = Line(system)
    op = line.op("Feed", operationType="CONSUME", sourceLocationId=line.pack["id"], destinationLocationId=None,
                 primaryLotResolutionStrategy="AUTO_GENERATE")
    system.util.clear_log()
    line.tick()
    for value in (True, False, True):
        line.set_and_tick(RUNNING, value)
    assert line.status(op) == "IDLE" and line.records(op) == []
    assert system.mes.inventory.getAllLots() == []  # no empty lot was made
    warned = line.logs(level="warn", contains="'Feed'")
    assert len(warned) == 1, warned
    assert "not ready to run" in warned[0][2]
    assert ("a CONSUME takes stock from an existing lot: use FROM_LOCATION, MANUAL or EXPRESSION (AUTO_GENERATE "
            "makes a new, empty lot), or allow negative inventory at 'Pack'") in warned[0][2]
    # The fix the message names, saved in this gateway: the next tick reloads the operation.
    location = system.mes.location
    location.saveLocation(**dict(location.getLocation(line.pack["id"]), allowNegativeInventory=True))
    line.set_and_tick(RUNNING, False)  # reloads and primes
    assert line.set_and_tick(RUNNING, True) == 1
    assert line.status(op) == "RUNNING"
    line.write(COUNT, 4)
    line.set_and_tick(RUNNING, False)
    records = line.records(op)
    assert [(r["lot_record_type"], r["quantity"], r["status"]) for r in records] == [("CONSUME", 4.0, "COMPLETED")]
    assert line.balance(records[0]["inventory_lot_id"], line.pack) == -4.0


def test_the_engine_reads_the_source_locations_with_its_load_not_one_per_operation(system):
    line = Line(system)
    location = system.mes.location

    def feeder(n):
        source = location.saveLocation(**dict(location.newLocation(), name="Feeder%d" % n))
        line.op("Feed %d" % n, operationType="CONSUME", sourceLocationId=source["id"], destinationLocationId=None,
                primaryLotResolutionStrategy="AUTO_GENERATE")

    def load_statements():
        system.db.statements_log.clear()
        line.refresh()
        return list(system.db.statements_log)

    feeder(0)
    one = load_statements()
    for n in (1, 2, 3):
        feeder(n)
    four = load_statements()
    assert len(four) == len(one)
    assert len([sql for sql in four if "allow_negative_inventory" in sql]) == 1
    for n in range(4):
        assert line.logs(level="warn", contains="allow negative inventory at 'Feeder%d'" % n)


def test_a_location_changed_elsewhere_is_seen_after_the_engine_reloads(system):
    line = Line(system)
    op = line.op("Feed", operationType="CONSUME", sourceLocationId=line.pack["id"], destinationLocationId=None,
                 primaryLotResolutionStrategy="AUTO_GENERATE")
    line.tick()
    # Another gateway allows negative inventory at Pack: this engine learns it at its next reload.
    system.db.runPrepUpdate("UPDATE locations SET allow_negative_inventory = ? WHERE id = ?", [True, line.pack["id"]])
    assert line.set_and_tick(RUNNING, True) == 0 and line.status(op) == "IDLE"
    line.write(RUNNING, False)
    line.refresh()
    line.tick()  # primes the reloaded operation
    assert line.set_and_tick(RUNNING, True) == 1 and line.status(op) == "RUNNING"


def test_a_location_import_in_this_gateway_is_seen_on_the_next_tick(system):
    line = Line(system)
    op = line.op("Feed", operationType="CONSUME", sourceLocationId=line.pack["id"], destinationLocationId=None,
                 primaryLotResolutionStrategy="AUTO_GENERATE")
    line.tick()
    rows = [row for row in json.loads(system.mes.location.exportAsJson()) if row["path"] == "Pack"]
    rows[0]["allowNegativeInventory"] = True
    assert system.mes.location.importFromJson(json.dumps(rows))["success"]
    line.set_and_tick(RUNNING, False)  # reloads and primes
    assert line.set_and_tick(RUNNING, True) == 1 and line.status(op) == "RUNNING"
