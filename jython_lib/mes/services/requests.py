"""Transaction requests: their documented keys and defaults, shape checks, and resolution of the
id-or-name references they carry (docs/rules.md#the-ledger).

A Resolver collects problems per request key instead of raising, so validateXRequest and the
action run the same checks; the action raises what validate would report (docs/rules.md#errors-and-atomicity).
"""
from __future__ import absolute_import
from mes.core import dates, errors, ids, limits, numbers, wording
from mes.core.problems import add_problem, add_unknown_keys
from mes.core.compat import is_number, is_string
from mes.core.objects import MesObject
from mes.services import lot_records, lots, units
from mes.services.locations import LOCATION
from mes.services.inventory_operations import INVENTORY_OPERATION
from mes.services.materials import MATERIAL, REASON_CODE
from mes.services.operations import OPERATION
from mes.services.production_orders import PRODUCTION_ORDER


NOW = object()  # default marker: the time the request object is made
CONTEXT = [("operationId", None), ("inventoryOperationId", None), ("productionOrderIdOrName", None),
           ("materialReasonCodeId", None)]
DATES = [("startDate", NOW), ("endDate", None), ("ongoing", False)]
TAIL = [("notes", None), ("spare1", None), ("spare2", None), ("spare3", None)]
BOOLEAN_KEYS = ("createIfNotExists", "ongoing", "incrementProductionOrderCount")
DATE_KEYS = ("startDate", "endDate")
NUMBER_KEYS = ("quantity", "newQuantity")
LONG_TEXT_KEYS = ("notes", "spare1", "spare2", "spare3")


def new_request(keys):
    """A request dict with the documented keys and defaults, startDate set to now."""
    request = MesObject()
    for key, default in keys:
        request[key] = dates.to_iso(dates.now_millis()) if default is NOW else default
    return request


def check_shape(keys, request, required, problems):
    """Unknown keys, a changed `type`, missing required values and values of the wrong type."""
    known = dict(keys)
    what = wording.with_article("%s request" % known["type"]) if known.get("type") else "this request"
    add_unknown_keys(problems, request, known, what, "request key")
    if request.get("type", known.get("type")) != known.get("type"):
        add_problem(problems, "type", "type is preset to %s by the new...Request function; do not change it" % known["type"])
    for key in required:
        if request.get(key) in (None, ""):
            add_problem(problems, key, "%s is required" % key)
    for key, value in sorted(request.items()):
        if value is None or key not in known or key in problems:
            continue
        message = _type_problem(key, value)
        if message:
            add_problem(problems, key, message)


def _type_problem(key, value):
    if key in BOOLEAN_KEYS:
        return None if isinstance(value, bool) else "%s must be true or false, not %r" % (key, value)
    if key in DATE_KEYS:
        try:
            dates.to_millis(value, key)
        except errors.ValidationError as invalid:
            return invalid.message
        return None
    if key in NUMBER_KEYS:
        number, message = numbers.quantity_problem(key, value)
        if message:
            return message
        if key == "quantity" and number <= 0:
            return "quantity must be greater than zero, not %s" % value
        return None
    if key != "type" and not is_string(value):
        return "%s must be text (an id, name or path), not %r" % (key, value)
    return limits.text_problem(key, value, text_limit(key))


def text_limit(key):
    """The most characters a request's text key may hold (docs/limits.md#text-limits): notes and
    spares are long text, lot and inventory names are names, the rest an id, name or path."""
    if key in LONG_TEXT_KEYS:
        return limits.LONGTEXT
    if "lot" in key.lower() or key.lower().endswith("inventoryname"):
        return limits.NAME
    return limits.PATH


def id_list(values, field):
    """A list of id strings from a list or tuple (a Java list works too); a clear error otherwise."""
    if is_string(values) or not hasattr(values, "__iter__"):
        raise errors.ValidationError.for_field(field, "%s must be a list of ids, not %r" % (field, values))
    found = list(values)
    for value in found:
        if not is_string(value):
            raise errors.ValidationError.for_field(field, "%s must hold ids (text), not %r" % (field, value))
    return found


