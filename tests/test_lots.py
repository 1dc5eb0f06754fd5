"""system.mes.inventory lots: new/validate/save/get/lookups/references/delete and the documented
examples run verbatim."""
import pytest

from mes.core import errors
from mes.persistence import tables

import doc_examples
import inventory_fixtures as fx

MATERIAL_ID = "01JCH3GRA3-5ZYFZV5V-RW3FKFJX"
UNIT_ID = "01JCH3T85P-KVCB8ZR5-0B83A3SX"
LOT_ID = "01JE6F0CE9-T94PZD8R-TH9J01TJ"
READ_KEYS = {"id", "notes", "enabled", "spare1", "spare2", "spare3", "name", "materialId", "materialPath",
             "materialName", "materialQuantityFormat", "status", "totalQuantity", "unitOfMeasureId",
             "unitOfMeasureName", "unitOfMeasureSymbol", "expirationDate", "closedDate", "createdDate"}


@pytest.fixture
def milk(system):
    """Material Bottle/Milk with base unit litre."""
    return fx.make_material("Bottle/Milk", unit=fx.make_unit("Litre", "L"))


def save(system, **fields):
    lot = system.mes.inventory.newLot()
    lot.update(fields)
    return system.mes.inventory.saveLot(**lot)


def test_new_lot_has_the_documented_keys_and_defaults(system):
    assert system.mes.inventory.newLot() == {
        "name": None, "materialId": None, "status": "OPEN", "totalQuantity": 0.0, "unitOfMeasureId": None,
        "expirationDate": None, "closedDate": None, "supplierId": None, "id": None, "notes": None,
        "enabled": True, "spare1": None, "spare2": None, "spare3": None}


def test_save_round_trips_every_field_with_partner_names(system, milk):
    kg = fx.make_unit("Kilogram", "kg")
    supplier = "01JPAND53P-BZ61RZHZ-V7C6EEHG"
    lot = save(system, name="L-1", materialId=milk.id, unitOfMeasureId=kg.id, status="QA_HOLD", totalQuantity=12.5,
               expirationDate="2026-01-31T00:00:00Z", supplierId=supplier.lower(), notes="n", enabled=False,
               spare1="s1", spare2="s2", spare3="s3")
    assert READ_KEYS <= set(lot)
    assert lot.name == "L-1" and lot.materialId == milk.id and lot.materialPath == "Bottle/Milk"
    assert lot.materialName == "Milk" and lot.materialQuantityFormat is None
    assert (lot.unitOfMeasureId, lot.unitOfMeasureName, lot.unitOfMeasureSymbol) == (kg.id, "Kilogram", "kg")
    assert lot.status == "QA_HOLD" and lot.totalQuantity == 12.5
    assert lot.expirationDate == "2026-01-31T00:00:00.000Z" and lot.closedDate is None
    assert lot.supplierId == supplier and lot.createdDate is not None and lot.createdBy == "admin"
    assert (lot.notes, lot.enabled, lot.spare1, lot.spare2, lot.spare3) == ("n", False, "s1", "s2", "s3")
    assert system.mes.inventory.getLot(lot.id) == lot
    assert system.mes.inventory.saveLot(**lot) == dict(lot, modifiedDate=lot.createdDate, modifiedBy="admin")


def test_unit_defaults_to_the_material_base_unit_and_material_may_be_given_by_path(system, milk):
    lot = save(system, name="L-2", materialPath="/Bottle/Milk/")
    assert lot.materialId == milk.id and lot.unitOfMeasureSymbol == "L"


def test_update_keeps_created_and_sets_modified(system, clock, milk):
    first = save(system, name="L-3", materialId=milk.id)
    clock.advance(60000)
    second = system.mes.inventory.saveLot(**dict(first, totalQuantity=100))
    assert second.createdDate == first.createdDate and second.createdBy == first.createdBy
    assert second.modifiedDate > first.createdDate and second.modifiedBy == "admin"
    assert second.totalQuantity == 100.0 and second.id == first.id


