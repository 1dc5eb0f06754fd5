"""system.mes.unitOfMeasure: units, conversions, the conversion lookup order and the documented examples."""
import pytest

from mes.core import errors
from mes.persistence import db
from mes.services import units

import doc_examples

UOM_PAGES = "unit-of-measure-script-api/"
BASE = {"id": None, "notes": None, "enabled": True, "spare1": None, "spare2": None, "spare3": None}


def unit(system, name, symbol, **fields):
    uom = system.mes.unitOfMeasure.newUnitOfMeasure()
    uom.update(name=name, symbol=symbol, **fields)
    return system.mes.unitOfMeasure.saveUnitOfMeasure(**uom)


def material(system, name, **fields):
    mat = system.mes.material.newMaterial()
    mat.update(name=name, **fields)
    return system.mes.material.saveMaterial(**mat)


def conversions(system):
    return system.mes.unitOfMeasure.getAllConversions()


@pytest.fixture
def kg_lb(system):
    return unit(system, "Kilogram", "kg"), unit(system, "Pound", "lb")


# -- units ---------------------------------------------------------------------------------------


def test_new_objects_have_the_documented_keys_and_defaults(system):
    assert system.mes.unitOfMeasure.newUnitOfMeasure() == dict(BASE, name=None, symbol=None)
    assert system.mes.unitOfMeasure.newUnitOfMeasureConversion() == dict(
        BASE, fromId=None, toId=None, conversionFactor=None, materialId=None)


def test_unit_round_trip_and_lookup_by_id_name_and_symbol(system):
    saved = unit(system, "Litre", "L", notes="volume", enabled=False, spare1="a", spare2="b", spare3="c")
    for key in (saved.id, saved.id.replace("-", "").lower(), "Litre", "L"):
        got = system.mes.unitOfMeasure.getUnitOfMeasure(key)
        assert got == saved
    assert (saved.name, saved.symbol, saved.notes, saved.enabled, saved.spare1, saved.spare2, saved.spare3) == (
        "Litre", "L", "volume", False, "a", "b", "c")
    assert saved.createdBy == "admin" and saved.createdDate and saved.modifiedDate is None
    assert system.mes.unitOfMeasure.getUnitOfMeasure("Gallon") is None
    assert system.mes.unitOfMeasure.doesUnitOfMeasureExist("L") is True
    assert system.mes.unitOfMeasure.doesUnitOfMeasureExist("gal") is False


def test_update_keeps_created_and_sets_modified(system, clock):
    first = unit(system, "Pound", "lb")
    clock.advance(60000)
    second = system.mes.unitOfMeasure.saveUnitOfMeasure(**dict(first, notes="The weight"))
    assert second.id == first.id and second.notes == "The weight"
    assert (second.createdDate, second.createdBy) == (first.createdDate, first.createdBy)
    assert second.modifiedDate > first.createdDate and second.modifiedBy == "admin"
    assert len(system.mes.unitOfMeasure.getAllUnitsOfMeasure()) == 1


def test_unit_validation_and_save_writes_nothing(system):
    unit(system, "Kilogram", "kg")
    valid = dict(system.mes.unitOfMeasure.newUnitOfMeasure(), name="Gram", symbol="g")
    assert system.mes.unitOfMeasure.validateUnitOfMeasure(**valid) == {}
    assert sorted(system.mes.unitOfMeasure.validateUnitOfMeasure(
        **system.mes.unitOfMeasure.newUnitOfMeasure())) == ["name", "symbol"]
    taken = dict(valid, name="Kilogram", symbol="kg", colour="red")
    problems = system.mes.unitOfMeasure.validateUnitOfMeasure(**taken)
    assert sorted(problems) == ["colour", "name", "symbol"]
    assert "already has name 'Kilogram'" in problems["name"][0]
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.unitOfMeasure.saveUnitOfMeasure(**taken)
    assert caught.value.errors == problems
    assert [u.name for u in system.mes.unitOfMeasure.getAllUnitsOfMeasure()] == ["Kilogram"]


def test_get_unit_or_create_new(system):
    created = system.mes.unitOfMeasure.getUnitOfMeasureOrCreateNew("Pound", "lb")
    again = system.mes.unitOfMeasure.getUnitOfMeasureOrCreateNew("Pound", "lb")
    assert created == again and len(system.mes.unitOfMeasure.getAllUnitsOfMeasure()) == 1


