"""Every documented code example of the transaction pages (the action, new-...-request and
validate-...-request pages, and executeInventoryActions) runs verbatim, and what it did is checked
on the inventory rows, lot totals and lot records.

The examples name: material Bottle/Milk, locations DairyCo and DairyFarm, lots by id
01JJCQEJYG-E31FHVTF-JB6WEJTC (split source, status change), 01JJD0ST06-APPRGRCY-25ZQ49FR (merge
source) and 01JJCPQWYG-T9CW4G6Z-96XBWYQB (merge destination); quantities 610.
"""
import pytest

from mes.persistence import tables

import doc_examples
import inventory_fixtures as fx
import plant_fixtures

pytestmark = pytest.mark.usefixtures("audited")

SPLIT_LOT = "01JJCQEJYG-E31FHVTF-JB6WEJTC"
MERGE_SOURCE = "01JJD0ST06-APPRGRCY-25ZQ49FR"
MERGE_TARGET = "01JJCPQWYG-T9CW4G6Z-96XBWYQB"
NEW_LOT_NAME = "5db685a7-2096-449a-b96c-effb3739e021"
PAGES = "inventory-script-api/"


class Dairy(plant_fixtures.LedgerPlant):
    """The plant the examples name, on top of the standard one."""

    def __init__(self, system):
        plant_fixtures.LedgerPlant.__init__(self, system)
        self.dairy_co = self.location("DairyCo", "ALLOW_MULTIPLE")
        self.dairy_farm = self.location("DairyFarm", "ALLOW_MULTIPLE")
        self.split_lot = self.lot("SPLIT-ME", id=SPLIT_LOT)
        self.merge_source = self.lot("MERGE-SRC", id=MERGE_SOURCE)
        self.merge_target = self.lot("MERGE-DST", id=MERGE_TARGET)
        self.stock(self.split_lot, self.dairy_co, 1000)

    def milk_at(self, location):
        """The summed balance of Bottle/Milk at a location."""
        milk_lots = set(r["id"] for r in fx.rows(tables.INVENTORY_LOTS) if r["material_id"] == self.milk.id)
        return sum(r["quantity"] for r in fx.rows(tables.INVENTORY)
                   if r["location_id"] == location.id and r["inventory_lot_id"] in milk_lots)


@pytest.fixture
def dairy(system):
    return Dairy(system)


def run(system, page):
    return doc_examples.run_page(system, doc_examples.page_path(PAGES + page))


def printed_record(system, page):
    record, = doc_examples.assert_prints_json(run(system, page))
    return record


def new_records(dairy, before):
    return [r for r in dairy.records() if r["id"] not in before]


# -- decreases --------------------------------------------------------------------------------------


@pytest.mark.parametrize("page, record_type", [
    ("consume.md", "CONSUME"), ("new-consume-request.md", "CONSUME"), ("ship.md", "SHIP"),
    ("new-ship-request.md", "SHIP"), ("scrap.md", "SCRAP"), ("new-scrap-request.md", "SCRAP"),
    ("return-inventory.md", "RETURN"), ("new-return-request.md", "RETURN")])
def test_decrease_examples_take_610_from_dairy_co(system, dairy, page, record_type):
    before = set(r["id"] for r in dairy.records())
    record = printed_record(system, page)
    assert (record["lotRecordType"], record["inventoryLotId"], record["quantity"]) == (record_type, SPLIT_LOT, 610.0)
    assert record["sourceLocationPath"] == "DairyCo" and record["status"] == "COMPLETED"
    assert dairy.balance(dairy.split_lot, dairy.dairy_co) == 390.0 and dairy.total(dairy.split_lot) == 1000.0
    assert [w["lot_record_type"] for w in new_records(dairy, before)] == [record_type]


