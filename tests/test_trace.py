"""Lot genealogy (system.mes.trackandtrace): trace graphs in both directions over a multi-level
genealogy, the edge orientation of every record type, node quantities, the trace table, and
statement counts bounded by depth rather than by graph size."""
import pytest

from mes.core import dates, errors
from mes.persistence import db, tables
from mes.services import trace

import inventory_fixtures as fx

DAY = 24 * 3600 * 1000
JAN1 = dates.to_millis("2025-01-01T00:00:00Z")


def day(n, minutes=0):
    return dates.to_iso(JAN1 + (n - 1) * DAY + minutes * 60000)


class Genealogy(object):
    """Supplier lot S1 -> (RECEIVE) apple lot A; A and sugar lot B -> (CONSUME) batch X;
    X -> (PRODUCE) juice lot F; F -> (SPLIT) F2; F2 -> (SHIP) customer lot C. B's own receipt
    names no supplier lot and F's MOVE links no second lot: neither is an edge."""

    def __init__(self):
        kg, litre = fx.make_unit("Kilogram", "kg"), fx.make_unit("Litre", "L")
        apple = fx.make_material("Raw/Apple", unit=kg, description="Fresh apples")
        sugar = fx.make_material("Raw/Sugar", unit=kg)
        blend = fx.make_material("Juice/Blend", unit=litre)
        bottled = fx.make_material("Juice/Bottled", unit=litre)
        self.dock, self.mixer = fx.make_location("Plant/Dock"), fx.make_location("Plant/Mixer")
        self.warehouse, self.cold = fx.make_location("Plant/Warehouse"), fx.make_location("Plant/Cold")
        self.s1, self.a, self.b = fx.make_lot("S1", apple), fx.make_lot("A", apple), fx.make_lot("B", sugar)
        self.x, self.f, self.f2 = fx.make_lot("X", blend), fx.make_lot("F", bottled), fx.make_lot("F2", bottled)
        self.c = fx.make_lot("C", bottled)
        self.receive = fx.post(self.a, "RECEIVE", 100.0, destination=self.dock, secondary=self.s1, start=day(1))
        fx.post(self.b, "RECEIVE", 50.0, destination=self.dock, start=day(1))
        self.consume_a = fx.post(self.a, "CONSUME", 40.0, source=self.dock, destination=self.mixer,
                                 secondary=self.x, start=day(2))
        self.consume_b = fx.post(self.b, "CONSUME", 10.0, source=self.dock, destination=self.mixer,
                                 secondary=self.x, start=day(2))
        self.produce = fx.post(self.f, "PRODUCE", 60.0, source=self.mixer, destination=self.warehouse,
                               secondary=self.x, start=day(3), end=day(3, 15))
        self.move = fx.post(self.f, "MOVE", 5.0, source=self.warehouse, destination=self.cold, start=day(3, 30))
        self.split = fx.post(self.f, "SPLIT", 20.0, source=self.warehouse, destination=self.warehouse,
                             secondary=self.f2, start=day(4))
        self.ship = fx.post(self.f2, "SHIP", 15.0, source=self.warehouse, secondary=self.c, start=day(5))


@pytest.fixture
def genealogy(system):
    return Genealogy()


def graph(root, direction, depth=None):
    return trace.lot_trace_graph(db.reader(), root["id"], direction, depth)


def node_summary(found):
    return [(n["data"]["lotName"], n["data"]["quantity"], n["data"]["uom"]) for n in found["nodes"]]


def edge_summary(found):
    return [(e["id"], e["source"], e["target"], e["animated"]) for e in found["edges"]]


