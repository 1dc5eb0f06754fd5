# -*- coding: utf-8 -*-
"""End-to-end scenarios of the MES inventory API, run by tests/test_scenarios.py (CPython, pytest)
and tests/jython/run_scenarios.py (real Jython 2.7). Each `scenario_xxx(system)` gets a fresh
gateway with the MES schema, uses only the public API (system.mes.*, system.tag), asserts with
`assert`, and checks that every object the API hands back holds no Java types.

Valid Python 2.7 and 3.11; no pytest here.
"""
from __future__ import absolute_import, division, print_function, unicode_literals

from scenarios.common import HOUR, Plant, close, plain

TYPES = ["CONSUME", "UNCONSUME", "PRODUCE", "RECEIVE", "RECEIVE_AND_CONSUME", "SHIP", "SCRAP", "RETURN",
         "SCRAP_ALL"]


# -- configuration ---------------------------------------------------------------------------------

def scenario_configure_inventory_operation(system):
    plant = Plant(system)
    run = plant.run
    new = plain(run.newInventoryOperation(), "newInventoryOperation")
    assert new["id"] is None and "operationType" in new
    new.update(name="Fill bottles", operationType="PRODUCE", destinationLocationPath="Plant/Line",
               materialPath="Milk", unitOfMeasureName="Each", triggerSource="MANUAL", quantitySource="MANUAL",
               primaryLotResolutionStrategy="MANUAL", notes="Filler output")
    problems = plain(run.validateInventoryOperation(**new), "validateInventoryOperation")
    assert not problems, problems
    saved = run.saveInventoryOperation(**new)
    plain(saved, "saveInventoryOperation")
    assert saved["id"] and saved["name"] == "Fill bottles" and saved["operationType"] == "PRODUCE"
    assert saved["destinationLocationId"] == plant.line["id"]
    assert saved["materialId"] == plant.milk["id"]
    assert saved["createdDate"] is not None

    again = plain(run.getInventoryOperation(saved["id"]), "getInventoryOperation")
    assert again == saved
    assert [o["id"] for o in plain(run.getAllInventoryOperations(), "getAllInventoryOperations")] == [saved["id"]]
    by_location = plain(run.getInventoryOperationsByLocation("Plant/Line"), "getInventoryOperationsByLocation")
    assert [o["id"] for o in by_location] == [saved["id"]]
    assert plant.status(saved) == "IDLE"
    plain(run.getInventoryOperationReferences(saved["id"]), "getInventoryOperationReferences")

    # An edit keeps the id; a bad type is refused with a message naming the field.
    saved["notes"] = "Filler output, line 1"
    edited = plain(run.saveInventoryOperation(**saved), "saveInventoryOperation (edit)")
    assert edited["id"] == saved["id"] and edited["notes"] == "Filler output, line 1"
    bad = dict(new, name="Broken", operationType="TELEPORT")
    problems = plain(run.validateInventoryOperation(**bad), "validateInventoryOperation (bad)")
    assert problems and "operationType" in repr(problems), problems


# -- receive ---------------------------------------------------------------------------------------

def scenario_receive(system):
    plant = Plant(system)
    request = plain(plant.inv.newReceiveRequest(), "newReceiveRequest")
    request.update(materialIdOrPath="Milk", lotIdOrName="R1", quantity=25,
                   destinationLocationIdOrPath="Plant/Dock", createIfNotExists=True)
    assert not plain(plant.inv.validateReceiveRequest(**request), "validateReceiveRequest")
    record = plant.inv.receive(**request)
    plain(record, "receive")
    assert record["lotRecordType"] == "RECEIVE" and record["status"] == "COMPLETED"
    assert close(record["quantity"], 25.0)
    assert record["destinationLocationId"] == plant.dock["id"]
    lot = plant.lot_named("R1")
    assert lot["materialId"] == plant.milk["id"] and close(lot["totalQuantity"], 25.0)
    assert close(plant.balance("R1", plant.dock), 25.0)
    # A second receipt into the same lot adds to it; in boxes it is converted to the lot's unit.
    plant.receive("R1", plant.milk, plant.dock, 5)
    assert close(plant.balance("R1", plant.dock), 30.0) and close(plant.total("R1"), 30.0)
    rows = plain(plant.inv.getInventoryForMaterial("Milk"), "getInventoryForMaterial")
    assert [(r["quantity"]) for r in rows] == [30.0]
    plant.audit()


