"""The find... queries and their request objects (docs/queries.md)."""
import pytest

from mes.core import dates, errors
from tests import doc_examples
from tests.inventory_fixtures import make_location, make_lot, make_material, make_unit


def _lots_created(clock, material, names_and_dates):
    made = []
    for name, iso in names_and_dates:
        clock.set(dates.iso_to_millis(iso))
        made.append(make_lot(name, material))
    return made


@pytest.fixture
def year_of_lots(system, clock):
    """12 lots created in 2025 (one on its first millisecond), one in 2024 and one on the first
    millisecond of 2026, so "created in 2025" has a boundary on each side."""
    unit = make_unit("Kilogram", "kg")
    milk = make_material("Dairy/Milk", unit)
    spec = [("L%02d" % n, "2025-%02d-15T08:00:00Z" % n) for n in range(12, 1, -1)]
    spec += [("L01", "2025-01-01T00:00:00Z"), ("OLD", "2024-12-31T23:59:59Z"), ("NEW", "2026-01-01T00:00:00Z")]
    return _lots_created(clock, milk, spec)


def test_find_lots_runs_the_reference_example_verbatim(system, year_of_lots):
    printed = doc_examples.run_page(system, doc_examples.page_path("inventory-script-api/find-lots.md"))
    result = doc_examples.json_values(printed)[-1]
    assert [lot["name"] for lot in result["content"]] == ["L%02d" % n for n in range(1, 11)]
    assert (result["totalElements"], result["totalPages"], result["pageSize"], result["pageIndex"]) == (12, 2, 10, 0)
    assert (result["isFirst"], result["isLast"], result["hasNext"], result["hasPrevious"], result["hasContent"]) == \
        (True, False, True, False, True)


def _created_in_2025(system, **request):
    query = system.mes.query.newQueryRequest()
    f = system.mes.query.newFilterRequest()
    f.update(field="createdDate", condition="between", minDateValue="2025-01-01T00:00:00Z",
             maxDateValue="2026-01-01T00:00:00Z")
    query.update(pageSize=5, sortFields=["name"], filters=[f])
    query.update(request)
    return system.mes.inventory.findLots(**query)


def test_pages_are_disjoint_and_cover_every_match(system, year_of_lots):
    pages = [_created_in_2025(system, pageIndex=n) for n in range(3)]
    names = [lot["name"] for page in pages for lot in page["content"]]
    assert names == ["L%02d" % n for n in range(1, 13)]
    last = pages[2]
    assert (last["isLast"], last["hasNext"], last["hasPrevious"], len(last["content"])) == (True, False, True, 2)
    beyond = _created_in_2025(system, pageIndex=3)
    assert (beyond["content"], beyond["hasContent"], beyond["totalElements"]) == ([], False, 12)


@pytest.mark.parametrize("direction, expected", [("Ascending", "L01"), ("Descending", "L12"), ("desc", "L12"),
                                                 ("ASC", "L01")])
def test_sort_directions(system, year_of_lots, direction, expected):
    found = _created_in_2025(system, sortDirections=[direction], pageSize=1)
    assert found["content"][0]["name"] == expected


def test_sort_by_a_partner_key_then_descending_date(system, clock):
    unit = make_unit("Kilogram", "kg")
    a, b = make_material("A", unit), make_material("B", unit)
    _lots_created(clock, b, [("x", "2025-01-01T00:00:00Z")])
    _lots_created(clock, a, [("y", "2025-01-01T00:00:00Z"), ("z", "2025-02-01T00:00:00Z")])
    query = system.mes.query.newQueryRequest()
    query.update(sortFields=["materialPath", "createdDate"], sortDirections=["Ascending", "Descending"])
    assert [lot["name"] for lot in system.mes.inventory.findLots(**query)["content"]] == ["z", "y", "x"]


def _names(system, field, condition, **values):
    query = system.mes.query.newQueryRequest()
    f = system.mes.query.newFilterRequest()
    f.update(field=field, condition=condition, **values)
    query.update(sortFields=["name"], filters=[f])
    return [lot["name"] for lot in system.mes.inventory.findLots(**query)["content"]]


