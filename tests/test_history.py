"""Lot history (newLotHistoryRequest / getLotHistory): every filter, records where the lot is the
secondary lot, the record read model, errors, and a statement count that does not grow with the
history."""
import pytest

from mes.core import dates, errors, ids
from mes.persistence import db, mapping, tables
from mes.services import history

import inventory_fixtures as fx

REQUEST_KEYS = ["lotId", "lotRecordType", "operationId", "inventoryOperationId", "productionOrderIdOrName",
                "materialReasonCodeId", "startDate", "endDate", "status"]
DAY = 24 * 3600 * 1000
JAN1 = dates.to_millis("2025-01-01T00:00:00Z")


def day(n):
    return dates.to_iso(JAN1 + (n - 1) * DAY)


class Story(object):
    """Lot A of Raw/Apple: received (order PO-1), consumed into batch X (operation Filling,
    inventory operation 'Feed apples'), scrapped (reason SPILL), a running consume, then merged
    into lot A2 (A is the secondary lot there); lot B's receipt is not A's history."""

    def __init__(self):
        kg = fx.make_unit("Kilogram", "kg")
        apple = fx.make_material("Raw/Apple", unit=kg)
        blend = fx.make_material("Juice/Blend", unit=fx.make_unit("Litre", "L"))
        self.dock, self.mixer = fx.make_location("Plant/Dock"), fx.make_location("Plant/Mixer")
        self.a, self.a2, self.b = fx.make_lot("A", apple), fx.make_lot("A2", apple), fx.make_lot("B", apple)
        self.x = fx.make_lot("X", blend)
        self.order = fx.make_production_order("PO-1", product_material_id=apple["id"],
                                              unit_of_measure_id=kg["id"])
        self.reason = fx.make_reason_code("SPILL", "SCRAP")
        self.operation = fx.make_operation("Filling", self.mixer)
        self.operation_record = fx.make_operation_record(self.operation)
        self.other_operation_record = fx.make_operation_record(fx.make_operation("Other", self.mixer))
        self.inventory_operation = fx.make_inventory_operation("Feed apples")
        self.receive = fx.post(self.a, "RECEIVE", 100.0, destination=self.dock, start=day(1),
                               production_order_id=self.order["id"])
        self.consume = fx.post(self.a, "CONSUME", 40.0, source=self.dock, destination=self.mixer, secondary=self.x,
                               start=day(2), end=day(2), operation_record_id=self.operation_record["id"],
                               inventory_operation_id=self.inventory_operation["id"])
        self.scrap = fx.post(self.a, "SCRAP", 5.0, source=self.dock, start=day(3),
                             material_reason_code_id=self.reason["id"],
                             operation_record_id=self.other_operation_record["id"])
        self.running = fx.insert(tables.INVENTORY_LOT_RECORDS, lot_record_type="CONSUME", inventory_lot_id=self.a["id"],
                                 source_location_id=self.dock["id"], start_date=dates.to_millis(day(4)),
                                 status="RUNNING", unit_of_measure_id=kg["id"])
        fx.post(self.a2, "RECEIVE", 1.0, destination=self.dock, start=day(5))
        self.merge = fx.post(self.a2, "MERGE", 10.0, source=self.dock, destination=self.dock, secondary=self.a,
                             start=day(6))
        fx.post(self.b, "RECEIVE", 7.0, destination=self.dock, start=day(2))


@pytest.fixture
def story(system):
    return Story()


def lot_history(**filters):
    request = history.new_lot_history_request()
    request.update(filters)
    return history.lot_history(db.reader(), request)


def ids_of(records):
    return [r["id"] for r in records]


def test_new_request_has_the_documented_keys_all_null(system):
    request = history.new_lot_history_request()
    assert sorted(request) == sorted(REQUEST_KEYS)
    assert set(request.values()) == set([None])


def test_history_holds_primary_and_secondary_records_oldest_first(story):
    found = lot_history(lotId=story.a["id"])
    assert ids_of(found) == [story.receive["id"], story.consume["id"], story.scrap["id"], story.running["id"],
                             story.merge["id"]]
    merge = found[-1]
    assert (merge["lotRecordType"], merge["inventoryLotName"], merge["secondaryInventoryLotName"]) == (
        "MERGE", "A2", "A")
    # The batch lot X only ever appears as the secondary lot of the consume.
    assert ids_of(lot_history(lotId=story.x["id"])) == [story.consume["id"]]
    primary_only = history.lot_history(db.reader(), dict(history.new_lot_history_request(), lotId=story.a["id"]),
                                       include_secondary=False)
    assert story.merge["id"] not in ids_of(primary_only) and len(primary_only) == 4


def test_history_rows_are_the_record_read_model(story):
    consume = lot_history(lotId=story.a["id"])[1]
    assert consume["lotRecordType"] == "CONSUME" and consume["quantity"] == 40.0
    assert (consume["inventoryLotId"], consume["inventoryLotName"]) == (story.a["id"], "A")
    assert (consume["secondaryInventoryLotId"], consume["secondaryInventoryLotName"]) == (story.x["id"], "X")
    assert (consume["sourceLocationPath"], consume["destinationLocationPath"]) == ("Plant/Dock", "Plant/Mixer")
    assert consume["inventoryOperationName"] == "Feed apples"
    assert (consume["unitOfMeasureSymbol"], consume["status"]) == ("kg", "COMPLETED")
    assert (consume["startDate"], consume["duration"]) == ("2025-01-02T00:00:00.000Z", 0)