# -- the nine types: start + stop, and execute -----------------------------------------------------

def _setup(plant, kind):
    """Save the operation and its stock; return (op, primary lot, secondary lot, expectation).
    expectation: records [(type, primary, secondary)], balances [(lot, location, quantity)],
    totals [(lot, total)] after running with quantity 4."""
    line, dock = plant.line, plant.dock
    if kind in ("CONSUME", "SHIP", "SCRAP", "RETURN"):
        plant.receive("L1", plant.milk, line, 10)
        fields = dict(operationType=kind, sourceLocationId=line["id"])
        if kind == "CONSUME":
            fields.update(destinationLocationId=dock["id"], secondaryMaterialId=plant.lid["id"],
                          secondaryLotResolutionStrategy="MANUAL", createLotIfNotFound=True)
            return plant.op(kind, **fields), "L1", "S1", dict(
                records=[(kind, "L1", "S1")], balances=[("L1", line, 6.0)], totals=[("L1", 10.0)])
        return plant.op(kind, **fields), "L1", None, dict(
            records=[(kind, "L1", None)], balances=[("L1", line, 6.0)], totals=[("L1", 10.0)])
    if kind == "UNCONSUME":
        plant.receive("L1", plant.milk, line, 10)
        op = plant.op(kind, operationType=kind, destinationLocationId=line["id"], sourceLocationId=dock["id"])
        return op, "L1", None, dict(records=[(kind, "L1", None)], balances=[("L1", line, 14.0)],
                                    totals=[("L1", 10.0)])
    if kind in ("PRODUCE", "RECEIVE"):
        plant.lot("P1")
        plant.lot("S1", plant.lid)
        op = plant.op(kind, operationType=kind, destinationLocationId=line["id"], sourceLocationId=dock["id"],
                      secondaryMaterialId=plant.lid["id"], secondaryLotResolutionStrategy="MANUAL")
        return op, "P1", "S1", dict(records=[(kind, "P1", "S1")], balances=[("P1", line, 4.0)],
                                    totals=[("P1", 4.0)])
    if kind == "RECEIVE_AND_CONSUME":
        plant.lot("P1")
        plant.lot("S1", plant.lid)
        op = plant.op(kind, operationType=kind, sourceLocationId=line["id"], destinationLocationId=dock["id"],
                      secondaryMaterialId=plant.lid["id"], secondaryLotResolutionStrategy="MANUAL")
        return op, "P1", "S1", dict(records=[("RECEIVE", "P1", None), ("CONSUME", "P1", "S1")],
                                    balances=[("P1", line, 0.0)], totals=[("P1", 4.0)])
    if kind == "SCRAP_ALL":
        plant.receive("A1", plant.milk, line, 3)
        plant.receive("A2", plant.milk, line, 10)
        plant.receive("ELSEWHERE", plant.milk, dock, 5)
        op = plant.op("Scrap all", operationType="SCRAP_ALL", sourceLocationId=line["id"],
                      primaryLotResolutionStrategy="AUTO_GENERATE")
        return op, None, None, dict(records=[("SCRAP", "A1", None), ("SCRAP", "A2", None)],
                                    balances=[("A1", line, 0.0), ("A2", line, 0.0), ("ELSEWHERE", dock, 5.0)],
                                    totals=[])
    raise AssertionError(kind)


def _lot_id(plant, name):
    return None if name is None else plant.lot_named(name)["id"]


