"""The SQL of unit conversions: lookups by (from, to, material) and the unit/material labels used
in error messages."""
from __future__ import absolute_import
from mes.persistence import mapping, tables

CONVERSIONS = tables.UNIT_CONVERSIONS


def _same_triple(from_id, to_id, material_id):
    where = "from_unit_of_measure_id = ? AND to_unit_of_measure_id = ? AND "
    where += "material_id = ?" if material_id else "material_id IS NULL"
    return where, [from_id, to_id] + ([material_id] if material_id else [])


def conversion_ids(session, from_id, to_id, material_id, except_id=None):
    """Ids of the conversions stored for exactly this (from, to, material)."""
    where, args = _same_triple(from_id, to_id, material_id)
    if except_id:
        where += " AND id <> ?"
        args.append(except_id)
    return [r["id"] for r in session.query("SELECT id FROM unit_of_measure_conversions WHERE " + where, args)]


def candidate_factors(session, from_id, to_id, material_id):
    """[(from unit id, material id or None, factor)] of the enabled conversions between the two
    units in either direction, the material's own and the generic ones, in one query."""
    where = ("enabled = ? AND ((from_unit_of_measure_id = ? AND to_unit_of_measure_id = ?) OR "
             "(from_unit_of_measure_id = ? AND to_unit_of_measure_id = ?)) AND ")
    args = [mapping.database_value(CONVERSIONS.column("enabled"), True), from_id, to_id, to_id, from_id]
    if material_id:
        where, args = where + "(material_id IS NULL OR material_id = ?)", args + [material_id]
    else:
        where += "material_id IS NULL"
    rows = session.query("SELECT from_unit_of_measure_id, material_id, conversion_factor FROM "
                         "unit_of_measure_conversions WHERE " + where, args)
    factor = CONVERSIONS.column("conversion_factor")
    return [(r["from_unit_of_measure_id"], r["material_id"], mapping.python_value(factor, r["conversion_factor"]))
            for r in rows]


def unit_labels(session, unit_ids):
    """{unit id: 'Name (symbol)'}."""
    marks = ", ".join("?" * len(unit_ids))
    return dict((r["id"], "%s (%s)" % (r["name"], r["symbol"])) for r in session.query(
        "SELECT id, name, symbol FROM unit_of_measure WHERE id IN (%s)" % marks, list(unit_ids)))


def material_path(session, material_id):
    rows = session.query("SELECT path FROM materials WHERE id = ?", [material_id])
    return rows[0]["path"] if len(rows) else None
