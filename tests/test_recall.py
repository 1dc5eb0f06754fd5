"""Recall (docs/recall.md): a tanker lot's exposure downstream and upstream, holds of listed and
exposed lots, and how a consume script checks a lot's status. Built through the public API on
the standard ledger plant: tanker T1 (Bottle/Milk) from supplier lot GF-1 is consumed into batch
B1 (Bottle/Cream), B1 is split into B2, B2 is merged into B3, and B1 is shipped and scrapped."""
import pytest

from mes.core import errors

import plant_fixtures


class Recall(object):
    def __init__(self, system):
        self.plant = plant = plant_fixtures.LedgerPlant(system)
        inv = system.mes.inventory
        self.inv = inv
        self.tanker = plant.lot("T1")
        self.other = plant.lot("T2")
        inv.receive(**plant.request("Receive", materialIdOrPath=plant.milk["id"], lotIdOrName="T1", quantity=100,
                                    destinationLocationIdOrPath=plant.dock["id"], sourceLotIdOrName="GF-1",
                                    sourceMaterialIdOrPath=plant.milk["id"], createIfNotExists=True))
        plant.stock(self.other, plant.dock, 50)
        self.consume = inv.consume(**plant.request(
            "Consume", materialIdOrPath=plant.milk["id"], lotIdOrName="T1", quantity=60,
            sourceLocationIdOrPath=plant.dock["id"], consumingLotIdOrName="B1",
            consumingMaterialIdOrPath=plant.cream["id"], createIfNotExists=True))
        inv.produce(**plant.request("Produce", materialIdOrPath=plant.cream["id"], lotIdOrName="B1", quantity=40,
                                    destinationLocationIdOrPath=plant.multi["id"]))
        self.b1 = plant.lot_by_name("B1", plant.cream)
        self.split = inv.split(**plant.request("Split", quantity=10, sourceLotId=self.b1["id"],
                                               sourceLocationIdOrPath=plant.multi["id"], destinationLotName="B2"))
        self.b2 = plant.lot_by_name("B2", plant.cream)
        self.b3 = plant.lot("B3", plant.cream)
        plant.stock(self.b3, plant.multi, 5)
        inv.merge(**plant.request("Merge", sourceLotId=self.b2["id"], destinationLotId=self.b3["id"]))
        self.ship = inv.ship(**plant.request("Ship", materialIdOrPath=plant.cream["id"], lotIdOrName="B1",
                                             quantity=12, sourceLocationIdOrPath=plant.multi["id"],
                                             destinationLocationIdOrPath=plant.dock["id"]))
        inv.scrap(**plant.request("Scrap", materialIdOrPath=plant.cream["id"], lotIdOrName="B1", quantity=3,
                                  sourceLocationIdOrPath=plant.multi["id"]))


@pytest.fixture
def recall(system):
    return Recall(system)


def _by_name(exposure):
    return dict((lot["lotName"], lot) for lot in exposure["lots"])


def test_exposure_downstream_lists_every_lot_with_depth_path_stock_and_what_left(system, recall):
    exposure = system.mes.trackandtrace.getLotExposure("T1", recall.plant.milk["path"])
    lots = _by_name(exposure)
    assert sorted((name, lot["depth"]) for name, lot in lots.items()) == [("B1", 1), ("B2", 2), ("B3", 3), ("T1", 0)]
    assert exposure["lots"][0]["lotName"] == "T1" and exposure["rootLotName"] == "T1"
    # The path of records that reached B3, with the quantity that flowed along each edge.
    assert [(e["lotRecordType"], e["sourceLotName"], e["targetLotName"], e["quantity"])
            for e in lots["B3"]["path"]] == [("CONSUME", "T1", "B1", 60), ("SPLIT", "B1", "B2", 10),
                                             ("MERGE", "B2", "B3", 10)]
    # Where each lot is now: T1 40 at the dock; B1 40 - 10 split - 12 shipped - 3 scrapped; B2 merged away.
    assert [(i["locationPath"], i["quantity"]) for i in lots["T1"]["inventory"]] == [("Plant/Dock", 40)]
    assert [(i["locationPath"], i["quantity"]) for i in lots["B1"]["inventory"]] == [("Plant/Multi", 15)]
    assert lots["B2"]["inventory"] == [] and lots["B3"]["onHand"] == 15
    assert [(s["quantity"], s["destinationLocationPath"], s["recordId"]) for s in lots["B1"]["shipped"]] == \
        [(12, "Plant/Dock", recall.ship["id"])]
    assert [c["quantity"] for c in lots["T1"]["consumed"]] == [60] and lots["T1"]["consumed"][0]["toLotName"] == "B1"
    assert [s["quantity"] for s in lots["B1"]["scrapped"]] == [3]
    totals = dict((t["materialPath"], t) for t in exposure["totals"])
    assert (totals["Bottle/Cream"]["lots"], totals["Bottle/Cream"]["onHand"], totals["Bottle/Cream"]["shipped"],
            totals["Bottle/Cream"]["scrapped"], totals["Bottle/Cream"]["unitOfMeasureSymbol"]) == (3, 30, 12, 3, "ea")
    assert (totals["Bottle/Milk"]["onHand"], totals["Bottle/Milk"]["consumed"]) == (40, 60)
    # The unrelated tanker and the supplier lot upstream are not exposed.
    assert "T2" not in lots and "GF-1" not in lots


