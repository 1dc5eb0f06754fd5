"""Location rules applied by every transaction (docs/rules.md#locations-storage-and-units): lot storage
strategies, negative stock, capacity across units, lot picking (FIFO/LIFO/FEFO), unit conversions,
and the CLOSED lot rule (docs/rules.md#the-ledger)."""
import pytest

from mes.core import errors

import plant_fixtures

pytestmark = pytest.mark.usefixtures("audited")


@pytest.fixture
def plant(system):
    return plant_fixtures.LedgerPlant(system)


def inv(system):
    return system.mes.inventory


def receive(plant, lot, location, quantity, unit=None):
    return plant.stock(lot, location, quantity, unit=unit)


def consume(plant, location, quantity, lot=None, material="Bottle/Milk", unit=None):
    return plant.system.mes.inventory.consume(**plant.request(
        "Consume", materialIdOrPath=material, sourceLocationIdOrPath=getattr(location, "id", location),
        quantity=quantity, lotIdOrName=lot, unitOfMeasureSymbol=unit))


def new_records(plant, before):
    return [r for r in plant.records() if r["id"] not in before]


# -- lot storage strategies ---------------------------------------------------------------------------


def test_allow_multiple_keeps_every_lot(system, plant):
    a, b = plant.lot("A"), plant.lot("B")
    receive(plant, a, plant.multi, 2)
    receive(plant, b, plant.multi, 3)
    assert plant.balance(a, plant.multi) == 2.0 and plant.balance(b, plant.multi) == 3.0


def test_allow_single_or_throw_refuses_a_second_lot(system, plant):
    a, b = plant.lot("A"), plant.lot("B")
    receive(plant, a, plant.single, 2)
    receive(plant, a, plant.single, 1)  # the same lot is fine
    before = plant.snapshot()
    with pytest.raises(errors.ConflictError) as raised:
        receive(plant, b, plant.single, 3)
    message = str(raised.value)
    assert "Plant/Single" in message and "ALLOW_SINGLE_OR_THROW" in message and "'A'" in message
    assert plant.snapshot() == before
    # a move in is refused the same way
    receive(plant, b, plant.multi, 3)
    with pytest.raises(errors.ConflictError):
        inv(system).move(**plant.request("Move", materialIdOrPath="Bottle/Milk", lotIdOrName="B",
                                         sourceLocationIdOrPath="Plant/Multi",
                                         destinationLocationIdOrPath="Plant/Single", quantity=1))
    # once the other lot is empty, another lot may come in
    consume(plant, plant.single, 3, lot="A")
    receive(plant, b, plant.single, 1)
    assert plant.balance(b, plant.single) == 1.0 and plant.balance(a, plant.single) == 0.0


def test_merge_into_previous_adds_the_incoming_quantity_to_the_lot_there(system, plant):
    old, incoming = plant.lot("OLD"), plant.lot("IN")
    receive(plant, old, plant.previous, 5)
    before = set(r["id"] for r in plant.records())
    record = receive(plant, incoming, plant.previous, 3)
    assert record.lotRecordType == "RECEIVE" and record.inventoryLotId == incoming.id
    assert plant.balance(old, plant.previous) == 8.0 and plant.balance(incoming, plant.previous) == 0.0
    written = new_records(plant, before)
    assert [(w["lot_record_type"], w["inventory_lot_id"], w["secondary_inventory_lot_id"], w["quantity"],
             w["source_location_id"], w["destination_location_id"]) for w in written] == [
        ("RECEIVE", incoming.id, None, 3.0, None, plant.previous.id),
        ("MERGE", old.id, incoming.id, 3.0, plant.previous.id, plant.previous.id)]
    # totals: the incoming lot received 3; the survivor of the merge grows by what it took
    assert plant.total(incoming) == 3.0 and plant.total(old) == 8.0


