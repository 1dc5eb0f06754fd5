"""Inventory operations: the saved "recipes" the runtime starts, stops and executes (docs/rules.md#inventory-operation-runtime).

Two levels of checking (docs/rules.md#storable-versus-ready-to-run):
- storable (validate / save): a name, enum members, references that exist, FROM_LOCATION only on
  the primary lot of CONSUME/RETURN/SHIP/SCRAP, PARENT triggers only with an operation, an
  overflow value above zero, a flush interval not below zero, and the syntax of every expression
  that is given. The documented example that saves nothing but a name and a source location is
  storable.
- ready to run (`readiness_problems`, called at start and execute): what the chosen strategies and
  the operation type need (docs/rules.md#inventory-operation-runtime), reported all at once.

Rules decided where the reference pages are silent:
- A blank expression ("" or spaces) counts as absent and is stored as null.
- `flushIntervalMillis` is on the older save page only: it is accepted, stored and returned, but it
  is not one of the keys newInventoryOperation() documents, so new() leaves it out.
- `quantityOverflowValue` set with a MANUAL or DIRECT quantity is stored and ignored (it only
  means something for EXPRESSION + DELTA).
- SCRAP_ALL needs no material (none scraps every material at the source) and no unit (each lot
  keeps its own); RECEIVE_AND_CONSUME runs without a secondary material (the lot it consumes into
  is linked only where one is configured or passed).
- A decrease whose primary lot is AUTO_GENERATE would take from a new, empty lot: not ready to run
  unless the source location allows negative inventory or the call names the lot.
- A material source PARENT needs a linked operation, like a PARENT trigger.
"""
from __future__ import absolute_import
from mes.core.problems import add_problem
from mes.core import errors, ids, wording
from mes.core.objects import MesObject
from mes.expression import api as expressions
from mes.persistence import location_store, mapping, runtime_store, tables
from mes.services import entities, permissions, record_types
from mes.services.locations import LOCATION

TABLE = tables.INVENTORY_OPERATIONS

# The keys and order newInventoryOperation() documents.
NEW_KEYS = [
    "operationId", "operationName", "name", "status", "currentRecordId", "operationType", "triggerSource",
    "startTriggerExpression", "startTriggerType", "stopTriggerExpression", "stopTriggerType",
    "sourceLocationId", "sourceLocationPath", "destinationLocationId", "destinationLocationPath",
    "materialSource", "materialId", "materialPath", "materialExpression", "secondaryMaterialId",
    "secondaryMaterialPath", "primaryLotResolutionStrategy", "secondaryLotResolutionStrategy",
    "primaryLotCodeExpression", "secondaryLotCodeExpression", "createLotIfNotFound",
    "inventoryNameResolutionStrategy", "inventoryName", "inventoryNameExpression", "quantitySource",
    "quantityExpression", "quantityCalcType", "quantityOverflowValue", "unitOfMeasureId", "unitOfMeasureName",
    "unitOfMeasureResolutionStrategy", "reasonCodeId", "reasonCodeName", "incrementProductionOrderCount",
    "id", "notes", "enabled", "spare1", "spare2", "spare3",
]

SCRIPT_KEY = "INVENTORY_OPERATION.WRITE.SCRIPT"
EXPRESSION_KEYS = ["startTriggerExpression", "stopTriggerExpression", "materialExpression",
                   "primaryLotCodeExpression", "secondaryLotCodeExpression", "inventoryNameExpression",
                   "quantityExpression"]


PARTNERS = [
    entities.Partner("operation_id", "operationName", tables.OPERATIONS, "name"),
    entities.Partner("source_location_id", "sourceLocationPath", tables.LOCATIONS, "path"),
    entities.Partner("destination_location_id", "destinationLocationPath", tables.LOCATIONS, "path"),
    entities.Partner("material_id", "materialPath", tables.MATERIALS, "path"),
    entities.Partner("secondary_material_id", "secondaryMaterialPath", tables.MATERIALS, "path"),
    entities.Partner("unit_of_measure_id", "unitOfMeasureName", tables.UNITS_OF_MEASURE, "name"),
    entities.Partner("reason_code_id", "reasonCodeName", tables.MATERIAL_REASON_CODES, "reason_code"),
]


