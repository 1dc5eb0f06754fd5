"""Inventory transactions (docs/rules.md#the-ledger): consume, unconsume, produce, receive, ship, scrap,
return, scrapAll, move, split, merge, changeStatus, editInventoryQuantity, and lists of them.

Each type is a Transaction: its documented request keys, the keys it requires, and a `plan`
that resolves the request and returns the work to do. validate() runs the plan and reports its
problems; execute() runs it inside the caller's transaction and posts every record through the
ledger, the one code path that moves inventory.
"""
from __future__ import absolute_import
from mes.core import dates, errors, numbers
from mes.core.problems import add_problem
from mes.core.objects import MesObject
from mes.persistence import balance_store, db, lot_store, production_order_store, tables
from mes.services import ledger, lot_picking, lot_records, lots, requests, units
from mes.services.materials import MATERIAL
from mes.services.requests import CONTEXT, DATES, TAIL

QUANTITY_HEAD = [("quantity", None), ("unitOfMeasureSymbol", None), ("lotIdOrName", None),
                 ("materialIdOrPath", None)]


class Transaction(object):
    def __init__(self, name, record_type, keys, required, plan, permission):
        self.name = name
        self.record_type = record_type
        self.keys = [("type", record_type)] + keys
        self.required = required
        self.plan = plan
        self.permission = permission

    def new(self):
        return requests.new_request(self.keys)

    def _prepare(self, session, request):
        problems = {}
        requests.check_shape(self.keys, request, self.required, problems)
        resolver = requests.Resolver(session, dict(self.new(), **request), problems)
        resolver.request["startDate"] = request.get("startDate")  # absent = now, at the time of the action
        work = self.plan(resolver)
        return work, problems

    def validate(self, session, request):
        return self._prepare(session, request)[1]

    def execute(self, session, request):
        """The records written (a list), or ValidationError with what validate reports."""
        work, problems = self._prepare(session, request)
        if problems:
            raise errors.ValidationError.from_map("%s request" % self.name, problems)
        return work()


# -- the shared shapes of quantity-moving transactions ---------------------------------------------

def _quantity(resolver, lot, material, key="quantity", unit_key="unitOfMeasureSymbol"):
    unit = resolver.unit(unit_key)
    quantity = numbers.quantity_problem(key, resolver.request.get(key))[0]
    if lot is None or material is None:
        return quantity
    return resolver.to_lot_unit(unit_key, quantity, unit, lot["unitOfMeasureId"], material["id"])


def _secondary(resolver, lot_key, material_key, create):
    """The genealogy counterpart (docs/rules.md#the-ledger: a link only, its inventory does not change)."""
    material = resolver.material(material_key, required=False) if resolver.request.get(material_key) else None
    lot = resolver.lot(lot_key, material, create=create and material is not None)
    return lot, material


def _ensure_lot(session, resolver, lot, key, material, unit_key="unitOfMeasureSymbol"):
    """The lot, created now when the request allowed it to be missing."""
    if lot is not None or material is None:
        return lot
    unit = resolver.unit(unit_key)
    return lots.create(session, resolver.request.get(key), material, unit["id"] if unit else None, key)


def _finish(resolver, record):
    """A completed record ends when asked, or now; an ongoing one stays RUNNING with no end."""
    if resolver.request.get("ongoing"):
        record.update(status="RUNNING", end_date=None)
        return record
    record["status"] = "COMPLETED"
    record["end_date"] = lot_records.end_date(record["start_date"], record.get("end_date"))
    return record


def _post(session, resolver, record, **options):
    record = _finish(resolver, record)
    if record["status"] == "RUNNING":
        return ledger.write_unposted(session, record)
    return ledger.post(session, record, **options)