def test_filter_by_lot_record_type_any_case(story):
    assert ids_of(lot_history(lotId=story.a["id"], lotRecordType="consume")) == [story.consume["id"],
                                                                                 story.running["id"]]
    assert ids_of(lot_history(lotId=story.a["id"], lotRecordType="MERGE")) == [story.merge["id"]]


def test_filter_by_operation_goes_through_operation_records(story):
    assert ids_of(lot_history(lotId=story.a["id"], operationId=story.operation["id"])) == [story.consume["id"]]


def test_filter_by_inventory_operation(story):
    found = lot_history(lotId=story.a["id"], inventoryOperationId=story.inventory_operation["id"].lower())
    assert ids_of(found) == [story.consume["id"]]


def test_filter_by_production_order_id_or_name(story):
    assert ids_of(lot_history(lotId=story.a["id"], productionOrderIdOrName="PO-1")) == [story.receive["id"]]
    assert ids_of(lot_history(lotId=story.a["id"], productionOrderIdOrName=story.order["id"])) == [
        story.receive["id"]]


def test_filter_by_reason_code(story):
    assert ids_of(lot_history(lotId=story.a["id"], materialReasonCodeId=story.reason["id"])) == [story.scrap["id"]]


def test_filter_by_status(story):
    assert ids_of(lot_history(lotId=story.a["id"], status="RUNNING")) == [story.running["id"]]
    assert len(lot_history(lotId=story.a["id"], status="completed")) == 4


def test_dates_bound_the_start_date_inclusively(story):
    assert ids_of(lot_history(lotId=story.a["id"], startDate=day(3))) == [story.scrap["id"], story.running["id"],
                                                                          story.merge["id"]]
    assert ids_of(lot_history(lotId=story.a["id"], endDate=dates.to_millis(day(2)))) == [story.receive["id"],
                                                                                         story.consume["id"]]
    assert ids_of(lot_history(lotId=story.a["id"], startDate=day(2), endDate=day(3), lotRecordType="SCRAP")) == [
        story.scrap["id"]]
    assert lot_history(lotId=story.a["id"], startDate=day(7)) == []


def test_lot_by_unique_name_is_accepted(story):
    assert ids_of(lot_history(lotId="X")) == [story.consume["id"]]


def test_errors_name_what_to_fix(story):
    with pytest.raises(errors.ValidationError) as caught:
        lot_history()
    assert "lotId" in caught.value.errors
    with pytest.raises(errors.NotFoundError):
        lot_history(lotId="01JPAND53P-BZ61RZHZ-V7C6EEHG")
    with pytest.raises(errors.ValidationError) as caught:
        lot_history(lotId=story.a["id"], lotRecordType="EAT")
    assert "lotRecordType" in caught.value.errors
    with pytest.raises(errors.ValidationError) as caught:
        lot_history(lotId=story.a["id"], status="DONE")
    assert "status" in caught.value.errors
    with pytest.raises(errors.ValidationError) as caught:
        lot_history(lotId=story.a["id"], startDate="yesterday")
    assert "startDate" in caught.value.errors
    with pytest.raises(errors.NotFoundError) as caught:
        lot_history(lotId=story.a["id"], productionOrderIdOrName="PO-404")
    assert "PO-404" in str(caught.value)
    with pytest.raises(errors.ValidationError) as caught:
        history.lot_history(db.reader(), {"lotId": story.a["id"], "lotRecordTypes": "SCRAP"})
    assert "lotRecordTypes" in caught.value.errors


def _add_records(lot, count):
    with db.transaction() as session:
        for n in range(count):
            mapping.insert(session, tables.INVENTORY_LOT_RECORDS, {
                "id": ids.new_id(), "enabled": True, "lot_record_type": "EDIT", "inventory_lot_id": lot["id"],
                "quantity": 1.0, "start_date": JAN1 + n * 1000, "status": "COMPLETED", "moves_inventory": False})


def _statements_for_history(system, lot, **filters):
    system.db.stats.reset()
    found = lot_history(lotId=lot["id"], **filters)
    return len(found), system.db.stats.snapshot()["statements"]


def test_statement_count_does_not_grow_with_the_history(system):
    material = fx.make_material("Raw/Apple", unit=fx.make_unit("Kilogram", "kg"))
    small, large = fx.make_lot("Small", material), fx.make_lot("Large", material)
    fx.make_production_order("PO-1", product_material_id=material["id"], unit_of_measure_id=material["unitOfMeasureId"])
    _add_records(small, 3)
    _add_records(large, 300)
    assert _statements_for_history(system, small) == (3, 2)
    assert _statements_for_history(system, large) == (300, 2)
    # Every filter at once still costs a lookup of the lot and of the order, and one SELECT.
    _, with_filters = _statements_for_history(system, large, lotRecordType="EDIT", status="COMPLETED",
                                              productionOrderIdOrName="PO-1", startDate=JAN1)
    _, small_with_filters = _statements_for_history(system, small, lotRecordType="EDIT", status="COMPLETED",
                                                    productionOrderIdOrName="PO-1", startDate=JAN1)
    assert with_filters == small_with_filters <= 4


def test_through_system_mes_once_wired(story, system):
    get = getattr(system.mes.inventory, "getLotHistory", None)
    if get is None:
        pytest.skip("system.mes.inventory.getLotHistory is not wired yet")
    request = system.mes.inventory.newLotHistoryRequest()
    request["lotId"] = story.a["id"]
    request["lotRecordType"] = "SCRAP"
    assert ids_of(get(**request)) == [story.scrap["id"]]