def test_unit_references_and_delete(system, kg_lb):
    kg, lb = kg_lb
    milk = material(system, "Milk", unitOfMeasureId=kg.id)
    conversion = system.mes.unitOfMeasure.addConversion("kg", "lb", 2.20462)
    refs = system.mes.unitOfMeasure.getUnitOfMeasureReferences(kg.id)
    assert refs == [
        {"tableName": "materials", "references": [{"fkColName": "unit_of_measure_id", "id": milk.id}]},
        {"tableName": "unit_of_measure_conversions",
         "references": [{"fkColName": "from_unit_of_measure_id", "id": conversion.id}]}]
    with pytest.raises(errors.InUseError) as caught:
        system.mes.unitOfMeasure.deleteUnitOfMeasure(kg.id)
    assert "materials.unit_of_measure_id" in str(caught.value) and milk.id in str(caught.value)
    assert conversion.id in str(caught.value) and caught.value.references == refs
    assert system.mes.unitOfMeasure.getUnitOfMeasure(kg.id) is not None
    assert system.mes.unitOfMeasure.getUnitOfMeasureConversionReferences(conversion.id) == []
    assert system.mes.unitOfMeasure.deleteUnitOfMeasureConversion(conversion.id).success
    system.mes.material.deleteMaterial(milk.id)
    response = system.mes.unitOfMeasure.deleteUnitOfMeasure(kg.id)
    assert response.success is True and response.data == kg.id
    assert [u.name for u in system.mes.unitOfMeasure.getAllUnitsOfMeasure()] == ["Pound"]
    with pytest.raises(errors.NotFoundError):
        system.mes.unitOfMeasure.deleteUnitOfMeasure(kg.id)


def test_permission_denied_writes_nothing(system, kg_lb):
    from mes.services import permissions
    permissions.use_role_permissions({"Operator": ["UNIT_OF_MEASURE.READ"]})
    system.security.set_user("op1", ["Operator"])
    assert system.mes.unitOfMeasure.convert(1, "kg", "kg") == 1.0
    with pytest.raises(errors.PermissionDeniedError) as caught:
        unit(system, "Gram", "g")
    assert caught.value.permission == "UNIT_OF_MEASURE.WRITE.SAVE"
    with pytest.raises(errors.PermissionDeniedError):
        system.mes.unitOfMeasure.addConversion("kg", "lb", 2.2)
    with pytest.raises(errors.PermissionDeniedError) as caught:
        system.mes.unitOfMeasure.deleteUnitOfMeasure("kg")
    assert caught.value.permission == "UNIT_OF_MEASURE.WRITE.DELETE"
    permissions.use_role_permissions({"Operator": ["UNIT_OF_MEASURE"]})
    assert len(system.mes.unitOfMeasure.getAllUnitsOfMeasure()) == 2 and conversions(system) == []
    assert system.mes.unitOfMeasure.getUnitOfMeasurePermissions() == [
        "UNIT_OF_MEASURE.READ.GET", "UNIT_OF_MEASURE.READ.VALIDATE", "UNIT_OF_MEASURE.WRITE.SAVE",
        "UNIT_OF_MEASURE.WRITE.DELETE"]


# -- conversions as objects ----------------------------------------------------------------------


def test_conversion_round_trip_and_update(system, kg_lb, clock):
    kg, lb = kg_lb
    milk = material(system, "Milk")
    new = system.mes.unitOfMeasure.newUnitOfMeasureConversion()
    new.update(fromId=kg.id, toId=lb.id, conversionFactor=2.5, materialId=milk.id, notes="n", enabled=False,
               spare1="x", spare2="y", spare3="z")
    saved = system.mes.unitOfMeasure.saveUnitOfMeasureConversion(**new)
    assert dict((k, saved[k]) for k in new if k != "id") == dict((k, v) for k, v in new.items() if k != "id")
    assert system.mes.unitOfMeasure.getUnitOfMeasureConversion(saved.id) == saved
    assert system.mes.unitOfMeasure.getConversion(saved.id) == saved
    assert system.mes.unitOfMeasure.getAllConversionsForMaterial("Milk") == [saved]
    clock.advance(1000)
    updated = system.mes.unitOfMeasure.saveUnitOfMeasureConversion(**dict(saved, conversionFactor=2.20462))
    assert updated.conversionFactor == 2.20462 and updated.createdDate == saved.createdDate
    assert updated.modifiedDate > saved.createdDate and updated.modifiedBy == "admin"


