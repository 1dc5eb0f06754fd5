"""publishInventoryState writes the inventory of locations to tags (docs/queries.md#publishinventorystate)."""
import json
import os

import pytest

from mes.core import errors
from mes.persistence import db, mapping, tables
from mes.services import inventory_state
from tests import inventory_fixtures as fx

ROOT = "[default]MES/Inventory/"


@pytest.fixture
def stock(system):
    kg, ea = fx.make_unit("Kilogram", "kg"), fx.make_unit("Each", "ea")
    milk, caps = fx.make_material("Dairy/Milk", kg), fx.make_material("Caps", ea)
    line1, line2 = fx.make_location("DairyCo/Plant1/Line1"), fx.make_location("DairyCo/Plant1/Line2")
    lot_a, lot_b = fx.make_lot("LOT.A", milk), fx.make_lot("LOT-B", milk, status="QA_HOLD")
    lot_c = fx.make_lot("C1", caps)
    rows = dict(a=fx.make_inventory(lot_a, line1, 5.0, name="PAL-1"), b=fx.make_inventory(lot_b, line1, 2.5),
                c=fx.make_inventory(lot_c, line2, 40.0))
    return dict(line1=line1, line2=line2, lot_a=lot_a, rows=rows)


def _value(system, path):
    return system.tag.readBlocking([ROOT + path])[0].getValue()


def test_a_location_folder_holds_its_lots_and_totals_written_in_one_write(system, stock):
    before = system.tag.stats.snapshot()
    system.mes.inventory.publishInventoryState(["DairyCo/Plant1/Line1"])
    assert system.tag.stats.snapshot()["write_calls"] - before["write_calls"] == 1
    lot = "DairyCo/Plant1/Line1/_Inventory/Lots/LOT_A/"  # '.' may not stand in a tag name
    assert [_value(system, lot + m) for m in ("LotId", "LotName", "MaterialPath", "MaterialName", "Quantity", "Unit",
                                              "Status", "InventoryName")] == \
        [stock["lot_a"]["id"], "LOT.A", "Dairy/Milk", "Milk", 5.0, "kg", "OPEN", "PAL-1"]
    assert _value(system, "DairyCo/Plant1/Line1/_Inventory/Lots/LOT-B/Status") == "QA_HOLD"
    totals = "DairyCo/Plant1/Line1/_Inventory/"
    assert [_value(system, totals + m) for m in ("LocationId", "LocationPath", "LotCount", "TotalQuantity", "Unit")] == \
        [stock["line1"]["id"], "DairyCo/Plant1/Line1", 2, 7.5, "kg"]
    assert not system.tag.exists(ROOT + "DairyCo/Plant1/Line2/_Inventory/LotCount")  # not asked for


def test_tags_of_lots_that_left_are_removed_and_nothing_is_created_twice(system, stock):
    system.mes.inventory.publishInventoryState(["DairyCo/Plant1/Line1"])
    with db.transaction() as session:
        mapping.update_by_id(session, tables.INVENTORY, stock["rows"]["b"]["id"], {"quantity": 0.0})
    system.mes.inventory.publishInventoryState(["DairyCo/Plant1/Line1"])
    assert not system.tag.exists(ROOT + "DairyCo/Plant1/Line1/_Inventory/Lots/LOT-B/Quantity")
    found = system.tag.browse(ROOT + "DairyCo/Plant1/Line1/_Inventory/Lots").getResults()
    assert [r["name"] for r in found] == ["LOT_A"]
    assert _value(system, "DairyCo/Plant1/Line1/_Inventory/LotCount") == 1


def test_all_locations_when_none_are_given_and_mixed_units_have_no_total(system, stock):
    fx.make_inventory(fx.make_lot("C2", fx.make_material("Caps2", fx.make_unit("Litre", "L"))), stock["line2"], 1.0)
    system.mes.inventory.publishInventoryState()
    assert _value(system, "DairyCo/Plant1/Line2/_Inventory/Lots/C1/Quantity") == 40.0
    assert _value(system, "DairyCo/Plant1/Line2/_Inventory/TotalQuantity") is None
    assert _value(system, "DairyCo/Plant1/Line2/_Inventory/Unit") == "L, ea"
    assert _value(system, "DairyCo/_Inventory/LotCount") == 0  # a location without stock still has its folder


def test_provider_and_root_folder_are_configurable(system, stock):
    system.mes.setup.configureInventoryTags(provider="plant", rootFolder="HMI/Stock")
    system.mes.inventory.publishInventoryState([stock["line2"]["id"]])
    assert system.tag.readBlocking(["[plant]HMI/Stock/DairyCo/Plant1/Line2/_Inventory/Lots/C1/Quantity"])[0]\
        .getValue() == 40.0


def test_an_unknown_location_writes_no_tag(system, stock):
    before = system.tag.stats.snapshot()["write_calls"]
    with pytest.raises(errors.NotFoundError):
        system.mes.inventory.publishInventoryState(["DairyCo/Plant1/Line1", "Nowhere"])
    assert system.tag.stats.snapshot()["write_calls"] == before
    assert not system.tag.browse("[default]MES").getResults()


def test_the_udt_definitions_in_gateway_resources_match_the_published_members():
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "gateway_resources", "tags",
                        "mes_inventory_udts.json")
    with open(path) as handle:
        types = dict((t["name"], t) for t in json.load(handle)["tags"][0]["tags"])
    location, lot = types["MES Inventory Location"], types["MES Inventory Lot"]
    assert [(t["name"], t["dataType"]) for t in location["tags"] if t["tagType"] == "AtomicTag"] == \
        list(inventory_state.LOCATION_MEMBERS)
    assert [t["name"] for t in location["tags"] if t["tagType"] == "Folder"] == [inventory_state.LOTS_FOLDER]
    assert [(t["name"], t["dataType"]) for t in lot["tags"]] == list(inventory_state.LOT_MEMBERS)
