"""system.mes.location: the hierarchy, its paths, storage fields and the documented examples."""
import pytest

from mes.core import errors

import doc_examples


def save(system, **fields):
    location = system.mes.location.newLocation()
    location.update(fields)
    return system.mes.location.saveLocation(**location)


def test_new_location_has_the_documented_keys_and_defaults(system):
    assert system.mes.location.newLocation() == {
        "name": None, "description": None, "parentId": None, "type": "ENTERPRISE", "processType": "NONE",
        "sortOrder": 0, "allowNegativeInventory": False, "storageCapacity": None, "storageCapacityUnitId": None,
        "lotStorageStrategy": "NO_STORAGE", "lotUseStrategy": "FIFO", "path": None, "id": None, "notes": None,
        "enabled": True, "spare1": None, "spare2": None, "spare3": None}


def test_paths_follow_the_parent_chain_and_renames_cascade(system):
    dairy = save(system, name="DairyCo")
    plant = save(system, name="Plant1", parentId=dairy.id)
    line = save(system, name="Line1", parentId=plant.id)
    cell = save(system, name="Filler", parentId=line.id)
    assert cell.path == "DairyCo/Plant1/Line1/Filler"
    renamed = dict(plant, name="PlantA")
    assert system.mes.location.saveLocation(**renamed).path == "DairyCo/PlantA"
    assert system.mes.location.getLocation(cell.id).path == "DairyCo/PlantA/Line1/Filler"
    other = save(system, name="OtherCo")
    moved = dict(line, parentId=other.id)
    system.mes.location.saveLocation(**moved)
    assert system.mes.location.getLocation(cell.id).path == "OtherCo/Line1/Filler"
    assert system.mes.location.getLocation("/OtherCo/Line1/") is not None  # slashes are normalised


def test_update_keeps_created_and_sets_modified(system, clock):
    first = save(system, name="Warehouse")
    clock.advance(60000)
    second = system.mes.location.saveLocation(**dict(first, description="Raw materials"))
    assert second.createdDate == first.createdDate and second.createdBy == first.createdBy
    assert second.modifiedDate is not None and second.modifiedDate > first.createdDate
    assert second.modifiedBy == "admin"
    assert second.description == "Raw materials"


def test_validation_reports_every_broken_rule_and_save_writes_nothing(system):
    dairy = save(system, name="DairyCo")
    broken = system.mes.location.newLocation()
    broken.update(name="A/B", type="FACTORY", storageCapacity=-1, parentId="01JPAND53P-BZ61RZHZ-V7C6EEHG")
    problems = system.mes.location.validateLocation(**broken)
    assert sorted(problems) == ["name", "parentId", "storageCapacity", "type"]
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.location.saveLocation(**broken)
    assert caught.value.errors == problems
    assert [l.path for l in system.mes.location.getAllLocations()] == [dairy.path]


def test_a_location_cannot_move_below_itself(system):
    top = save(system, name="Top")
    child = save(system, name="Child", parentId=top.id)
    problems = system.mes.location.validateLocation(**dict(top, parentId=child.id))
    assert "parentId" in problems and "cycle" in problems["parentId"][0]


def test_sibling_names_are_unique_but_cousins_may_share_them(system):
    a = save(system, name="A")
    b = save(system, name="B")
    save(system, name="Line1", parentId=a.id)
    save(system, name="Line1", parentId=b.id)
    problems = system.mes.location.validateLocation(**dict(system.mes.location.newLocation(), name="Line1",
                                                           parentId=a.id))
    assert "path" in problems


def test_references_and_delete(system):
    dairy = save(system, name="DairyCo")
    plant = save(system, name="Plant1", parentId=dairy.id)
    refs = system.mes.location.getLocationReferences("DairyCo")
    assert refs == [{"tableName": "locations", "references": [{"fkColName": "parent_id", "id": plant.id}]}]
    with pytest.raises(errors.InUseError) as caught:
        system.mes.location.deleteLocation("DairyCo")
    assert plant.id in str(caught.value) and "locations.parent_id" in str(caught.value)
    response = system.mes.location.deleteLocation(plant.id)
    assert response.success is True and response.data == plant.id
    assert system.mes.location.deleteLocation("DairyCo").success
    assert system.mes.location.getAllLocations() == []
    with pytest.raises(errors.NotFoundError):
        system.mes.location.deleteLocation("DairyCo")


def test_get_children_in_sort_order(system):
    plant = save(system, name="Plant1")
    save(system, name="Line2", parentId=plant.id, sortOrder=2)
    save(system, name="Line1", parentId=plant.id, sortOrder=1)
    assert [c.name for c in system.mes.location.getChildren("Plant1")] == ["Line1", "Line2"]


def test_permission_denied_writes_nothing(system):
    from mes.services import permissions
    permissions.use_role_permissions({"Operator": ["LOCATION.READ"]})
    system.security.set_user("op1", ["Operator"])
    assert system.mes.location.getAllLocations() == []
    with pytest.raises(errors.PermissionDeniedError) as caught:
        save(system, name="Nope")
    assert caught.value.permission == "LOCATION.WRITE.SAVE" and "op1" in str(caught.value)
    system.security.set_user("admin", ["Administrator"])
    permissions.use_role_permissions({"Administrator": ["LOCATION"]})
    assert system.mes.location.getAllLocations() == []
    assert save(system, name="Yes").path == "Yes"


@pytest.mark.parametrize("page", ["new-location.md", "save-location.md", "validate-location.md",
                                  "get-all-locations.md", "get-location-permissions.md"])
def test_documented_examples_run_verbatim(system, page):
    printed = doc_examples.run_page(system, doc_examples.page_path("location-script-api/" + page))
    if page not in ("get-location-permissions.md", "validate-location.md"):
        doc_examples.assert_prints_json(printed)


def test_documented_examples_with_existing_locations(system):
    dairy = save(system, name="DairyCo")
    plant = save(system, name="Plant1", parentId=dairy.id)
    save(system, name="Line1", parentId=plant.id)
    save(system, name="Line1", parentId=save(system, name="DariyCo/Plant1".split("/")[0]).id)
    printed = doc_examples.run_page(system, doc_examples.page_path("location-script-api/get-children.md"))
    assert "Found 1 child locations" in printed and "Path: DairyCo/Plant1/Line1" in printed
    printed = doc_examples.run_page(system, doc_examples.page_path("location-script-api/get-location-references.md"))
    assert doc_examples.assert_prints_json(printed)[0][0]["tableName"] == "locations"


def test_documented_get_and_delete_examples(system):
    # get-location.md looks up 'DariyCo/Plant1/Line1' (spelled so on the page).
    top = save(system, name="DariyCo")
    line = save(system, name="Line1", parentId=save(system, name="Plant1", parentId=top.id).id)
    printed = doc_examples.run_page(system, doc_examples.page_path("location-script-api/get-location.md"))
    assert doc_examples.assert_prints_json(printed)[0]["id"] == line.id
    save(system, name="DairyCo")
    doc_examples.run_page(system, doc_examples.page_path("location-script-api/delete-location.md"))
    assert system.mes.location.getLocation("DairyCo") is None