def as_object(values):
    """camelCase view of a {column name: value} dict, so one set of rules serves save and run."""
    return dict((c.key, values.get(c.name)) for c in TABLE.columns)


# -- rules shared by storability and readiness ----------------------------------------------------

def _from_location_problems(op, problems):
    if op.get("primaryLotResolutionStrategy") == "FROM_LOCATION" and \
            op.get("operationType") not in record_types.TAKING_OPERATIONS:
        add_problem(problems, "primaryLotResolutionStrategy",
             "FROM_LOCATION picks a lot already stored at the source, so it only works for %s, not %s; "
             "choose another primaryLotResolutionStrategy or operationType"
             % (", ".join(record_types.TAKING_OPERATIONS), op.get("operationType")))
    if op.get("secondaryLotResolutionStrategy") == "FROM_LOCATION":
        add_problem(problems, "secondaryLotResolutionStrategy",
             "FROM_LOCATION applies to the primary lot only; choose AUTO_GENERATE, EXPRESSION or MANUAL "
             "for secondaryLotResolutionStrategy")


def _parent_trigger_problems(op, problems):
    if op.get("triggerSource") == "PARENT" and not op.get("operationId"):
        add_problem(problems, "triggerSource",
             "a PARENT trigger follows the linked operation's start and stop, so it needs operationId "
             "(or operationName); link an operation or choose EXPRESSION or MANUAL")


# -- storability (validate / save) ----------------------------------------------------------------

def _blank_expressions_to_null(values):
    for key in EXPRESSION_KEYS:
        name = TABLE.by_key[key].name
        text = values.get(name)
        if text is not None and not text.strip():
            values[name] = None


def _expression_syntax_problems(op, problems):
    for key in EXPRESSION_KEYS:
        text = op.get(key)
        if text is not None and key not in problems:
            message = expressions.check_syntax(text)
            if message:
                add_problem(problems, key, "%s is not a valid expression: %s" % (key, message))


def _number_problems(op, problems):
    overflow = op.get("quantityOverflowValue")
    if overflow is not None and overflow <= 0:
        add_problem(problems, "quantityOverflowValue",
             "quantityOverflowValue is the value a counter wraps at and must be above zero, not %s; "
             "leave it empty for a counter that does not wrap" % overflow)
    flush = op.get("flushIntervalMillis")
    if flush is not None and flush < 0:
        add_problem(problems, "flushIntervalMillis", "flushIntervalMillis must be zero or more, not %s" % flush)


def _prepare(session, values, existing, problems):
    _blank_expressions_to_null(values)


def _check(session, values, existing, problems):
    op = as_object(values)
    _from_location_problems(op, problems)
    if "operationId" not in problems and "operationName" not in problems:
        _parent_trigger_problems(op, problems)
    _number_problems(op, problems)
    _expression_syntax_problems(op, problems)
    if any(expressions.runs_code(op.get(key)) for key in EXPRESSION_KEYS):
        # runScript and the query functions run their author's code on the gateway when the operation
        # runs, so writing one takes more than the right to save an operation.
        permissions.require(SCRIPT_KEY)


def _refuse_running(session, found):
    """Checked inside the delete's own transaction, so a start cannot slip in between."""
    if found["status"] == "RUNNING":
        raise errors.ConflictError("inventory operation '%s' (id %s) is RUNNING; stop or cancel it before "
                                   "deleting it" % (found["name"], found["id"]))


def _bump_version(session, values, existing):
    """Every save makes every gateway's cached configuration of the operation stale
    (docs/rules.md#inventory-operation-runtime)."""
    runtime_store.bump_config_version(session, values["id"])


