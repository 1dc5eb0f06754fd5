"""Lot history (newLotHistoryRequest / getLotHistory): the lot records of one lot.

Rules the reference pages leave open, settled here (README, Lot history):
- lotId is the lot's id; a lot name that names exactly one lot is accepted too; an unknown lot
  is a NotFoundError (a typo must not read as "no history");
- the history holds the records where the lot is the primary lot AND those where it is the
  secondary lot (the batch a lot was consumed into, the lot merged into another): both are part
  of what happened to it;
- startDate / endDate bound the record's startDate, both inclusive ("created after / before");
- operationId matches records whose operation record belongs to that operation;
- productionOrderIdOrName is an id, then a name; an unknown order is a NotFoundError;
- lotRecordType and status must be members of their enums (any case); other ids match as given;
- records come oldest first (startDate, then id), as the record read model returns them, in one
  SELECT whatever the history's length.
"""
from __future__ import absolute_import
from mes.core import dates, errors
from mes.core.compat import is_string
from mes.core.problems import add_unknown_keys
from mes.core.objects import MesObject
from mes.persistence import history_store, tables
from mes.services import entities, lot_records, lots, production_orders

REQUEST_KEYS = ("lotId", "lotRecordType", "operationId", "inventoryOperationId", "productionOrderIdOrName",
                "materialReasonCodeId", "startDate", "endDate", "status")
RECORDS = tables.INVENTORY_LOT_RECORDS
# Request key -> filter name, for the filters given as plain ids.
ID_FILTERS = (("operationId", "operation_id"), ("inventoryOperationId", "inventory_operation_id"),
              ("materialReasonCodeId", "material_reason_code_id"))


def new_lot_history_request():
    return MesObject((key, None) for key in REQUEST_KEYS)


def lot_history(session, request, include_secondary=True):
    """The record dicts (docs/rules.md#the-ledger) of the request's lot, oldest first."""
    _refuse_unknown_keys(request)
    lot = _require_lot(session, request.get("lotId"))
    filters = _filters(session, request)
    return lot_records.query(session, history_store.history_where(lot["id"], filters, include_secondary))


def _refuse_unknown_keys(request):
    problems = {}
    if add_unknown_keys(problems, request, REQUEST_KEYS, "a lot history request", "request key"):
        raise errors.ValidationError.from_map("the lot history request", problems)


def _require_lot(session, lot_id):
    if lot_id in (None, ""):
        raise errors.ValidationError.for_field("lotId", "lotId is required: the id of the lot whose history to read")
    lot = lots.find(session, lot_id)
    if lot is None:
        raise errors.NotFoundError("no lot with id or name '%s' exists; give the id of an existing lot as lotId"
                                   % (lot_id,))
    return lot


def _filters(session, request):
    filters = {
        "lot_record_type": _enum(request, "lotRecordType", "lot_record_type"),
        "status": _enum(request, "status", "status"),
        "production_order_id": _production_order_id(session, request.get("productionOrderIdOrName")),
        "start_millis": dates.to_millis(request.get("startDate"), "startDate"),
        "end_millis": dates.to_millis(request.get("endDate"), "endDate"),
    }
    for key, name in ID_FILTERS:
        filters[name] = _id(request.get(key))
    return filters


def _enum(request, key, column_name):
    value, message = entities.convert(RECORDS.column(column_name), _blank_to_none(request.get(key)))
    if message:
        raise errors.ValidationError.for_field(key, message)
    return value


def _production_order_id(session, id_or_name):
    id_or_name = _blank_to_none(id_or_name)
    if id_or_name is None:
        return None
    order = production_orders.PRODUCTION_ORDER.get(session, id_or_name)
    if order is None:
        raise errors.NotFoundError("no production order with id or name '%s' exists; fix productionOrderIdOrName"
                                   % (id_or_name,))
    return order["id"]


def _id(value):
    value = _blank_to_none(value)
    return None if value is None else lots.id_value(value)


def _blank_to_none(value):
    return None if is_string(value) and not value.strip() else value