def _pick_lot(session, location, material, quantity, unit_id):
    """The lot a decrease takes when none is named: the first, in the location's lot use
    strategy order (docs/rules.md#locations-storage-and-units), that holds the whole quantity (given in unit_id), with the quantity in
    that lot's unit."""
    found = _pick(session, location, material, quantity, unit_id)
    if found.lot is not None:
        return found.lot, found.quantity
    raise errors.InsufficientInventoryError(
        "no single lot of material '%s' at location '%s' holds %s (%s); name a lot, or take less" % (
            material["path"], location["path"], numbers.display(quantity),
            "largest: %s" % numbers.display(found.largest) if found.stocked else "there is none"))


def _pick(session, location, material, quantity=None, unit_id=None):
    return lot_picking.pick(session, location["id"], location["lotUseStrategy"], location["allowNegativeInventory"],
                            material["id"], quantity, unit_id)


def _decrease(record_type, source_key="sourceLocationIdOrPath", secondary=None):
    """consume / ship / scrap / return: the primary lot leaves the source location."""
    def plan(resolver):
        request, session = resolver.request, resolver.session
        material = resolver.material()
        source = resolver.location(source_key)
        lot = resolver.lot("lotIdOrName", material, create=request.get("createIfNotExists", False))
        other_lot, _ = _secondary(resolver, secondary[0], secondary[1], request.get("createIfNotExists", False)) \
            if secondary else (None, None)
        destination = resolver.location("destinationLocationIdOrPath", required=False)
        quantity = _quantity(resolver, lot, material)
        record = requests.context(resolver)

        def work():
            chosen = _ensure_lot(session, resolver, lot, "lotIdOrName", material) if request.get("lotIdOrName") \
                else None
            amount = quantity
            if chosen is None:
                unit = resolver.unit()
                chosen, amount = _pick_lot(session, source, material, quantity,
                                           unit["id"] if unit else material["unitOfMeasureId"])
            second = _ensure_lot(session, resolver, other_lot, secondary[0],
                                 _material_of(resolver, secondary[1])) if secondary else None
            record.update(lot_record_type=record_type, inventory_lot_id=chosen["id"],
                          secondary_inventory_lot_id=second["id"] if second else None,
                          source_location_id=source["id"], destination_location_id=destination["id"]
                          if destination else None, quantity=amount, unit_of_measure_id=chosen["unitOfMeasureId"],
                          lot_status=chosen["status"], inventory_name=request.get("inventoryName"))
            return [_post(session, resolver, record)]
        return work
    return plan


def _increase(record_type, secondary, source_key="sourceLocationIdOrPath", creates=True):
    """produce / receive / unconsume: the primary lot arrives at the destination location."""
    def plan(resolver):
        request, session = resolver.request, resolver.session
        create = creates and request.get("createIfNotExists", False)
        material = resolver.material()
        destination = resolver.location("destinationLocationIdOrPath")
        # No lot named: the increase goes into a new, automatically named lot (docs/rules.md#the-ledger).
        lot = resolver.lot("lotIdOrName", material, create=create)
        other_lot, _ = _secondary(resolver, secondary[0], secondary[1], create) if secondary[0] else (None, None)
        source = resolver.location(source_key, required=False)
        quantity = _quantity(resolver, lot, material)
        record = requests.context(resolver)

        def work():
            chosen = _ensure_lot(session, resolver, lot, "lotIdOrName", material)
            amount = quantity if lot is not None else resolver.to_lot_unit(
                "unitOfMeasureSymbol", quantity, resolver.unit(), chosen["unitOfMeasureId"], material["id"])
            second = _ensure_lot(session, resolver, other_lot, secondary[0], _material_of(resolver, secondary[1])) \
                if secondary[0] else None
            record.update(lot_record_type=record_type, inventory_lot_id=chosen["id"],
                          secondary_inventory_lot_id=second["id"] if second else None,
                          source_location_id=source["id"] if source else None,
                          destination_location_id=destination["id"], quantity=amount,
                          unit_of_measure_id=chosen["unitOfMeasureId"], lot_status=chosen["status"],
                          inventory_name=request.get("inventoryName"))
            posted = _post(session, resolver, record)
            if request.get("incrementProductionOrderCount") and posted["status"] == "COMPLETED":
                count_produced(session, posted["production_order_id"], amount, chosen)
            return [posted]
        return work
    return plan


