"""system.mes.inventory lot records saved directly: audit entries that move no inventory (docs/rules.md#the-ledger),
their read model (names, paths, duration), references, and the documented examples verbatim."""
import os

import pytest

from mes.core import dates, errors
from mes.persistence import tables

import doc_examples
import inventory_fixtures as fx

LOT_ID = "01JE6F0CE9-T94PZD8R-TH9J01TJ"
# The references page names a record id in the reference product's permuted 8-10-8 grouping.
PERMUTED_RECORD_ID = "VQNX3P98-01JE6QXQX0-993FMEHT"
RETURN_KEYS = {"lotRecordType", "inventoryLotId", "inventoryLotName", "secondaryInventoryLotId",
               "secondaryInventoryLotName", "operationRecordId", "inventoryOperationId", "inventoryOperationName",
               "productionOrderId", "productionOrderName", "materialReasonCodeId", "materialReasonCodeName",
               "sourceLocationId", "sourceLocationName", "sourceLocationPath", "destinationLocationId",
               "destinationLocationName", "destinationLocationPath", "lotStatus", "quantity", "unitOfMeasureId",
               "unitOfMeasureName", "unitOfMeasureSymbol", "startDate", "endDate", "status", "duration",
               "shiftRecordId", "id", "notes", "enabled", "spare1", "spare2", "spare3"}


@pytest.fixture
def lot(system):
    """Lot L1 of Bottle/Milk (unit litre), 10 L of it at Plant/Tank1, total 10."""
    milk = fx.make_material("Bottle/Milk", unit=fx.make_unit("Litre", "L"))
    made = fx.make_lot("L1", milk, total_quantity=10.0)
    fx.make_inventory(made, fx.make_location("Plant/Tank1"), 10.0)
    return made


def record(system, **fields):
    new = system.mes.inventory.newInventoryLotRecord()
    new.update(fields)
    return new


def save(system, **fields):
    return system.mes.inventory.saveInventoryLotRecord(**record(system, **fields))


def test_new_record_has_the_documented_keys_and_defaults(system, clock):
    assert system.mes.inventory.newInventoryLotRecord() == {
        "lotRecordType": None, "inventoryLotId": None, "inventoryLotName": None, "secondaryInventoryLotId": None,
        "secondaryInventoryLotName": None, "operationRecordId": None, "inventoryOperationId": None,
        "productionOrderId": None, "materialReasonCodeId": None, "sourceLocationId": None,
        "destinationLocationId": None, "lotStatus": None, "quantity": None,
        "startDate": dates.to_iso(clock.now_millis()), "endDate": None, "status": None, "id": None, "notes": None,
        "enabled": True, "spare1": None, "spare2": None, "spare3": None}


