"""getInventoryAsOf (docs/recall.md#inventory-as-of-a-moment): a seeded random history of
transactions at known moments; for 50 random moments the result equals the inventory the test saw
(getAllInventory) right after the last transaction at or before that moment; at now it equals
getAllInventory(); records that moved nothing (a RUNNING record, a status change) count for nothing."""
import random

import pytest

from mes.core import dates, errors

import plant_fixtures

SEED = 20250314
STEPS = 120


def _key(rows):
    return dict(((r["locationId"], r["lotId"]), r["quantity"]) for r in rows)


class History(object):
    """Random transactions on the standard ledger plant, the clock advancing between them; after
    each one the moment and what getAllInventory() returned."""

    def __init__(self, system, clock):
        self.system, self.clock = system, clock
        self.plant = plant = plant_fixtures.LedgerPlant(system)
        self.rng = rng = random.Random(SEED)
        self.lots = [plant.lot("H%d" % n) for n in range(6)]
        self.places = [plant.multi, plant.dock, plant.negative]
        self.seen = []  # [(moment, {(location, lot): quantity})]
        self.start = dates.now_millis()
        for lot in self.lots[:3]:
            self.step(lambda lot=lot: plant.stock(lot, plant.multi, 100))
        for _ in range(STEPS):
            self.step(self.random_transaction)

    def step(self, action):
        self.clock.advance(self.rng.randint(1, 600000))
        action()
        self.seen.append((dates.now_millis(), _key(self.system.mes.inventory.getAllInventory())))

    def random_transaction(self):
        rng, plant, inv = self.rng, self.plant, self.system.mes.inventory
        lot, place = rng.choice(self.lots), rng.choice(self.places)
        amount = rng.randint(1, 9)
        common = dict(materialIdOrPath=plant.milk["id"], lotIdOrName=lot["id"], quantity=amount)
        held = plant.balance(lot, place) or 0
        kind = rng.choice(["receive", "consume", "move", "ship", "scrap", "edit", "ongoing", "status", "split"])
        if kind in ("consume", "ship", "scrap", "move", "split") and held < amount and place is not plant.negative:
            kind = "receive"
        if kind == "receive":
            inv.receive(**plant.request("Receive", destinationLocationIdOrPath=place["id"], **common))
        elif kind == "consume":
            inv.consume(**plant.request("Consume", sourceLocationIdOrPath=place["id"], **common))
        elif kind == "ship":
            inv.ship(**plant.request("Ship", sourceLocationIdOrPath=place["id"], **common))
        elif kind == "scrap":
            inv.scrap(**plant.request("Scrap", sourceLocationIdOrPath=place["id"], **common))
        elif kind == "move":
            target = rng.choice([p for p in self.places if p is not place])
            inv.move(**plant.request("Move", sourceLocationIdOrPath=place["id"],
                                     destinationLocationIdOrPath=target["id"], **common))
        elif kind == "split":
            name = "H-S%d" % len(self.seen)
            inv.split(**plant.request("Split", quantity=amount, sourceLotId=lot["id"],
                                      sourceLocationIdOrPath=place["id"], destinationLotName=name))
            self.lots.append(plant.lot_by_name(name))
        elif kind == "edit":
            inv.editInventoryQuantity(**plant.request("EditInventoryQuantity", newQuantity=held + amount,
                                                      materialIdOrPath=plant.milk["id"], lotIdOrName=lot["id"],
                                                      sourceLocationIdOrPath=place["id"]))
        elif kind == "ongoing":  # a RUNNING record: nothing moves yet
            inv.consume(**plant.request("Consume", sourceLocationIdOrPath=place["id"], ongoing=True, **common))
        else:
            inv.changeStatus(**dict(inv.newChangeStatusRequest(), lotId=lot["id"], newStatus="AVAILABLE"))

    def expected_at(self, moment):
        before = [seen for when, seen in self.seen if when <= moment]
        return before[-1] if before else {}


@pytest.fixture(scope="module")
def history_system(backend):
    from harness import fake_gateway
    with fake_gateway.gateway(db=backend, schema=True) as system:
        yield History(system, system.clock), system


@pytest.fixture
def history(history_system):
    return history_system[0]


@pytest.fixture
def system(history_system):
    return history_system[1]


def test_fifty_random_moments_equal_what_the_inventory_was_then(system, history):
    rng = random.Random(SEED + 1)
    first, last = history.seen[0][0], history.seen[-1][0]
    moments = [rng.randint(history.start, last + 1000) for _ in range(40)]
    moments += [rng.choice(history.seen)[0] for _ in range(10)]  # exactly at a transaction: it counts
    assert first > history.start
    assert len(set(str(sorted(seen.items())) for _, seen in history.seen)) > 50  # the inventory kept changing
    for moment in moments:
        found = _key(system.mes.inventory.getInventoryAsOf(moment))
        expected = history.expected_at(moment)
        assert found == pytest.approx(expected), "at %s" % dates.to_iso(moment)


def test_at_now_it_equals_get_all_inventory(system, history):
    now_rows = system.mes.inventory.getInventoryAsOf(dates.to_iso(dates.now_millis()))
    current = system.mes.inventory.getAllInventory()
    keys = ("locationId", "locationPath", "lotId", "lotName", "lotStatus", "materialId", "materialPath", "quantity",
            "unitOfMeasureId", "unitOfMeasureName")
    assert [[r[k] for k in keys] for r in now_rows] == [[r[k] for k in keys] for r in current]
    assert len(current) > 3


def test_filters_by_location_and_material(system, history):
    plant = history.plant
    moment = history.seen[len(history.seen) // 2][0]
    everything = history.expected_at(moment)
    at_dock = system.mes.inventory.getInventoryAsOf(moment, plant.dock["path"])
    assert _key(at_dock) == dict((k, v) for k, v in everything.items() if k[0] == plant.dock["id"])
    assert _key(system.mes.inventory.getInventoryAsOf(moment, None, plant.milk["path"])) == pytest.approx(everything)
    assert system.mes.inventory.getInventoryAsOf(moment, None, plant.cream["path"]) == []
    assert system.mes.inventory.getInventoryAsOf(history.start - 1) == []


def test_bad_arguments_are_named(system, history):
    with pytest.raises(errors.ValidationError) as missing:
        system.mes.inventory.getInventoryAsOf(None)
    assert "timestamp is required" in str(missing.value)
    with pytest.raises(errors.ValidationError):
        system.mes.inventory.getInventoryAsOf("last tuesday")
    with pytest.raises(errors.NotFoundError):
        system.mes.inventory.getInventoryAsOf(0, "No/Such/Location")
