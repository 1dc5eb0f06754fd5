"""The documented examples of lot history, the inventory queries and the trace, run verbatim on a
small dairy plant that has the ids and paths the examples name."""
import pytest

from mes.persistence import tables

import doc_examples
import inventory_fixtures as fx

pytestmark = pytest.mark.usefixtures("audited")

LOT_UUID = "425e29ed-2780-430a-95cf-79431ec0e3e5"
HISTORY_LOT = "01JE6F0CE9-T94PZD8R-TH9J01TJ"
OTHER_HISTORY_LOT = "01JJCPQWYG-T9CW4G6Z-96XBWYQB"
TRACE_ROOT = "01JZJZ1FSE-WAW6VBVG-4506XP0C"
ROW_ID = "DDFBVX9Z-01JDTF12WX-8277CPVM"


@pytest.fixture
def dairy(system):
    m = system.mes
    each = m.unitOfMeasure.saveUnitOfMeasure(**dict(m.unitOfMeasure.newUnitOfMeasure(), name="Each", symbol="ea"))
    bottle = m.material.saveMaterialClass(**dict(m.material.newMaterialClass(), name="Bottle"))
    m.material.saveMaterial(**dict(m.material.newMaterial(), name="Milk", materialClassId=bottle.id,
                                   unitOfMeasureId=each.id))
    m.material.saveMaterial(**dict(m.material.newMaterial(), name="Crate", materialClassId=bottle.id,
                                   unitOfMeasureId=each.id))
    dairy = m.location.saveLocation(**dict(m.location.newLocation(), name="DairyCo", lotStorageStrategy="ALLOW_MULTIPLE",
                                           storageCapacity=2000.0))
    m.location.saveLocation(**dict(m.location.newLocation(), name="Line1", parentId=dairy.id,
                                   lotStorageStrategy="ALLOW_MULTIPLE"))
    for lot_id, name in ((HISTORY_LOT, "H-1"), (OTHER_HISTORY_LOT, "H-2"), (TRACE_ROOT, "Lot-01JZJZ")):
        m.inventory.saveLot(**dict(m.inventory.newLot(), id=lot_id, name=name,
                                   materialId=m.material.getMaterial("Bottle/Milk").id))
    for lot, quantity in ((LOT_UUID, 500), ("H-1", 40), ("H-2", 10), ("Lot-01JZJZ", 30)):
        receive = m.inventory.newReceiveRequest()
        receive.update(quantity=quantity, materialIdOrPath="Bottle/Milk", destinationLocationIdOrPath="DairyCo",
                       lotIdOrName=lot, createIfNotExists=True)
        m.inventory.receive(**receive)
    consume = m.inventory.newConsumeRequest()
    consume.update(quantity=12, materialIdOrPath="Bottle/Milk", sourceLocationIdOrPath="DairyCo",
                   lotIdOrName="Lot-01JZJZ", consumingLotIdOrName="CRATE-7", consumingMaterialIdOrPath="Bottle/Crate",
                   createIfNotExists=True)
    m.inventory.consume(**consume)
    return m


def run(system, page):
    return doc_examples.run_page(system, doc_examples.page_path(page))


@pytest.mark.parametrize("page, lot_name", [("inventory-script-api/get-lot-history.md", "H-1"),
                                            ("inventory-script-api/new-lot-history-request.md", "H-2")])
def test_lot_history_examples(system, dairy, page, lot_name):
    history, = doc_examples.assert_prints_json(run(system, page))
    assert [(r["lotRecordType"], r["inventoryLotName"]) for r in history] == [("RECEIVE", lot_name)]


def test_inventory_query_examples(system, dairy):
    for_material, = doc_examples.assert_prints_json(run(system, "inventory-script-api/get-inventory-for-material.md"))
    assert sorted((r["lotName"], r["quantity"]) for r in for_material) == sorted([
        ("H-1", 40.0), ("H-2", 10.0), (LOT_UUID, 500.0), ("Lot-01JZJZ", 18.0)])
    row, = doc_examples.assert_prints_json(run(system, "inventory-script-api/get-inventory-by-lot-and-location.md"))
    assert (row["lotName"], row["locationPath"], row["quantity"]) == (LOT_UUID, "DairyCo", 500.0)
    for page in ("get-all-inventory.md", "get-all-inventory-at-location.md",
                 "get-all-inventory-for-location-and-children.md"):
        rows, = doc_examples.assert_prints_json(run(system, "inventory-script-api/" + page))
        assert sum(r["quantity"] for r in rows) == 568.0, page


def test_capacity_example(system, dairy):
    # DairyCo holds 568 of 2000: 1454 more does not fit, the page's question answers False.
    assert run(system, "inventory-script-api/check-location-has-capacity.md").strip() == "False"


def test_set_inventory_metadata_example(system, dairy):
    # The page names an inventory row by an id in the reference's own grouping; give one row that id.
    lot = system.mes.inventory.getLotByIdOrNameAndMaterial("H-2", "Bottle/Milk")
    fx.insert(tables.INVENTORY, id=ROW_ID, quantity=0.0, location_id=system.mes.location.getLocation("DairyCo/Line1").id,
              inventory_lot_id=lot.id, name="PAL-9")
    row, = doc_examples.assert_prints_json(run(system, "inventory-script-api/set-inventory-metadata.md"))
    assert (row["id"], row["spare1"], row["name"]) == (ROW_ID, "1732833681021216", "PAL-9")


def test_trace_examples(system, dairy):
    graph, = doc_examples.assert_prints_json(run(system, "track-and-trace-script-api/get-lot-trace-graph.md"))
    assert graph["rootNodeId"] == TRACE_ROOT and graph["direction"] == "OUTPUT"
    crate = system.mes.inventory.getLotByIdOrNameAndMaterial("CRATE-7", "Bottle/Crate")
    assert [(e["source"], e["target"]) for e in graph["edges"]] == [(TRACE_ROOT, crate.id)]
    printed = run(system, "track-and-trace-script-api/get-lot-trace-table.md")
    assert "Record Type: CONSUME" in printed and "Target Lot: CRATE-7 (Material: Crate)" in printed
    assert "Quantity: 12.0 ea" in printed
    run(system, "track-and-trace-script-api/get-track-and-trace-permissions.md")  # assigns, prints nothing
    assert system.mes.trackAndTrace.getTrackAndTracePermissions() == ["TRACK_AND_TRACE.READ.GET"]