def test_exposure_upstream_reaches_the_supplier_lot(system, recall):
    exposure = system.mes.trackandtrace.getLotExposure(recall.b3["id"], direction="INPUT")
    assert sorted((lot["lotName"], lot["depth"]) for lot in exposure["lots"]) == \
        [("B1", 2), ("B2", 1), ("B3", 0), ("GF-1", 4), ("T1", 3)]
    edges = set((e["sourceLotName"], e["targetLotName"]) for e in exposure["edges"])
    assert ("GF-1", "T1") in edges and ("T1", "B1") in edges  # edges keep the giver -> receiver direction


def test_exposure_of_a_lot_that_is_input_and_output_of_one_run_ends(system, recall):
    plant, inv = recall.plant, recall.inv
    # Rework: B3 is consumed into R1, and the same run gives B3 back from R1 (a cycle B3 -> R1 -> B3).
    inv.consume(**plant.request("Consume", materialIdOrPath=plant.cream["id"], lotIdOrName="B3", quantity=5,
                                sourceLocationIdOrPath=plant.multi["id"], consumingLotIdOrName="R1",
                                consumingMaterialIdOrPath=plant.cream["id"], createIfNotExists=True))
    inv.produce(**plant.request("Produce", materialIdOrPath=plant.cream["id"], lotIdOrName="B3", quantity=5,
                                destinationLocationIdOrPath=plant.multi["id"], producingLotIdOrName="R1",
                                producingMaterialIdOrPath=plant.cream["id"]))
    lots = _by_name(system.mes.trackandtrace.getLotExposure("T1", plant.milk["id"]))
    assert sorted((name, lot["depth"]) for name, lot in lots.items()) == \
        [("B1", 1), ("B2", 2), ("B3", 3), ("R1", 4), ("T1", 0)]
    lots = _by_name(system.mes.trackandtrace.getLotExposure("R1", plant.cream["id"]))
    assert sorted((name, lot["depth"]) for name, lot in lots.items()) == [("B3", 1), ("R1", 0)]


def test_exposure_refuses_unknown_lots_and_directions_with_what_to_fix(system, recall):
    with pytest.raises(errors.NotFoundError) as missing:
        system.mes.trackandtrace.getLotExposure("NOPE")
    assert "no lot 'NOPE' exists" in str(missing.value)
    with pytest.raises(errors.ValidationError) as wrong:
        system.mes.trackandtrace.getLotExposure("T1", recall.plant.milk["id"], direction="SIDEWAYS")
    assert "INPUT (ancestors) or OUTPUT (descendants)" in str(wrong.value)
    with pytest.raises(errors.ValidationError):
        system.mes.trackandtrace.getLotExposure(None)


def _status_records(system, lot_id):
    return [r for r in system.mes.inventory.getLotHistory(**dict(system.mes.inventory.newLotHistoryRequest(),
                                                                 lotId=lot_id))
            if r["lotRecordType"] == "STATUS_CHANGE"]


def test_hold_lots_changes_each_status_once_and_reports_closed_shipped_and_already_held(system, recall):
    inv = recall.inv
    inv.changeStatus(**dict(inv.newChangeStatusRequest(), lotId=recall.other["id"], newStatus="SHIPPED"))
    result = inv.holdLots(["T1", recall.b1["id"], recall.b2["id"], recall.other["id"]], notes="supplier recall")
    assert result["status"] == "QA_HOLD"
    assert sorted((c["lotName"], c["previousStatus"], c["lotStatus"]) for c in result["changed"]) == \
        [("B1", "OPEN", "QA_HOLD"), ("T1", "OPEN", "QA_HOLD")]
    # B2 was merged into B3 (CLOSED) and T2 SHIPPED: reported with the reason, left alone.
    assert sorted((s["lotName"], s["lotStatus"]) for s in result["skipped"]) == [("B2", "CLOSED"), ("T2", "SHIPPED")]
    assert "nothing left to hold" in result["skipped"][0]["reason"]
    for lot_id in (recall.tanker["id"], recall.b1["id"]):
        records = _status_records(system, lot_id)
        assert [(r["lotStatus"], r["notes"]) for r in records] == [("QA_HOLD", "supplier recall")]
        assert inv.getLot(lot_id)["status"] == "QA_HOLD"
    assert inv.getLot(recall.b2["id"])["status"] == "CLOSED" and _status_records(system, recall.b2["id"]) == []
    # Holding again changes nothing and writes nothing.
    again = inv.holdLots(["T1"])
    assert again["changed"] == [] and [u["lotName"] for u in again["unchanged"]] == ["T1"]
    assert len(_status_records(system, recall.tanker["id"])) == 1
    assert inv.auditInventoryLedger() == []