def test_closing_a_lot_sets_closed_date_and_reopening_clears_it(system, clock, milk):
    lot = save(system, name="L-4", materialId=milk.id)
    closed = system.mes.inventory.saveLot(**dict(lot, status="CLOSED"))
    assert closed.closedDate == clock_iso(clock)
    reopened = system.mes.inventory.saveLot(**dict(closed, status="AVAILABLE"))
    assert reopened.closedDate is None
    given = system.mes.inventory.saveLot(**dict(lot, status="CLOSED", closedDate="2025-01-02T03:04:05Z"))
    assert given.closedDate == "2025-01-02T03:04:05.000Z"


def clock_iso(clock):
    from mes.core import dates
    return dates.to_iso(clock.now_millis())


def test_validation_reports_every_broken_rule_and_save_writes_nothing(system, milk):
    assert system.mes.inventory.validateLot(**dict(system.mes.inventory.newLot(), name="OK",
                                                   materialId=milk.id)) == {}
    broken = dict(system.mes.inventory.newLot(), materialId="01JPAND53P-BZ61RZHZ-V7C6EEHG", status="GONE",
                  totalQuantity=-1, expirationDate="soon", colour="red")
    problems = system.mes.inventory.validateLot(**broken)
    assert sorted(problems) == ["colour", "expirationDate", "materialId", "name", "status", "totalQuantity",
                                "unitOfMeasureId"]
    assert all(isinstance(m, list) and m for m in problems.values())
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.inventory.saveLot(**broken)
    assert caught.value.errors == problems
    assert system.mes.inventory.getAllLots() == []


def test_lot_names_are_unique_per_material_only(system, milk):
    cream = fx.make_material("Bottle/Cream", unit=milk.unitOfMeasureId)
    first = save(system, name="21220", materialId=milk.id)
    duplicate = system.mes.inventory.validateLot(**dict(system.mes.inventory.newLot(), name="21220",
                                                        materialId=milk.id))
    assert list(duplicate) == ["name"] and first.id in duplicate["name"][0]
    other = save(system, name="21220", materialId=cream.id)
    assert other.materialPath == "Bottle/Cream"


def test_lookup_by_id_or_name_with_and_without_material(system, milk):
    cream = fx.make_material("Bottle/Cream", unit=milk.unitOfMeasureId)
    milk_lot = save(system, name="21220", materialId=milk.id)
    cream_lot = save(system, name="21220", materialId=cream.id)
    only = save(system, name="solo", materialId=milk.id)
    find = system.mes.inventory.getLotByIdOrNameAndMaterial
    assert find("21220", "Bottle/Milk") == milk_lot
    assert find("21220", cream.id) == cream_lot
    assert find(milk_lot.id) == milk_lot and find(milk_lot.id.replace("-", "").lower()) == milk_lot
    assert find("solo") == only and find("solo", None) == only
    assert find("nothing") is None and find("solo", "Bottle/Cream") is None
    assert find(milk_lot.id, "Bottle/Cream") is None  # an id of another material's lot is not a match
    with pytest.raises(errors.ValidationError) as caught:
        find("21220")
    message = str(caught.value)
    assert "Bottle/Milk" in message and "Bottle/Cream" in message and milk_lot.id in message
    assert list(caught.value.errors) == ["materialIdOrPath"]
    with pytest.raises(errors.NotFoundError):
        find("21220", "Bottle/Water")


