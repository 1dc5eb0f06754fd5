"""system.mes.material: materials, classes, reason codes, paths and the documented examples."""
import pytest

from mes.core import errors
from mes.persistence import tables

import doc_examples

PAGES = "material-script-api/"
BASE = {"id": None, "notes": None, "enabled": True, "spare1": None, "spare2": None, "spare3": None}
NO_SUCH_ID = "01JPAND53P-BZ61RZHZ-V7C6EEHG"


def material_class(system, name, **fields):
    obj = system.mes.material.newMaterialClass()
    obj.update(name=name, **fields)
    return system.mes.material.saveMaterialClass(**obj)


def material(system, name, **fields):
    obj = system.mes.material.newMaterial()
    obj.update(name=name, **fields)
    return system.mes.material.saveMaterial(**obj)


def reason_code(system, code, lot_record_type="SCRAP", **fields):
    obj = system.mes.material.newMaterialReasonCode()
    obj.update(reasonCode=code, lotRecordType=lot_record_type, **fields)
    return system.mes.material.saveMaterialReasonCode(**obj)


def unit(system, name, symbol, **fields):
    return system.mes.unitOfMeasure.saveUnitOfMeasure(name=name, symbol=symbol, **fields)


def paths_of(objects):
    return [o.path for o in objects]


# -- new ------------------------------------------------------------------------------------------


def test_new_objects_have_exactly_the_documented_keys_and_defaults(system):
    assert system.mes.material.newMaterial() == dict(
        BASE, name=None, description=None, path=None, materialClassId=None, erpId=None, unitOfMeasureId=None,
        shelfLifeDays=None)
    assert system.mes.material.newMaterialClass() == dict(BASE, name=None, description=None, path=None,
                                                          parentId=None)
    assert system.mes.material.newMaterialReasonCode() == dict(
        BASE, lotRecordType=None, reasonCode=None, description=None, requireComments=None)


# -- materials ------------------------------------------------------------------------------------


def test_material_round_trip_of_every_field(system):
    kg = unit(system, "Kilogram", "kg")
    raw = material_class(system, "RAW")
    fields = dict(description="Skimmed", materialClassId=raw.id, erpId="1030-8450-01", unitOfMeasureId=kg.id,
                  shelfLifeDays=15, notes="cold", enabled=False, spare1="a", spare2="b", spare3="c")
    saved = material(system, "Milk", **fields)
    assert saved.path == "RAW/Milk" and saved.name == "Milk"
    assert dict((k, saved[k]) for k in fields) == fields
    assert saved.createdBy == "admin" and saved.createdDate and saved.modifiedDate is None
    for key in (saved.id, "RAW/Milk", "/RAW/Milk/"):
        assert system.mes.material.getMaterial(key) == saved
    assert system.mes.material.getMaterialByErpId("1030-8450-01") == saved
    assert system.mes.material.doesMaterialExist("RAW/Milk") is True
    assert system.mes.material.getMaterial("Milk") is None  # the path includes the class
    assert system.mes.material.getMaterial(NO_SUCH_ID) is None


def test_material_update_keeps_created_and_sets_modified(system, clock):
    first = material(system, "Milk")
    clock.advance(60000)
    second = system.mes.material.saveMaterial(**dict(first, shelfLifeDays=15))
    assert second.id == first.id and second.shelfLifeDays == 15
    assert (second.createdDate, second.createdBy) == (first.createdDate, first.createdBy)
    assert second.modifiedDate > first.createdDate and second.modifiedBy == "admin"
    assert len(system.mes.material.getAllMaterials()) == 1


