"""Inventory rows as the API returns them: the inventory dict, the queries (for a material, by lot
and location, all, at a location, at a location and its children) with the zero-row rule,
setInventoryMetadata, and checkLocationHasCapacity across units."""
import pytest

from mes.core import errors
from mes.persistence import db, tables
from mes.services import inventory_rows

import inventory_fixtures as fx

INVENTORY_KEYS = {"locationId", "locationPath", "lotId", "lotName", "lotStatus", "quantity", "unitOfMeasureId",
                  "unitOfMeasureName", "name", "productionOrderId", "productionOrderName", "materialId",
                  "materialPath", "materialDescription", "materialImage", "materialClassId", "materialClassPath",
                  "id", "notes", "enabled", "spare1", "spare2", "spare3"}


class Stock(object):
    """Milk lots M1 (DairyCo/Plant1, 10 L, pallet P-1, order PO-1, and DairyCo/Plant1/Line1, 4 L),
    M2 (DairyCo/Plant10, 3 L; DairyCo/Plant1, emptied to 0), flour lot F1 (DairyCo, 2 kg) and a
    negative balance of M2 at Other (-2 L)."""

    def __init__(self):
        self.litre, self.kg = fx.make_unit("Litre", "L"), fx.make_unit("Kilogram", "kg")
        self.milk = fx.make_material("Bottle/Milk", unit=self.litre, description="Whole milk")
        self.flour = fx.make_material("Food/Dry/Flour", unit=self.kg)
        self.dairy = fx.make_location("DairyCo")
        self.plant1, self.line1 = fx.make_location("DairyCo/Plant1"), fx.make_location("DairyCo/Plant1/Line1")
        self.plant10, self.other = fx.make_location("DairyCo/Plant10"), fx.make_location("Other")
        self.order = fx.make_production_order("PO-1", product_material_id=self.milk["id"],
                                              unit_of_measure_id=self.litre["id"])
        self.m1, self.m2 = fx.make_lot("M1", self.milk, status="AVAILABLE"), fx.make_lot("M2", self.milk)
        self.f1 = fx.make_lot("F1", self.flour)
        fx.post(self.m1, "RECEIVE", 10.0, destination=self.plant1, inventory_name="P-1",
                production_order_id=self.order["id"])
        fx.post(self.m1, "RECEIVE", 4.0, destination=self.line1)
        fx.post(self.m2, "RECEIVE", 3.0, destination=self.plant10)
        fx.post(self.m2, "RECEIVE", 1.0, destination=self.plant1)
        fx.post(self.m2, "SCRAP", 1.0, source=self.plant1)
        fx.post(self.f1, "RECEIVE", 2.0, destination=self.dairy)
        fx.make_inventory(self.m2, self.other, -2.0)


@pytest.fixture
def stock(system):
    return Stock()


def reader():
    return db.reader()


def rows_summary(found):
    return [(r["locationPath"], r["lotName"], r["quantity"]) for r in found]


def test_all_inventory_lists_non_zero_rows_with_every_documented_key(stock):
    found = inventory_rows.all_inventory(reader())
    assert rows_summary(found) == [("DairyCo", "F1", 2.0), ("DairyCo/Plant1", "M1", 10.0),
                                   ("DairyCo/Plant1/Line1", "M1", 4.0), ("DairyCo/Plant10", "M2", 3.0),
                                   ("Other", "M2", -2.0)]
    pallet = found[1]
    assert set(pallet) == INVENTORY_KEYS
    assert pallet == dict(
        locationId=stock.plant1["id"], locationPath="DairyCo/Plant1", lotId=stock.m1["id"], lotName="M1",
        lotStatus="AVAILABLE", quantity=10.0, unitOfMeasureId=stock.litre["id"], unitOfMeasureName="Litre",
        name="P-1", productionOrderId=stock.order["id"], productionOrderName="PO-1", materialId=stock.milk["id"],
        materialPath="Bottle/Milk", materialDescription="Whole milk", materialImage=None,
        materialClassId=stock.milk["materialClassId"], materialClassPath="Bottle", id=pallet["id"], notes=None,
        enabled=True, spare1=None, spare2=None, spare3=None)
    assert found[0]["materialClassPath"] == "Food/Dry"