@pytest.mark.parametrize("page", ["scrap-all.md", "new-scrap-all-request.md"])
def test_scrap_all_examples_empty_every_milk_lot_at_dairy_co(system, dairy, page):
    other = dairy.lot("OTHER")
    dairy.stock(other, dairy.dairy_co, 5)
    cream = dairy.lot("CREAM", dairy.cream)
    dairy.stock(cream, dairy.dairy_co, 7)
    records, = doc_examples.assert_prints_json(run(system, page))
    assert sorted((r["lotRecordType"], r["inventoryLotName"], r["quantity"]) for r in records) == [
        ("SCRAP", "OTHER", 5.0), ("SCRAP", "SPLIT-ME", 1000.0)]
    assert dairy.milk_at(dairy.dairy_co) == 0.0 and dairy.balance(cream, dairy.dairy_co) == 7.0


# -- increases --------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["receive.md", "new-receive-request.md"])
def test_receive_examples_create_an_automatic_lot(system, dairy, page):
    record = printed_record(system, page)
    lot = system.mes.inventory.getLot(record["inventoryLotId"])
    assert record["lotRecordType"] == "RECEIVE" and record["destinationLocationPath"] == "DairyCo"
    assert len(lot["name"]) == 36 and lot["materialPath"] == "Bottle/Milk" and lot["totalQuantity"] == 610.0
    assert dairy.balance(lot, dairy.dairy_co) == 610.0 and dairy.milk_at(dairy.dairy_co) == 1610.0


# Decided rule: an increase with no lot named goes into a new, automatically named lot; an edit with
# no lot named counts the lot the location's lot use strategy takes next.


@pytest.mark.parametrize("page", ["produce.md", "new-produce-request.md"])
def test_produce_examples_put_610_at_dairy_co(system, dairy, page):
    record = printed_record(system, page)
    assert (record["lotRecordType"], record["quantity"], record["destinationLocationPath"]) == (
        "PRODUCE", 610.0, "DairyCo")
    assert dairy.milk_at(dairy.dairy_co) == 1610.0
    assert system.mes.inventory.getLot(record["inventoryLotId"])["totalQuantity"] >= 610.0


@pytest.mark.parametrize("page", ["unconsume.md", "new-unconsume-request.md"])
def test_unconsume_examples_put_610_back_at_dairy_co(system, dairy, page):
    record = printed_record(system, page)
    assert (record["lotRecordType"], record["quantity"]) == ("UNCONSUME", 610.0)
    assert dairy.milk_at(dairy.dairy_co) == 1610.0 and dairy.total(dairy.split_lot) == 1000.0


@pytest.mark.parametrize("page", ["edit-inventory-quantity.md", "new-edit-inventory-quantity-request.md"])
def test_edit_examples_set_the_milk_at_dairy_co_to_610(system, dairy, page):
    record = printed_record(system, page)
    assert (record["lotRecordType"], record["quantity"], record["sourceLocationPath"]) == ("EDIT", -390.0, "DairyCo")
    assert dairy.balance(dairy.split_lot, dairy.dairy_co) == 610.0


def test_execute_inventory_actions_example_receives_then_consumes(system, dairy):
    before = set(r["id"] for r in dairy.records())
    assert run(system, "execute-inventory-actions.md") == ""
    written = new_records(dairy, before)
    assert [(w["lot_record_type"], w["quantity"]) for w in written] == [("RECEIVE", 610.0), ("CONSUME", 610.0)]
    assert dairy.milk_at(dairy.dairy_co) == 1000.0


# -- move, split, merge, status ------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["move.md", "new-move-request.md"])
def test_move_examples_carry_610_from_the_farm_to_dairy_co(system, dairy, page):
    farm_lot = dairy.lot("FARM")
    dairy.stock(farm_lot, dairy.dairy_farm, 700)
    record = printed_record(system, page)
    assert (record["lotRecordType"], record["inventoryLotName"], record["quantity"]) == ("MOVE", "FARM", 610.0)
    assert (record["sourceLocationPath"], record["destinationLocationPath"]) == ("DairyFarm", "DairyCo")
    assert dairy.balance(farm_lot, dairy.dairy_farm) == 90.0 and dairy.balance(farm_lot, dairy.dairy_co) == 610.0
    assert dairy.total(farm_lot) == 700.0