@pytest.fixture
def assorted_lots(system, clock):
    unit = make_unit("Kilogram", "kg")
    milk, cream = make_material("Dairy/Milk", unit), make_material("Dairy/Cream", unit)
    clock.set(dates.iso_to_millis("2025-06-01T00:00:00Z"))
    make_lot("Alpha-1", milk, total_quantity=10.0, status="OPEN")
    make_lot("alpha-2", milk, total_quantity=20.0, status="CLOSED", enabled=False)
    make_lot("Beta_100%", cream, total_quantity=30.0, status="QA_HOLD", spare1="x")
    make_lot("Gamma", cream, total_quantity=0.0, status="OPEN")


@pytest.mark.parametrize("field, condition, values, expected", [
    ("name", "EQUALS", {"stringValue": "Gamma"}, ["Gamma"]),
    ("name", "not equals", {"stringValue": "Gamma"}, ["Alpha-1", "Beta_100%", "alpha-2"]),
    ("name", "contains", {"stringValue": "ALPHA"}, ["Alpha-1", "alpha-2"]),
    ("name", "Contains", {"stringValue": "_100%"}, ["Beta_100%"]),  # wildcards are plain text
    ("name", "STARTSWITH", {"stringValue": "al"}, ["Alpha-1", "alpha-2"]),
    ("name", "ends_with", {"stringValue": "0%"}, ["Beta_100%"]),
    ("totalQuantity", "GREATER_THAN", {"numberValue": 10}, ["Beta_100%", "alpha-2"]),
    ("totalQuantity", "greaterThanOrEqualTo", {"numberValue": 10}, ["Alpha-1", "Beta_100%", "alpha-2"]),
    ("totalQuantity", "LESS_THAN", {"numberValue": 10}, ["Gamma"]),
    ("totalQuantity", "LESS_THAN_OR_EQUAL_TO", {"numberValue": 10}, ["Alpha-1", "Gamma"]),
    ("totalQuantity", "BETWEEN", {"minNumberValue": 10, "maxNumberValue": 20}, ["Alpha-1", "alpha-2"]),
    ("status", "EQUALS", {"stringValue": "qa_hold"}, ["Beta_100%"]),
    ("status", "IN", {"stringListValue": ["OPEN", "CLOSED"]}, ["Alpha-1", "Gamma", "alpha-2"]),
    ("enabled", "FALSE", {}, ["alpha-2"]),
    ("enabled", "TRUE", {}, ["Alpha-1", "Beta_100%", "Gamma"]),
    ("spare1", "IS_NULL", {}, ["Alpha-1", "Gamma", "alpha-2"]),
    ("spare1", "IS_NOT_NULL", {}, ["Beta_100%"]),
    ("materialPath", "EQUALS", {"stringValue": "Dairy/Cream"}, ["Beta_100%", "Gamma"]),
    ("createdDate", "LESS_THAN", {"dateValue": "2025-06-01T00:00:00.001Z"}, ["Alpha-1", "Beta_100%", "Gamma",
                                                                          "alpha-2"]),
])
def test_every_condition(system, assorted_lots, field, condition, values, expected):
    # Sorted by name: the same order on every database (MariaDB's collation is binary, like the others).
    assert _names(system, field, condition, **values) == sorted(expected)


def test_filters_are_and_combined(system, assorted_lots):
    query = system.mes.query.newQueryRequest()
    first, second = system.mes.query.newFilterRequest(), system.mes.query.newFilterRequest()
    first.update(field="materialPath", condition="EQUALS", stringValue="Dairy/Milk")
    second.update(field="totalQuantity", condition="GREATER_THAN", numberValue=15)
    query["filters"] = [first, second]
    assert [lot["name"] for lot in system.mes.inventory.findLots(**query)["content"]] == ["alpha-2"]


def test_a_bad_request_names_every_problem_and_reads_nothing(system, assorted_lots):
    query = system.mes.query.newQueryRequest()
    bad_field, bad_condition = system.mes.query.newFilterRequest(), system.mes.query.newFilterRequest()
    bad_field.update(field="name; DROP TABLE inventory_lots", condition="EQUALS", stringValue="x")
    bad_condition.update(field="name", condition="LIKE", stringValue="x")
    query.update(pageSize=0, sortFields=["weight"], sortDirections=["up"], filters=[bad_field, bad_condition])
    before = system.db.stats.snapshot()["statements"]
    with pytest.raises(errors.ValidationError) as raised:
        system.mes.inventory.findLots(**query)
    assert system.db.stats.snapshot()["statements"] == before
    assert sorted(raised.value.errors) == ["filters[0].field", "filters[1].condition", "pageSize", "sortDirections[0]",
                                           "sortFields[0]"]
    assert "'weight' is not a field of a lot; use one of:" in str(raised.value)
    assert "materialPath" in raised.value.errors["sortFields[0]"][0]