def count_produced(session, order_id, quantity, lot):
    """A production order's produced quantity grows by a PRODUCE (in the order's unit, docs/rules.md#inventory-operation-runtime)."""
    if not order_id:
        return
    order_unit = production_order_store.production_order_unit(session, order_id)
    amount = quantity if not order_unit or order_unit == lot["unitOfMeasureId"] else units.convert(
        session, quantity, lot["unitOfMeasureId"], order_unit, lot["materialId"])
    production_order_store.grow_produced(session, order_id, amount)


def _unit_id(resolver, material):
    """The unit a request's quantity is given in: its symbol's unit, else the material's base unit."""
    unit = resolver.unit()
    return unit["id"] if unit else material["unitOfMeasureId"]


def _material_of(resolver, key):
    return resolver.material(key, required=False) if resolver.request.get(key) else None


# -- move, split, merge, status, edit, scrap all ----------------------------------------------------

def _move(resolver):
    request, session = resolver.request, resolver.session
    material = resolver.material()
    source = resolver.location("sourceLocationIdOrPath")
    destination = resolver.location("destinationLocationIdOrPath")
    if source and destination and source["id"] == destination["id"]:
        add_problem(resolver.problems, "destinationLocationIdOrPath",
                      "source and destination are the same location '%s'; a move needs two" % source["path"])
    lot = resolver.lot("lotIdOrName", material)
    quantity = _quantity(resolver, lot, material)
    record = requests.context(resolver)

    def work():
        chosen, amount = (lot, quantity) if lot else _pick_lot(session, source, material, quantity,
                                                               _unit_id(resolver, material))
        record.update(lot_record_type="MOVE", inventory_lot_id=chosen["id"], source_location_id=source["id"],
                      destination_location_id=destination["id"], quantity=amount,
                      unit_of_measure_id=chosen["unitOfMeasureId"], lot_status=chosen["status"],
                      inventory_name=request.get("destinationInventoryName"))
        return [_post(session, resolver, record)]
    return work


def _split(resolver):
    request, session = resolver.request, resolver.session
    location = resolver.location("sourceLocationIdOrPath")
    original = resolver.lot("sourceLotId", None, required=True)
    if original and original["status"] == "CLOSED":
        add_problem(resolver.problems, "sourceLotId", "lot '%s' is CLOSED; a closed lot cannot be split (change its "
                                                        "status first)" % original["name"])
    material = _lot_material(resolver, original)
    name = request.get("destinationLotName")
    if material and name and lot_store.lot_named(session, material["id"], name):
        add_problem(resolver.problems, "destinationLotName", "material '%s' already has a lot named '%s'; "
                                                               "choose a new name" % (material["path"], name))
    quantity = _quantity(resolver, original, material)
    record = requests.context(resolver)

    def work():
        new_lot = lots.create(session, name, material, original["unitOfMeasureId"], "destinationLotName")
        lot_store.copy_lot_state(session, original["id"], new_lot["id"])
        record.update(lot_record_type="SPLIT", inventory_lot_id=original["id"],
                      secondary_inventory_lot_id=new_lot["id"], source_location_id=location["id"],
                      destination_location_id=location["id"], quantity=quantity,
                      unit_of_measure_id=original["unitOfMeasureId"], lot_status=original["status"],
                      inventory_name=request.get("destinationInventoryName"))
        # The new lot is cut from stock already stored there: storage rules do not apply again.
        return [_post(session, resolver, record, apply_storage=False)]
    return work


def _lot_material(resolver, lot):
    return MATERIAL.get(resolver.session, lot["materialId"]) if lot else None