def test_merge_into_new_merges_the_lot_there_into_the_incoming_one(system, plant):
    old, incoming = plant.lot("OLD"), plant.lot("IN")
    receive(plant, old, plant.new, 5)
    before = set(r["id"] for r in plant.records())
    receive(plant, incoming, plant.new, 3)
    assert plant.balance(old, plant.new) == 0.0 and plant.balance(incoming, plant.new) == 8.0
    written = new_records(plant, before)
    assert sorted((w["lot_record_type"], w["inventory_lot_id"], w["secondary_inventory_lot_id"], w["quantity"])
                  for w in written) == [("MERGE", incoming.id, old.id, 5.0), ("RECEIVE", incoming.id, None, 3.0)]
    assert plant.total(incoming) == 8.0 and plant.total(old) == 5.0


def test_no_storage_refuses_increases_and_says_what_to_change(system, plant):
    lot = plant.lot("A")
    before = plant.snapshot()
    with pytest.raises(errors.ValidationError) as raised:
        receive(plant, lot, plant.nothing, 1)
    message = str(raised.value)
    assert "Plant/Nothing" in message and "NO_STORAGE" in message and "lotStorageStrategy" in message
    assert plant.snapshot() == before
    assert plant.nothing.lotStorageStrategy == "NO_STORAGE"  # the location default


# -- negative stock -----------------------------------------------------------------------------------


def test_negative_stock_is_refused_and_nothing_is_written(system, plant):
    lot = plant.lot("A")
    receive(plant, lot, plant.multi, 5)
    before = plant.snapshot()
    for kind, call in [("Consume", "consume"), ("Ship", "ship"), ("Scrap", "scrap"), ("Return", "returnInventory")]:
        with pytest.raises(errors.InsufficientInventoryError) as raised:
            getattr(inv(system), call)(**plant.request(kind, materialIdOrPath="Bottle/Milk", lotIdOrName="A",
                                                       sourceLocationIdOrPath="Plant/Multi", quantity=6))
        assert "Plant/Multi" in str(raised.value) and "allowNegativeInventory" in str(raised.value)
        assert plant.snapshot() == before
    with pytest.raises(errors.InsufficientInventoryError):
        inv(system).move(**plant.request("Move", materialIdOrPath="Bottle/Milk", lotIdOrName="A",
                                         sourceLocationIdOrPath="Plant/Multi",
                                         destinationLocationIdOrPath="Plant/Dock", quantity=5.5))
    with pytest.raises(errors.InsufficientInventoryError):  # no row at all
        consume(plant, plant.dock, 1, lot="A")
    assert plant.snapshot() == before


def test_negative_stock_where_the_location_allows_it(system, plant):
    lot = plant.lot("A")
    receive(plant, lot, plant.negative, 2)
    consume(plant, plant.negative, 5, lot="A")
    assert plant.balance(lot, plant.negative) == -3.0
    consume(plant, plant.negative, 1, lot="A")
    assert plant.balance(lot, plant.negative) == -4.0 and plant.total(lot) == 2.0


# -- capacity -----------------------------------------------------------------------------------------


def test_capacity_in_boxes_counts_stock_held_in_each(system, plant):
    mes = system.mes.location
    tank = dict(mes.getLocation("Plant/Multi"), storageCapacity=2.0, storageCapacityUnitId=plant.box.id)
    mes.saveLocation(**tank)
    milk, juice = plant.lot("A"), plant.lot("J", plant.juice)
    receive(plant, milk, plant.multi, 12)  # 12 ea = 1 box
    receive(plant, juice, plant.multi, 0.5)  # box
    receive(plant, milk, plant.multi, 6)  # 0.5 box: now exactly full
    before = plant.snapshot()
    with pytest.raises(errors.ValidationError) as raised:
        receive(plant, milk, plant.multi, 1)
    assert "Plant/Multi" in str(raised.value) and "storageCapacity" in str(raised.value)
    assert plant.snapshot() == before
    with pytest.raises(errors.ValidationError):
        receive(plant, milk, plant.multi, 1, unit="box")
    consume(plant, plant.multi, 0.5, lot="J", material="Carton/Juice")
    receive(plant, milk, plant.multi, 6)  # room again
    assert plant.balance(milk, plant.multi) == 24.0


# -- lot picking when no lot is named ------------------------------------------------------------------


