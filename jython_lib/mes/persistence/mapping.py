"""Rows <-> objects for any table description, and the generic statements built from them.

Values the database hands back (java.sql.Timestamp, java.math.BigDecimal, 0/1 for booleans on
some drivers) become plain Python values: ISO-8601 strings, floats, bools. Values going in are
bound as parameters; identifiers come only from the table descriptions.
"""
from __future__ import absolute_import
from mes.core import dates, ids, numbers
from mes.core.compat import text_type
from mes.core.objects import MesObject


def select_list(table, alias=None):
    prefix = (alias + ".") if alias else ""
    return ", ".join(prefix + c.name for c in table.columns)


def python_value(column, value):
    """A value read from the database, as the library's objects carry it."""
    if value is None:
        return None
    kind = column.kind
    if kind == "timestamp":
        return dates.iso(value)
    if kind in ("quantity", "double"):
        return numbers.to_number(value)  # java.math.BigDecimal from JDBC included
    if kind == "bool":
        return bool(value)
    if kind in ("int", "bigint"):
        return int(value)
    if kind == "blob":
        return value
    return text_type(value)


def database_value(column, value):
    """A Python value as the parameter to bind for `column`."""
    if value is None:
        return None
    kind = column.kind
    if kind == "timestamp":
        return dates.to_database(dates.to_millis(value, column.key))
    if kind == "id":
        return ids.normalize_id(value) or value
    if kind == "bool":
        return bool(value)
    if kind in ("quantity", "double"):
        return float(value)
    if kind in ("int", "bigint"):
        return int(value)
    return value


def row_to_dict(table, row, columns=None):
    """{column name: python value} for one PyDataSet row selected with select_list(table)."""
    result = {}
    for column in columns or table.columns:
        result[column.name] = python_value(column, row[column.name])
    return result


def to_object(table, values):
    """The public object (camelCase keys) for a {column name: value} dict."""
    obj = MesObject()
    for column in table.columns:
        if column.public:
            obj[column.key] = values.get(column.name)
    return obj


def select_by_id(session, table, id_value):
    rows = session.query("SELECT %s FROM %s WHERE id = ?" % (select_list(table), table.name),
                         [ids.normalize_id(id_value) or id_value])
    return row_to_dict(table, rows[0]) if len(rows) else None


def select_where(session, table, where="", args=(), order_by=""):
    sql = "SELECT %s FROM %s" % (select_list(table), table.name)
    if where:
        sql += " WHERE " + where
    if order_by:
        sql += " ORDER BY " + order_by
    return [row_to_dict(table, row) for row in session.query(sql, args)]


def insert(session, table, values):
    names = [c.name for c in table.columns if c.name in values]
    params = [database_value(table.column(n), values[n]) for n in names]
    session.update("INSERT INTO %s (%s) VALUES (%s)" % (table.name, ", ".join(names), ", ".join("?" * len(names))),
                   params)


def update_by_id(session, table, id_value, values):
    """Update the given columns of one row; returns the number of rows changed (0 or 1)."""
    names = [n for n in values if n != "id"]
    if not names:
        return 0
    assignments = ", ".join("%s = ?" % n for n in names)
    params = [database_value(table.column(n), values[n]) for n in names] + [id_value]
    return session.update("UPDATE %s SET %s WHERE id = ?" % (table.name, assignments), params)


def delete_by_id(session, table, id_value):
    return session.update("DELETE FROM %s WHERE id = ?" % table.name, [id_value])