def _check_done(plant, op, kind, expected, result, start, end):
    plain(result, "the finishing call")
    if kind == "SCRAP_ALL":
        assert isinstance(result, list), result
        records = sorted(result, key=lambda r: r["quantity"])
        assert [(r["lotRecordType"], r["quantity"], r["status"]) for r in records] == [
            ("SCRAP", 3.0, "COMPLETED"), ("SCRAP", 10.0, "COMPLETED")], records
        assert sorted(r["inventoryLotId"] for r in records) == sorted(
            _lot_id(plant, n) for _, n, _ in expected["records"])
    else:
        last_type, last_primary, last_secondary = expected["records"][-1]
        assert result["lotRecordType"] == last_type, result
        assert result["status"] == "COMPLETED" and close(result["quantity"], 4.0), result
        assert result["inventoryLotId"] == _lot_id(plant, last_primary)
        assert result["secondaryInventoryLotId"] == _lot_id(plant, last_secondary)
        assert result["inventoryOperationId"] == op["id"]
        assert result["duration"] == (end - start) // 1000
        records = [result]
    for record in records:
        assert record["endDate"] is not None and record["startDate"] is not None
    for lot_name, location, quantity in expected["balances"]:
        assert close(plant.balance(lot_name, location), quantity), (lot_name, location["path"],
                                                                     plant.balance(lot_name, location))
    for lot_name, total in expected["totals"]:
        assert close(plant.total(lot_name), total), (lot_name, plant.total(lot_name))
    history = plain(plant.inv.getLotHistory(**dict(plant.inv.newLotHistoryRequest(),
                                                   lotId=_lot_id(plant, expected["records"][0][1]))),
                    "getLotHistory")
    types = [r["lotRecordType"] for r in history if r["inventoryOperationId"] == op["id"]]
    assert types[-1:] == [expected["records"][-1][0]] or kind == "SCRAP_ALL", types
    assert plant.status(op) == "IDLE"
    plant.audit()


def _start_stop(kind):
    def scenario(system):
        plant = Plant(system)
        op, primary, secondary, expected = _setup(plant, kind)
        # Back-dated start and end. SCRAP_ALL writes no record at start, so the start date it was
        # given is not kept (product gap, reported): it runs on the clock instead.
        start = system.clock.now_millis() - (0 if kind == "SCRAP_ALL" else HOUR)
        started = plant.run.startInventoryOperation(op["id"], primary, secondary, None, None,
                                                    None if kind == "SCRAP_ALL" else start)
        plain(started, "startInventoryOperation")
        if kind == "SCRAP_ALL":
            assert started is None  # SCRAP_ALL runs without a record until it stops
        else:
            assert started["status"] == "RUNNING" and started["endDate"] is None, started
            assert started["lotRecordType"] == expected["records"][0][0]
        assert plant.status(op) == "RUNNING"
        system.clock.advance(5000)
        end = system.clock.now_millis() - (0 if kind == "SCRAP_ALL" else 1000)
        stopped = plant.run.stopInventoryOperation(op["id"], None if kind == "SCRAP_ALL" else 4, None,
                                                   None if kind == "SCRAP_ALL" else end)
        _check_done(plant, op, kind, expected, stopped, start, end)
    scenario.__name__ = str("scenario_start_stop_" + kind.lower())
    return scenario


def _execute(kind):
    def scenario(system):
        plant = Plant(system)
        op, primary, secondary, expected = _setup(plant, kind)
        now = system.clock.now_millis()
        start, end = now - 2 * HOUR, now - HOUR
        quantity = None if kind == "SCRAP_ALL" else 4
        done = plant.run.executeInventoryOperation(op["id"], primary, quantity, secondary, None, None, start, end)
        _check_done(plant, op, kind, expected, done, start, end)
    scenario.__name__ = str("scenario_execute_" + kind.lower())
    return scenario


# -- a trigger-driven run ------------------------------------------------------------------------