def use(system, location, strategy):
    mes = system.mes.location
    return mes.saveLocation(**dict(mes.getLocation(location.id), lotUseStrategy=strategy))


@pytest.mark.parametrize("strategy, expected", [("FIFO", "B"), ("LIFO", "A")])
def test_fifo_and_lifo_follow_when_the_row_was_first_stocked(system, plant, clock, strategy, expected):
    use(system, plant.multi, strategy)
    b, a = plant.lot("B"), plant.lot("A")
    receive(plant, b, plant.multi, 5)
    clock.advance(60000)
    receive(plant, a, plant.multi, 5)
    clock.advance(60000)
    receive(plant, b, plant.multi, 1)  # topping up does not make B newer
    record = consume(plant, plant.multi, 2)
    assert record.inventoryLotName == expected


@pytest.mark.parametrize("strategy", ["FIFO", "LIFO", "FEFO"])
def test_ties_are_broken_by_lot_name(system, plant, strategy):
    use(system, plant.multi, strategy)
    for name in ("C", "A", "B"):
        receive(plant, plant.lot(name, expirationDate="2030-01-01T00:00:00Z"), plant.multi, 5)
    assert consume(plant, plant.multi, 1).inventoryLotName == "A"


def test_fefo_takes_the_earliest_expiry_and_lots_without_one_last(system, plant):
    use(system, plant.multi, "FEFO")
    receive(plant, plant.lot("NONE"), plant.multi, 5)
    receive(plant, plant.lot("LATE", expirationDate="2031-01-01T00:00:00Z"), plant.multi, 5)
    receive(plant, plant.lot("SOON", expirationDate="2030-01-01T00:00:00Z"), plant.multi, 5)
    picked = [consume(plant, plant.multi, 5).inventoryLotName for _ in range(3)]
    assert picked == ["SOON", "LATE", "NONE"]


def test_picking_skips_lots_that_cannot_cover_the_quantity_and_converts_units(system, plant, clock):
    small, big = plant.lot("SMALL"), plant.lot("BIG")
    receive(plant, small, plant.multi, 5)
    clock.advance(1000)
    receive(plant, big, plant.multi, 30)
    record = consume(plant, plant.multi, 1, unit="box")  # 12 ea: SMALL cannot
    assert (record.inventoryLotName, record.quantity, record.unitOfMeasureSymbol) == ("BIG", 12.0, "ea")
    before = plant.snapshot()
    with pytest.raises(errors.InsufficientInventoryError) as raised:
        consume(plant, plant.multi, 19)
    assert "Plant/Multi" in str(raised.value) and "Bottle/Milk" in str(raised.value)
    assert plant.snapshot() == before
    with pytest.raises(errors.InsufficientInventoryError):
        consume(plant, plant.dock, 1)  # nothing there at all


def test_moves_and_ships_pick_a_lot_too(system, plant):
    lot = plant.lot("A")
    receive(plant, lot, plant.multi, 5)
    moved = inv(system).move(**plant.request("Move", materialIdOrPath="Bottle/Milk", quantity=2,
                                             sourceLocationIdOrPath="Plant/Multi",
                                             destinationLocationIdOrPath="Plant/Dock"))
    shipped = inv(system).ship(**plant.request("Ship", materialIdOrPath="Bottle/Milk", quantity=1,
                                               sourceLocationIdOrPath="Plant/Dock"))
    assert moved.inventoryLotName == shipped.inventoryLotName == "A"
    assert plant.balance(lot, plant.multi) == 3.0 and plant.balance(lot, plant.dock) == 1.0


# -- unit conversions ---------------------------------------------------------------------------------


def test_a_material_specific_conversion_beats_the_generic_one(system, plant):
    system.mes.unitOfMeasure.addConversion("box", "ea", 10.0, plant.milk.id)
    milk, cream = plant.lot("M"), plant.lot("K", plant.cream)
    assert receive(plant, milk, plant.multi, 1, unit="box").quantity == 10.0
    assert receive(plant, cream, plant.multi, 1, unit="box").quantity == 12.0