def test_save_round_trips_every_field_with_partner_names(system, clock, lot):
    other = fx.make_lot("L2", lot.materialId)
    tank, line = fx.make_location("Plant/Tank1"), fx.make_location("Plant/Line1")
    order = fx.make_production_order("PO-7")
    reason = fx.make_reason_code("SPILL", "SCRAP")
    operation_record = fx.make_operation_record(fx.make_operation("Filling", line))
    inventory_operation = fx.make_inventory_operation("Fill milk")
    kg = fx.make_unit("Kilogram", "kg")
    saved = save(system, lotRecordType="consume", inventoryLotId=lot.id, secondaryInventoryLotId=other.id,
                 operationRecordId=operation_record.id, inventoryOperationId=inventory_operation.id,
                 productionOrderId=order.id, materialReasonCodeId=reason.id, sourceLocationId=tank.id,
                 destinationLocationId=line.id, lotStatus="AVAILABLE", quantity=2.5, unitOfMeasureId=kg.id,
                 startDate="2025-03-14T09:00:00Z", endDate="2025-03-14T09:01:30.900Z", status="COMPLETED",
                 notes="n", enabled=False, spare1="s1", spare2="s2", spare3="s3")
    assert RETURN_KEYS <= set(saved)
    assert (saved.lotRecordType, saved.inventoryLotId, saved.inventoryLotName) == ("CONSUME", lot.id, "L1")
    assert (saved.secondaryInventoryLotId, saved.secondaryInventoryLotName) == (other.id, "L2")
    assert saved.operationRecordId == operation_record.id
    assert (saved.inventoryOperationId, saved.inventoryOperationName) == (inventory_operation.id, "Fill milk")
    assert (saved.productionOrderId, saved.productionOrderName) == (order.id, "PO-7")
    assert (saved.materialReasonCodeId, saved.materialReasonCodeName) == (reason.id, "SPILL")
    assert (saved.sourceLocationId, saved.sourceLocationName, saved.sourceLocationPath) == (tank.id, "Tank1",
                                                                                            "Plant/Tank1")
    assert (saved.destinationLocationId, saved.destinationLocationName, saved.destinationLocationPath) == (
        line.id, "Line1", "Plant/Line1")
    assert (saved.lotStatus, saved.quantity, saved.status) == ("AVAILABLE", 2.5, "COMPLETED")
    assert (saved.unitOfMeasureId, saved.unitOfMeasureName, saved.unitOfMeasureSymbol) == (kg.id, "Kilogram", "kg")
    assert (saved.startDate, saved.endDate, saved.duration) == ("2025-03-14T09:00:00.000Z",
                                                               "2025-03-14T09:01:30.900Z", 90)
    assert saved.shiftRecordId is None
    assert (saved.notes, saved.enabled, saved.spare1, saved.spare2, saved.spare3) == ("n", False, "s1", "s2", "s3")
    clock.advance(5000)
    again = system.mes.inventory.saveInventoryLotRecord(**saved)  # the returned object saves back as is
    assert again == dict(saved, modifiedDate=dates.to_iso(clock.now_millis()), modifiedBy="admin")


def test_defaults_start_now_unit_of_the_lot_and_names_for_ids(system, clock, lot):
    saved = system.mes.inventory.saveInventoryLotRecord(lotRecordType="RECEIVE", inventoryLotName="L1",
                                                        destinationLocationPath="/Plant/Tank1", status="RUNNING")
    assert saved.inventoryLotId == lot.id and saved.destinationLocationName == "Tank1"
    assert saved.startDate == dates.to_iso(clock.now_millis()) and saved.endDate is None and saved.duration is None
    assert saved.unitOfMeasureSymbol == "L" and saved.quantity is None


def test_update_keeps_created_sets_modified_and_keeps_what_it_leaves_out(system, clock, lot):
    first = save(system, lotRecordType="MOVE", inventoryLotId=lot.id, status="RUNNING")
    clock.advance(61500)
    second = system.mes.inventory.saveInventoryLotRecord(id=first.id, endDate=clock.now_millis(), notes="done")
    assert second.createdDate == first.createdDate and second.createdBy == first.createdBy
    assert second.modifiedDate > first.createdDate and second.modifiedBy == "admin"
    assert (second.status, second.lotRecordType, second.notes, second.duration) == ("RUNNING", "MOVE", "done", 61)


def test_validation_reports_every_broken_rule_and_save_writes_nothing(system, lot):
    assert system.mes.inventory.validateInventoryLotRecord(
        **record(system, lotRecordType="EDIT", inventoryLotId=lot.id, quantity=-3, status="COMPLETED")) == {}
    broken = record(system, quantity=-1, lotStatus="LOST", startDate="2025-03-14T10:00:00Z",
                    endDate="2025-03-14T09:00:00Z", sourceLocationId="01JPAND53P-BZ61RZHZ-V7C6EEHG", colour="red")
    problems = system.mes.inventory.validateInventoryLotRecord(**broken)
    assert sorted(problems) == ["colour", "endDate", "inventoryLotId", "lotRecordType", "lotStatus", "quantity",
                                "sourceLocationId", "status"]
    assert all(isinstance(m, list) and m for m in problems.values())
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.inventory.saveInventoryLotRecord(**broken)
    assert caught.value.errors == problems
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.inventory.saveInventoryLotRecord(**dict(broken, status="COMPLETED"))
    assert caught.value.errors == dict((k, v) for k, v in problems.items() if k != "status")
    assert fx.count(tables.INVENTORY_LOT_RECORDS) == 0