def test_output_graph_follows_the_material_to_the_customer(genealogy):
    g = genealogy
    found = graph(g.a, "OUTPUT", 5)
    assert (found["rootNodeId"], found["direction"]) == (g.a["id"], "OUTPUT")
    assert [n["id"] for n in found["nodes"]] == [g.a["id"], g.x["id"], g.f["id"], g.f2["id"], g.c["id"]]
    assert node_summary(found) == [("A", 100.0, "kg"), ("X", 40.0, "kg"), ("F", 60.0, "L"), ("F2", 20.0, "L"),
                                   ("C", 15.0, "L")]
    assert edge_summary(found) == [(g.consume_a["id"], g.a["id"], g.x["id"], False),
                                   (g.produce["id"], g.x["id"], g.f["id"], False),
                                   (g.split["id"], g.f["id"], g.f2["id"], False),
                                   (g.ship["id"], g.f2["id"], g.c["id"], False)]
    assert found["nodes"][0]["data"] == {"lotName": "A", "materialName": "Apple", "materialClassName": "Raw",
                                         "materialDescription": "Fresh apples", "quantity": 100.0, "uom": "kg"}


def test_depth_one_is_the_default_and_returns_only_neighbours(genealogy):
    g = genealogy
    for found in (graph(g.a, "OUTPUT"), graph(g.a, "out", 1)):
        assert [n["id"] for n in found["nodes"]] == [g.a["id"], g.x["id"]]
        assert edge_summary(found) == [(g.consume_a["id"], g.a["id"], g.x["id"], False)]
    # The sibling input B is an ancestor of X, not a descendant of A: never in A's output graph.
    assert g.b["id"] not in [n["id"] for n in graph(g.a, "OUTPUT", 5)["nodes"]]


def test_input_graph_walks_back_to_every_ancestor(genealogy):
    g = genealogy
    found = graph(g.c, "INPUT", 5)
    assert found["direction"] == "INPUT"
    assert node_summary(found) == [("C", 0.0, "L"), ("F2", 15.0, "L"), ("F", 20.0, "L"), ("X", 60.0, "L"),
                                   ("A", 40.0, "kg"), ("B", 10.0, "kg"), ("S1", 100.0, "kg")]
    assert edge_summary(found) == [(g.ship["id"], g.f2["id"], g.c["id"], False),
                                   (g.split["id"], g.f["id"], g.f2["id"], False),
                                   (g.produce["id"], g.x["id"], g.f["id"], False),
                                   (g.consume_a["id"], g.a["id"], g.x["id"], False),
                                   (g.consume_b["id"], g.b["id"], g.x["id"], False),
                                   (g.receive["id"], g.s1["id"], g.a["id"], False)]
    shallower = graph(g.c, "in", 4)
    assert [n["data"]["lotName"] for n in shallower["nodes"]] == ["C", "F2", "F", "X", "A", "B"]
    assert g.receive["id"] not in [e["id"] for e in shallower["edges"]]


def test_input_of_the_batch_lists_both_inputs(genealogy):
    g = genealogy
    found = graph(g.x, "INPUT")
    assert node_summary(found) == [("X", 0.0, "L"), ("A", 40.0, "kg"), ("B", 10.0, "kg")]
    assert [(e["source"], e["target"]) for e in found["edges"]] == [(g.a["id"], g.x["id"]), (g.b["id"], g.x["id"])]


ORIENTATION = [
    # (type, giver is the primary lot?) - None: the type links no lots
    ("CONSUME", True), ("SHIP", True), ("SCRAP", True), ("RETURN", True), ("SPLIT", True),
    ("PRODUCE", False), ("UNCONSUME", False), ("RECEIVE", False), ("MERGE", False),
    ("MOVE", None), ("EDIT", None), ("STATUS_CHANGE", None),
]