def test_inventory_for_material_by_path_or_id(stock):
    expected = [("DairyCo/Plant1", "M1", 10.0), ("DairyCo/Plant1/Line1", "M1", 4.0),
                ("DairyCo/Plant10", "M2", 3.0), ("Other", "M2", -2.0)]
    assert rows_summary(inventory_rows.inventory_for_material(reader(), "Bottle/Milk")) == expected
    assert rows_summary(inventory_rows.inventory_for_material(reader(), "/Bottle/Milk/")) == expected
    assert rows_summary(inventory_rows.inventory_for_material(reader(), stock.flour["id"])) == [("DairyCo", "F1", 2.0)]
    with pytest.raises(errors.NotFoundError):
        inventory_rows.inventory_for_material(reader(), "Bottle/Cream")


def test_inventory_by_lot_and_location_returns_the_row_even_at_zero(stock):
    row = inventory_rows.inventory_by_lot_and_location(reader(), "M1", "Bottle/Milk", "DairyCo/Plant1")
    assert (row["lotName"], row["quantity"], row["name"]) == ("M1", 10.0, "P-1")
    by_id = inventory_rows.inventory_by_lot_and_location(reader(), stock.m1["id"], "", stock.plant1["id"])
    assert by_id == row
    emptied = inventory_rows.inventory_by_lot_and_location(reader(), "M2", "Bottle/Milk", "DairyCo/Plant1")
    assert (emptied["lotName"], emptied["quantity"]) == ("M2", 0.0)
    assert inventory_rows.inventory_by_lot_and_location(reader(), "M1", "Bottle/Milk", "Other") is None


def test_inventory_by_lot_and_location_refuses_unknown_names(stock):
    with pytest.raises(errors.NotFoundError):
        inventory_rows.inventory_by_lot_and_location(reader(), "M9", "Bottle/Milk", "DairyCo/Plant1")
    with pytest.raises(errors.NotFoundError):
        inventory_rows.inventory_by_lot_and_location(reader(), "M1", "Bottle/Milk", "DairyCo/Plant7")
    with pytest.raises(errors.NotFoundError):
        inventory_rows.inventory_by_lot_and_location(reader(), "M1", "Bottle/Cream", "DairyCo/Plant1")
    fx.make_lot("M1", stock.flour)  # the name now names lots of two materials
    with pytest.raises(errors.ValidationError):
        inventory_rows.inventory_by_lot_and_location(reader(), "M1", None, "DairyCo/Plant1")
    row = inventory_rows.inventory_by_lot_and_location(reader(), "M1", "Bottle/Milk", "DairyCo/Plant1")
    assert row["materialPath"] == "Bottle/Milk"


def test_inventory_at_location_is_that_location_only(stock):
    assert rows_summary(inventory_rows.all_inventory_at_location(reader(), "DairyCo/Plant1")) == [
        ("DairyCo/Plant1", "M1", 10.0)]
    assert rows_summary(inventory_rows.all_inventory_at_location(reader(), stock.dairy["id"])) == [
        ("DairyCo", "F1", 2.0)]
    with pytest.raises(errors.NotFoundError):
        inventory_rows.all_inventory_at_location(reader(), "Nowhere")


def test_inventory_for_location_and_children_takes_every_level_below(system, stock):
    system.db.stats.reset()
    found = inventory_rows.all_inventory_for_location_and_children(reader(), "DairyCo/Plant1")
    assert system.db.stats.snapshot()["statements"] == 2  # the location, then one query
    # Plant10 shares the text prefix 'DairyCo/Plant1' but is not below Plant1.
    assert rows_summary(found) == [("DairyCo/Plant1", "M1", 10.0), ("DairyCo/Plant1/Line1", "M1", 4.0)]
    assert rows_summary(inventory_rows.all_inventory_for_location_and_children(reader(), "DairyCo")) == [
        ("DairyCo", "F1", 2.0), ("DairyCo/Plant1", "M1", 10.0), ("DairyCo/Plant1/Line1", "M1", 4.0),
        ("DairyCo/Plant10", "M2", 3.0)]
    everything = rows_summary(inventory_rows.all_inventory(reader()))
    assert rows_summary(inventory_rows.all_inventory_for_location_and_children(reader())) == everything
    assert rows_summary(inventory_rows.all_inventory_for_location_and_children(reader(), "")) == everything


