"""Configuration import and export (docs/interchange.md)."""
import json

import pytest

import harness
from mes.core import errors
from mes.persistence import tables
from tests import inventory_fixtures as fx

TYPES = ("CONSUME", "UNCONSUME", "PRODUCE", "RECEIVE", "RECEIVE_AND_CONSUME", "SHIP", "SCRAP", "RETURN", "SCRAP_ALL")
LOT_STRATEGIES = ("AUTO_GENERATE", "MANUAL", "FROM_LOCATION", "EXPRESSION")
# Namespaces in the order an integrator imports them: what a namespace refers to comes first.
NAMESPACES = ("unitOfMeasure", "location", "material", "operation", "inventoryOperation")


def _save(api, new, save, **fields):
    obj = new()
    obj.update(fields)
    return save(**obj)


def build_plant(system):
    """Units, a location tree, material classes and materials, a reason code, two operations and 20
    inventory operations of every type and lot strategy, all through the public API."""
    mes = system.mes
    units = [_save(mes, mes.unitOfMeasure.newUnitOfMeasure, mes.unitOfMeasure.saveUnitOfMeasure, name=n, symbol=s)
             for n, s in (("Kilogram", "kg"), ("Litre", "L"), ("Each", "ea"))]
    locations = {}
    for path in ("DairyCo", "DairyCo/Plant1", "DairyCo/Plant1/Line1", "DairyCo/Plant1/Line2", "DairyCo/Dock"):
        parent, _, name = path.rpartition("/")
        locations[path] = _save(mes, mes.location.newLocation, mes.location.saveLocation, name=name,
                                parentId=locations[parent].id if parent else None, lotStorageStrategy="ALLOW_MULTIPLE",
                                storageCapacity=500.0 if name == "Dock" else None,
                                storageCapacityUnitId=units[0].id if name == "Dock" else None,
                                description=u"Zone \u00e9t\u00e9, \"quoted\"" if name == "Line2" else None)
    dairy = _save(mes, mes.material.newMaterialClass, mes.material.saveMaterialClass, name="Dairy")
    bottles = _save(mes, mes.material.newMaterialClass, mes.material.saveMaterialClass, name="Bottles",
                    parentId=dairy.id)
    materials = [_save(mes, mes.material.newMaterial, mes.material.saveMaterial, name=n, materialClassId=c,
                       unitOfMeasureId=u.id, shelfLifeDays=d)
                 for n, c, u, d in (("Milk", dairy.id, units[1], 10), ("Cream", dairy.id, units[0], None),
                                    ("Bottle 1L", bottles.id, units[2], None), ("Label", None, units[2], 0))]
    reason = _save(mes, mes.material.newMaterialReasonCode, mes.material.saveMaterialReasonCode,
                   reasonCode="DAMAGED", lotRecordType="SCRAP")
    operations = [_save(mes, mes.operation.newOperation, mes.operation.saveOperation, name=n,
                        locationId=locations[p].id, triggerSource="MANUAL")
                  for n, p in (("Filling", "DairyCo/Plant1/Line1"), ("Filling", "DairyCo/Plant1/Line2"))]
    line1, line2, dock = (locations[p] for p in ("DairyCo/Plant1/Line1", "DairyCo/Plant1/Line2", "DairyCo/Dock"))
    for n in range(20):
        kind = TYPES[n % len(TYPES)]
        fields = dict(name="IO-%02d %s" % (n, kind.lower()), operationType=kind, triggerSource="MANUAL",
                      primaryLotResolutionStrategy=LOT_STRATEGIES[n % len(LOT_STRATEGIES)],
                      materialId=materials[n % 4].id, operationId=operations[n % 2].id,
                      quantitySource="MANUAL", notes="note %d" % n)
        if fields["primaryLotResolutionStrategy"] == "FROM_LOCATION" and kind not in ("CONSUME", "RETURN", "SHIP",
                                                                                       "SCRAP"):
            fields["primaryLotResolutionStrategy"] = "AUTO_GENERATE"
        if fields["primaryLotResolutionStrategy"] == "EXPRESSION":
            fields["primaryLotCodeExpression"] = "'LOT-%d'" % n
        if kind in ("CONSUME", "SHIP", "SCRAP", "SCRAP_ALL", "RECEIVE_AND_CONSUME", "RETURN"):
            fields["sourceLocationId"] = (line1 if n % 2 else line2).id
        if kind in ("PRODUCE", "RECEIVE", "UNCONSUME", "RETURN", "RECEIVE_AND_CONSUME"):
            fields["destinationLocationId"] = dock.id
        if kind == "SCRAP":
            fields["reasonCodeId"] = reason.id
        if kind == "RECEIVE_AND_CONSUME":
            fields["secondaryMaterialId"] = materials[2].id
        _save(mes, mes.inventory.operation.newInventoryOperation, mes.inventory.operation.saveInventoryOperation,
              **fields)
    return locations