def test_a_filter_without_its_value_says_which_key_it_needs(system):
    query = system.mes.query.newQueryRequest()
    f = system.mes.query.newFilterRequest()
    f.update(field="createdDate", condition="between", minDateValue="2025-01-01T00:00:00Z")
    query["filters"] = [f]
    with pytest.raises(errors.ValidationError) as raised:
        system.mes.inventory.findLots(**query)
    assert list(raised.value.errors) == ["filters[0].maxDateValue"]


def test_values_are_bound_not_spliced(system, assorted_lots):
    assert _names(system, "name", "EQUALS", stringValue="x' OR '1'='1") == []


@pytest.mark.parametrize("existing", [3, 40])
def test_a_page_costs_two_statements_whatever_the_table_size(system, clock, existing):
    unit = make_unit("Kilogram", "kg")
    milk = make_material("Milk", unit)
    _lots_created(clock, milk, [("L%03d" % n, "2025-03-01T00:00:00Z") for n in range(existing)])
    before = system.db.stats.snapshot()["statements"]
    _created_in_2025(system, pageSize=2, pageIndex=1)
    assert system.db.stats.snapshot()["statements"] - before == 2


def test_every_find_call_returns_objects_like_its_get(system):
    unit = make_unit("Kilogram", "kg")
    line = make_location("Plant/Line1")
    material = make_material("Dairy/Milk", unit)
    calls = [
        (system.mes.location.findLocations, system.mes.location.getLocation, line["id"]),
        (system.mes.material.findMaterials, system.mes.material.getMaterial, material["id"]),
        (system.mes.unitOfMeasure.findUnitsOfMeasure, system.mes.unitOfMeasure.getUnitOfMeasure, unit["id"]),
    ]
    for find, get, wanted in calls:
        query = system.mes.query.newQueryRequest()
        f = system.mes.query.newFilterRequest()
        f.update(field="id", condition="EQUALS", stringValue=wanted)
        query["filters"] = [f]
        assert find(**query)["content"] == [get(wanted)]
    for find in (system.mes.material.findMaterialClasses, system.mes.material.findMaterialReasonCodes,
                 system.mes.operation.findOperations, system.mes.operation.findOperationRecords,
                 system.mes.productionOrder.findProductionOrders,
                 system.mes.unitOfMeasure.findUnitOfMeasureConversions):
        assert find(**system.mes.query.newQueryRequest())["pageIndex"] == 0


def test_find_locations_example_with_sort_directions_list(system, clock):
    clock.set(dates.iso_to_millis("2025-05-05T00:00:00Z"))
    make_location("B/Line2")
    printed = doc_examples.run_page(system, doc_examples.page_path("location-script-api/find-locations.md"))
    result = doc_examples.json_values(printed)[-1]
    assert [loc["path"] for loc in result["content"]] == ["B", "B/Line2"]


def test_location_tree_keeps_the_ancestors_of_matches(system):
    make_location("DairyCo/Plant1/Line1")
    make_location("DairyCo/Plant2/Line1")
    make_location("DairyCo/Warehouse")
    tree = system.mes.location.getLocationTree("plant1")
    assert [n["name"] for n in tree] == ["DairyCo"]
    assert [n["name"] for n in tree[0]["children"]] == ["Plant1"]
    assert tree[0]["children"][0]["children"] == []
    whole = system.mes.location.getLocationTree()
    assert [n["name"] for n in whole[0]["children"]] == ["Plant1", "Plant2", "Warehouse"]
    assert [n["name"] for n in whole[0]["children"][1]["children"]] == ["Line1"]


def test_locations_by_partial_path(system):
    make_location("DairyCo/Plant1/Line1")
    make_location("DairyCo/Plant2/Line1")
    make_location("Other/Plant1_x")
    found = system.mes.location.getLocationsByPartialPath("plant1/")
    assert [loc["path"] for loc in found] == ["DairyCo/Plant1/Line1"]
    with pytest.raises(errors.ValidationError):
        system.mes.location.getLocationsByPartialPath("")
