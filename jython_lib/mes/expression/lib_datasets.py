"""Dataset functions (docs/expressions.md#datasets): lookup, the column aggregates, columnRearrange,
columnRename and sortDataset, on anything with Ignition's Dataset methods (a Dataset tag's value, or a
dataset another function built). A column is named by its index or its name; an unknown column is an
evaluation error that names the dataset's columns.
"""
from __future__ import absolute_import, unicode_literals

import math

from mes.core import compat
from mes.expression import operators
from mes.expression.expr_errors import ExpressionEvaluationError
from mes.expression.registry import register
from mes.expression.values import DatasetValue, is_dataset, normalize, to_boolean, to_number, to_text


def _dataset(value, function):
    if not is_dataset(value):
        raise ExpressionEvaluationError("%s needs a dataset as its first argument, not %s" % (function, to_text(value)))
    return value


def _names(ds):
    return [ds.getColumnName(i) for i in range(ds.getColumnCount())]


def column_index(ds, column):
    """The index of a column given by index or by name (names match case-insensitively, as Ignition's
    Dataset lookups do)."""
    count = ds.getColumnCount()
    if isinstance(column, compat.integer_types) and not isinstance(column, bool):
        if 0 <= column < count:
            return column
        raise ExpressionEvaluationError("column %d is outside the dataset's %d columns %s" % (column, count, _names(ds)))
    name = to_text(column)
    for i, candidate in enumerate(_names(ds)):
        if candidate.lower() == name.lower():
            return i
    raise ExpressionEvaluationError("the dataset has no column \"%s\"; its columns are %s" % (name, _names(ds)))


def column_values(ds, column):
    """Every value of one column, top to bottom."""
    ds = _dataset(ds, "a column aggregate")
    col = column_index(ds, column)
    return [normalize(ds.getValueAt(row, col)) for row in range(ds.getRowCount())]


def _rows(ds):
    return [[normalize(ds.getValueAt(r, c)) for c in range(ds.getColumnCount())] for r in range(ds.getRowCount())]


def _lookup(dataset, key, no_match, key_column=0, result_column=1):
    """The result column of the first row whose key column equals `key`, else `no_match`."""
    ds = _dataset(dataset, "lookup")
    key_col = column_index(ds, key_column)
    result_col = column_index(ds, result_column)
    for row in range(ds.getRowCount()):
        if operators.equal(normalize(ds.getValueAt(row, key_col)), key):
            return normalize(ds.getValueAt(row, result_col))
    return no_match


def _numbers(dataset, column):
    return [float(to_number(v)) for v in column_values(dataset, column) if v is not None]


def _sum(dataset, column=0):
    values = [to_number(v) for v in column_values(dataset, column) if v is not None]
    return sum(values) if values else None


def _mean(dataset, column=0):
    values = _numbers(dataset, column)
    return sum(values) / len(values) if values else None


def _median(dataset, column=0):
    values = sorted(_numbers(dataset, column))
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2.0


def _std_dev(dataset, column=0):
    """The sample standard deviation (n - 1)."""
    values = _numbers(dataset, column)
    if len(values) < 2:
        return None if not values else 0.0
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))


def _group_concat(dataset, column=0, separator=","):
    return to_text(separator).join(to_text(v) for v in column_values(dataset, column))


def _column_rearrange(dataset, *columns):
    ds = _dataset(dataset, "columnRearrange")
    indexes = [column_index(ds, c) for c in columns]
    rows = _rows(ds)
    names = _names(ds)
    return DatasetValue([names[i] for i in indexes], [[row[i] for i in indexes] for row in rows])


def _column_rename(dataset, *names):
    ds = _dataset(dataset, "columnRename")
    if len(names) != ds.getColumnCount():
        raise ExpressionEvaluationError("columnRename got %d names for a dataset of %d columns %s"
                                        % (len(names), ds.getColumnCount(), _names(ds)))
    return DatasetValue([to_text(n) for n in names], _rows(ds))


def _sort_dataset(dataset, column, ascending=True):
    """Rows ordered by one column (nulls first ascending, as Ignition sorts them); a stable sort."""
    ds = _dataset(dataset, "sortDataset")
    col = column_index(ds, column)
    rows = _rows(ds)
    keyed = [(_sort_key(row[col]), i, row) for i, row in enumerate(rows)]
    keyed.sort(key=lambda item: (item[0], item[1]), reverse=False)
    ordered = [row for _key, _i, row in keyed]
    if not to_boolean(ascending):
        ordered = _reverse_stable(keyed)
    return DatasetValue(_names(ds), ordered)


def _reverse_stable(keyed):
    keyed = sorted(keyed, key=lambda item: (item[0], -item[1]), reverse=True)
    return [row for _key, _i, row in keyed]


def _sort_key(value):
    if value is None:
        return (0, 0)
    if compat.is_string(value):
        return (2, value)
    return (1, to_number(value))


register("lookup", 3, 5, _lookup)
register("sum", 1, 2, _sum)
register("mean", 1, 2, _mean)
register("median", 1, 2, _median)
register("stdDev", 1, 2, _std_dev)
register("groupConcat", 1, 3, _group_concat)
register("columnRearrange", 1, None, _column_rearrange)
register("columnRename", 1, None, _column_rename)
register("sortDataset", 2, 3, _sort_dataset)