INVENTORY_OPERATION = entities.Entity(
    TABLE, partners=PARTNERS, new_keys=NEW_KEYS,
    # Runtime state belongs to start/stop/cancel: a save can never reset it.
    read_only=("status", "current_record_id"),
    prepare=_prepare, check=_check, check_delete=_refuse_running, after_save=_bump_version)


# -- ready to run (start / execute) ---------------------------------------------------------------

def readiness_problems(op):
    """{field: [messages]} of everything a stored operation lacks to run (docs/rules.md#inventory-operation-runtime):
    empty when it can be started. `op` is the object as getInventoryOperation returns it."""
    problems = {}
    _trigger_readiness(op, problems)
    _material_readiness(op, problems)
    _lot_readiness(op, problems)
    _quantity_readiness(op, problems)
    _unit_readiness(op, problems)
    _inventory_name_readiness(op, problems)
    _location_readiness(op, problems)
    return problems


def readiness(session, op, primary_given=False, enabled_matters=False):
    """{field: [messages]} of everything a stored operation lacks to run, including what depends on
    other rows (docs/rules.md#storable-versus-ready-to-run): readiness_problems, plus the AUTO_GENERATE decrease
    rule, which reads the source location only for such an operation.

    Args:
        session: the session to read with.
        op: the object as getInventoryOperation returns it.
        primary_given: the call names its primary lot, so the strategy is not used.
        enabled_matters: report a disabled operation too (the readiness call; start refuses it apart).
    """
    problems = readiness_problems(op)
    if not primary_given and _takes_from_new_lot(op):
        source = location_store.location(session, op["sourceLocationId"])
        if source is not None:
            _new_lot_readiness(op, source["path"], source["allow_negative_inventory"], problems)
    if enabled_matters and not op.get("enabled"):
        add_problem(problems, "enabled", "inventory operation '%s' is disabled; set enabled to true to run it"
                    % op.get("name"))
    return problems


def source_locations(session, ids=None):
    """{operation id: (source location path, allows negative inventory)} for triggered_readiness,
    read in one statement for all operations or the listed ones (the trigger engine's load)."""
    return location_store.operation_sources(session, ids)


def triggered_readiness(op, source):
    """What readiness() reports for a start without a lot (a triggered start), with the source
    location read beforehand by source_locations: readiness_problems plus the AUTO_GENERATE
    decrease rule.

    Args:
        op: the object as getInventoryOperation returns it.
        source: (path, allows negative inventory) of its source location, or None.
    """
    problems = readiness_problems(op)
    if source is not None and _takes_from_new_lot(op):
        _new_lot_readiness(op, source[0], source[1], problems)
    return problems


def _new_lot_readiness(op, source_path, allows_negative, problems):
    """The AUTO_GENERATE decrease rule: a decrease would take from a new, empty lot."""
    if not allows_negative:
        add_problem(problems, "primaryLotResolutionStrategy",
                    "%s takes stock from an existing lot: use FROM_LOCATION, MANUAL or EXPRESSION (AUTO_GENERATE "
                    "makes a new, empty lot), or allow negative inventory at '%s'" % (
                        wording.with_article(op["operationType"]), source_path))


def readiness_list(session, inventory_operation_id):
    """What getInventoryOperationReadiness returns: [{field, message}], sorted by field; empty when ready."""
    op = INVENTORY_OPERATION.require(session, inventory_operation_id)
    problems = readiness(session, op, enabled_matters=True)
    return [MesObject(field=field, message=message) for field in sorted(problems) for message in problems[field]]


def _takes_from_new_lot(op):
    return op.get("operationType") in record_types.TAKING_OPERATIONS and op.get("sourceLocationId") and \
        op.get("primaryLotResolutionStrategy") == "AUTO_GENERATE"


def _require(op, problems, key, why):
    if op.get(key) in (None, ""):
        add_problem(problems, key, "%s is required because %s; set it or change that setting" % (key, why))