def test_material_validation_reports_every_broken_rule_and_save_writes_nothing(system):
    raw = material_class(system, "RAW")
    material(system, "Milk", materialClassId=raw.id)
    valid = dict(system.mes.material.newMaterial(), name="Cream", materialClassId=raw.id)
    assert system.mes.material.validateMaterial(**valid) == {}
    broken = dict(valid, name="A/B", materialClassId=NO_SUCH_ID, unitOfMeasureId=NO_SUCH_ID, shelfLifeDays=-1,
                  erpId=12, colour="white")
    problems = system.mes.material.validateMaterial(**broken)
    assert sorted(problems) == ["colour", "erpId", "materialClassId", "name", "shelfLifeDays", "unitOfMeasureId"]
    assert "'/'" in problems["name"][0] and NO_SUCH_ID in problems["materialClassId"][0]
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.material.saveMaterial(**broken)
    assert caught.value.errors == problems
    assert system.mes.material.validateMaterial(**system.mes.material.newMaterial()) == {
        "name": ["name is required for a material"]}
    assert system.mes.material.validateMaterial(**dict(valid, shelfLifeDays=1.5)) == {
        "shelfLifeDays": ["shelfLifeDays must be a whole number, not 1.5"]}
    duplicate = system.mes.material.validateMaterial(**dict(valid, name="Milk"))
    assert list(duplicate) == ["path"] and "RAW/Milk" in duplicate["path"][0]
    assert paths_of(system.mes.material.getAllMaterials()) == ["RAW/Milk"]


def test_material_names_are_unique_per_class_only(system):
    a, b = material_class(system, "A"), material_class(system, "B")
    material(system, "Milk", materialClassId=a.id)
    material(system, "Milk", materialClassId=b.id)
    material(system, "Milk")
    assert paths_of(system.mes.material.getAllMaterials()) == ["A/Milk", "B/Milk", "Milk"]


# -- classes and paths ----------------------------------------------------------------------------


def test_class_paths_and_material_paths(system):
    bottle = material_class(system, "Bottle")
    glass = material_class(system, "Glass", parentId=bottle.id)
    assert (bottle.path, glass.path) == ("Bottle", "Bottle/Glass")
    milk = material(system, "Milk", materialClassId=bottle.id)
    juice = material(system, "Juice", materialClassId=glass.id)
    water = material(system, "Water")
    assert (milk.path, juice.path, water.path) == ("Bottle/Milk", "Bottle/Glass/Juice", "Water")
    assert system.mes.material.getMaterialClass("/Bottle/Glass") == glass
    assert system.mes.material.doesMaterialClassExist("Bottle/Glass") is True
    moved = system.mes.material.saveMaterial(**dict(water, materialClassId=glass.id))
    assert moved.path == "Bottle/Glass/Water"
    loose = system.mes.material.saveMaterial(**dict(moved, materialClassId=None))
    assert loose.path == "Water"


def test_renaming_or_moving_a_class_rewrites_classes_and_materials_below_it(system):
    bottle = material_class(system, "Bottle")
    glass = material_class(system, "Glass", parentId=bottle.id)
    clear = material_class(system, "Clear", parentId=glass.id)
    milk = material(system, "Milk", materialClassId=bottle.id)
    juice = material(system, "Juice", materialClassId=clear.id)
    bottles = material(system, "Bottle")  # a class-less material named like the class stays put
    system.mes.material.saveMaterialClass(**dict(bottle, name="Flask"))
    assert paths_of(system.mes.material.getAllMaterialClasses()) == ["Flask", "Flask/Glass", "Flask/Glass/Clear"]
    assert paths_of(system.mes.material.getAllMaterials()) == ["Bottle", "Flask/Glass/Clear/Juice", "Flask/Milk"]
    jar = material_class(system, "Jar")
    system.mes.material.saveMaterialClass(**dict(system.mes.material.getMaterialClass(glass.id), parentId=jar.id))
    assert system.mes.material.getMaterial(juice.id).path == "Jar/Glass/Clear/Juice"
    assert system.mes.material.getMaterialClass(clear.id).path == "Jar/Glass/Clear"
    assert system.mes.material.getMaterial(milk.id).path == "Flask/Milk"
    assert system.mes.material.getMaterial(bottles.id).path == "Bottle"