def scenario_trigger_driven_run(system):
    plant = Plant(system)
    tag = system.tag
    tag.create_tag("[default]Line1/Running", False, data_type="Boolean")
    tag.create_tag("[default]Line1/Count", 90, data_type="Int4")
    op = plant.op("Fill", operationType="PRODUCE", destinationLocationPath="Plant/Line", materialPath="Milk",
                  triggerSource="EXPRESSION", quantitySource="EXPRESSION",
                  primaryLotResolutionStrategy="AUTO_GENERATE",
                  startTriggerExpression="{[default]Line1/Running}",
                  stopTriggerExpression="{[default]Line1/Running}",
                  quantityExpression="{[default]Line1/Count}", quantityCalcType="DELTA",
                  quantityOverflowValue=100.0)
    run = plant.run
    assert run.tick() == 0  # priming: no edge on the first sample
    assert plant.status(op) == "IDLE"
    tag.writeBlocking(["[default]Line1/Running"], [True])
    assert run.tick() == 1
    assert plant.status(op) == "RUNNING"
    for value in (99, 5, 20):  # 90 -> 99 (9), -> 5 over 100 (6), -> 20 (15): 30 in all
        system.clock.advance(1000)
        tag.writeBlocking(["[default]Line1/Count"], [value])
        run.tick()
    system.clock.advance(1000)
    tag.writeBlocking(["[default]Line1/Running"], [False])
    assert run.tick() == 1
    assert plant.status(op) == "IDLE"
    lots = plain(plant.inv.getLotsForMaterial("Milk"), "getLotsForMaterial")
    assert [l["totalQuantity"] for l in lots] == [30.0], lots
    history = plain(plant.inv.getLotHistory(**dict(plant.inv.newLotHistoryRequest(), lotId=lots[0]["id"])),
                    "getLotHistory")
    assert [(r["lotRecordType"], r["status"], r["quantity"], r["inventoryOperationId"]) for r in history] == [
        ("PRODUCE", "COMPLETED", 30.0, op["id"])], history
    assert history[0]["duration"] == 4
    plant.audit()


def scenario_expression_lot_code(system):
    """A PRODUCE run started and stopped by a tag names its lot with the lot-code expression integrators
    write (dateFormat of now() and a shift tag): each run makes the lot of its day and shift."""
    plant = Plant(system)
    tag = system.tag
    tag.create_tag("[default]Line1/Running", False, data_type="Boolean")
    tag.create_tag("[default]Line1/Count", 0, data_type="Int4")
    tag.create_tag("[default]Line1/Shift", "B", data_type="String")
    lot_code = 'concat("L1-", dateFormat(now(), "yyMMdd"), "-", {[default]Line1/Shift})'
    op = plant.op("Fill by code", operationType="PRODUCE", destinationLocationPath="Plant/Line", materialPath="Milk",
                  triggerSource="EXPRESSION", quantitySource="EXPRESSION", quantityCalcType="DIRECT",
                  startTriggerExpression="{[default]Line1/Running}", stopTriggerExpression="{[default]Line1/Running}",
                  quantityExpression="{[default]Line1/Count}", primaryLotResolutionStrategy="EXPRESSION",
                  primaryLotCodeExpression=lot_code, createLotIfNotFound=True)
    run = plant.run
    system.clock.set(1772953200000)  # 2026-03-08 07:00 UTC
    names = []
    for shift, count in (("B", 12), ("C", 7)):
        tag.writeBlocking(["[default]Line1/Shift"], [shift])
        run.tick()
        tag.writeBlocking(["[default]Line1/Running"], [True])
        assert run.tick() == 1 and plant.status(op) == "RUNNING"
        tag.writeBlocking(["[default]Line1/Count"], [count])
        system.clock.advance(60000)
        tag.writeBlocking(["[default]Line1/Running"], [False])
        assert run.tick() == 1 and plant.status(op) == "IDLE"
        day = system.date.format(system.date.now(), "yyMMdd")  # Java's SimpleDateFormat, in the harness
        names.append("L1-%s-%s" % (day, shift))
        system.clock.advance(86400000)
    assert names == ["L1-260308-B", "L1-260309-C"], names
    for name, count in zip(names, (12.0, 7.0)):
        lot = plant.lot_named(name)
        assert lot is not None and close(lot["totalQuantity"], count), (name, lot)
        assert close(plant.balance(name, plant.line), count)
    plant.audit()


# -- lot history and trace -------------------------------------------------------------------------