def test_get_all_lots_and_lots_for_material(system, milk):
    cream = fx.make_material("Bottle/Cream", unit=milk.unitOfMeasureId)
    b = save(system, name="B", materialId=milk.id)
    a = save(system, name="A", materialId=milk.id)
    c = save(system, name="C", materialId=cream.id)
    assert [l.id for l in system.mes.inventory.getAllLots()] == [c.id, a.id, b.id]  # by material path, name
    assert [l.id for l in system.mes.inventory.getLotsForMaterial("Bottle/Milk")] == [a.id, b.id]
    assert system.mes.inventory.getLotsForMaterial(cream.id) == [c]
    assert system.mes.inventory.getLot("01JPAND53P-BZ61RZHZ-V7C6EEHG") is None
    with pytest.raises(errors.NotFoundError):
        system.mes.inventory.getLotsForMaterial("Bottle/Water")


def test_material_and_unit_are_fixed_once_a_lot_is_in_use(system, milk):
    kg = fx.make_unit("Kilogram", "kg")
    lot = save(system, name="L-5", materialId=milk.id)
    assert system.mes.inventory.validateLot(**dict(lot, unitOfMeasureId=kg.id)) == {}
    fx.make_inventory(lot, fx.make_location("Plant/Tank1"), 5.0)
    problems = system.mes.inventory.validateLot(**dict(lot, unitOfMeasureId=kg.id))
    assert list(problems) == ["unitOfMeasureId"] and "create a new lot" in problems["unitOfMeasureId"][0]


def test_references_and_delete(system, milk):
    lot = save(system, name="L-6", materialId=milk.id)
    spare = save(system, name="L-7", materialId=milk.id)
    row = fx.make_inventory(lot, fx.make_location("Plant/Tank1"), 5.0)
    record = fx.make_ledger_record(lot, secondary_inventory_lot_id=spare.id)
    assert system.mes.inventory.getInventoryLotReferences(lot.id) == [
        {"tableName": "inventory", "references": [{"fkColName": "inventory_lot_id", "id": row.id}]},
        {"tableName": "inventory_lot_records", "references": [{"fkColName": "inventory_lot_id", "id": record.id}]}]
    assert system.mes.inventory.getInventoryLotReferences(spare.id) == [
        {"tableName": "inventory_lot_records",
         "references": [{"fkColName": "secondary_inventory_lot_id", "id": record.id}]}]
    with pytest.raises(errors.InUseError) as caught:
        system.mes.inventory.deleteLot(lot.id)
    assert "inventory.inventory_lot_id" in str(caught.value) and row.id in str(caught.value)
    assert system.mes.inventory.getLot(lot.id) is not None
    unused = save(system, name="L-8", materialId=milk.id)
    assert system.mes.inventory.getInventoryLotReferences(unused.id) == []
    response = system.mes.inventory.deleteLot(unused.id)
    assert response.success is True and response.data == unused.id
    assert system.mes.inventory.getLot(unused.id) is None
    with pytest.raises(errors.NotFoundError):
        system.mes.inventory.deleteLot(unused.id)
    with pytest.raises(errors.NotFoundError):
        system.mes.inventory.getInventoryLotReferences(unused.id)


def test_permission_denied_writes_nothing(system, milk):
    from mes.services import permissions
    permissions.use_role_permissions({"Operator": ["INVENTORY.READ"]})
    system.security.set_user("op1", ["Operator"])
    assert system.mes.inventory.getAllLots() == []
    assert system.mes.inventory.validateLot(**dict(system.mes.inventory.newLot(), name="x",
                                                   materialId=milk.id)) == {}
    with pytest.raises(errors.PermissionDeniedError) as caught:
        save(system, name="Nope", materialId=milk.id)
    assert caught.value.permission == "INVENTORY.WRITE.SAVE"
    assert fx.count(tables.INVENTORY_LOTS) == 0
    lot = fx.make_lot("Kept", milk)
    with pytest.raises(errors.PermissionDeniedError) as caught:
        system.mes.inventory.deleteLot(lot.id)
    assert caught.value.permission == "INVENTORY.WRITE.DELETE"
    permissions.use_role_permissions({"Operator": []})
    for call in (lambda: system.mes.inventory.getLot(lot.id), system.mes.inventory.getAllLots,
                 lambda: system.mes.inventory.validateLot(name="x")):
        with pytest.raises(errors.PermissionDeniedError):
            call()
    assert system.mes.inventory.newLot()["status"] == "OPEN"  # new* needs no permission
    assert fx.count(tables.INVENTORY_LOTS) == 1


