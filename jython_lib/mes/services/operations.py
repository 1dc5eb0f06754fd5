"""Operations: configuration (new / validate / save / get / references / delete).

Running an operation (start, stop, pause, operation records) belongs to the runtime; it alone
writes status, currentOperationRecordId and currentProductionOrderId, so a save never changes them.
Validation checks what makes an operation storable (docs/rules.md#storable-versus-ready-to-run): a name unique at its location,
an existing location, enum members, and the syntax of every expression that is present.
"""
from __future__ import absolute_import
from mes.core.problems import add_problem
from mes.core.compat import is_string
from mes.expression import api as expressions
from mes.persistence import tables
from mes.services import entities
from mes.services.locations import LOCATION
from mes.services.production_orders import PRODUCTION_ORDER

TABLE = tables.OPERATIONS

NEW_KEYS = ["locationId", "locationPath", "name", "status", "currentOperationRecordId", "currentProductionOrderId",
            "runningConflictStrategy", "triggerSource", "startTriggerExpression", "startTriggerType",
            "stopTriggerExpression", "stopTriggerType", "productionOrderResolutionStrategy",
            "productionOrderUpdateStrategy", "productionOrderExpression", "updateProductionOrderStatusOnStart",
            "startProductionOrderStatus", "updateProductionOrderStatusOnStop", "stopProductionOrderStatus",
            "autoAddToSchedule", "expectedDurationCalculationStrategy", "expectedDurationSeconds",
            "expectedDurationExpression", "flushIntervalMillis", "id", "notes", "enabled", "spare1", "spare2",
            "spare3"]

RUNTIME_COLUMNS = ("status", "current_operation_record_id", "current_production_order_id")

EXPRESSION_COLUMNS = ("start_trigger_expression", "stop_trigger_expression", "production_order_expression",
                      "expected_duration_expression")

NOT_NEGATIVE = ("expected_duration_seconds", "flush_interval_millis")


def _prepare(session, values, existing, problems):
    # A blank expression means "none": store null so the runtime sees one way of saying it.
    for name in EXPRESSION_COLUMNS:
        text = values.get(name)
        if is_string(text) and not text.strip():
            values[name] = None


def _check(session, values, existing, problems):
    _check_location_given(values, problems)
    _check_trigger_source(values, problems)
    _check_expressions(values, problems)
    _check_not_negative(values, problems)


def _check_location_given(values, problems):
    # The reference marks locationId not nullable: an operation always runs somewhere.
    if values.get("location_id") is None and "locationId" not in problems and "locationPath" not in problems:
        add_problem(problems, "locationId", "locationId (or locationPath) is required for an operation: "
                                     "give the location where it runs")


def _check_trigger_source(values, problems):
    if values.get("trigger_source") == "PARENT":
        add_problem(problems, "triggerSource", "triggerSource PARENT needs a parent operation, and an operation has none "
                                        "(PARENT is for inventory operations linked to an operation); "
                                        "use EXPRESSION or MANUAL")


def _check_expressions(values, problems):
    for name in EXPRESSION_COLUMNS:
        text = values.get(name)
        if text is None:
            continue
        message = expressions.check_syntax(text)
        if message:
            key = TABLE.column(name).key
            add_problem(problems, key, "%s is not a valid expression: %s" % (key, message))


def _check_not_negative(values, problems):
    for name in NOT_NEGATIVE:
        number = values.get(name)
        if number is not None and number < 0:
            key = TABLE.column(name).key
            add_problem(problems, key, "%s must be zero or more, not %s" % (key, number))




OPERATION = entities.Entity(
    TABLE, lookup="name", new_keys=NEW_KEYS, read_only=RUNTIME_COLUMNS, prepare=_prepare, check=_check,
    partners=[entities.Partner("location_id", "locationPath", tables.LOCATIONS, "path")])

ORDER = ("name", "id")


def all_operations(session):
    return OPERATION.query(session, ORDER)


def at_location(session, location_id_or_path):
    """Operations configured at one location (NotFoundError when the location does not exist)."""
    location = LOCATION.require(session, location_id_or_path)
    return OPERATION.query(session, ORDER, location_id=location["id"])


def by_location_and_name(session, location_id_or_path, name):
    """The operation called `name` at a location (the runtime calls name them so), or None."""
    location = LOCATION.get(session, location_id_or_path)
    if location is None:
        return None
    found = OPERATION.query(session, location_id=location["id"], name=name)
    return found[0] if found else None


def status_of(session, operation_id):
    return OPERATION.require(session, operation_id)["status"]


def current_production_order(session, operation_id):
    """The production order the operation is running now, or None."""
    order_id = OPERATION.require(session, operation_id)["currentProductionOrderId"]
    return None if order_id is None else PRODUCTION_ORDER.get(session, order_id)