def scenario_lot_history_and_trace(system):
    """Supplier lot RAW received at the dock, consumed into batch BATCH, which is produced into lot
    FINAL, part of which ships: history per lot and the genealogy in both directions."""
    plant = Plant(system)
    run = plant.run
    plant.receive("RAW", plant.milk, plant.dock, 100)
    consume = plant.op("Feed", operationType="CONSUME", sourceLocationId=plant.dock["id"],
                       destinationLocationId=plant.line["id"], secondaryMaterialId=plant.lid["id"],
                       secondaryLotResolutionStrategy="MANUAL", createLotIfNotFound=True)
    system.clock.advance(60000)
    run.executeInventoryOperation(consume["id"], "RAW", 40, "BATCH")
    plant.receive("BATCH", plant.lid, plant.line, 40)
    produce = plant.op("Make", operationType="PRODUCE", destinationLocationId=plant.dock["id"],
                       sourceLocationId=plant.line["id"], secondaryMaterialId=plant.lid["id"],
                       secondaryLotResolutionStrategy="MANUAL", createLotIfNotFound=True)
    system.clock.advance(60000)
    run.executeInventoryOperation(produce["id"], "FINAL", 30, "BATCH")
    ship = plant.op("Ship", operationType="SHIP", sourceLocationId=plant.dock["id"])
    system.clock.advance(60000)
    run.executeInventoryOperation(ship["id"], "FINAL", 12)

    raw, batch, final = plant.lot_named("RAW"), plant.lot_named("BATCH"), plant.lot_named("FINAL")
    request = plain(plant.inv.newLotHistoryRequest(), "newLotHistoryRequest")
    assert set(request.values()) == set([None])
    raw_history = plain(plant.inv.getLotHistory(**dict(request, lotId=raw["id"])), "getLotHistory(RAW)")
    assert [(r["lotRecordType"], r["quantity"]) for r in raw_history] == [("RECEIVE", 100.0), ("CONSUME", 40.0)]
    assert raw_history[1]["secondaryInventoryLotName"] == "BATCH"
    assert raw_history[1]["inventoryOperationName"] == "Feed"
    final_history = plain(plant.inv.getLotHistory(**dict(request, lotId=final["id"])), "getLotHistory(FINAL)")
    assert [(r["lotRecordType"], r["quantity"]) for r in final_history] == [("PRODUCE", 30.0), ("SHIP", 12.0)]
    only_ship = plain(plant.inv.getLotHistory(**dict(request, lotId=final["id"], lotRecordType="ship")),
                      "getLotHistory(SHIP)")
    assert [r["lotRecordType"] for r in only_ship] == ["SHIP"]
    assert close(plant.balance("FINAL", plant.dock), 18.0)

    output = plain(system.mes.trackandtrace.getLotTraceGraph(raw["id"], "OUTPUT", 5), "getLotTraceGraph(OUTPUT)")
    assert (output["rootNodeId"], output["direction"]) == (raw["id"], "OUTPUT")
    assert [n["data"]["lotName"] for n in output["nodes"]] == ["RAW", "BATCH", "FINAL"], output["nodes"]
    assert [(e["source"], e["target"]) for e in output["edges"]] == [(raw["id"], batch["id"]),
                                                                     (batch["id"], final["id"])]
    inputs = plain(system.mes.trackandtrace.getLotTraceGraph(final["id"], "INPUT", 5), "getLotTraceGraph(INPUT)")
    assert [n["data"]["lotName"] for n in inputs["nodes"]] == ["FINAL", "BATCH", "RAW"], inputs["nodes"]
    shallow = plain(system.mes.trackandtrace.getLotTraceGraph(final["id"], "INPUT"), "getLotTraceGraph(depth 1)")
    assert [n["data"]["lotName"] for n in shallow["nodes"]] == ["FINAL", "BATCH"]
    table = plain(system.mes.trackandtrace.getLotTraceTable([e["id"] for e in output["edges"]]),
                  "getLotTraceTable")
    assert len(table) == 2
    plant.audit()


def _scenarios():
    found = [("configure_inventory_operation", scenario_configure_inventory_operation),
             ("receive", scenario_receive)]
    for kind in TYPES:
        found.append(("start_stop_" + kind.lower(), _start_stop(kind)))
    for kind in TYPES:
        found.append(("execute_" + kind.lower(), _execute(kind)))
    found.append(("trigger_driven_run", scenario_trigger_driven_run))
    found.append(("expression_lot_code", scenario_expression_lot_code))
    found.append(("lot_history_and_trace", scenario_lot_history_and_trace))
    return found


SCENARIOS = _scenarios()