def test_a_lot_name_shared_by_materials_is_refused_listing_them(system, lot):
    cream = fx.make_material("Bottle/Cream", unit=lot.unitOfMeasureId)
    twin = fx.make_lot("L1", cream)
    problems = system.mes.inventory.validateInventoryLotRecord(
        **record(system, lotRecordType="SCRAP", inventoryLotName="L1", status="COMPLETED"))
    assert list(problems) == ["inventoryLotName"]
    assert "Bottle/Milk" in problems["inventoryLotName"][0] and "Bottle/Cream" in problems["inventoryLotName"][0]
    assert twin.id in problems["inventoryLotName"][0]
    unknown = system.mes.inventory.validateInventoryLotRecord(
        **record(system, lotRecordType="SCRAP", inventoryLotName="nope", status="COMPLETED"))
    assert list(unknown) == ["inventoryLotName"] and "no lot named 'nope'" in unknown["inventoryLotName"][0]


def test_a_saved_record_moves_no_inventory(system, lot):
    before_inventory = fx.rows(tables.INVENTORY)
    before_lots = fx.rows(tables.INVENTORY_LOTS)
    tank = fx.make_location("Plant/Tank1")
    store = fx.make_location("Plant/Store")
    for kind, extra in (("RECEIVE", dict(destinationLocationId=tank.id)),
                        ("CONSUME", dict(sourceLocationId=tank.id)),
                        ("MOVE", dict(sourceLocationId=tank.id, destinationLocationId=store.id)),
                        ("EDIT", dict(sourceLocationId=tank.id)),
                        ("PRODUCE", dict(destinationLocationId=store.id))):
        save(system, lotRecordType=kind, inventoryLotId=lot.id, quantity=4.0, status="COMPLETED", **extra)
    assert fx.rows(tables.INVENTORY) == before_inventory
    assert fx.rows(tables.INVENTORY_LOTS) == before_lots
    assert [r["moves_inventory"] for r in fx.rows(tables.INVENTORY_LOT_RECORDS)] == [False] * 5


def test_ledger_records_keep_what_their_balances_were_posted_from(system, lot):
    posted = fx.make_ledger_record(lot, "RECEIVE", 10.0, destination_location_id=fx.make_location("Plant/Tank1").id)
    current = fx.rows(tables.INVENTORY_LOT_RECORDS)[0]
    problems = system.mes.inventory.validateInventoryLotRecord(id=posted.id, quantity=12.0, lotRecordType="SHIP")
    assert sorted(problems) == ["lotRecordType", "quantity"]
    assert "editInventoryQuantity" in problems["quantity"][0]
    annotated = system.mes.inventory.saveInventoryLotRecord(id=posted.id, notes="checked", spare1="audit")
    assert (annotated.notes, annotated.quantity) == ("checked", 10.0)
    assert fx.rows(tables.INVENTORY_LOT_RECORDS)[0]["moves_inventory"] is True
    assert current["quantity"] == 10.0


def test_references(system, lot):
    saved = save(system, lotRecordType="CONSUME", inventoryLotId=lot.id, status="RUNNING")
    assert system.mes.inventory.getInventoryLotRecordReferences(saved.id) == []
    operation = fx.make_inventory_operation("Fill", current_record_id=saved.id)
    assert system.mes.inventory.getInventoryLotRecordReferences(saved.id.replace("-", "").lower()) == [
        {"tableName": "inventory_operations", "references": [{"fkColName": "current_record_id", "id": operation.id}]}]
    with pytest.raises(errors.NotFoundError):
        system.mes.inventory.getInventoryLotRecordReferences("01JPAND53P-BZ61RZHZ-V7C6EEHG")