@pytest.mark.parametrize("lot_record_type,giver_is_primary", ORIENTATION)
def test_every_record_type_is_oriented_from_giver_to_receiver(system, lot_record_type, giver_is_primary):
    material = fx.make_material("Raw/Apple", unit=fx.make_unit("Kilogram", "kg"))
    primary, secondary = fx.make_lot("P", material), fx.make_lot("S", material)
    record = fx.make_ledger_record(primary, lot_record_type, 3.0, secondary_inventory_lot_id=secondary["id"])
    outward = graph(primary, "OUTPUT")["edges"] + graph(secondary, "OUTPUT")["edges"]
    if giver_is_primary is None:
        assert outward == [] and graph(primary, "INPUT")["edges"] == []
        return
    giver, receiver = (primary, secondary) if giver_is_primary else (secondary, primary)
    assert edge_summary({"edges": outward}) == [(record["id"], giver["id"], receiver["id"], False)]
    assert edge_summary(graph(receiver, "INPUT")) == [(record["id"], giver["id"], receiver["id"], False)]
    assert graph(receiver, "OUTPUT")["edges"] == [] and graph(giver, "INPUT")["edges"] == []
    row = trace.lot_trace_table(db.reader(), [record["id"]])[0]
    assert (row["sourceInventoryLotName"], row["targetInventoryLotName"]) == (giver["name"], receiver["name"])


def test_running_records_are_animated_and_cancelled_ones_are_no_edges(system):
    material = fx.make_material("Raw/Apple", unit=fx.make_unit("Kilogram", "kg"))
    a, b, c = fx.make_lot("A", material), fx.make_lot("B", material), fx.make_lot("C", material)
    running = fx.insert(tables.INVENTORY_LOT_RECORDS, lot_record_type="CONSUME", inventory_lot_id=a["id"],
                        secondary_inventory_lot_id=b["id"], start_date=JAN1, status="RUNNING")
    fx.insert(tables.INVENTORY_LOT_RECORDS, lot_record_type="CONSUME", inventory_lot_id=a["id"], quantity=1.0,
              secondary_inventory_lot_id=c["id"], start_date=JAN1, status="CANCELLED")
    assert edge_summary(graph(a, "OUTPUT")) == [(running["id"], a["id"], b["id"], True)]


def test_a_node_reached_through_several_edges_sums_them(system):
    material = fx.make_material("Raw/Apple", unit=fx.make_unit("Kilogram", "kg"))
    a, batch = fx.make_lot("A", material), fx.make_lot("Batch", material)
    fx.make_ledger_record(a, "CONSUME", 2.5, secondary_inventory_lot_id=batch["id"])
    fx.make_ledger_record(a, "CONSUME", 4.0, secondary_inventory_lot_id=batch["id"])
    found = graph(a, "OUTPUT")
    assert node_summary(found)[1] == ("Batch", 6.5, "kg") and len(found["edges"]) == 2


def test_arguments_are_checked(genealogy):
    g = genealogy
    for depth in (0, 6, 2.5, "deep"):
        with pytest.raises(errors.ValidationError) as caught:
            graph(g.a, "OUTPUT", depth)
        assert "depth" in caught.value.errors
    assert len(graph(g.c, "INPUT", "5")["nodes"]) == 7
    with pytest.raises(errors.ValidationError) as caught:
        graph(g.a, "SIDEWAYS")
    assert "direction" in caught.value.errors
    with pytest.raises(errors.NotFoundError):
        trace.lot_trace_graph(db.reader(), "01JPAND53P-BZ61RZHZ-V7C6EEHG", "OUTPUT")