def test_hold_lots_is_all_or_nothing(system, recall):
    inv = recall.inv
    before = recall.plant.snapshot()
    with pytest.raises(errors.NotFoundError) as missing:
        inv.holdLots(["T1", "B1", "NO-SUCH-LOT"])
    assert "no lot 'NO-SUCH-LOT' exists" in str(missing.value)
    with pytest.raises(errors.ValidationError) as bad_status:
        inv.holdLots(["T1"], status="ON_HOLD")
    assert "status 'ON_HOLD' is not one of" in str(bad_status.value)
    with pytest.raises(errors.ValidationError) as not_a_list:
        inv.holdLots("T1")
    assert "must be a list" in str(not_a_list.value)
    assert recall.plant.snapshot() == before


def test_hold_exposure_holds_the_lot_and_everything_made_from_it(system, recall):
    result = recall.inv.holdExposure("T1", recall.plant.milk["id"], notes="tanker T1 contaminated")
    assert sorted(lot["lotName"] for lot in result["exposure"]["lots"]) == ["B1", "B2", "B3", "T1"]
    assert sorted(c["lotName"] for c in result["hold"]["changed"]) == ["B1", "B3", "T1"]
    assert [s["lotName"] for s in result["hold"]["skipped"]] == ["B2"]
    statuses = dict((lot["name"], lot["status"]) for lot in recall.inv.getAllLots())
    assert (statuses["T1"], statuses["B1"], statuses["B3"], statuses["T2"], statuses["GF-1"]) == \
        ("QA_HOLD", "QA_HOLD", "QA_HOLD", "OPEN", "OPEN")


def consume_unless_held(mes, request):
    """The consume-script recipe of docs/recall.md: lot status does not gate transactions, so a
    script that must not use held lots checks the status first."""
    lot = mes.inventory.getLotByIdOrNameAndMaterial(request["lotIdOrName"], request["materialIdOrPath"])
    if lot is not None and lot["status"] in ("QA_HOLD", "EXPIRED", "CLOSED", "SHIPPED"):
        raise ValueError("lot %s is %s: not consumed" % (lot["name"], lot["status"]))
    return mes.inventory.consume(**request)


def test_a_consume_script_checks_the_status_because_the_ledger_does_not(system, recall):
    plant, inv = recall.plant, recall.inv
    inv.holdLots(["T1"])
    request = plant.request("Consume", materialIdOrPath=plant.milk["id"], lotIdOrName="T1", quantity=1,
                            sourceLocationIdOrPath=plant.dock["id"])
    with pytest.raises(ValueError) as refused:
        consume_unless_held(system.mes, request)
    assert "lot T1 is QA_HOLD: not consumed" in str(refused.value)
    assert plant.balance(recall.tanker, plant.dock) == 40
    inv.consume(**request)  # the ledger itself does not refuse a held lot
    assert plant.balance(recall.tanker, plant.dock) == 39
    other = plant.request("Consume", materialIdOrPath=plant.milk["id"], lotIdOrName="T2", quantity=1,
                          sourceLocationIdOrPath=plant.dock["id"])
    assert consume_unless_held(system.mes, other)["quantity"] == 1


def test_totals_are_in_the_materials_unit_when_a_lot_counts_in_another(system, recall):
    plant, inv = recall.plant, recall.inv
    plant.lot("B9", plant.cream, unitOfMeasureId=plant.box["id"])  # cream counted in boxes of 12 ea
    inv.consume(**plant.request("Consume", materialIdOrPath=plant.milk["id"], lotIdOrName="T1", quantity=24,
                                sourceLocationIdOrPath=plant.dock["id"], consumingLotIdOrName="B9",
                                consumingMaterialIdOrPath=plant.cream["id"]))
    inv.produce(**plant.request("Produce", materialIdOrPath=plant.cream["id"], lotIdOrName="B9", quantity=2,
                                destinationLocationIdOrPath=plant.multi["id"]))
    exposure = system.mes.trackandtrace.getLotExposure("T1", plant.milk["id"])
    b9 = _by_name(exposure)["B9"]
    assert (b9["onHand"], b9["unitOfMeasureSymbol"]) == (2, "box")
    cream = [t for t in exposure["totals"] if t["materialPath"] == "Bottle/Cream"][0]
    assert (cream["onHand"], cream["unitOfMeasureSymbol"], cream["lots"]) == (30 + 24, "ea", 4)


def test_a_hold_locks_lots_in_id_order_a_chunk_at_a_time(system, recall, monkeypatch):
    from mes.persistence import recall_store
    monkeypatch.setattr(recall_store, "LOCK_CHUNK", 2)
    seen = []
    original = system.db.runPrepQuery

    def spy(sql, args, *rest):
        if "FROM inventory_lots WHERE id IN" in sql:
            seen.append(list(args))
        return original(sql, args, *rest)
    monkeypatch.setattr(system.db, "runPrepQuery", spy)
    result = recall.inv.holdExposure("T1", recall.plant.milk["id"])
    assert len(result["hold"]["changed"]) == 3 and [len(chunk) for chunk in seen] == [2, 2]
    flat = [lot_id for chunk in seen for lot_id in chunk]
    assert flat == sorted(lot["lotId"] for lot in result["exposure"]["lots"])
