"""Units of measure and the conversions between them (docs/rules.md#locations-storage-and-units).

A conversion row says: amount in `fromId` x conversionFactor = amount in `toId`, for one material
or (material null) for every material. The lookup the inventory ledger uses is
`conversion_factor` / `convert`: a material-specific row, then a generic one, then the inverse of
either (1 / factor); the same unit converts with factor 1; no path is a ValidationError. Disabled
conversions are never used. A conversion is identified by (from, to, material): saving one without
an id where that triple exists updates the existing row.
"""
from __future__ import absolute_import
from mes.core import errors, ids, numbers
from mes.core.problems import add_problem
from mes.core.compat import is_string
from mes.persistence import tables, units_store
from mes.services import entities
from mes.services.materials import MATERIAL

UNIT_TABLE = tables.UNITS_OF_MEASURE
CONVERSION_TABLE = tables.UNIT_CONVERSIONS
BASE_KEYS = ["id", "notes", "enabled", "spare1", "spare2", "spare3"]

UNIT = entities.Entity(UNIT_TABLE, lookup="name", new_keys=["name", "symbol"] + BASE_KEYS)

# -- units ---------------------------------------------------------------------------------------


def find_unit(session, id_name_or_symbol, key="unitOfMeasure"):
    """The unit by exact id, then name, then symbol (one query); None when nothing matches. A value
    that is not text is a ValidationError naming `key`."""
    ids.require_text_key(key, id_name_or_symbol, "an id, a name or a symbol")
    if not is_string(id_name_or_symbol) or not id_name_or_symbol.strip():
        return None
    text = id_name_or_symbol.strip()
    canonical = ids.normalize_id(text) or text
    found = UNIT.query(session, any_of=[{"id": canonical}, {"name": text}, {"symbol": text}])
    for key, wanted in (("id", canonical), ("name", text), ("symbol", text)):
        for unit in found:
            if unit[key] == wanted:
                return unit
    # A case-insensitive collation (MariaDB) may match where Python's comparison does not.
    return found[0] if len(found) == 1 else None


def require_unit(session, id_name_or_symbol, what="unit of measure", key="unitOfMeasure"):
    unit = find_unit(session, id_name_or_symbol, key)
    if unit is None:
        raise errors.NotFoundError("no %s '%s' exists (looked up by id, name and symbol); create it with "
                                   "saveUnitOfMeasure or fix the argument" % (what, id_name_or_symbol))
    return unit


def unit_named(session, name, symbol):
    """The unit with exactly this name and symbol, or None; a name or symbol that is not text is a
    ValidationError."""
    ids.require_text_key("name", name, "a unit name")
    ids.require_text_key("symbol", symbol, "a unit symbol")
    found = UNIT.query(session, name=name, symbol=symbol)
    return found[0] if found else None


# -- conversions as stored rows ------------------------------------------------------------------


def _triple(values):
    return values.get("from_unit_of_measure_id"), values.get("to_unit_of_measure_id"), values.get("material_id")


def _check_conversion(session, values, existing, problems):
    factor = values.get("conversion_factor")
    if factor is not None and factor <= 0:
        add_problem(problems, "conversionFactor", "conversionFactor must be greater than zero, not %s "
                                           "(amount in fromId x factor = amount in toId)" % factor)
    from_id, to_id, material_id = _triple(values)
    if from_id and to_id and from_id == to_id:
        add_problem(problems, "toId", "fromId and toId name the same unit (%s); a unit converts to itself with "
                               "factor 1 and needs no conversion" % from_id)
        return
    if from_id and to_id:
        taken = units_store.conversion_ids(session, from_id, to_id, material_id, except_id=values["id"])
        if taken:
            add_problem(problems, "toId", "another unit conversion (id %s) already converts from %s to %s%s; update "
                                   "that one instead" % (taken[0], from_id, to_id,
                                                         " for material %s" % material_id if material_id else ""))


CONVERSION = entities.Entity(CONVERSION_TABLE, new_keys=["fromId", "toId", "conversionFactor", "materialId"]
                             + BASE_KEYS, check=_check_conversion)


def with_existing_id(session, conversion):
    """The conversion to save: when it has no id and its (from, to, material) already exists,
    the existing row's id, so the save updates that row rather than adding a rival."""
    if conversion.get("id") is not None:
        return conversion
    from_id, to_id = ids.normalize_id(conversion.get("fromId")), ids.normalize_id(conversion.get("toId"))
    material_id = conversion.get("materialId")
    material_id = ids.normalize_id(material_id) if material_id is not None else None
    if not from_id or not to_id or (conversion.get("materialId") is not None and not material_id):
        return conversion
    found = units_store.conversion_ids(session, from_id, to_id, material_id)
    if not found:
        return conversion
    updated = dict(conversion)
    updated["id"] = found[0]
    return updated