def _merge(resolver):
    session = resolver.session
    source = resolver.lot("sourceLotId", None, required=True)
    target = resolver.lot("destinationLotId", None, required=True)
    location = resolver.location("locationId", required=False)
    _check_merge(resolver, source, target)
    record = requests.context(resolver)

    def work():
        where = [location["id"]] if location else None
        balances = balance_store.balances_of_lot(session, source["id"], where)
        for location_id, held in balances:
            if held < 0:
                raise errors.ValidationError.for_field(
                    "sourceLotId", "lot '%s' has a negative balance (%s) at location %s; edit it to zero or more "
                                   "before merging" % (source["name"], numbers.display(held), location_id))
        moved = []
        for location_id, held in balances:
            merge = dict(record, lot_record_type="MERGE", inventory_lot_id=target["id"],
                         secondary_inventory_lot_id=source["id"], source_location_id=location_id,
                         destination_location_id=location_id, quantity=held,
                         unit_of_measure_id=target["unitOfMeasureId"], lot_status=target["status"])
            moved.append(_post(session, resolver, merge, apply_storage=False))
        if not moved:  # nothing left to carry over: the merge is still recorded
            moved.append(_post(session, resolver, dict(
                record, lot_record_type="MERGE", inventory_lot_id=target["id"], secondary_inventory_lot_id=source["id"],
                source_location_id=location["id"] if location else None, destination_location_id=location["id"]
                if location else None, quantity=0.0, unit_of_measure_id=target["unitOfMeasureId"],
                lot_status=target["status"])))
        lot_store.set_lot_status(session, source["id"], "CLOSED", dates.now_millis())
        return moved
    return work


def _check_merge(resolver, source, target):
    if not source or not target:
        return
    problem = None
    if source["id"] == target["id"]:
        problem = "a lot cannot be merged into itself"
    elif source["materialId"] != target["materialId"]:
        problem = "lot '%s' is %s and lot '%s' is %s; only lots of one material merge" % (
            source["name"], source["materialPath"], target["name"], target["materialPath"])
    elif source["unitOfMeasureId"] != target["unitOfMeasureId"]:
        problem = "lots '%s' and '%s' count in different units; only lots of one unit merge" % (
            source["name"], target["name"])
    elif source["status"] == "CLOSED":
        problem = "lot '%s' is already CLOSED (merged or finished)" % source["name"]
    elif target["status"] == "CLOSED":
        problem = "lot '%s' is CLOSED and accepts no more inventory" % target["name"]
    if problem:
        add_problem(resolver.problems, "sourceLotId", problem)


LOT_MOVES = tables.LOT_STATUS_MOVES
LOT_STATUSES = LOT_MOVES.statuses


def _change_status(resolver):
    request, session = resolver.request, resolver.session
    lot = resolver.lot("lotId", None, required=True)
    status = request.get("newStatus")
    if status is not None and status not in LOT_STATUSES:
        add_problem(resolver.problems, "newStatus", "newStatus '%s' is not one of %s" % (
            status, ", ".join(LOT_STATUSES)))
    elif status is not None and lot and not LOT_MOVES.allows("to_" + status.lower(), lot["status"]):
        add_problem(resolver.problems, "newStatus", "lot '%s' cannot go from %s to %s" % (
            lot["name"], lot["status"], status))
    record = requests.context(resolver)

    def work():
        closed = lots.closed_date(status, lot["status"], lot["closedDate"] if lot["status"] == "CLOSED" else None)
        lot_store.set_lot_status(session, lot["id"], status, closed)
        record.update(lot_record_type="STATUS_CHANGE", inventory_lot_id=lot["id"], lot_status=status,
                      status="COMPLETED", end_date=record["end_date"] or record["start_date"])
        return [ledger.write_unposted(session, record)]
    return work


def _edit(resolver):
    session = resolver.session
    material = resolver.material()
    location = resolver.location("sourceLocationIdOrPath")
    lot = resolver.lot("lotIdOrName", material)
    new_quantity = _quantity(resolver, lot, material, key="newQuantity")
    if new_quantity is not None and new_quantity < 0 and location and not location["allowNegativeInventory"]:
        add_problem(resolver.problems, "newQuantity", "newQuantity %s is below zero; location '%s' does not "
                                                        "allow negative inventory" % (new_quantity, location["path"]))
    record = requests.context(resolver)

    def work():
        chosen, amount = (lot, new_quantity) if lot else _edited_lot(resolver, location, material, new_quantity)
        old = balance_store.quantity_at(session, location["id"], chosen["id"])
        record.update(lot_record_type="EDIT", inventory_lot_id=chosen["id"], source_location_id=location["id"],
                      quantity=amount - (old or 0.0), unit_of_measure_id=chosen["unitOfMeasureId"],
                      lot_status=chosen["status"])
        return [ledger.post(session, _finish(resolver, record), expected_balance=old)]
    return work


