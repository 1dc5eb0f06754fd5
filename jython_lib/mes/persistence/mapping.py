"""Rows <-> objects for any table description, and the generic statements built from them.

Values the database hands back (java.sql.Timestamp, java.math.BigDecimal, 0/1 for booleans on
some drivers) become plain Python values: ISO-8601 strings, floats, bools. Values going in are
bound as parameters; identifiers come only from the table descriptions, and the one kind of literal,
the statuses of a compare-and-set guard, only from a transition table (status_guard).
"""
from __future__ import absolute_import
import re

from mes.core import dates, ids, numbers
from mes.core.compat import text_type
from mes.core.objects import MesObject


_SELECT_LISTS = {}  # (table, alias) -> the column list: built once, asked on every read


def select_list(table, alias=None):
    key = (table, alias)
    found = _SELECT_LISTS.get(key)
    if found is None:
        prefix = (alias + ".") if alias else ""
        found = _SELECT_LISTS[key] = ", ".join(prefix + c.name for c in table.columns)
    return found


def _bool(value):
    return bool(value)


def _int(value):
    return int(value)


def _same(value):
    return value


# How a value read from the database becomes the value objects carry, per column kind (any other
# kind is text).
_READERS = {"timestamp": dates.iso, "quantity": numbers.to_number, "double": numbers.to_number, "bool": _bool,
            "int": _int, "bigint": _int, "blob": _same}


def _reader(column):
    return _READERS.get(column.kind, text_type)


def python_value(column, value):
    """A value read from the database, as the library's objects carry it."""
    if value is None:
        return None
    return _reader(column)(value)


# The column kinds whose values database_value converts; any other kind (text, enum) binds as given.
_CONVERTED_KINDS = frozenset(["timestamp", "id", "bool", "quantity", "double", "int", "bigint"])


def database_value(column, value):
    """A Python value as the parameter to bind for `column`."""
    kind = column.kind
    if value is None or kind not in _CONVERTED_KINDS:
        return value
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


_CONVERSIONS = {}  # table or column tuple -> [(column name, object key, public, reader)], made once


def conversions(table, columns=None):
    """[(column name, object key, public, reader)] of a table's columns (or of `columns`, a tuple of
    some of them), the reader being what python_value applies to a non-None value of that column."""
    key = table if columns is None else columns
    found = _CONVERSIONS.get(key)
    if found is None:
        found = _CONVERSIONS[key] = [(c.name, c.key, c.public, _reader(c))
                                     for c in (table.columns if columns is None else columns)]
    return found


def row_to_dict(table, row, columns=None):
    """{column name: python value} for one PyDataSet row selected with select_list(table), or with the
    columns of `columns` (a tuple of some of the table's columns)."""
    result = {}
    for name, _, _, read in conversions(table, columns):
        value = row[name]
        result[name] = None if value is None else read(value)
    return result


def to_object(table, values, columns=None):
    """The public object (camelCase keys) for a {column name: value} dict, of the table's columns or of
    `columns` (a tuple of some of them: the object then has no key for the others)."""
    obj = MesObject()
    get = values.get
    for name, key, public, _ in conversions(table, columns):
        if public:
            obj[key] = get(name)
    return obj


def stored_object(table, values):
    """The public object for a {column name: value} dict of values as written (not read back):
    each converted as python_value converts what the database hands back."""
    obj = MesObject()
    get = values.get
    for name, key, public, read in conversions(table):
        if public:
            value = get(name)
            obj[key] = None if value is None else read(value)
    return obj


_GUARDS = {}  # the statuses of a guard (a tuple) -> its SQL, made once
_STATUS_WORD = re.compile(r"[A-Z][A-Z_]*\Z")  # used with match(); \Z, since $ also takes "IDLE\n"


def status_guard(moves, action):
    """`status IN ('IDLE', ...)`: the compare-and-set guard of one action of a transition table.

    The statuses are the table's own constants, written as SQL literals so the statement binds only
    what varies per call (each bound value costs a conversion per call in the driver layer); a status
    that is not an upper-case word is refused here, so no other text can reach the SQL.

    Args:
        moves: a transitions.Transitions table.
        action: one of its actions.
    """
    sources = moves.sources(action)  # asked at every call: the guard follows the table as it is now
    found = _GUARDS.get(sources)
    if found is None:
        for status in sources:
            if not _STATUS_WORD.match(status):
                raise ValueError("status %r of the %s transition table is not an upper-case word" % (
                    status, moves.label))
        found = _GUARDS[sources] = "status IN (%s)" % ", ".join("'%s'" % status for status in sources)
    return found


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
    names, params = [], []
    for column in table.columns:
        value = values.get(column.name)
        # A None for an optional column without a DEFAULT is what leaving it out stores: NULL, one bind
        # fewer. A None given for a required column stays, so its NOT NULL refuses it on every database
        # (MariaDB outside strict mode would store '' or 0 for a column left out).
        if value is not None or (column.name in values and (column.required or column.default is not None)):
            names.append(column.name)
            # The kind test is database_value's own, made here first to save a call per column on Jython.
            params.append(database_value(column, value) if column.kind in _CONVERTED_KINDS else value)
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