def test_class_validation_cycles_and_sibling_names(system):
    top = material_class(system, "Top")
    child = material_class(system, "Child", parentId=top.id)
    problems = system.mes.material.validateMaterialClass(**dict(top, parentId=child.id))
    assert list(problems) == ["parentId"] and "cycle" in problems["parentId"][0]
    assert "own parent" in system.mes.material.validateMaterialClass(**dict(top, parentId=top.id))["parentId"][0]
    new = system.mes.material.newMaterialClass
    assert "path" in system.mes.material.validateMaterialClass(**dict(new(), name="Child", parentId=top.id))
    assert system.mes.material.validateMaterialClass(**dict(new(), name="Child")) == {}
    broken = dict(new(), name="x/y", parentId=NO_SUCH_ID, description="d" * 501)
    problems = system.mes.material.validateMaterialClass(**broken)
    assert sorted(problems) == ["description", "name", "parentId"]
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.material.saveMaterialClass(**broken)
    assert caught.value.errors == problems
    assert paths_of(system.mes.material.getAllMaterialClasses()) == ["Top", "Top/Child"]


def test_class_references_and_delete(system):
    raw = material_class(system, "RAW")
    flav = material_class(system, "FLAV", parentId=raw.id)
    sugar = material(system, "Sugar", materialClassId=raw.id)
    # The order of tables follows the database's collation ('_' sorts after letters on MariaDB).
    refs = sorted(system.mes.material.getMaterialClassReferences("RAW"), key=lambda g: g["tableName"])
    assert refs == [{"tableName": "material_classes", "references": [{"fkColName": "parent_id", "id": flav.id}]},
                    {"tableName": "materials", "references": [{"fkColName": "material_class_id", "id": sugar.id}]}]
    with pytest.raises(errors.InUseError) as caught:
        system.mes.material.deleteMaterialClass("RAW")
    message = str(caught.value)
    assert "material_classes.parent_id" in message and flav.id in message
    assert "materials.material_class_id" in message and sugar.id in message
    assert system.mes.material.getMaterialClass(raw.id) is not None
    assert system.mes.material.deleteMaterial("RAW/Sugar").success
    assert system.mes.material.deleteMaterialClass(flav.id).data == flav.id
    assert system.mes.material.deleteMaterialClass("RAW").success is True
    assert system.mes.material.getAllMaterialClasses() == [] and system.mes.material.getAllMaterials() == []
    with pytest.raises(errors.NotFoundError):
        system.mes.material.deleteMaterialClass("RAW")


def test_material_references_and_delete(system):
    kg, lb = unit(system, "Kilogram", "kg"), unit(system, "Pound", "lb")
    lead = material(system, "Lead")
    conversion = system.mes.unitOfMeasure.addConversion("kg", "lb", 2.2, lead.id)
    refs = system.mes.material.getMaterialReferences("Lead")
    assert refs == [{"tableName": "unit_of_measure_conversions",
                     "references": [{"fkColName": "material_id", "id": conversion.id}]}]
    with pytest.raises(errors.InUseError) as caught:
        system.mes.material.deleteMaterial(lead.id)
    assert "unit_of_measure_conversions.material_id" in str(caught.value) and conversion.id in str(caught.value)
    assert caught.value.references == refs
    system.mes.unitOfMeasure.deleteUnitOfMeasureConversion(conversion.id)
    response = system.mes.material.deleteMaterial("Lead")
    assert (response.success, response.data) == (True, lead.id)
    assert system.mes.material.getAllMaterials() == []


# -- reason codes ---------------------------------------------------------------------------------


def test_reason_code_round_trip_and_every_lot_record_type(system, clock):
    for lot_record_type in tables.LOT_RECORD_TYPE:
        reason_code(system, "R-" + lot_record_type, lot_record_type)
    codes = system.mes.material.getAllMaterialReasonCodes()
    assert sorted(c.lotRecordType for c in codes) == sorted(tables.LOT_RECORD_TYPE)
    assert "UNCONSUME" in [c.lotRecordType for c in codes] and "RETURN" in [c.lotRecordType for c in codes]
    fields = dict(description="Contaminated", requireComments=True, notes="n", enabled=False, spare1="a",
                  spare2="b", spare3="c")
    saved = reason_code(system, "SCRP001", "scrap", **fields)
    assert saved.lotRecordType == "SCRAP" and dict((k, saved[k]) for k in fields) == fields
    assert reason_code(system, "X1").requireComments is False  # null on new, false once stored
    for key in (saved.id, "SCRP001"):
        assert system.mes.material.getMaterialReasonCode(key) == saved
    clock.advance(1000)
    updated = system.mes.material.saveMaterialReasonCode(**dict(saved, description="Dropped"))
    assert updated.createdDate == saved.createdDate and updated.modifiedDate > saved.createdDate
    assert updated.modifiedBy == "admin" and updated.description == "Dropped"