def _edited_lot(resolver, location, material, new_quantity):
    """With no lot named, an edit counts the lot the location's lot use strategy would take next."""
    session = resolver.session
    chosen = _pick(session, location, material).lot
    if chosen is None:
        raise errors.ValidationError.for_field("lotIdOrName", "location '%s' holds no lot of material '%s'; name the "
                                                              "lot to edit (lotIdOrName)" % (location["path"],
                                                                                             material["path"]))
    return chosen, resolver.to_lot_unit("unitOfMeasureSymbol", new_quantity, resolver.unit(),
                                        chosen["unitOfMeasureId"], material["id"])


def _scrap_all_location(resolver):
    """scrapAll's location, under either spelling (newScrapAllRequest's sourceLocationIdOrPath, the scrapAll
    page's locationIdOrPath) or both naming the same place (docs/rules.md#surface-and-names)."""
    request = resolver.request
    try:
        given = requests.one_of_spellings("sourceLocationIdOrPath", request.get("sourceLocationIdOrPath"),
                                          "locationIdOrPath", request.get("locationIdOrPath"))
    except errors.ValidationError as both:
        add_problem(resolver.problems, "locationIdOrPath", both.message)
        return None
    if given in (None, ""):
        add_problem(resolver.problems, "sourceLocationIdOrPath", "sourceLocationIdOrPath (or its other spelling, "
                                                                 "locationIdOrPath) is required: the location to scrap at")
        return None
    return resolver.location("locationIdOrPath" if given == request.get("locationIdOrPath") else "sourceLocationIdOrPath")


def _scrap_all(resolver):
    request, session = resolver.request, resolver.session
    location = _scrap_all_location(resolver)
    material = resolver.material(required=False) if request.get("materialIdOrPath") else None
    other_lot, _ = _secondary(resolver, "destinationLotIdOrName", "destinationMaterialIdOrPath", False)
    destination = resolver.location("destinationLocationIdOrPath", required=False)
    record = requests.context(resolver)

    def work():
        context = dict(record, secondary_inventory_lot_id=other_lot["id"] if other_lot else None,
                       destination_location_id=destination["id"] if destination else None)
        return ledger.scrap_all(session, context, location["id"], material["id"] if material else None,
                                finish=lambda scrap: _finish(resolver, scrap))
    return work


# -- the catalogue ------------------------------------------------------------------------------------

def _decrease_keys(secondary):
    return QUANTITY_HEAD + [("sourceLocationIdOrPath", None)] + secondary + CONTEXT + DATES + \
        [("inventoryName", None)] + TAIL


_TO_DESTINATION = [("destinationLotIdOrName", None), ("destinationMaterialIdOrPath", None),
                   ("destinationLocationIdOrPath", None)]
_QUANTITY_REQUIRED = ["quantity", "materialIdOrPath"]