def test_saving_an_existing_triple_without_id_updates_it(system, kg_lb):
    kg, lb = kg_lb
    first = system.mes.unitOfMeasure.addConversion("Kilogram", "Pound", 2.0)
    second = system.mes.unitOfMeasure.saveUnitOfMeasureConversion(
        **dict(system.mes.unitOfMeasure.newUnitOfMeasureConversion(), fromId=kg.id, toId=lb.id,
               conversionFactor=2.20462, notes="fixed"))
    assert second.id == first.id and second.conversionFactor == 2.20462 and second.notes == "fixed"
    assert second.modifiedDate is not None
    material_specific = system.mes.unitOfMeasure.addConversion("kg", "lb", 3.0, material(system, "Lead").id)
    assert material_specific.id != first.id and len(conversions(system)) == 2


def test_conversion_validation_and_save_writes_nothing(system, kg_lb):
    kg, lb = kg_lb
    existing = system.mes.unitOfMeasure.addConversion("kg", "lb", 2.2)
    new = system.mes.unitOfMeasure.newUnitOfMeasureConversion
    ok = dict(new(), fromId=lb.id, toId=kg.id, conversionFactor=0.45)
    assert system.mes.unitOfMeasure.validateUnitOfMeasureConversion(**ok) == {}
    assert sorted(system.mes.unitOfMeasure.validateUnitOfMeasureConversion(**new())) == [
        "conversionFactor", "fromId", "toId"]
    broken = dict(new(), fromId=kg.id, toId=kg.id, conversionFactor=0, materialId="01JCH3TP3Y-4B080WHN-MSR8RVP5")
    problems = system.mes.unitOfMeasure.validateUnitOfMeasureConversion(**broken)
    assert sorted(problems) == ["conversionFactor", "materialId", "toId"]
    assert "greater than zero" in problems["conversionFactor"][0] and "same unit" in problems["toId"][0]
    assert system.mes.unitOfMeasure.validateUnitOfMeasureConversion(**dict(ok, conversionFactor="abc")) == {
        "conversionFactor": ["conversionFactor must be a number, not 'abc'"]}
    negative = dict(ok, conversionFactor=-1, toId="01JCH3T85P-KVCB8ZR5-0B83A3SX")
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.unitOfMeasure.saveUnitOfMeasureConversion(**negative)
    assert sorted(caught.value.errors) == ["conversionFactor", "toId"]
    assert caught.value.errors == system.mes.unitOfMeasure.validateUnitOfMeasureConversion(**negative)
    other = system.mes.unitOfMeasure.saveUnitOfMeasureConversion(**ok)
    clash = system.mes.unitOfMeasure.validateUnitOfMeasureConversion(**dict(other, fromId=kg.id, toId=lb.id))
    assert existing.id in clash["toId"][0]
    assert [c.id for c in conversions(system)] == [existing.id, other.id]


def test_add_conversion_resolves_units_and_material(system, kg_lb):
    kg, lb = kg_lb
    milk = material(system, "Milk")
    added = system.mes.unitOfMeasure.addConversion("Kilogram", "lb", 2.2, "Milk")
    assert (added.fromId, added.toId, added.conversionFactor, added.materialId) == (kg.id, lb.id, 2.2, milk.id)
    with pytest.raises(errors.NotFoundError) as caught:
        system.mes.unitOfMeasure.addConversion("Kilogram", "Stone", 0.157)
    assert "Stone" in str(caught.value)
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.unitOfMeasure.addConversion("kg", "lb", -2)
    assert list(caught.value.errors) == ["conversionFactor"]
    assert len(conversions(system)) == 1


# -- the lookup order: material-specific, generic, then the inverse of either --------------------


def test_generic_direct_and_inverse(system, kg_lb):
    system.mes.unitOfMeasure.addConversion("kg", "lb", 2.0)
    convert = system.mes.unitOfMeasure.convert
    assert convert(10, "kg", "lb") == 20.0
    assert convert(10, "Pound", "Kilogram") == 5.0
    assert convert(7.5, "lb", "lb") == 7.5
    assert system.mes.unitOfMeasure.convert(10, "kg", "lb", None) == 20.0


def test_material_specific_beats_generic_in_both_directions(system, kg_lb):
    kg, lb = kg_lb
    lead = material(system, "Lead")
    feathers = material(system, "Feathers")
    system.mes.unitOfMeasure.addConversion("kg", "lb", 2.0)
    system.mes.unitOfMeasure.addConversion("kg", "lb", 4.0, lead.id)
    convert = system.mes.unitOfMeasure.convert
    assert convert(10, "kg", "lb", "Lead") == 40.0            # material-specific direct
    assert convert(10, "kg", "lb", feathers.id) == 20.0       # falls back to generic direct
    assert convert(10, "kg", "lb") == 20.0                    # no material: generic only
    assert convert(40, "lb", "kg", "Lead") == 10.0            # inverse of the material's own
    assert convert(20, "lb", "kg", "Feathers") == 10.0        # inverse of the generic
    found = system.mes.unitOfMeasure.getConversionFor("kg", "lb", lead.id)
    assert (found.materialId, found.conversionFactor) == (lead.id, 4.0)
    assert system.mes.unitOfMeasure.getConversionFor("Kilogram", "Pound", feathers.id).materialId is None
    assert system.mes.unitOfMeasure.getConversionFor("lb", "kg") is None  # a stored record, never inverted
    assert system.mes.unitOfMeasure.doesConversionExist("kg", "lb", lead.id) is True
    assert system.mes.unitOfMeasure.doesConversionExist("lb", "kg") is False
    assert system.mes.unitOfMeasure.doesConversionExist("kg", "stone") is False