def _trigger_readiness(op, problems):
    if op.get("triggerSource") == "EXPRESSION":
        for key in ("startTriggerExpression", "stopTriggerExpression"):
            _require(op, problems, key, "triggerSource is EXPRESSION")
    _parent_trigger_problems(op, problems)


def _material_readiness(op, problems):
    source = op.get("materialSource")
    if source == "STATIC" and op.get("operationType") != "SCRAP_ALL":
        _require(op, problems, "materialId", "materialSource is STATIC (give materialId or materialPath)")
    elif source == "EXPRESSION":
        _require(op, problems, "materialExpression", "materialSource is EXPRESSION")
    elif source == "PARENT":
        _require(op, problems, "operationId", "materialSource PARENT takes the material of the linked "
                                              "operation's production order")


def _lot_readiness(op, problems):
    for side in ("primary", "secondary"):
        if op.get(side + "LotResolutionStrategy") == "EXPRESSION":
            _require(op, problems, side + "LotCodeExpression", side + "LotResolutionStrategy is EXPRESSION")
    _from_location_problems(op, problems)


def _quantity_readiness(op, problems):
    if op.get("quantitySource") == "EXPRESSION":
        _require(op, problems, "quantityExpression", "quantitySource is EXPRESSION")


def _unit_readiness(op, problems):
    if op.get("unitOfMeasureResolutionStrategy") == "STATIC" and op.get("operationType") != "SCRAP_ALL":
        _require(op, problems, "unitOfMeasureId", "unitOfMeasureResolutionStrategy is STATIC (give "
                                                  "unitOfMeasureId or unitOfMeasureName, or use FROM_CONTEXT)")


def _inventory_name_readiness(op, problems):
    if op.get("inventoryNameResolutionStrategy") == "EXPRESSION":
        _require(op, problems, "inventoryNameExpression", "inventoryNameResolutionStrategy is EXPRESSION")


def _location_readiness(op, problems):
    kind = op.get("operationType")
    if kind in record_types.NEEDS_SOURCE:
        _require(op, problems, "sourceLocationId", "%s takes its lot from the source location" % wording.with_article(kind))
    if kind in record_types.NEEDS_DESTINATION:
        _require(op, problems, "destinationLocationId", "%s puts its lot at the destination location" % wording.with_article(kind))


# -- queries --------------------------------------------------------------------------------------

ORDER = ("name", "id")


def all_operations(session):
    return INVENTORY_OPERATION.query(session, ORDER)


def by_operation(session, operation_id):
    """The inventory operations linked to one operation (given by id)."""
    canonical = ids.normalize_id(operation_id)
    if canonical is None or mapping.select_by_id(session, tables.OPERATIONS, canonical) is None:
        raise errors.NotFoundError("no operation with id '%s' exists; pass the id of an existing operation"
                                   % (operation_id,))
    return INVENTORY_OPERATION.query(session, ORDER, operation_id=canonical)


def by_location(session, location_id_or_path):
    """The inventory operations whose source or destination is exactly this location."""
    location_id = LOCATION.require(session, location_id_or_path)["id"]
    return INVENTORY_OPERATION.query(session, ORDER, any_of=[{"source_location_id": location_id},
                                                             {"destination_location_id": location_id}])


def status(session, inventory_operation_id):
    return INVENTORY_OPERATION.require(session, inventory_operation_id)["status"]


def references(session, inventory_operation_id):
    found = INVENTORY_OPERATION.require(session, inventory_operation_id)
    return INVENTORY_OPERATION.references(session, found["id"])


# -- delete ---------------------------------------------------------------------------------------

def delete(inventory_operation_id, with_references=False):
    """Delete one inventory operation; refused while it is RUNNING (stop or cancel it first).

    Without `with_references` it is refused (InUseError) while lot records point at it. With it,
    those references are removed the only way the ledger allows: lot records are inventory history
    and are never deleted, so their inventoryOperationId is set to null and they stay, complete.
    """
    return INVENTORY_OPERATION.delete(inventory_operation_id, clear_references=with_references)