def test_permission_denied_writes_nothing(system, lot):
    from mes.services import permissions
    permissions.use_role_permissions({"Operator": ["INVENTORY.READ"]})
    system.security.set_user("op1", ["Operator"])
    new = record(system, lotRecordType="SCRAP", inventoryLotId=lot.id, status="COMPLETED")
    assert system.mes.inventory.validateInventoryLotRecord(**new) == {}
    with pytest.raises(errors.PermissionDeniedError) as caught:
        system.mes.inventory.saveInventoryLotRecord(**new)
    assert caught.value.permission == "INVENTORY.WRITE.SAVE"
    permissions.use_role_permissions({"Operator": ["INVENTORY.WRITE"]})
    with pytest.raises(errors.PermissionDeniedError) as caught:
        system.mes.inventory.validateInventoryLotRecord(**new)
    assert caught.value.permission == "INVENTORY.READ.VALIDATE"
    with pytest.raises(errors.PermissionDeniedError):
        system.mes.inventory.getInventoryLotRecordReferences(LOT_ID)
    assert system.mes.inventory.newInventoryLotRecord()["enabled"] is True
    assert system.mes.inventory.getInventoryPermissions()[0] == "INVENTORY.READ.GET"
    assert fx.count(tables.INVENTORY_LOT_RECORDS) == 0
    assert system.mes.inventory.saveInventoryLotRecord(**new).lotRecordType == "SCRAP"


# -- the documented examples, verbatim ------------------------------------------------------------

@pytest.fixture
def documented_lot(system):
    """The lot the record pages name, with 10 L at Plant/Tank1."""
    milk = fx.make_material("Bottle/Milk", unit=fx.make_unit("Litre", "L"))
    made = fx.make_lot("L2824L9CO", milk, id=LOT_ID, total_quantity=10.0)
    fx.make_inventory(made, fx.make_location("Plant/Tank1"), 10.0)
    return made


def _saved_records(printed):
    found = doc_examples.assert_prints_json(printed)
    for rec in found:
        assert (rec["lotRecordType"], rec["inventoryLotId"], rec["inventoryLotName"], rec["status"]) == (
            "CONSUME", LOT_ID, "L2824L9CO", "COMPLETED")
        assert rec["unitOfMeasureSymbol"] == "L"
    return found


def _assert_inventory_untouched(system):
    assert [r["quantity"] for r in fx.rows(tables.INVENTORY)] == [10.0]
    assert system.mes.inventory.getLot(LOT_ID).totalQuantity == 10.0


def test_documented_new_record_example(system, documented_lot):
    printed = doc_examples.run_page(system, doc_examples.page_path("inventory-script-api/new-inventory-lot-record.md"))
    assert len(_saved_records(printed)) == 1
    _assert_inventory_untouched(system)


@pytest.mark.parametrize("path", [
    doc_examples.page_path("inventory-script-api/save-inventory-lot-record.md"),
    # The brief's seed 003 is the inventory-operation index page (no example); 004 is saveInventoryLotRecord.
    os.path.join(doc_examples.SEEDS, "004_c503360006842fff.txt"),
])
def test_documented_save_record_examples(system, documented_lot, path):
    created, updated = _saved_records(doc_examples.run_page(system, path))
    assert created["id"] == updated["id"] and created["lotStatus"] is None and updated["lotStatus"] == "OPEN"
    assert fx.count(tables.INVENTORY_LOT_RECORDS) == 1
    _assert_inventory_untouched(system)


def test_documented_validate_record_example(system, documented_lot):
    printed = doc_examples.run_page(
        system, doc_examples.page_path("inventory-script-api/validate-inventory-lot-record.md"))
    assert printed.strip() == "Lot parameters are valid."


def test_documented_record_references_example(system, documented_lot):
    fx.make_ledger_record(documented_lot, "CONSUME", 1.0, id=PERMUTED_RECORD_ID)
    operation = fx.make_inventory_operation("Fill", current_record_id=PERMUTED_RECORD_ID)
    printed = doc_examples.run_page(
        system, doc_examples.page_path("inventory-script-api/get-inventory-lot-record-references.md"))
    assert doc_examples.assert_prints_json(printed)[0] == [
        {"tableName": "inventory_operations", "references": [{"fkColName": "current_record_id", "id": operation.id}]}]
