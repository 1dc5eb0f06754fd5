"""Inventory lot records: the read model every record-returning call shares, and the direct
save/validate of saveInventoryLotRecord.

Records saved here are audit entries (docs/rules.md#the-ledger): they never move inventory, so `moves_inventory` stays
false and no balance or lot total changes. Records the ledger wrote (moves_inventory true) may be
annotated here, but the fields their balances were posted from cannot change.
Rules the reference pages leave open, settled here (README, Lot records):
- inventoryLotName (or secondaryInventoryLotName) may stand in for the id when it names one lot;
- startDate left empty on create takes the save time; status must be given (no silent default);
- the unit defaults to the lot's unit, since record quantities are in the lot's unit (docs/rules.md#the-ledger);
- quantity is zero or more except on EDIT records (a signed difference); endDate >= startDate;
- duration is whole seconds between startDate and endDate, null while endDate is.
"""
from __future__ import absolute_import
from mes.core.problems import add_problem
from mes.core import dates, errors
from mes.persistence import tables
from mes.services import entities, lots

TABLE = tables.INVENTORY_LOT_RECORDS
DURATION_KEY = "duration"
# What a ledger record's balances were posted from; changing any would break docs/rules.md#the-ledger's invariant.
POSTED_COLUMNS = ("lot_record_type", "inventory_lot_id", "quantity", "unit_of_measure_id", "source_location_id",
                  "destination_location_id", "status")


class LotPartner(entities.Partner):
    """A lot given by name: resolved only when the name is unique across materials."""

    def resolve(self, session, text):
        return lots.resolve_name(session, text, self.key)


class _RecordEntity(entities.Entity):
    """The generic entity plus the computed duration of every record."""

    def __init__(self, *args, **kwargs):
        entities.Entity.__init__(self, *args, **kwargs)
        self.known_keys.add(DURATION_KEY)

    def query(self, session, order=None, where=None, any_of=(), **equal):
        found = entities.Entity.query(self, session, order, where, any_of, **equal)
        for obj in found:
            obj[DURATION_KEY] = duration_seconds(obj.get("startDate"), obj.get("endDate"))
        return found