def test_direct_generic_beats_inverse_material_specific(system, kg_lb):
    lead = material(system, "Lead")
    system.mes.unitOfMeasure.addConversion("lb", "kg", 0.25, lead.id)
    assert system.mes.unitOfMeasure.convert(10, "kg", "lb", "Lead") == 40.0  # inverse, material-specific
    system.mes.unitOfMeasure.addConversion("kg", "lb", 2.0)
    assert system.mes.unitOfMeasure.convert(10, "kg", "lb", "Lead") == 20.0  # direct generic wins


def test_material_specific_inverse_beats_generic_inverse(system, kg_lb):
    lead = material(system, "Lead")
    system.mes.unitOfMeasure.addConversion("lb", "kg", 0.5)
    system.mes.unitOfMeasure.addConversion("lb", "kg", 0.25, lead.id)
    assert system.mes.unitOfMeasure.convert(10, "kg", "lb", "Lead") == 40.0
    assert system.mes.unitOfMeasure.convert(10, "kg", "lb") == 20.0


def test_disabled_conversions_are_not_used(system, kg_lb):
    conversion = system.mes.unitOfMeasure.addConversion("kg", "lb", 2.0)
    system.mes.unitOfMeasure.saveUnitOfMeasureConversion(**dict(conversion, enabled=False))
    with pytest.raises(errors.ValidationError):
        system.mes.unitOfMeasure.convert(1, "kg", "lb")


def test_missing_path_names_both_units_and_the_material(system, kg_lb):
    lead = material(system, "Lead")
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.unitOfMeasure.convert(1, "kg", "lb", lead.id)
    message = str(caught.value)
    assert "Kilogram (kg)" in message and "Pound (lb)" in message and "'Lead'" in message
    assert list(caught.value.errors) == ["unitOfMeasure"]
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.unitOfMeasure.convert(1, "lb", "kg")
    assert "from Pound (lb) to Kilogram (kg)" in str(caught.value)
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.unitOfMeasure.convert("ten", "kg", "kg")
    assert list(caught.value.errors) == ["amount"]
    with pytest.raises(errors.NotFoundError):
        system.mes.unitOfMeasure.convert(1, "kg", "lb", "NoSuchMaterial")


def test_ledger_functions_use_one_query_per_lookup(system, kg_lb):
    kg, lb = kg_lb
    lead = material(system, "Lead")
    system.mes.unitOfMeasure.addConversion("lb", "kg", 0.5)
    system.mes.unitOfMeasure.addConversion("lb", "kg", 0.25, lead.id)
    session = db.reader()
    system.db.stats.reset()
    assert units.conversion_factor(session, kg.id, lb.id, lead.id) == 4.0
    assert units.convert(session, 3, kg.id, lb.id) == 6.0
    assert units.conversion_factor(session, kg.id, kg.id) == 1.0
    assert system.db.stats.queries == 2


# -- documented examples -------------------------------------------------------------------------

KG_ID, LB_ID = "01JCH3T85P-KVCB8ZR5-0B83A3SX", "01JCH4NB3J-BTERAZ27-QEQQN4ME"
MATERIAL_ID = "01JCH3TP3Y-4B080WHN-MSR8RVP5"


def run(system, page):
    return doc_examples.run_page(system, doc_examples.page_path(UOM_PAGES + page))


def run_example_usage(system, page):
    """convert.md heads its example '## Example Usage', which doc_examples does not look for (it
    then also runs the syntax block, `convert(amount, from, to)`, which is not Python): run the
    example block after that heading, unchanged, the way run_page does."""
    import contextlib
    import io
    path = doc_examples.page_path(UOM_PAGES + page)
    with io.open(path, encoding="utf-8") as handle:
        example = handle.read().split("## Example Usage", 1)[1]
    block = doc_examples._BLOCK.findall(example)[0]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, path, "exec"), {"system": system, "__name__": "__doc_example__"})
    return out.getvalue()