def test_reason_code_validation(system):
    reason_code(system, "SCRP001")
    new = system.mes.material.newMaterialReasonCode
    assert system.mes.material.validateMaterialReasonCode(**dict(new(), reasonCode="B", lotRecordType="MOVE")) == {}
    assert sorted(system.mes.material.validateMaterialReasonCode(**new())) == ["lotRecordType", "reasonCode"]
    broken = dict(new(), reasonCode="SCRP001", lotRecordType="BREAK", requireComments="maybe")
    problems = system.mes.material.validateMaterialReasonCode(**broken)
    assert sorted(problems) == ["lotRecordType", "reasonCode", "requireComments"]
    assert "UNCONSUME" in problems["lotRecordType"][0] and "SCRP001" in problems["reasonCode"][0]
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.material.saveMaterialReasonCode(**broken)
    assert caught.value.errors == problems
    assert [c.reasonCode for c in system.mes.material.getAllMaterialReasonCodes()] == ["SCRP001"]


def test_reason_code_accepts_the_documented_misspelling_required_comments(system):
    saved = reason_code(system, "SCRP002", requiredComments=True)
    assert saved.requireComments is True and "requiredComments" not in saved


def test_reason_code_delete(system):
    saved = reason_code(system, "SCRP001")
    assert system.mes.material.deleteMaterialReasonCode(saved.id).success
    assert system.mes.material.getMaterialReasonCode("SCRP001") is None
    with pytest.raises(errors.NotFoundError):
        system.mes.material.deleteMaterialReasonCode(saved.id)


# -- permissions ----------------------------------------------------------------------------------


def test_permission_denied_writes_nothing(system):
    from mes.services import permissions
    permissions.use_role_permissions({"Operator": ["MATERIAL.READ"]})
    system.security.set_user("op1", ["Operator"])
    assert system.mes.material.newMaterial()["name"] is None  # new* needs no permission
    for call in (lambda: material(system, "Milk"), lambda: material_class(system, "RAW"),
                 lambda: reason_code(system, "SCRP001")):
        with pytest.raises(errors.PermissionDeniedError) as caught:
            call()
        assert caught.value.permission == "MATERIAL.WRITE.SAVE" and "op1" in str(caught.value)
    assert system.mes.material.validateMaterial(name="Milk") == {}
    permissions.use_role_permissions({"Operator": ["MATERIAL.WRITE"]})
    with pytest.raises(errors.PermissionDeniedError) as caught:
        system.mes.material.getAllMaterials()
    assert caught.value.permission == "MATERIAL.READ.GET"
    permissions.use_role_permissions({"Operator": ["MATERIAL"]})
    assert system.mes.material.getAllMaterials() == [] and system.mes.material.getAllMaterialClasses() == []
    assert system.mes.material.getAllMaterialReasonCodes() == []
    assert system.mes.material.getMaterialPermissions() == [
        "MATERIAL.READ.GET", "MATERIAL.READ.VALIDATE", "MATERIAL.WRITE.SAVE", "MATERIAL.WRITE.DELETE"]


# -- documented examples --------------------------------------------------------------------------

CLASS_ID, UNIT_ID = "01JCH3ENEB-SV2X8B3W-NFY8WZNK", "01JCH3ENDJ-351WQQPX-WRBNTY4C"


def run(system, page, extra_globals=None):
    return doc_examples.run_page(system, doc_examples.page_path(PAGES + page), extra_globals)


@pytest.fixture
def irb(system):
    """What the material examples name: class IRB and a unit, with the ids the pages use."""
    unit(system, "Each", "ea", id=UNIT_ID)
    return material_class(system, "IRB", id=CLASS_ID)


@pytest.mark.parametrize("page", ["new-material.md", "save-material.md"])
def test_documented_material_save_examples(system, irb, page):
    printed = doc_examples.assert_prints_json(run(system, page))
    assert printed[0]["path"] == "IRB/5391537510212" and printed[0]["unitOfMeasureId"] == UNIT_ID
    if page == "save-material.md":
        assert printed[1]["id"] == printed[0]["id"] and printed[1]["shelfLifeDays"] == 15
    assert len(system.mes.material.getAllMaterials()) == 1