class Resolver(object):
    """Looks up what a request names, recording a problem per key for whatever is missing."""

    def __init__(self, session, request, problems):
        self.session = session
        self.request = request
        self.problems = problems

    def failed(self, key):
        return key in self.problems

    def _given(self, key, required):
        """The request's value for key, or None (recording a problem when it is required)."""
        value = self.request.get(key)
        if value in (None, ""):
            if required and not self.failed(key):
                add_problem(self.problems, key, "%s is required" % key)
            return None
        return None if self.failed(key) else value

    def _lookup(self, entity, key, what, required):
        value = self._given(key, required)
        if value is None:
            return None
        try:
            found = entity.get(self.session, value)
        except errors.ValidationError as ambiguous:
            add_problem(self.problems, key, ambiguous.message)
            return None
        if found is None:
            add_problem(self.problems, key, "no %s '%s' exists; create it first or fix %s" % (what, value, key))
        return found

    def material(self, key="materialIdOrPath", required=True):
        return self._lookup(MATERIAL, key, "material", required)

    def location(self, key, required=True):
        return self._lookup(LOCATION, key, "location", required)

    def production_order(self, key="productionOrderIdOrName"):
        return self._lookup(PRODUCTION_ORDER, key, "production order", False)

    def reason_code(self, key="materialReasonCodeId"):
        code = self._lookup(REASON_CODE, key, "material reason code", False)
        if code and code.get("requireComments") and not self.request.get("notes"):
            add_problem(self.problems, "notes", "reason code '%s' requires comments: put them in notes" % code["reasonCode"])
        return code

    def operation(self, key="operationId"):
        return self._lookup(OPERATION, key, "operation", False)

    def inventory_operation(self, key="inventoryOperationId"):
        return self._lookup(INVENTORY_OPERATION, key, "inventory operation", False)

    def unit(self, key="unitOfMeasureSymbol"):
        value = self.request.get(key)
        if value in (None, "") or self.failed(key):
            return None
        found = units.find_unit(self.session, value)
        if found is None:
            add_problem(self.problems, key, "no unit of measure with symbol, name or id '%s' exists" % value)
        return found

    def lot(self, key, material, create=False, required=False):
        """The lot named by `key` (id, or name within `material`); None when absent. With
        create, a missing named lot is fine (the action creates it)."""
        value = self._given(key, required)
        if value is None:
            return None
        try:
            found = lots.find(self.session, value, material["id"] if material else None)
        except (errors.ValidationError, errors.NotFoundError) as problem:
            add_problem(self.problems, key, problem.message)
            return None
        if found is None and not create:
            add_problem(self.problems, key, "no lot '%s'%s exists; create it first, set createIfNotExists, or fix %s" % (
                value, " of material '%s'" % material["path"] if material else "", key))
        return found

    def to_lot_unit(self, key, quantity, unit, lot_unit_id, material_id):
        """The quantity in the lot's unit; a problem on the unit key when no conversion exists."""
        if quantity is None or unit is None or unit["id"] == lot_unit_id:
            return quantity
        try:
            return units.convert(self.session, quantity, unit["id"], lot_unit_id, material_id)
        except errors.ValidationError as missing:
            add_problem(self.problems, key, missing.message)
            return None

    def dates(self):
        """(start millis, end millis or None); the start defaults to now."""
        start = dates.to_millis(self.request.get("startDate")) if not self.failed("startDate") else None
        end = dates.to_millis(self.request.get("endDate")) if not self.failed("endDate") else None
        if start is None:
            start = dates.now_millis()
        if end is not None:
            try:
                lot_records.end_date(start, end)
            except errors.ValidationError as early:
                add_problem(self.problems, "endDate", early.message)
        return start, end


def context(resolver):
    """Record columns every transaction carries: operation record, production order, reason code,
    inventory operation, notes and spares, dates."""
    request = resolver.request
    operation = resolver.operation()
    order = resolver.production_order()
    code = resolver.reason_code()
    inventory_operation = resolver.inventory_operation()
    start, end = resolver.dates()
    return lot_records.context(operation, start, order["id"] if order else None, code["id"] if code else None,
                               inventory_operation["id"] if inventory_operation else None, end, request.get("notes"),
                               (request.get("spare1"), request.get("spare2"), request.get("spare3")))


def one_of_spellings(name, value, other_name, other_value):
    """The one value given under either of two documented spellings of an argument (e.g. startDate and
    startDateMillis); None when neither is given.

    Raises:
        ValidationError: both are given, with different values.
    """
    if value in (None, ""):
        return other_value
    if other_value not in (None, "") and other_value != value:
        raise errors.ValidationError.for_field(other_name, "%s and %s are two spellings of one argument: give "
                                                           "one of them, not both (%r and %r)" % (
            name, other_name, value, other_value))
    return value