TRANSACTIONS = dict((t.name, t) for t in [
    Transaction("consume", "CONSUME", _decrease_keys([
        ("consumingLotIdOrName", None), ("consumingMaterialIdOrPath", None), ("destinationLocationIdOrPath", None),
        ("createIfNotExists", False)]), _QUANTITY_REQUIRED + ["sourceLocationIdOrPath"],
        _decrease("CONSUME", secondary=("consumingLotIdOrName", "consumingMaterialIdOrPath")),
        "INVENTORY.WRITE.CONSUME"),
    Transaction("ship", "SHIP", _decrease_keys(_TO_DESTINATION), _QUANTITY_REQUIRED + ["sourceLocationIdOrPath"],
                _decrease("SHIP", secondary=("destinationLotIdOrName", "destinationMaterialIdOrPath")),
                "INVENTORY.WRITE.SHIP"),
    Transaction("scrap", "SCRAP", _decrease_keys(_TO_DESTINATION), _QUANTITY_REQUIRED + ["sourceLocationIdOrPath"],
                _decrease("SCRAP", secondary=("destinationLotIdOrName", "destinationMaterialIdOrPath")),
                "INVENTORY.WRITE.SCRAP"),
    Transaction("returnInventory", "RETURN", _decrease_keys(_TO_DESTINATION),
                _QUANTITY_REQUIRED + ["sourceLocationIdOrPath"],
                _decrease("RETURN", secondary=("destinationLotIdOrName", "destinationMaterialIdOrPath")),
                "INVENTORY.WRITE.RETURN"),
    Transaction("unconsume", "UNCONSUME", QUANTITY_HEAD + [("destinationLocationIdOrPath", None),
                                                           ("sourceLocationIdOrPath", None)] + CONTEXT + DATES +
                [("inventoryName", None)] + TAIL, _QUANTITY_REQUIRED + ["destinationLocationIdOrPath"],
                _increase("UNCONSUME", (None, None), creates=False), "INVENTORY.WRITE.UNCONSUME"),
    Transaction("produce", "PRODUCE", QUANTITY_HEAD + [
        ("destinationLocationIdOrPath", None), ("producingLotIdOrName", None), ("producingMaterialIdOrPath", None),
        ("sourceLocationIdOrPath", None), ("createIfNotExists", False)] + CONTEXT[:3] +
        [("incrementProductionOrderCount", False)] + CONTEXT[3:] + DATES + [("inventoryName", None)] + TAIL,
        _QUANTITY_REQUIRED + ["destinationLocationIdOrPath"],
        _increase("PRODUCE", ("producingLotIdOrName", "producingMaterialIdOrPath")), "INVENTORY.WRITE.PRODUCE"),
    Transaction("receive", "RECEIVE", QUANTITY_HEAD + [
        ("destinationLocationIdOrPath", None), ("sourceLotIdOrName", None), ("sourceMaterialIdOrPath", None),
        ("sourceLocationIdOrPath", None), ("createIfNotExists", False)] + CONTEXT + DATES + [("inventoryName", None)] +
        TAIL, _QUANTITY_REQUIRED + ["destinationLocationIdOrPath"],
        _increase("RECEIVE", ("sourceLotIdOrName", "sourceMaterialIdOrPath")), "INVENTORY.WRITE.RECEIVE"),
    Transaction("move", "MOVE", QUANTITY_HEAD + [("sourceLocationIdOrPath", None), ("destinationLocationIdOrPath", None)]
                + CONTEXT + DATES + [("destinationInventoryName", None)] + TAIL,
                _QUANTITY_REQUIRED + ["sourceLocationIdOrPath", "destinationLocationIdOrPath"], _move,
                "INVENTORY.WRITE.MOVE"),
    Transaction("split", "SPLIT", [("quantity", None), ("unitOfMeasureSymbol", None), ("sourceLotId", None),
                                   ("sourceLocationIdOrPath", None), ("destinationLotName", None)] + CONTEXT +
                [("destinationInventoryName", None)] + TAIL,
                ["quantity", "sourceLotId", "sourceLocationIdOrPath", "destinationLotName"], _split,
                "INVENTORY.WRITE.SPLIT"),
    Transaction("merge", "MERGE", [("sourceLotId", None), ("destinationLotId", None), ("locationId", None)] + CONTEXT +
                TAIL, ["sourceLotId", "destinationLotId"], _merge, "INVENTORY.WRITE.MERGE"),
    Transaction("changeStatus", "STATUS_CHANGE", [("lotId", None), ("newStatus", None), ("operationId", None),
                                                  ("inventoryOperationId", None)] + TAIL,
                ["lotId", "newStatus"], _change_status, "INVENTORY.WRITE.CHANGE_STATUS"),
    Transaction("editInventoryQuantity", "EDIT", [("newQuantity", None), ("unitOfMeasureSymbol", None),
                                                  ("lotIdOrName", None), ("materialIdOrPath", None),
                                                  ("sourceLocationIdOrPath", None), ("operationId", None),
                                                  ("inventoryOperationId", None)] + TAIL,
                ["newQuantity", "materialIdOrPath", "sourceLocationIdOrPath"], _edit,
                "INVENTORY.WRITE.EDIT"),
    Transaction("scrapAll", "SCRAP", [("sourceLocationIdOrPath", None), ("locationIdOrPath", None),
                                      ("materialIdOrPath", None)] + _TO_DESTINATION + CONTEXT +
                [("startDate", requests.NOW), ("endDate", None)] + TAIL, [], _scrap_all, "INVENTORY.WRITE.SCRAP"),
])

