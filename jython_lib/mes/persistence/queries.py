"""Generic statements derived from the table descriptions: joined reads, lookups by a column,
uniqueness probes, "who references this row", and hierarchical path rewrites.

Identifiers come only from the descriptions (or from join specs built from them); values are
always bound parameters.
"""
from __future__ import absolute_import
from mes.core.compat import text_type
from mes.core.objects import MesObject
from mes.persistence import mapping, tables


class Join(object):
    """A LEFT JOIN of `target` on `column` of the main table, reading `fields` (target columns)."""

    def __init__(self, column, target, fields):
        self.column = column
        self.target = target
        self.fields = sorted(set(fields))


class Where(object):
    """A condition over a table read with alias t: SQL text and its bound arguments, built only
    by persistence (criteria() below, or a store's named condition such as a lot's history)."""

    def __init__(self, sql="", args=()):
        self.sql = sql
        self.args = list(args)


def criteria(table, any_of=(), **equal):
    """The Where matching every `equal` column and, when given, any one of the `any_of` dicts.

    Args:
        table: the table description (values are bound as its columns' database values).
        any_of: a list of {column: value} alternatives, OR-ed.
        **equal: column=value; a list or tuple means IN, None means IS NULL.

    Returns:
        a Where.
    """
    sql, args = _conjunction(table, equal)
    parts = [sql] if sql else []
    alternatives = []
    for option in any_of:
        option_sql, option_args = _conjunction(table, option)
        alternatives.append("(%s)" % option_sql)
        args.extend(option_args)
    if alternatives:
        parts.append("(%s)" % " OR ".join(alternatives))
    return Where(" AND ".join(parts), args)


def _conjunction(table, equal):
    parts, args = [], []
    for name in sorted(equal):
        value, column = equal[name], table.column(name)
        if value is None:
            parts.append("t.%s IS NULL" % name)
        elif isinstance(value, (list, tuple)) and not value:
            parts.append("1 = 0")  # IN () is not SQL; an empty list matches nothing
        elif isinstance(value, (list, tuple)):
            parts.append("t.%s IN (%s)" % (name, ", ".join("?" * len(value))))
            args.extend(mapping.database_value(column, v) for v in value)
        else:
            parts.append("t.%s = ?" % name)
            args.append(mapping.database_value(column, value))
    return " AND ".join(parts), args


def _order_sql(joins, order):
    """ORDER BY text for column names of the main table, or 'reference_column.target_column' to
    sort by a joined table's column."""
    aliases = dict((join.column, "p%d" % n) for n, join in enumerate(joins))
    terms = []
    for name in order:
        via, _, column = name.rpartition(".")
        terms.append("%s.%s" % (aliases[via] if via else "t", column))
    return ", ".join(terms)


def select_joined(session, table, joins, where=None, order=("id",)):
    """Rows of `table` (alias t) matching a Where, with the joined fields, each as ({column: value},
    {(join index, field): value})."""
    fields = [mapping.select_list(table, "t")]
    sql_joins = []
    for n, join in enumerate(joins):
        alias = "p%d" % n
        sql_joins.append("LEFT JOIN %s %s ON %s.id = t.%s" % (join.target.name, alias, alias, join.column))
        fields.extend("%s.%s AS %s_%s" % (alias, f, alias, f) for f in join.fields)
    sql = "SELECT %s FROM %s t %s" % (", ".join(fields), table.name, " ".join(sql_joins))
    args = []
    if where is not None and where.sql:
        sql += " WHERE " + where.sql
        args = where.args
    sql += " ORDER BY " + _order_sql(joins, order)
    results = []
    for row in session.query(sql, args):
        joined = {}
        for n, join in enumerate(joins):
            for f in join.fields:
                joined[(n, f)] = mapping.python_value(join.target.column(f), row["p%d_%s" % (n, f)])
        results.append((mapping.row_to_dict(table, row), joined))
    return results


def ids_where(session, table, column, value):
    """Ids of the rows whose `column` equals `value`."""
    rows = session.query("SELECT id FROM %s WHERE %s = ?" % (table.name, column), [value])
    return [row["id"] for row in rows]


def exists(session, table, id_value):
    return bool(ids_where(session, table, "id", id_value))


def duplicate_ids(session, table, values, columns, own_id):
    """Ids of other rows having the same values in `columns` (a unique constraint)."""
    where = " AND ".join("%s = ?" % c for c in columns)
    args = [mapping.database_value(table.column(c), values[c]) for c in columns] + [own_id]
    rows = session.query("SELECT id FROM %s WHERE %s AND id <> ?" % (table.name, where), args)
    return [row["id"] for row in rows]


def references(session, table_name, id_value):
    """[{tableName, references: [{fkColName, id}]}] of every row pointing at one row, in one
    statement whatever the number of referencing tables."""
    parts, args = [], []
    for table, column in tables.referencing_columns(table_name):
        parts.append("SELECT '%s' AS table_name, '%s' AS fk_col, id FROM %s WHERE %s = ?"
                     % (table.name, column.name, table.name, column.name))
        args.append(id_value)
    grouped = []
    if not parts:
        return grouped
    # Sorted here, not by the database: collations order string literals differently.
    found = sorted((text_type(r["table_name"]), text_type(r["fk_col"]), r["id"])
                   for r in session.query(" UNION ALL ".join(parts), args))
    for table_name, fk_col, row_id in found:
        if not grouped or grouped[-1]["tableName"] != table_name:
            grouped.append(MesObject(tableName=table_name, references=[]))
        grouped[-1]["references"].append(MesObject(fkColName=fk_col, id=row_id))
    return grouped


def clear_reference(session, table, column, id_value):
    """Set a nullable reference column to null wherever it points at id_value."""
    return session.update("UPDATE %s SET %s = NULL WHERE %s = ?" % (table.name, column, column), [id_value])


def path_of(session, table, id_value):
    rows = session.query("SELECT path FROM %s WHERE id = ?" % table.name, [id_value])
    return rows[0]["path"] if len(rows) else None


def rename_path_prefix(session, table, old_prefix, new_prefix):
    """Rewrite every path starting with old_prefix + '/' to start with new_prefix + '/'."""
    concat = session.dialect.concat("?", "SUBSTR(path, CAST(? AS INTEGER))")
    pattern = like_prefix(old_prefix + "/")
    return session.update("UPDATE %s SET path = %s WHERE path LIKE ? ESCAPE '!'" % (table.name, concat),
                          [new_prefix, len(old_prefix) + 1, pattern])


def longest_path_below(session, table, prefix):
    """Length of the longest path below `prefix` (0 when nothing lies below it)."""
    found = session.scalar("SELECT MAX(%s) FROM %s WHERE path LIKE ? ESCAPE '!'" % (
        session.dialect.length("path"), table.name), [like_prefix(prefix + "/")])
    return int(found or 0)


def like_prefix(text):
    """A LIKE pattern matching strings that start with `text` (wildcards escaped with '!')."""
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"