def _namespace(system, name):
    return getattr(system.mes, name)


def export_all(system, file_format):
    """{namespace: bytes} of every namespace's export in one format."""
    found = {}
    for name in NAMESPACES:
        api = _namespace(system, name)
        by_bytes = getattr(api, "exportAs%sBytes" % file_format, None)
        found[name] = (by_bytes or getattr(api, "exportAs%s" % file_format))()
    return found


def import_all(system, exported, file_format):
    for name in NAMESPACES:
        response = getattr(_namespace(system, name), "importFrom%s" % file_format)(exported[name])
        assert response["success"], (name, response)


@pytest.mark.parametrize("file_format", ["Json", "Csv"])
def test_a_plant_round_trips_into_an_empty_database_byte_for_byte(system, backend, file_format):
    build_plant(system)
    first = export_all(system, file_format)
    assert all(isinstance(b, bytes) for b in first.values())
    assert len(json.loads(first["inventoryOperation"].decode("utf-8")) if file_format == "Json"
               else first["inventoryOperation"].decode("utf-8").splitlines()[1:]) == 20
    with harness.gateway(db=backend) as empty:
        import_all(empty, first, file_format)
        assert fx.count(tables.INVENTORY_OPERATIONS) == 20
        again = export_all(empty, file_format)
    for name in NAMESPACES:
        assert again[name] == first[name], name


def test_a_second_gateway_with_other_ids_resolves_references_by_path_and_name(system, backend):
    build_plant(system)
    exported = export_all(system, "Json")
    with harness.gateway(db=backend) as other:
        # The same units, locations and materials made by hand there: other ids, same names and paths.
        for name in ("unitOfMeasure", "location", "material"):
            rows = json.loads(exported[name].decode("utf-8"))
            for row in rows:
                row.pop("id")
                for key in ("parentId", "storageCapacityUnitId", "materialClassId", "unitOfMeasureId"):
                    row.pop(key, None)
            response = getattr(other.mes, name).importFromJson(json.dumps(rows).encode("utf-8"))
            assert response["success"], response
        for name in ("operation", "inventoryOperation"):
            response = getattr(other.mes, name).importFromJson(exported[name])
            assert response["success"] and response["data"] == (2 if name == "operation" else 20), response
        dock = other.mes.location.getLocation("DairyCo/Dock")
        ops = other.mes.inventory.operation.getAllInventoryOperations()
        received = [op for op in ops if op["operationType"] == "RECEIVE"]
        assert received and all(op["destinationLocationId"] == dock.id for op in received)
        line1 = other.mes.location.getLocation("DairyCo/Plant1/Line1")
        assert sorted(o["locationId"] for o in other.mes.operation.getAllOperations()) == sorted(
            [line1.id, other.mes.location.getLocation("DairyCo/Plant1/Line2").id])
        # Importing the same file again updates by id: nothing new, and the update is recorded.
        other.clock.advance(60000)
        other.mes.inventory.operation.importFromJson(exported["inventoryOperation"])
        assert fx.count(tables.INVENTORY_OPERATIONS) == 20
        again = other.mes.inventory.operation.getAllInventoryOperations()
        assert all(op["modifiedDate"] is not None and op["modifiedDate"] > op["createdDate"] for op in again)


def _csv_of_units(count, bad_rows):
    lines = ["name,symbol,notes"]
    for n in range(1, count + 1):
        if n in bad_rows:
            lines.append('Unit %d,,"bad: no symbol"' % n)
        else:
            lines.append("Unit %d,u%d,row %d" % (n, n, n))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def test_bad_rows_are_named_by_number_and_field_and_the_good_ones_are_imported_in_batches(system):
    bad = (7, 150, 151, 600, 1000)
    before = system.db.stats.snapshot()["commits"]
    response = system.mes.unitOfMeasure.importFromCsv(_csv_of_units(1000, bad))
    assert (response["success"], response["data"]) == (False, 995)
    for n in bad:
        assert "row %d, symbol: symbol is required for a unit of measure" % n in response["error"]
    assert response["error"].count("row ") == 5
    assert fx.count(tables.UNITS_OF_MEASURE) == 995
    assert system.db.stats.snapshot()["commits"] - before == 10  # 995 rows in batches of 100