@pytest.mark.parametrize("page", ["new-unit-of-measure.md", "save-unit-of-measure.md",
                                  "get-unit-of-measure-or-create-new.md"])
def test_documented_unit_examples_on_an_empty_database(system, page):
    printed = doc_examples.assert_prints_json(run(system, page))
    assert printed[0]["name"] == "Pound" and printed[0]["symbol"] == "lb"
    if page == "save-unit-of-measure.md":
        assert printed[1]["id"] == printed[0]["id"] and printed[1]["notes"] == "The weight"


def test_documented_unit_examples_with_existing_units(system):
    pound = unit(system, "Pound", "lb", id="01JS27F59C-BRW0RCQ0-VBC38S4K")
    assert doc_examples.assert_prints_json(run(system, "get-unit-of-measure.md")) == [pound]
    assert doc_examples.assert_prints_json(run(system, "get-all-units-of-measure.md")) == [[pound]]
    assert run(system, "does-unit-of-measure-exist.md").strip() == "True"
    assert run(system, "get-unit-of-measure-references.md").strip() == "[]"
    assert run(system, "get-unit-of-measure-permissions.md") == ""
    assert run(system, "delete-unit-of-measure.md") == ""
    assert system.mes.unitOfMeasure.getAllUnitsOfMeasure() == []


@pytest.mark.parametrize("page", ["new-unit-of-measure-conversion.md", "save-unit-of-measure-conversion.md"])
def test_documented_conversion_examples(system, page):
    unit(system, "Bottle", "BT", id=KG_ID)
    unit(system, "Litre", "L", id=LB_ID)
    printed = doc_examples.assert_prints_json(run(system, page))
    assert (printed[0]["fromId"], printed[0]["toId"], printed[0]["conversionFactor"]) == (LB_ID, KG_ID, 0.33)
    if page == "save-unit-of-measure-conversion.md":
        # The second save names no id: the same (from, to, material) is updated, as its comment says.
        assert printed[1]["id"] == printed[0]["id"] and printed[1]["notes"] == "Conversion from L to BT"
    assert len(conversions(system)) == 1


def test_documented_conversion_lookup_examples(system):
    unit(system, "Pound", "lb")
    unit(system, "Kilogram", "Kg")
    lead = material(system, "Lead", id=MATERIAL_ID)
    added = doc_examples.assert_prints_json(run(system, "add-conversion.md"))[0]
    assert (added["conversionFactor"], added["materialId"]) == (0.33, lead.id)
    assert doc_examples.assert_prints_json(run(system, "get-conversion-for.md")) == [added]
    assert run(system, "does-conversion-exist.md").strip() == "True"
    system.mes.unitOfMeasure.addConversion("Pound", "Kg", 0.45359237)
    assert float(run_example_usage(system, "convert.md")) == pytest.approx(45.359237)
    listed = doc_examples.assert_prints_json(run(system, "get-all-conversions.md"))[0]
    assert [c["conversionFactor"] for c in listed] == [0.33, 0.45359237]


def test_documented_conversion_examples_by_id(system, kg_lb):
    kg, lb = kg_lb
    for conversion_id in ("01JDMG34NA-3B7BF1C1-W89E99PW", "01JCH4NZH2-C7494ZJT-P52KRZEY"):
        system.mes.unitOfMeasure.saveUnitOfMeasureConversion(
            **dict(system.mes.unitOfMeasure.newUnitOfMeasureConversion(), id=conversion_id, fromId=kg.id,
                   toId=lb.id, conversionFactor=2.2, materialId=material(system, conversion_id[-4:]).id))
    got = doc_examples.assert_prints_json(run(system, "get-unit-of-measure-conversion.md"))[0]
    assert got["id"] == "01JDMG34NA-3B7BF1C1-W89E99PW"
    assert doc_examples.assert_prints_json(run(system, "get-conversion.md")) == [got]
    assert run(system, "get-unit-of-measure-conversion-references.md").strip() == "[]"
    assert run(system, "delete-unit-of-measure-conversion.md") == ""
    assert [c.id for c in conversions(system)] == ["01JDMG34NA-3B7BF1C1-W89E99PW"]
    lead = material(system, "Lead", id="01JCH3W58Y-5HJ7PDE9-V5MG3987")
    system.mes.unitOfMeasure.addConversion("kg", "lb", 2.3, lead.id)
    listed = doc_examples.assert_prints_json(run(system, "get-all-conversions-for-material.md"))[0]
    assert [(c["materialId"], c["conversionFactor"]) for c in listed] == [(lead.id, 2.3)]