# What newScrapAllRequest returns: one shape for new, validate and scrapAll, the union of their pages' keys,
# with the location under newScrapAllRequest's spelling (locationIdOrPath, the scrapAll page's, is accepted too).
SCRAP_ALL_NEW_KEYS = ["type", "sourceLocationIdOrPath", "materialIdOrPath", "destinationLotIdOrName",
                      "destinationMaterialIdOrPath", "destinationLocationIdOrPath", "operationId", "inventoryOperationId",
                      "productionOrderIdOrName", "materialReasonCodeId", "startDate", "endDate", "notes", "spare1",
                      "spare2", "spare3"]


def for_request(request):
    """The transaction a request dict is for, by its `type` (SCRAP without a quantity key is a
    scrapAll request)."""
    kind = request.get("type") if hasattr(request, "get") else None
    for transaction in TRANSACTIONS.values():
        if transaction.record_type == kind:
            if kind == "SCRAP" and ("quantity" in request) != (transaction.name == "scrap"):
                continue
            return transaction
    raise errors.ValidationError.for_field("type", "request type %r is not one of %s; build requests with the "
                                                   "new...Request functions" % (
        kind, ", ".join(sorted(set(t.record_type for t in TRANSACTIONS.values())))))


def record_objects(session, records):
    """The returned lot-record dicts (read model of lot_records) of what was written, in order."""
    return [lot_records.require(session, record["id"]) for record in records]


def new_object(name):
    request = TRANSACTIONS[name].new()
    if name == "scrapAll":
        request = MesObject((k, request[k]) for k in SCRAP_ALL_NEW_KEYS)
    return request


def validate(name, request):
    return TRANSACTIONS[name].validate(db.reader(), request)


def execute(name, request):
    """Run one transaction in its own database transaction; returns the records written."""
    return db.write(lambda session: record_objects(session, TRANSACTIONS[name].execute(session, request)))


def execute_all(request_list):
    """executeInventoryActions: every request in one database transaction, in order, each seeing
    the effects of those before it; the first failure rolls all of them back."""
    if not isinstance(request_list, (list, tuple)):
        raise errors.ValidationError.for_field("requests", "requests must be a list of request dicts made by the "
                                                           "new...Request functions")
    return db.write(lambda session: _execute_all_in(session, request_list))


def _execute_all_in(session, request_list):
    """The requests in order inside one transaction; the first failure names its request."""
    written = []
    for position, request in enumerate(request_list):
        name = "?"
        try:
            transaction = for_request(request)
            name = transaction.name
            written.extend(transaction.execute(session, request))
        except errors.MesError as failed:
            failed.message = "request %d of %d (%s): %s" % (position + 1, len(request_list), name,
                                                             failed.message)
            failed.args = (failed.message,)
            raise
    return record_objects(session, written)


def audit(repair=False):
    """The ledger audit (docs/rules.md#the-ledger): differences between inventory rows and the records."""
    if repair:
        with db.transaction() as session:
            return [MesObject(d) for d in ledger.audit(session, repair=True)]
    return [MesObject(d) for d in ledger.audit(db.reader())]