def test_children_match_paths_literally(system):
    unit = fx.make_unit("Each", "ea")
    lot = fx.make_lot("L", fx.make_material("Thing", unit=unit))
    fx.make_location("A_B")
    fx.post(lot, "RECEIVE", 1.0, destination=fx.make_location("A_B/C"))
    fx.post(lot, "RECEIVE", 2.0, destination=fx.make_location("AXB/C"))  # '_' is no wildcard
    assert rows_summary(inventory_rows.all_inventory_for_location_and_children(reader(), "A_B")) == [
        ("A_B/C", "L", 1.0)]


def _row(stock, location):
    return inventory_rows.inventory_by_lot_and_location(reader(), stock.m1["id"], "", location["id"])


def test_set_inventory_metadata_writes_only_the_given_fields(system, stock):
    pallet = _row(stock, stock.plant1)
    # The documented example's shape: only spare1 given, everything else None.
    updated = inventory_rows.set_inventory_metadata(pallet["id"], None, "1732833681021216", None, None, None, None)
    assert updated == dict(pallet, spare1="1732833681021216")
    other_order = fx.make_production_order("PO-2", product_material_id=stock.milk["id"],
                                           unit_of_measure_id=stock.litre["id"])
    updated = inventory_rows.set_inventory_metadata(pallet["id"].lower(), "checked", "a", "b", "c", "P-9", "PO-2")
    assert (updated["notes"], updated["spare1"], updated["spare2"], updated["spare3"], updated["name"]) == (
        "checked", "a", "b", "c", "P-9")
    assert (updated["productionOrderId"], updated["productionOrderName"]) == (other_order["id"], "PO-2")
    assert updated["quantity"] == 10.0
    by_id = inventory_rows.set_inventory_metadata(pallet["id"], production_order_id_or_name=stock.order["id"])
    assert by_id["productionOrderName"] == "PO-1"
    cleared = inventory_rows.set_inventory_metadata(pallet["id"], "", None, None, None, "", "")
    assert (cleared["notes"], cleared["name"], cleared["productionOrderId"], cleared["spare1"]) == (
        None, None, None, "a")
    stored = [r for r in fx.rows(tables.INVENTORY) if r["id"] == pallet["id"]][0]
    assert stored["modified_by"] == "admin" and stored["modified_date"] is not None


def test_set_inventory_metadata_takes_ids_imported_from_elsewhere_verbatim(system, stock):
    # The documented example names an id in the reference product's permuted 8-10-8 grouping.
    fx.make_inventory(stock.m1, stock.other, 1.0, id="DDFBVX9Z-01JDTF12WX-8277CPVM")
    updated = inventory_rows.set_inventory_metadata("DDFBVX9Z-01JDTF12WX-8277CPVM", None, "1732833681021216", None,
                                                    None, None, None)
    assert (updated["id"], updated["spare1"], updated["locationPath"]) == ("DDFBVX9Z-01JDTF12WX-8277CPVM",
                                                                           "1732833681021216", "Other")


def test_set_inventory_metadata_refuses_bad_input_and_writes_nothing(system, stock):
    pallet = _row(stock, stock.plant1)
    with pytest.raises(errors.NotFoundError):
        inventory_rows.set_inventory_metadata("01JPAND53P-BZ61RZHZ-V7C6EEHG", "n", None, None, None, None, None)
    with pytest.raises(errors.NotFoundError) as caught:
        inventory_rows.set_inventory_metadata(pallet["id"], "n", None, None, None, None, "PO-404")
    assert "PO-404" in str(caught.value)
    with pytest.raises(errors.ValidationError) as caught:
        inventory_rows.set_inventory_metadata(pallet["id"], "n", None, None, None, "x" * 256, None)
    assert "name" in caught.value.errors
    with pytest.raises(errors.ValidationError) as caught:
        inventory_rows.set_inventory_metadata(pallet["id"], 5, None, None, None, None, None)
    assert "notes" in caught.value.errors
    assert _row(stock, stock.plant1) == pallet


