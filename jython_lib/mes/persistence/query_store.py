"""Paged, filtered, sorted reads of one table and its joined partners (docs/queries.md).

Callers describe what they want with keyword criteria, never SQL: a field is (join index or None,
column name) and a criterion is (field, operator name, values). Identifiers come only from the
table descriptions; every value is a bound parameter. A page costs exactly two statements: one
count and one page.
"""
from __future__ import absolute_import

from mes.persistence import mapping, queries

# Operator name -> (SQL template over the field expression, number of bound values).
_OPERATORS = {
    "eq": ("%s = ?", 1),
    "ne": ("(%s <> ? OR %s IS NULL)", 1),
    "gt": ("%s > ?", 1),
    "ge": ("%s >= ?", 1),
    "lt": ("%s < ?", 1),
    "le": ("%s <= ?", 1),
    "range_closed": ("%s >= ? AND %s <= ?", 2),
    "range_half_open": ("%s >= ? AND %s < ?", 2),
    "is_true": ("%s = ?", 1),
    "is_null": ("%s IS NULL", 0),
    "not_null": ("%s IS NOT NULL", 0),
}
# Text matching is case-insensitive on every database: both sides lowered (SQLite's LIKE ignores
# ASCII case, PostgreSQL's and a binary MariaDB collation's do not).
_LIKE = "LOWER(%s) LIKE ? ESCAPE '!'"
OPERATOR_NAMES = tuple(sorted(list(_OPERATORS) + ["like_contains", "like_prefix", "like_suffix", "in"]))


class PageQuery(object):
    """What one page of `table` should hold.

    Attributes:
        table: the table description (alias t).
        joins: queries.Join list; join n is aliased pn.
        criteria: [((join index or None, column name), operator name, [values])], AND-combined.
        sorts: [((join index or None, column name), descending bool, nullable bool)].
        limit / offset: the page window; limit None reads every matching row.
    """

    def __init__(self, table, joins, criteria, sorts, limit, offset):
        self.table = table
        self.joins = joins
        self.criteria = criteria
        self.sorts = sorts
        self.limit = limit
        self.offset = offset


def count_and_page(session, page):
    """(total matching rows, [(values by column, {(join index, field): value})]) in two statements."""
    # Every join is a LEFT JOIN on the target's id (at most one row), so the count needs only
    # the joins a criterion reads.
    used = set(field[0] for field, _, _ in page.criteria)
    count_from, where_sql, args = _from_and_where(page, used)
    total = session.scalar("SELECT COUNT(*) FROM %s%s" % (count_from, where_sql), args)
    from_sql = _from_and_where(page, set(range(len(page.joins))))[0]
    return int(total or 0), _page_rows(session, page, from_sql, where_sql, args)


def _page_rows(session, page, from_sql, where_sql, args):
    fields = [mapping.select_list(page.table, "t")]
    for n, join in enumerate(page.joins):
        fields.extend("p%d.%s AS p%d_%s" % (n, f, n, f) for f in join.fields)
    sql = "SELECT %s FROM %s%s ORDER BY %s" % (", ".join(fields), from_sql, where_sql, _order_by(page))
    page_args = list(args)
    if page.limit is not None:
        # LIMIT/OFFSET is spelled alike by PostgreSQL, MariaDB/MySQL and SQLite.
        sql += " LIMIT ? OFFSET ?"
        page_args += [page.limit, page.offset]
    results = []
    for row in session.query(sql, page_args):
        joined = {}
        for n, join in enumerate(page.joins):
            for f in join.fields:
                joined[(n, f)] = mapping.python_value(join.target.column(f), row["p%d_%s" % (n, f)])
        results.append((mapping.row_to_dict(page.table, row), joined))
    return results


def _from_and_where(page, joined):
    """(FROM clause with the joins numbered in `joined`, WHERE clause, bound values)."""
    parts = ["%s t" % page.table.name]
    for n, join in enumerate(page.joins):
        if n in joined:
            parts.append("LEFT JOIN %s p%d ON p%d.id = t.%s" % (join.target.name, n, n, join.column))
    clauses, args = [], []
    for field, operator, values in page.criteria:
        column = _column(page, field)
        expression = _expression(field)
        clauses.append("(" + _condition(expression, operator, len(values)) + ")")
        args.extend(_bound(column, operator, values))
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return " ".join(parts), where, args


def _condition(expression, operator, count):
    if operator in ("like_contains", "like_prefix", "like_suffix"):
        return _LIKE % expression
    if operator == "in":
        return "%s IN (%s)" % (expression, ", ".join("?" * count))
    template = _OPERATORS[operator][0]
    return template.replace("%s", expression)


def _bound(column, operator, values):
    if operator == "like_contains":
        return ["%" + queries.like_prefix(values[0].lower())]
    if operator == "like_prefix":
        return [queries.like_prefix(values[0].lower())]
    if operator == "like_suffix":
        return ["%" + queries.like_prefix(values[0].lower())[:-1]]
    return [mapping.database_value(column, v) for v in values]


def _order_by(page):
    terms = []
    for field, descending, nullable in page.sorts:
        expression = _expression(field)
        if nullable:
            # Empty values sort last on every database (they differ in where NULL goes).
            terms.append("CASE WHEN %s IS NULL THEN 1 ELSE 0 END" % expression)
        terms.append(expression + (" DESC" if descending else ""))
    terms.append("t.id")  # a unique tie-breaker keeps pages disjoint
    return ", ".join(terms)


def _expression(field):
    join_index, column_name = field
    return ("t.%s" % column_name) if join_index is None else ("p%d.%s" % (join_index, column_name))


def _column(page, field):
    join_index, column_name = field
    table = page.table if join_index is None else page.joins[join_index].target
    return table.column(column_name)