def test_a_cancelled_import_stops_after_its_current_batch(system, monkeypatch):
    seen = []
    commit = system.db.commitTransaction

    def commit_then_cancel(tx):
        commit(tx)
        if not seen:  # right after the first batch: an operator presses "cancel" on another screen
            seen.append(system.mes.unitOfMeasure.getUnitOfMeasureImportQueueSize())
            seen.append(system.mes.unitOfMeasure.cancelUnitOfMeasureImportQueue())

    monkeypatch.setattr(system.db, "commitTransaction", commit_then_cancel)
    response = system.mes.unitOfMeasure.importFromCsv(_csv_of_units(350, ()))
    assert seen == [350, 350]  # counted before the first batch's rows were taken off the queue
    assert (response["success"], response["data"]) == (False, 100)
    assert "cancelled" in response["message"]
    assert fx.count(tables.UNITS_OF_MEASURE) == 100
    assert system.mes.unitOfMeasure.getUnitOfMeasureImportQueueSize() == 0


def test_a_failing_row_rolls_back_only_its_batch(system):
    fx.make_unit("Gram", "g")
    rows = [{"name": "Unit %d" % n, "symbol": "u%d" % n} for n in range(1, 251)]
    rows[160]["symbol"] = "g"  # passes the row checks, refused by the save: the symbol is taken
    response = system.mes.unitOfMeasure.importFromJson(json.dumps(rows))
    assert response["data"] == 150
    assert "row 161:" in response["error"] and "rows 101-200, its batch, were not written" in response["error"]
    assert fx.count(tables.UNITS_OF_MEASURE) == 151


def test_unknown_references_and_types_are_reported_before_anything_is_written(system):
    rows = [{"name": "IO", "operationType": "CONSUME", "sourceLocationPath": "Nowhere", "flushIntervalMillis": "x"},
            {"name": "IO2", "operationType": "TELEPORT"}]
    response = system.mes.inventory.operation.importFromJson(json.dumps(rows).encode("utf-8"))
    assert response["data"] == 0 and not response["success"]
    assert "row 1, sourceLocationPath: no location with path 'Nowhere'" in response["error"]
    assert "row 1, flushIntervalMillis: flushIntervalMillis must be a number" in response["error"]
    assert "row 2, operationType: operationType 'TELEPORT' is not one of" in response["error"]
    assert fx.count(tables.INVENTORY_OPERATIONS) == 0


def test_malformed_content_is_a_validation_error(system):
    with pytest.raises(errors.ValidationError) as raised:
        system.mes.location.importFromJson(b"{not json")
    assert "not valid JSON" in str(raised.value)
    with pytest.raises(errors.ValidationError):
        system.mes.location.importFromCsv(b"\xff\xfe")


def test_csv_keeps_empty_text_apart_from_none_and_quotes_what_needs_it(system):
    fx.make_location("A", description="")
    fx.make_location("B", notes='say "hi", then\nleave')
    text = system.mes.location.exportAsCsv()
    assert ',"",' in text.splitlines()[1] and '"say ""hi"", then' in text
    with harness.gateway(db=system.backend) as other:
        other.mes.location.importFromCsv(text)
        assert other.mes.location.getLocation("A")["description"] == ""
        assert other.mes.location.getLocation("A")["notes"] is None
        assert other.mes.location.getLocation("B")["notes"] == 'say "hi", then\nleave'


def test_exports_can_be_limited_to_locations_or_paths(system):
    locations = build_plant(system)
    dock_ops = json.loads(system.mes.inventory.operation.exportAsJson(["DairyCo/Dock"]).decode("utf-8"))
    assert dock_ops and all(locations["DairyCo/Dock"].id in (o["sourceLocationId"], o["destinationLocationId"])
                            for o in dock_ops)
    line1 = json.loads(system.mes.operation.exportAsJson([locations["DairyCo/Plant1/Line1"].id]))
    assert [o["locationPath"] for o in line1] == ["DairyCo/Plant1/Line1"]
    milk = json.loads(system.mes.material.exportAsJson(["Dairy/Milk"]).decode("utf-8"))
    assert [(m["objectType"], m["path"]) for m in milk] == [("Material", "Dairy/Milk")]