def test_documented_material_read_and_delete_examples(system, irb):
    assert run(system, "validate-material.md").strip() == "Material parameters are valid."
    saved = material(system, "5391537510212", materialClassId=irb.id, unitOfMeasureId=UNIT_ID, erpId="1030-8450-01")
    assert doc_examples.assert_prints_json(run(system, "get-material.md")) == [saved]
    assert doc_examples.assert_prints_json(run(system, "get-material-by-erp-id.md")) == [saved]
    assert doc_examples.assert_prints_json(run(system, "get-all-materials.md")) == [[saved]]
    assert run(system, "does-material-exist.md").strip() == "True"
    assert run(system, "get-material-references.md").strip() == "[]"
    assert run(system, "delete-material.md") == ""
    assert system.mes.material.getAllMaterials() == []


def test_documented_material_class_examples(system):
    printed = doc_examples.assert_prints_json(run(system, "new-material-class.md"))
    assert printed[0]["path"] == "RAW"
    system.mes.material.deleteMaterialClass("RAW")
    printed = doc_examples.assert_prints_json(run(system, "save-material-class.md"))
    assert printed[1]["id"] == printed[0]["id"]
    assert printed[1]["description"] == "Material Class for Raw Materials"
    assert run(system, "validate-material-class.md").strip().startswith("Validation errors found:")  # RAW exists
    raw = system.mes.material.getMaterialClass("RAW")
    assert doc_examples.assert_prints_json(run(system, "get-material-class.md")) == [raw]
    assert doc_examples.assert_prints_json(run(system, "get-all-material-classes.md")) == [[raw]]
    material_class(system, "FLAV", parentId=raw.id)
    assert run(system, "does-material-class-exist.md").strip() == "True"
    refs = doc_examples.assert_prints_json(run(system, "get-material-class-references.md"))[0]
    assert refs[0]["tableName"] == "material_classes"
    system.mes.material.deleteMaterialClass("RAW/FLAV")
    assert run(system, "delete-material-class.md") == ""
    assert system.mes.material.getAllMaterialClasses() == []
    assert run(system, "validate-material-class.md").strip() == "Material class parameters are valid."


def test_documented_reason_code_examples(system):
    printed = doc_examples.assert_prints_json(run(system, "new-material-reason-code.md"))
    assert (printed[0]["reasonCode"], printed[0]["lotRecordType"], printed[0]["requireComments"]) == (
        "SCRP001", "CONSUME", True)
    assert run(system, "validate-material-reason-code.md").strip().startswith("Validation errors found:")
    saved = system.mes.material.getMaterialReasonCode("SCRP001")
    assert doc_examples.assert_prints_json(run(system, "get-material-reason-code.md")) == [saved]
    assert doc_examples.assert_prints_json(run(system, "get-all-material-reason-codes.md")) == [[saved]]
    system.mes.material.deleteMaterialReasonCode(saved.id)
    assert run(system, "validate-material-reason-code.md").strip() == "Material reason code parameters are valid."


def test_documented_reason_code_save_and_delete_examples(system):
    # The save example sets materialReasonCodeData['requireComments'] before it defines that name;
    # given a dict to write into, the rest of the example runs unchanged.
    printed = doc_examples.assert_prints_json(run(system, "save-material-reason-code.md",
                                                  {"materialReasonCodeData": {}}))
    assert printed[1]["id"] == printed[0]["id"] and printed[0]["requireComments"] is False
    assert printed[1]["description"] == "Material scrapped due to contamination"
    assert printed[1]["requireComments"] is True
    reason_code(system, "SCRP002", id="01JRG9XR3F-2ZQ532FM-TPR50GY6")
    assert run(system, "delete-material-reason-code.md") == ""
    assert [c.reasonCode for c in system.mes.material.getAllMaterialReasonCodes()] == ["SCRP001"]


def test_documented_permissions_example(system):
    assert run(system, "get-material-permissions.md") == ""
