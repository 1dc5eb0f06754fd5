"""Inventory lots: save/validate/get/references/delete, and lookups by id or name (docs/rules.md#objects-ids-and-dates).

A lot name is unique only within its material, so a name looked up without a material may match
lots of several materials; that is an error that lists them rather than a guess.
Rules the reference pages leave open, settled here (README, Lots):
- unitOfMeasureId left empty takes the material's base unit, as lots created by transactions do;
- status CLOSED without a closedDate gets the save time; leaving CLOSED clears closedDate
  (the same rule as changeStatus, docs/rules.md#the-ledger); any other closedDate is stored as given;
- a lot that inventory rows or records point at keeps its material and unit, since changing
  either would silently re-read every quantity stored for it.
"""
from __future__ import absolute_import
import uuid

from mes.core.problems import add_problem
from mes.core import dates, errors, ids, limits
from mes.core.compat import is_string
from mes.persistence import lot_store, mapping, tables
from mes.services import entities, materials

TABLE = tables.INVENTORY_LOTS
QUANTITY_FORMAT_KEY = "materialQuantityFormat"


def _material_shown():
    shown = {"materialName": "name"}
    # The data model has no quantity format for materials (yet); show it once a column exists.
    if "quantity_format" in tables.MATERIALS.by_name:
        shown[QUANTITY_FORMAT_KEY] = "quantity_format"
    return shown


class _LotEntity(entities.Entity):
    """The generic entity, plus the read-only materialQuantityFormat key every lot dict carries."""

    def __init__(self, *args, **kwargs):
        entities.Entity.__init__(self, *args, **kwargs)
        self.known_keys.add(QUANTITY_FORMAT_KEY)

    def query(self, session, order=None, where=None, any_of=(), **equal):
        found = entities.Entity.query(self, session, order, where, any_of, **equal)
        for obj in found:
            obj.setdefault(QUANTITY_FORMAT_KEY, None)
        return found


def _prepare(session, values, existing, problems):
    if values.get("unit_of_measure_id") is None and values.get("material_id"):
        material = mapping.select_by_id(session, tables.MATERIALS, values["material_id"])
        if material is not None:
            values["unit_of_measure_id"] = material["unit_of_measure_id"]
    _apply_closed_date(values, existing)


def _apply_closed_date(values, existing):
    old_status = existing.get("status") if existing is not None else None
    values["closed_date"] = closed_date(values.get("status"), old_status, values.get("closed_date"))


def closed_date(new_status, old_status, closed):
    """The lot's closedDate after a status change: entering CLOSED without one sets now, staying
    CLOSED keeps it, leaving CLOSED clears it (docs/rules.md#the-ledger).

    Args:
        new_status: the status being set.
        old_status: the stored status (None for a new lot).
        closed: the closedDate given or stored (millis, ISO text or None).

    Returns:
        millis or None.
    """
    if new_status == "CLOSED":
        return dates.now_millis() if closed is None else dates.to_millis(closed)
    return None if old_status == "CLOSED" else closed


def create(session, name, material, unit_id, key="lotIdOrName"):
    """A new lot (status OPEN, total 0) of `material`, named `name` or automatically.

    The one way a transaction or an inventory operation creates a lot: the name obeys the lot
    name's limit, the unit defaults to the material's base unit, as a saved lot's does.

    Args:
        session: the caller's transaction.
        name: the lot name; None or "" generates one.
        material: the material object.
        unit_id: the lot's unit id; None takes the material's unit.
        key: the request key or field the name came from, named in a ValidationError.

    Returns:
        the new lot object.

    Raises:
        ValidationError: the name is too long or holds a NUL character.
    """
    name = limits.require_text(key, name, TABLE.column("name").max_length) or auto_name()
    lot_id = ids.new_id()
    values = {"id": lot_id, "name": name, "material_id": material["id"], "status": "OPEN",
              "total_quantity": 0.0, "unit_of_measure_id": unit_id or material["unitOfMeasureId"],
              "enabled": True, "created_date": dates.now_millis()}
    mapping.insert(session, TABLE, values)
    return get(session, lot_id)


def auto_name():
    """An automatic lot or inventory name: a random UUID, as the reference's AUTO_GENERATE does."""
    return str(uuid.uuid4())


def _check(session, values, existing, problems):
    total = values.get("total_quantity")
    if total is not None and total < 0:
        add_problem(problems, "totalQuantity", "totalQuantity must be zero or more, not %s" % total)
    if existing is not None:
        _check_fixed_while_used(session, values, existing, problems)


def _check_fixed_while_used(session, values, existing, problems):
    changed = [c for c in ("material_id", "unit_of_measure_id") if values.get(c) != existing.get(c)]
    if changed and LOT.references(session, existing["id"]):
        for name in changed:
            key = TABLE.column(name).key
            add_problem(problems, key, "lot '%s' already has inventory or records, so its %s cannot change; "
                                "create a new lot instead" % (existing["name"], key))