def test_trace_table_rows_use_the_same_orientation(genealogy):
    g = genealogy
    rows = trace.lot_trace_table(db.reader(), [g.produce["id"], "01JPAND53P-BZ61RZHZ-V7C6EEHG", g.ship["id"].lower(),
                                               g.produce["id"], g.move["id"]])
    assert [r["id"] for r in rows] == [g.produce["id"], g.ship["id"], g.move["id"]]
    assert rows[0] == {
        "id": g.produce["id"], "lotRecordType": "PRODUCE",
        "sourceInventoryLotId": g.x["id"], "sourceInventoryLotName": "X",
        "targetInventoryLotId": g.f["id"], "targetInventoryLotName": "F",
        "sourceLocationId": g.mixer["id"], "sourceLocationPath": "Plant/Mixer",
        "destinationLocationId": g.warehouse["id"], "destinationLocationPath": "Plant/Warehouse",
        "quantity": 60.0, "unitOfMeasureId": g.f["unitOfMeasureId"], "unitOfMeasureName": "Litre",
        "unitOfMeasureSymbol": "L", "startDate": "2025-01-03T00:00:00.000Z", "endDate": "2025-01-03T00:15:00.000Z",
        "durationInMillis": 900000, "sourceMaterialId": g.x["materialId"], "sourceMaterialName": "Blend",
        "targetMaterialId": g.f["materialId"], "targetMaterialName": "Bottled"}
    ship = rows[1]
    assert (ship["sourceInventoryLotName"], ship["targetInventoryLotName"], ship["sourceLocationPath"]) == (
        "F2", "C", "Plant/Warehouse")
    assert (ship["endDate"], ship["durationInMillis"]) == (None, None)
    move = rows[2]
    assert (move["sourceInventoryLotName"], move["targetInventoryLotName"]) == ("F", "F")
    assert (move["sourceLocationPath"], move["destinationLocationPath"]) == ("Plant/Warehouse", "Plant/Cold")
    assert trace.lot_trace_table(db.reader(), []) == []


def test_trace_table_of_a_whole_graph_is_one_statement(system, genealogy):
    edges = [e["id"] for e in graph(genealogy.c, "INPUT", 5)["edges"]]
    system.db.stats.reset()
    rows = trace.lot_trace_table(db.reader(), edges)
    assert [r["id"] for r in rows] == edges
    assert system.db.stats.snapshot()["statements"] == 1


def _fan_out(width):
    """Root R consumed into `width` batches, each producing a product lot; returns R."""
    material = fx.make_material("Raw/Apple", unit=fx.make_unit("Kilogram", "kg"))
    root = fx.make_lot("R", material)
    for n in range(width):
        batch, product = fx.make_lot("Batch%d" % n, material), fx.make_lot("Product%d" % n, material)
        fx.make_ledger_record(root, "CONSUME", 1.0, secondary_inventory_lot_id=batch["id"])
        fx.make_ledger_record(product, "PRODUCE", 1.0, secondary_inventory_lot_id=batch["id"])
    return root


@pytest.mark.parametrize("width", [2, 25])
def test_statements_are_bounded_by_depth_not_by_graph_size(system, width):
    root = _fan_out(width)
    system.db.stats.reset()
    found = graph(root, "OUTPUT", 5)
    statements = system.db.stats.snapshot()["statements"]
    assert len(found["nodes"]) == 1 + 2 * width and len(found["edges"]) == 2 * width
    # The root's data, then per level one query for the edges and one for the new lots; the
    # third level finds no edges and stops.
    assert statements == 1 + 2 + 2 + 1


def test_through_system_mes_once_wired(system, genealogy):
    api = getattr(system.mes, "trackandtrace", None)
    if api is None or getattr(api, "getLotTraceGraph", None) is None:
        pytest.skip("system.mes.trackandtrace.getLotTraceGraph is not wired yet")
    found = api.getLotTraceGraph(genealogy.a["id"], "OUTPUT", 2)
    assert [n["data"]["lotName"] for n in found["nodes"]] == ["A", "X", "F"]
    rows = api.getLotTraceTable([e["id"] for e in found["edges"]])
    assert [(r["sourceInventoryLotName"], r["targetInventoryLotName"]) for r in rows] == [("A", "X"), ("X", "F")]


def test_tables_unchanged_by_tracing(system, genealogy):
    before = fx.count(tables.INVENTORY_LOT_RECORDS)
    graph(genealogy.a, "OUTPUT", 5)
    assert fx.count(tables.INVENTORY_LOT_RECORDS) == before
