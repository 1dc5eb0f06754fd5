"""Production orders: configuration (new / validate / save / get / references / delete).

Storable (docs/rules.md#storable-versus-ready-to-run) means: a unique name, a product material and a unit of measure that exist
(the reference marks both not nullable), an existing location when one is given, enum members,
and quantities that are not negative. When no unit is given the product's base unit is used.
"""
from __future__ import absolute_import
from mes.core.problems import add_problem
from mes.persistence import mapping, tables
from mes.services import entities

TABLE = tables.PRODUCTION_ORDERS

NEW_KEYS = ["name", "productId", "customerId", "locationId", "status", "schedulePriority", "quantity",
            "quantityProduced", "quantityScheduled", "startDate", "endDate", "dueDate", "unitOfMeasureId",
            "shiftRecordId", "id", "notes", "enabled", "spare1", "spare2", "spare3"]

# Returned by getProductionOrder; properties and bills of materials are not modelled yet, so they
# are always empty. Accepted (and ignored) on save so a fetched order can be passed back as **order.
DETAIL_KEYS = ("propertyValues", "billOfMaterials")

QUANTITY_COLUMNS = ("quantity", "quantity_produced", "quantity_scheduled")


def _prepare(session, values, existing, problems):
    if values.get("unit_of_measure_id") is None and values.get("product_material_id") is not None:
        product = mapping.select_by_id(session, tables.MATERIALS, values["product_material_id"])
        if product is not None:
            values["unit_of_measure_id"] = product.get("unit_of_measure_id")


def _check(session, values, existing, problems):
    _require(values, problems, "product_material_id", ("productId", "productName"),
             "productId (or productName) is required for a production order: give the material it produces")
    _require(values, problems, "unit_of_measure_id", ("unitOfMeasureId", "unitOfMeasureName"),
             "unitOfMeasureId (or unitOfMeasureName) is required for a production order: give its unit, "
             "or a product that has a base unit")
    for name in QUANTITY_COLUMNS:
        number = values.get(name)
        if number is not None and number < 0:
            key = TABLE.column(name).key
            add_problem(problems, key, "%s must be zero or more, not %s" % (key, number))


def _require(values, problems, column, keys, message):
    if values.get(column) is None and not any(k in problems for k in keys):
        add_problem(problems, keys[0], message)




PRODUCTION_ORDER = entities.Entity(
    TABLE, lookup="name", new_keys=NEW_KEYS, prepare=_prepare, check=_check,
    partners=[
        entities.Partner("location_id", "locationName", tables.LOCATIONS, "name", shown={"locationPath": "path"}),
        entities.Partner("product_material_id", "productName", tables.MATERIALS, "name",
                         shown={"productPath": "path"}),
        entities.Partner("unit_of_measure_id", "unitOfMeasureName", tables.UNITS_OF_MEASURE, "name"),
    ])
PRODUCTION_ORDER.known_keys.update(DETAIL_KEYS)


def with_details(order):
    """The order as getProductionOrder returns it (None stays None)."""
    if order is not None:
        for key in DETAIL_KEYS:
            order[key] = []
    return order


def all_orders(session):
    return PRODUCTION_ORDER.query(session, ("name",))