def stored_conversion(session, from_unit_id, to_unit_id, material_id=None):
    """The enabled stored conversion from -> to (no inverse): the material's own, else the
    generic one; None when neither exists."""
    materials = [{"material_id": None}] + ([{"material_id": material_id}] if material_id else [])
    found = CONVERSION.query(session, any_of=materials, from_unit_of_measure_id=from_unit_id,
                             to_unit_of_measure_id=to_unit_id, enabled=True)
    found.sort(key=lambda c: 0 if c["materialId"] else 1)
    return found[0] if found else None


# -- the lookup the ledger uses ------------------------------------------------------------------


def find_factor(session, from_unit_id, to_unit_id, material_id=None):
    """(factor, inverse) of the conversion docs/rules.md#locations-storage-and-units picks, or None; one query whatever is stored."""
    best = None
    for stored_from, stored_material, factor in units_store.candidate_factors(session, from_unit_id, to_unit_id,
                                                                                material_id):
        inverse = stored_from != from_unit_id
        rank = (1 if inverse else 0, 0 if stored_material else 1)
        if best is None or rank < best[0]:
            best = (rank, factor, inverse)
    return None if best is None else (best[1], best[2])


def conversion_factor(session, from_unit_id, to_unit_id, material_id=None):
    """The number to multiply an amount in from_unit by to get it in to_unit."""
    if from_unit_id == to_unit_id:
        return 1.0
    found = find_factor(session, from_unit_id, to_unit_id, material_id)
    if found is None:
        raise no_conversion_error(session, from_unit_id, to_unit_id, material_id)
    factor, inverse = found
    return 1.0 / factor if inverse else factor


def convert(session, amount, from_unit_id, to_unit_id, material_id=None):
    """`amount` in from_unit expressed in to_unit (target = amount x factor)."""
    number = to_amount(amount)
    if from_unit_id == to_unit_id:
        return number
    found = find_factor(session, from_unit_id, to_unit_id, material_id)
    if found is None:
        raise no_conversion_error(session, from_unit_id, to_unit_id, material_id)
    factor, inverse = found
    return number / factor if inverse else number * factor


def to_amount(amount):
    """`amount` as a float (Java numbers included); a ValidationError for anything else."""
    number = numbers.to_number(amount) if not is_string(amount) else None
    if number is None:
        raise errors.ValidationError.for_field("amount", "amount must be a number, not '%s'" % (amount,))
    return number


def no_conversion_error(session, from_unit_id, to_unit_id, material_id=None):
    names = units_store.unit_labels(session, [from_unit_id, to_unit_id])
    material = ""
    if material_id:
        material = " for material '%s'" % (units_store.material_path(session, material_id) or material_id)
    message = ("no unit conversion from %s to %s%s: neither that direction nor its inverse is stored%s; add one "
               "with system.mes.unitOfMeasure.addConversion" % (
                   names.get(from_unit_id, from_unit_id), names.get(to_unit_id, to_unit_id), material,
                   ", for the material or generic" if material_id else " as a generic conversion"))
    return errors.ValidationError.for_field("unitOfMeasure", message)


# -- the conversion calls of mes.unitOfMeasure, by unit names and a material path ---------------------

def material_id_or_none(session, material_id_or_path):
    """The material's id, None for an empty argument; NotFoundError for an unknown material."""
    if material_id_or_path in (None, ""):
        return None
    return MATERIAL.require(session, material_id_or_path)["id"]


def unit_ids(session, from_id_or_name, to_id_or_name):
    """(from unit id, to unit id) for units given by id, name or symbol."""
    return (require_unit(session, from_id_or_name, "from unit of measure", "fromUnitOfMeasure")["id"],
            require_unit(session, to_id_or_name, "to unit of measure", "toUnitOfMeasure")["id"])


def conversions_for_material(session, material_id_or_path):
    """The conversions stored for one material (not the generic ones), by id."""
    return CONVERSION.query(session, ("id",), material_id=material_id_or_none(session, material_id_or_path))


def named_conversion(session, from_id_or_name, to_id_or_name, factor, material_id_or_path=None):
    """The conversion object addConversion saves: the stored one's id when it exists."""
    from_id, to_id = unit_ids(session, from_id_or_name, to_id_or_name)
    conversion = {"fromId": from_id, "toId": to_id, "conversionFactor": factor,
                  "materialId": material_id_or_none(session, material_id_or_path)}
    return with_existing_id(session, conversion)


def stored_conversion_between(session, from_id_or_name, to_id_or_name, material_id_or_path=None):
    """stored_conversion for units by id, name or symbol and a material by id or path."""
    from_id, to_id = unit_ids(session, from_id_or_name, to_id_or_name)
    return stored_conversion(session, from_id, to_id, material_id_or_none(session, material_id_or_path))


def convert_between(session, amount, from_id_or_name, to_id_or_name, material_id_or_path=None):
    """convert for units by id, name or symbol and a material by id or path."""
    from_id, to_id = unit_ids(session, from_id_or_name, to_id_or_name)
    return convert(session, amount, from_id, to_id, material_id_or_none(session, material_id_or_path))
