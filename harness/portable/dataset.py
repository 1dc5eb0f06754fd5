"""Ignition-like datasets for the fake system.db.

`BasicDataset` mirrors com.inductiveautomation.ignition.common.BasicDataset (the Java dataset a
query produces); `PyDataSet` mirrors the scripting wrapper system.db.runPrepQuery returns, with
row access by index and by exact column name, len() and iteration. Column names are kept exactly
as the JDBC driver reported them (ResultSetMetaData.getColumnLabel), so case differences between
databases show up in tests the way they would on a gateway.

Portable: Python 2.7 (Jython) and 3.11.
"""
from __future__ import absolute_import

from harness.portable.javabridge import integer_types


class BasicDataset(object):
    """An immutable table: column names plus rows of already converted values."""

    def __init__(self, column_names, rows):
        self._names = list(column_names)
        self._index = dict((name, i) for i, name in enumerate(self._names))
        self._rows = [list(row) for row in rows]
        for row in self._rows:
            if len(row) != len(self._names):
                raise ValueError("row %r has %d values for %d columns %r"
                                 % (row, len(row), len(self._names), self._names))

    def getColumnNames(self):
        return list(self._names)

    def getColumnCount(self):
        return len(self._names)

    def getRowCount(self):
        return len(self._rows)

    def getColumnName(self, col):
        return self._names[col]

    def getColumnIndex(self, name):
        """Index of a column by exact name, -1 when absent (as Ignition's Dataset does)."""
        return self._index.get(name, -1)

    def getValueAt(self, row, col):
        return self._rows[row][self._column_position(col)]

    def _column_position(self, col):
        if isinstance(col, integer_types) and not isinstance(col, bool):
            if not -len(self._names) <= col < len(self._names):
                raise IndexError("column index %d out of range; the dataset has %d columns %r"
                                 % (col, len(self._names), self._names))
            return col
        try:
            return self._index[col]
        except KeyError:
            raise KeyError("no column named %r; available columns: %r" % (col, self._names))

    def _row_values(self, row):
        return self._rows[row]

    def __repr__(self):
        return "BasicDataset(columns=%r, rows=%d)" % (self._names, len(self._rows))


class PyRow(object):
    """One row of a PyDataSet: row[0], row['col'], len(row), iteration over the values."""

    __slots__ = ("_dataset", "_values")

    def __init__(self, dataset, values):
        self._dataset = dataset
        self._values = values

    def __getitem__(self, key):
        position = self._dataset._index.get(key) if isinstance(key, str) else None  # by name: the common case
        if position is None:
            position = self._dataset._column_position(key)
        return self._values[position]

    def __len__(self):
        return len(self._values)

    def __iter__(self):
        return iter(self._values)

    def __repr__(self):
        return "PyRow(%r)" % (self._values,)


class PyDataSet(object):
    """The scripting view of a dataset: len(ds), ds[i] -> PyRow, iteration over rows."""

    def __init__(self, dataset):
        self._dataset = dataset

    def __len__(self):
        return self._dataset.getRowCount()

    def __getitem__(self, row):
        return PyRow(self._dataset, self._dataset._row_values(row))

    def __iter__(self):
        for i in range(self._dataset.getRowCount()):
            yield self[i]

    def getColumnNames(self):
        return self._dataset.getColumnNames()

    def getRowCount(self):
        return self._dataset.getRowCount()

    def getColumnCount(self):
        return self._dataset.getColumnCount()

    def getColumnName(self, col):
        return self._dataset.getColumnName(col)

    def getColumnIndex(self, name):
        return self._dataset.getColumnIndex(name)

    def getValueAt(self, row, col):
        return self._dataset.getValueAt(row, col)

    def getUnderlyingDataset(self):
        return self._dataset

    def __repr__(self):
        return "<PyDataSet rows:%d cols:%d>" % (len(self), self.getColumnCount())