@pytest.mark.parametrize("page", ["split.md", "new-split-request.md"])
def test_split_examples_cut_a_610_lot(system, dairy, page):
    record = printed_record(system, page)
    new = dairy.lot_by_name(NEW_LOT_NAME)
    assert (record["lotRecordType"], record["inventoryLotId"], record["secondaryInventoryLotId"]) == (
        "SPLIT", SPLIT_LOT, new["id"])
    assert dairy.balance(dairy.split_lot, dairy.dairy_co) == 390.0 and dairy.balance(new, dairy.dairy_co) == 610.0
    assert new["totalQuantity"] == 610.0 and dairy.total(dairy.split_lot) == 1000.0


@pytest.mark.parametrize("page", ["merge.md", "new-merge-request.md"])
def test_merge_examples_close_the_source_lot(system, dairy, page):
    dairy.stock(dairy.merge_source, dairy.dairy_co, 610)
    dairy.stock(dairy.merge_target, dairy.dairy_co, 100)
    record = printed_record(system, page)
    assert (record["lotRecordType"], record["inventoryLotId"], record["secondaryInventoryLotId"],
            record["quantity"]) == ("MERGE", MERGE_TARGET, MERGE_SOURCE, 610.0)
    assert dairy.balance(dairy.merge_target, dairy.dairy_co) == 710.0
    assert dairy.balance(dairy.merge_source, dairy.dairy_co) == 0.0
    source = dairy.get_lot(MERGE_SOURCE)
    assert source["status"] == "CLOSED" and source["closedDate"] is not None
    assert dairy.total(dairy.merge_target) == 710.0


@pytest.mark.parametrize("page", ["change-status.md", "new-change-status-request.md"])
def test_change_status_examples_make_the_lot_available(system, dairy, page):
    record = printed_record(system, page)
    assert (record["lotRecordType"], record["lotStatus"], record["inventoryLotId"]) == (
        "STATUS_CHANGE", "AVAILABLE", SPLIT_LOT)
    assert dairy.get_lot(SPLIT_LOT)["status"] == "AVAILABLE"
    assert dairy.balance(dairy.split_lot, dairy.dairy_co) == 1000.0


# -- validate pages --------------------------------------------------------------------------------------

VALID = [
    ("validate-consume-request.md", "Consume request parameters are valid."),
    ("validate-ship-request.md", "Ship request parameters are valid."),
    ("validate-scrap-request.md", "Scrap request parameters are valid."),
    ("validate-return-request.md", "Return request parameters are valid."),
    ("validate-scrap-all-request.md", "Request is valid, proceeding with scrap all operation"),
    ("validate-move-request.md", "Move request parameters are valid."),
    ("validate-split-request.md", "Split request parameters are valid."),
    ("validate-merge-request.md", "Merge request parameters are valid."),
    ("validate-change-status-request.md", "Change status request parameters are valid."),
]
VALID_WITHOUT_LOT = [
    ("validate-receive-request.md", "Receive request parameters are valid."),
    ("validate-produce-request.md", "Produce request parameters are valid."),
    ("validate-unconsume-request.md", "Unconsume request parameters are valid."),
    ("validate-edit-inventory-quantity-request.md", "Edit inventory quantity request parameters are valid."),
]


@pytest.mark.parametrize("page, message", VALID)
def test_validate_examples_report_a_valid_request_and_write_nothing(system, dairy, page, message):
    before = dairy.snapshot()
    assert run(system, page).strip() == message
    assert dairy.snapshot() == before


@pytest.mark.parametrize("page, message", VALID_WITHOUT_LOT)
def test_validate_examples_without_a_lot_report_a_valid_request(system, dairy, page, message):
    before = dairy.snapshot()
    assert run(system, page).strip() == message
    assert dairy.snapshot() == before


def test_validate_examples_report_the_problems_when_the_master_data_is_missing(system):
    printed = run(system, "validate-consume-request.md")
    assert printed.startswith("Validation errors found:")
    assert "materialIdOrPath" in printed and "sourceLocationIdOrPath" in printed