def test_the_inverse_of_a_conversion_is_used(system, plant):
    juice = plant.lot("J", plant.juice)  # counted in boxes
    record = receive(plant, juice, plant.multi, 36, unit="ea")
    assert (record.quantity, record.unitOfMeasureSymbol) == (3.0, "box")
    record = consume(plant, plant.multi, 6, lot="J", material="Carton/Juice", unit="ea")
    assert record.quantity == 0.5 and plant.balance(juice, plant.multi) == 2.5


def test_the_inverse_of_a_material_specific_conversion_beats_the_generic_inverse(system, plant):
    # Conversion order: material-specific, generic, then the inverse of either. Only the inverse exists
    # for juice in both flavours here; ea -> box through juice's own 1 box = 6 ea gives 2 boxes.
    system.mes.unitOfMeasure.addConversion("box", "ea", 6.0, plant.juice.id)
    juice = plant.lot("J", plant.juice)
    assert receive(plant, juice, plant.multi, 12, unit="ea").quantity == 2.0


def test_no_conversion_path_is_a_validation_error(system, plant):
    plant.unit("Kilogram", "kg")
    lot = plant.lot("A")
    request = plant.request("Receive", materialIdOrPath="Bottle/Milk", lotIdOrName="A", quantity=1,
                            unitOfMeasureSymbol="kg", destinationLocationIdOrPath="Plant/Multi")
    problems = inv(system).validateReceiveRequest(**request)
    assert list(problems) == ["unitOfMeasureSymbol"] and "Kilogram" in problems["unitOfMeasureSymbol"][0]
    before = plant.snapshot()
    with pytest.raises(errors.ValidationError) as raised:
        inv(system).receive(**request)
    assert raised.value.errors == problems
    assert plant.snapshot() == before and plant.balance(lot, plant.multi) is None


# -- the CLOSED lot rule ----------------------------------------------------------------------------------


def test_a_closed_lot_takes_no_increase_but_gives_up_stock(system, plant):
    lot = plant.lot("A")
    receive(plant, lot, plant.multi, 5)
    inv(system).changeStatus(**plant.request("ChangeStatus", lotId=lot.id, newStatus="CLOSED"))
    before = plant.snapshot()
    with pytest.raises(errors.ValidationError) as raised:
        receive(plant, lot, plant.multi, 1)
    assert "CLOSED" in str(raised.value) and "changeStatus" in str(raised.value)
    assert plant.snapshot() == before
    inv(system).editInventoryQuantity(**plant.request(
        "EditInventoryQuantity", materialIdOrPath="Bottle/Milk", lotIdOrName="A", sourceLocationIdOrPath="Plant/Multi",
        newQuantity=4))
    consume(plant, plant.multi, 1, lot="A")
    inv(system).ship(**plant.request("Ship", materialIdOrPath="Bottle/Milk", lotIdOrName="A",
                                     sourceLocationIdOrPath="Plant/Multi", quantity=1))
    assert plant.balance(lot, plant.multi) == 2.0 and plant.get_lot(lot).status == "CLOSED"


def test_a_closed_lot_refuses_a_positive_edit(system, plant):
    lot = plant.lot("A")
    receive(plant, lot, plant.multi, 5)
    inv(system).changeStatus(**plant.request("ChangeStatus", lotId=lot.id, newStatus="CLOSED"))
    before = plant.snapshot()
    with pytest.raises(errors.ValidationError) as raised:
        inv(system).editInventoryQuantity(**plant.request(
            "EditInventoryQuantity", materialIdOrPath="Bottle/Milk", lotIdOrName="A",
            sourceLocationIdOrPath="Plant/Multi", newQuantity=9))
    assert "CLOSED" in str(raised.value)
    assert plant.snapshot() == before


def test_statuses_other_than_closed_do_not_gate(system, plant):
    lot = plant.lot("A")
    for status in ("QA_HOLD", "EXPIRED", "SHIPPED", "OPEN", "AVAILABLE"):
        inv(system).changeStatus(**plant.request("ChangeStatus", lotId=lot.id, newStatus=status))
        receive(plant, lot, plant.multi, 2)
        consume(plant, plant.multi, 1, lot="A")
    assert plant.balance(lot, plant.multi) == 5.0
