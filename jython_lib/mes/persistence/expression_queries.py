"""The queries an expression runs itself (runQuery, runScalarQuery, runPrepQuery, runNamedQuery;
docs/expressions.md#queries-scripts-and-alarms).

Each runs alone through system.db without a transaction id, so on its own connection in autocommit,
as a binding's query runs on a gateway: never inside the transaction of the inventory call that
evaluates the expression, so it can neither see that call's unwritten rows nor hold its locks. The
database is the one named, else the library's configured one (db.database_name()). A failure is the
library's DatabaseError (or ConflictError...), classified like every other database error.
"""
from __future__ import absolute_import

from mes.persistence import db


def _database(name):
    """The connection to use: the named one, else the library's (an empty name means the default too)."""
    return name if name else db.database_name()


def _dataset(result):
    """A Dataset (not a PyDataSet): what the expression's dataset functions and [row, col] read."""
    underlying = getattr(result, "getUnderlyingDataset", None)
    return underlying() if underlying is not None else result


def run_query(sql, database=None):
    """The rows of `sql` as a Dataset."""
    name = _database(database)
    return _dataset(db.read_alone(lambda system_db: system_db.runQuery(sql, name), sql, name))


def run_prep_query(sql, args, database=None):
    """The rows of `sql` with its ? placeholders bound to args, as a Dataset."""
    name = _database(database)
    return _dataset(db.read_alone(lambda system_db: system_db.runPrepQuery(sql, list(args), name), sql, name))


def run_scalar_query(sql, database=None):
    """The first column of the first row of `sql`, None when it returns no row."""
    name = _database(database)
    return db.read_alone(lambda system_db: system_db.runScalarQuery(sql, name), sql, name)


def run_named_query(path, parameters):
    """A named query of the project by its path, with {name: value} parameters: a Dataset for a
    Query, the value for a Scalar Query (the named query decides its database)."""
    return _dataset(db.read_alone(lambda system_db: system_db.runNamedQuery(path, dict(parameters)),
                                  "named query %s" % path, db.database_name()))