LOT = _LotEntity(
    TABLE,
    partners=[
        entities.Partner("material_id", "materialPath", tables.MATERIALS, "path", shown=_material_shown()),
        entities.Partner("unit_of_measure_id", "unitOfMeasureName", tables.UNITS_OF_MEASURE, "name",
                         shown={"unitOfMeasureSymbol": "symbol"}),
    ],
    new_keys=["name", "materialId", "status", "totalQuantity", "unitOfMeasureId", "expirationDate",
              "closedDate", "supplierId", "id", "notes", "enabled", "spare1", "spare2", "spare3"],
    prepare=_prepare, check=_check)

# Aliases of the partners' tables in the joined read (queries.select_joined): p0 material, p1 unit.
ORDER = ("material_id.path", "name", "id")


def id_value(value, key="id"):
    """The id to match: canonical when it is a ULID, else verbatim (ids imported from elsewhere,
    such as the reference's 8-10-8 grouping, are opaque strings). A value that is not text is a
    ValidationError naming `key`."""
    ids.require_text_key(key, value, "an id")
    canonical = ids.normalize_id(value)
    if canonical:
        return canonical
    return value.strip() if is_string(value) else value


def get(session, lot_id):
    found = LOT.query(session, id=id_value(lot_id))
    return found[0] if found else None


def require(session, lot_id):
    found = get(session, lot_id)
    if found is None:
        raise errors.NotFoundError("no lot with id '%s' exists" % (lot_id,))
    return found


def material(session, material_id_or_path):
    return materials.MATERIAL.require(session, material_id_or_path)


def for_material(session, material_id_or_path):
    found = material(session, material_id_or_path)
    return LOT.query(session, ORDER, material_id=found["id"])


def all_lots(session):
    return LOT.query(session, ORDER)


def named(session, name, material_id=None):
    """Lots with this exact name, of one material or of any."""
    if material_id is None:
        return LOT.query(session, ORDER, name=name)
    return LOT.query(session, ORDER, name=name, material_id=material_id)


def find(session, id_or_name, material_id_or_path=None, material_id=None, key="lotIdOrName"):
    """The lot by exact id, then by name (within the material when one is given); None when
    nothing matches. A name shared by lots of several materials is a ValidationError; an unknown
    material is a NotFoundError (a typo must not read as "no such lot"). A caller that already
    resolved the material passes its id as material_id. One query for the id and the name; an
    id_or_name that is not text is a ValidationError naming `key`."""
    ids.require_text_key(key, id_or_name)
    if material_id is None and material_id_or_path not in (None, ""):
        material_id = material(session, material_id_or_path)["id"]
    if id_or_name is None:
        return None
    name = id_or_name.strip() if is_string(id_or_name) else None
    wanted_id = id_value(id_or_name)
    any_of = [{"id": wanted_id}]
    if name:
        any_of.append(dict({"name": name}, **({"material_id": material_id} if material_id else {})))
    return _pick(LOT.query(session, ORDER, any_of=any_of), id_or_name, wanted_id, name, material_id)


def find_row(session, id_or_name, material_id, lock=False):
    """`find` within a known material, reading the lot's table alone: (the lot object without its
    partners' keys, its row), or (None, None). Both hold lot_store.STATE_COLUMNS only, what a call
    posting to the lot reads; the object has no key for the other columns, so a read of one fails.
    With lock, the row stays locked until the transaction ends (the lock the ledger takes before
    increasing a lot)."""
    name = id_or_name.strip() if is_string(id_or_name) else None
    rows = lot_store.lots_by_id_or_name(session, id_value(id_or_name), name, material_id, lock)
    lots = [mapping.to_object(TABLE, row, lot_store.STATE_COLUMNS) for row in rows]
    found = _pick(lots, id_or_name, id_value(id_or_name), name, material_id)
    return (found, [row for row in rows if row["id"] == found["id"]][0]) if found else (None, None)


def _pick(found, id_or_name, wanted_id, name, material_id):
    """The lot by exact id, then by name (within the material when one is given)."""
    by_id = [lot for lot in found if lot["id"] == wanted_id and material_id in (None, lot["materialId"])]
    if by_id:
        return by_id[0]
    matches = [lot for lot in found if name and lot["name"] == name and material_id in (None, lot["materialId"])]
    if len(matches) > 1:
        raise errors.ValidationError.for_field("materialIdOrPath", ambiguous_name_message(id_or_name, matches))
    return matches[0] if matches else None


def resolve_name(session, name, key):
    """(lot id, None) for a lot name that names exactly one lot, else (None, message)."""
    matches = named(session, name.strip()) if is_string(name) else []
    if len(matches) == 1:
        return matches[0]["id"], None
    if not matches:
        return None, "no lot named '%s' exists; create it first or fix %s" % (name, key)
    return None, ambiguous_name_message(name, matches)


def ambiguous_name_message(name, matches):
    return "lot name '%s' is used by lots of %d materials (%s); give the lot id or the material" % (
        name, len(matches), ", ".join("%s: lot id %s" % (m["materialPath"], m["id"]) for m in matches))