def duration_seconds(start, end):
    if start is None or end is None:
        return None
    return int((dates.to_millis(end) - dates.to_millis(start)) // 1000)


def _prepare(session, values, existing, problems):
    if existing is None:
        values["moves_inventory"] = False  # an audit entry, never a posting (docs/rules.md#the-ledger)
        if values.get("start_date") is None:
            values["start_date"] = dates.now_millis()
    if values.get("unit_of_measure_id") is None and values.get("inventory_lot_id"):
        lot = lots.get(session, values["inventory_lot_id"])
        if lot is not None:
            values["unit_of_measure_id"] = lot["unitOfMeasureId"]


def _check(session, values, existing, problems):
    quantity = values.get("quantity")
    if quantity is not None and quantity < 0 and values.get("lot_record_type") != "EDIT":
        add_problem(problems, "quantity", "quantity must be zero or more (only EDIT records hold a signed "
                                   "difference), not %s" % quantity)
    start, end = values.get("start_date"), values.get("end_date")
    if start is not None and end is not None and dates.to_millis(end) < dates.to_millis(start):
        add_problem(problems, "endDate", "endDate %s is before startDate %s" % (dates.iso(end), dates.iso(start)))
    if existing is not None and existing.get("moves_inventory"):
        _check_posted_fields_kept(values, existing, problems)


def _check_posted_fields_kept(values, existing, problems):
    for name in POSTED_COLUMNS:
        if values.get(name) != existing.get(name):
            key = TABLE.column(name).key
            add_problem(problems, key, "record %s moved inventory, so its %s cannot change here; correct the balance "
                                "with editInventoryQuantity instead" % (existing["id"], key))


RECORD = _RecordEntity(
    TABLE,
    partners=[
        LotPartner("inventory_lot_id", "inventoryLotName", tables.INVENTORY_LOTS, "name"),
        LotPartner("secondary_inventory_lot_id", "secondaryInventoryLotName", tables.INVENTORY_LOTS, "name"),
        entities.Partner("inventory_operation_id", "inventoryOperationName", tables.INVENTORY_OPERATIONS, "name"),
        entities.Partner("production_order_id", "productionOrderName", tables.PRODUCTION_ORDERS, "name"),
        entities.Partner("material_reason_code_id", "materialReasonCodeName", tables.MATERIAL_REASON_CODES,
                         "reason_code"),
        entities.Partner("source_location_id", "sourceLocationPath", tables.LOCATIONS, "path",
                         shown={"sourceLocationName": "name"}),
        entities.Partner("destination_location_id", "destinationLocationPath", tables.LOCATIONS, "path",
                         shown={"destinationLocationName": "name"}),
        entities.Partner("unit_of_measure_id", "unitOfMeasureName", tables.UNITS_OF_MEASURE, "name",
                         shown={"unitOfMeasureSymbol": "symbol"}),
    ],
    new_keys=["lotRecordType", "inventoryLotId", "inventoryLotName", "secondaryInventoryLotId",
              "secondaryInventoryLotName", "operationRecordId", "inventoryOperationId", "productionOrderId",
              "materialReasonCodeId", "sourceLocationId", "destinationLocationId", "lotStatus", "quantity",
              "startDate", "endDate", "status", "id", "notes", "enabled", "spare1", "spare2", "spare3"],
    new_defaults={"startDate": lambda: dates.to_iso(dates.now_millis()), "status": None},
    prepare=_prepare, check=_check)

ORDER = ("start_date", "id")
STATUS_REQUIRED = ("status is required for an inventory lot record (COMPLETED for a finished change, RUNNING "
                   "for one in progress)")


def validate(obj):
    problems = RECORD.validate(obj)
    if _status_missing(obj) and "status" not in problems:
        add_problem(problems, "status", STATUS_REQUIRED)
    return problems


def save(obj):
    """Create or update one audit entry; refuses exactly what validate() reports."""
    if _status_missing(obj):
        raise errors.ValidationError.from_map("inventory lot record '%s'" % (obj.get("id") or "(new)"), validate(obj))
    return RECORD.save(obj)


def _status_missing(obj):
    # The column's default serves the ledger; a caller must say what the record's status is.
    # An update that leaves the key out keeps the stored status.
    if "status" in obj:
        return obj["status"] is None
    return obj.get("id") is None


def query(session, where=None, order=None, **equal):
    """Record dicts (docs/rules.md#the-ledger) matching a persistence-built Where or keyword
    criteria, oldest first; what the ledger, history and trace return."""
    return RECORD.query(session, order or ORDER, where, **equal)


def get(session, record_id):
    found = query(session, id=lots.id_value(record_id))
    return found[0] if found else None


def require(session, record_id):
    found = get(session, record_id)
    if found is None:
        raise errors.NotFoundError("no inventory lot record with id '%s' exists" % (record_id,))
    return found


def context(operation, start, production_order_id=None, reason_code_id=None, inventory_operation_id=None,
            end=None, notes=None, spares=(None, None, None)):
    """The columns every lot record carries besides what it moves (docs/rules.md#the-ledger).

    The one record context of the inventory actions and the inventory-operation runtime: an
    operation that is running lends its operation record, and its production order when none is named.

    Args:
        operation: the linked operation object, or None.
        start: the record's start (millis).
        production_order_id: the production order named by the call, or None.
        reason_code_id: the material reason code's id, or None.
        inventory_operation_id: the inventory operation's id, or None.
        end: the record's end (millis), or None.
        notes: the record's notes.
        spares: (spare1, spare2, spare3).

    Returns:
        {column: value} to start a record from.
    """
    record = {"operation_record_id": None, "production_order_id": production_order_id,
              "material_reason_code_id": reason_code_id, "inventory_operation_id": inventory_operation_id,
              "start_date": start, "end_date": end, "notes": notes, "spare1": spares[0], "spare2": spares[1],
              "spare3": spares[2], "enabled": True}
    if operation and operation.get("currentOperationRecordId"):
        record["operation_record_id"] = operation["currentOperationRecordId"]
        if record["production_order_id"] is None:
            record["production_order_id"] = operation.get("currentProductionOrderId")
    return record


def end_date(start, end=None, key="endDate"):
    """A record's end (docs/rules.md#objects-ids-and-dates): as given but never before its start,
    or now (at least its start) when none is given.

    Args:
        start: the record's start (millis).
        end: the end given (millis, ISO text or a date), or None.
        key: the argument the end came from, named in the error.

    Returns:
        millis.

    Raises:
        ValidationError: the end given is before the start.
    """
    if end is None:
        return max(dates.now_millis(), start)
    end = dates.to_millis(end, key)
    if end < start:
        raise errors.ValidationError.for_field(key, "%s %s is before the start %s" % (
            key, dates.to_iso(end), dates.to_iso(start)))
    return end