def test_inventory_permissions_list_every_inventory_key(system):
    keys = system.mes.inventory.getInventoryPermissions()
    assert "INVENTORY.WRITE.SAVE" in keys and "INVENTORY.WRITE.EDIT" in keys and len(keys) == 17
    keys.append("X")
    assert "X" not in system.mes.inventory.getInventoryPermissions()


# -- the documented examples, verbatim ------------------------------------------------------------

@pytest.fixture
def documented_ids(system):
    """The material and unit the lot pages name, with their ids."""
    unit = fx.make_unit("Each", "ea", id=UNIT_ID)
    return fx.make_material("Bottle/Water", unit=unit, id=MATERIAL_ID)


@pytest.mark.parametrize("page", ["new-lot.md", "save-lot.md"])
def test_documented_save_examples(system, documented_ids, page):
    printed = doc_examples.run_page(system, doc_examples.page_path("inventory-script-api/" + page))
    saved = doc_examples.assert_prints_json(printed)
    assert all(s["name"] == "L2824L9CO" and s["materialId"] == MATERIAL_ID and s["unitOfMeasureId"] == UNIT_ID
               for s in saved)
    assert [s["totalQuantity"] for s in saved] == ([0.0] if page == "new-lot.md" else [0.0, 100.0])
    assert len(set(s["id"] for s in saved)) == 1
    assert [l.name for l in system.mes.inventory.getAllLots()] == ["L2824L9CO"]


def test_documented_validate_example(system, documented_ids):
    printed = doc_examples.run_page(system, doc_examples.page_path("inventory-script-api/validate-lot.md"))
    assert printed.strip() == "Lot parameters are valid."


def test_documented_read_examples(system, documented_ids):
    lot = fx.make_lot("L2824L9CO", documented_ids, id=LOT_ID)
    milk = fx.make_material("Bottle/Milk", unit=UNIT_ID)
    by_name = fx.make_lot("21220", milk)
    row = fx.make_inventory(lot, fx.make_location("Plant/Tank1"), 3.0)
    page = lambda name: doc_examples.page_path("inventory-script-api/" + name)  # noqa: E731

    assert doc_examples.assert_prints_json(doc_examples.run_page(system, page("get-lot.md")))[0]["id"] == LOT_ID
    printed = doc_examples.run_page(system, page("get-lot-by-id-or-name-and-material.md"),
                                    {"idOrName": "21220", "materialIdOrPath": "Bottle/Milk"})  # the Syntax block
    assert doc_examples.assert_prints_json(printed)[0]["id"] == by_name.id
    printed = doc_examples.run_page(system, page("get-all-lots.md"))
    assert [l["id"] for l in doc_examples.assert_prints_json(printed)[0]] == [by_name.id, lot.id]
    printed = doc_examples.run_page(system, page("get-lots-for-material.md"))
    assert [l["name"] for l in doc_examples.assert_prints_json(printed)[0]] == ["21220"]
    printed = doc_examples.run_page(system, page("get-inventory-lot-references.md"))
    assert doc_examples.assert_prints_json(printed)[0] == [
        {"tableName": "inventory", "references": [{"fkColName": "inventory_lot_id", "id": row.id}]}]
    doc_examples.run_page(system, page("get-inventory-permissions.md"))


def test_documented_delete_example(system, documented_ids):
    fx.make_lot("L2824L9CO", documented_ids, id=LOT_ID)
    doc_examples.run_page(system, doc_examples.page_path("inventory-script-api/delete-lot.md"))
    assert system.mes.inventory.getLot(LOT_ID) is None