class Silo(object):
    """Silo holds at most 2000 g; flour lot F (kg) holds 1.5 kg there, sugar lot S (g) 100 g."""

    def __init__(self):
        self.kg, self.g = fx.make_unit("Kilogram", "kg"), fx.make_unit("Gram", "g")
        fx.insert(tables.UNIT_CONVERSIONS, from_unit_of_measure_id=self.kg["id"], to_unit_of_measure_id=self.g["id"],
                  conversion_factor=1000.0)
        self.flour = fx.make_material("Dry/Flour", unit=self.kg)
        self.sugar = fx.make_material("Dry/Sugar", unit=self.g)
        self.silo = fx.make_location("Plant/Silo", storage_capacity=2000.0, storage_capacity_unit_id=self.g["id"])
        self.open = fx.make_location("Plant/Floor")
        self.f, self.s = fx.make_lot("F", self.flour), fx.make_lot("S", self.sugar)
        fx.post(self.f, "RECEIVE", 1.5, destination=self.silo)
        fx.post(self.s, "RECEIVE", 100.0, destination=self.silo)


@pytest.fixture
def silo(system):
    return Silo()


def has_capacity(location, lot, material, quantity):
    return inventory_rows.check_location_has_capacity(reader(), location, lot, material, quantity)


def test_capacity_is_checked_in_the_location_unit(silo):
    # 1500 g + 100 g held: 400 g more fit.
    assert has_capacity("Plant/Silo", silo.f["id"], "", 0.4) is True
    assert has_capacity("Plant/Silo", silo.f["id"], "", 0.41) is False
    assert has_capacity("Plant/Silo", "S", "Dry/Sugar", 400) is True
    assert has_capacity("Plant/Silo", "S", "Dry/Sugar", "400.5") is False
    assert has_capacity(silo.silo["id"], "F", "Dry/Flour", "0.4") is True
    # A lot not created yet is counted in its material's base unit.
    assert has_capacity("Plant/Silo", "F-new", "Dry/Flour", 0.5) is False
    assert has_capacity("Plant/Silo", "S-new", "Dry/Sugar", 300) is True
    # No capacity set: no limit.
    assert has_capacity("Plant/Floor", silo.f["id"], "", 1e9) is True


def test_capacity_arguments_are_checked(silo):
    with pytest.raises(errors.NotFoundError):
        has_capacity("Plant/Attic", silo.f["id"], "", 1)
    with pytest.raises(errors.NotFoundError):
        has_capacity("Plant/Silo", "F-new", "", 1)
    with pytest.raises(errors.NotFoundError):
        has_capacity("Plant/Silo", "F", "Dry/Salt", 1)
    for bad in ("lots", -1, None, True):
        with pytest.raises(errors.ValidationError) as caught:
            has_capacity("Plant/Silo", silo.f["id"], "", bad)
        assert "quantity" in caught.value.errors


def test_capacity_without_a_conversion_path_is_an_error_naming_the_units(silo):
    # "does not fit" and "cannot be compared" are different answers: the second says what to add.
    litre = fx.make_unit("Litre", "L")
    oil = fx.make_lot("O", fx.make_material("Liquid/Oil", unit=litre))
    with pytest.raises(errors.ValidationError) as caught:
        has_capacity("Plant/Silo", oil["id"], "", 1)
    assert "Litre (L)" in str(caught.value) and "addConversion" in str(caught.value)


def test_through_system_mes_once_wired(system, stock):
    api = system.mes.inventory
    if getattr(api, "getAllInventoryForLocationAndChildren", None) is None:
        pytest.skip("the inventory-row calls of system.mes.inventory are not wired yet")
    assert rows_summary(api.getAllInventoryForLocationAndChildren("DairyCo/Plant1")) == [
        ("DairyCo/Plant1", "M1", 10.0), ("DairyCo/Plant1/Line1", "M1", 4.0)]
    row = api.getInventoryByLotAndLocation("M1", "Bottle/Milk", "DairyCo/Plant1")
    assert api.setInventoryMetadata(row["id"], None, "s", None, None, None, None)["spare1"] == "s"
    assert api.checkLocationHasCapacity("DairyCo", stock.m1["id"], "", 1454) is True
