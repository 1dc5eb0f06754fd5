"""What differs between the supported databases, and nothing else.

A dialect is picked from Ignition's connection info (`DBType` of system.db.getConnectionInfo),
or set explicitly with mes.setup.configure(dialect=...). SQL Server is kept in mind (its types are
listed) but not yet tested.
"""
from mes.core import errors


class Dialect(object):
    def __init__(self, name, types, true_literal, false_literal, table_suffix="", inline_foreign_keys=False,
                 inline_indexes=False, lock_rows="FOR UPDATE", recursive_terms=1):
        self.name = name
        self.types = types
        self.true_literal = true_literal
        self.false_literal = false_literal
        self.table_suffix = table_suffix
        # SQLite cannot add a constraint to an existing table, but checks references only when
        # rows change, so its foreign keys may name tables created later.
        self.inline_foreign_keys = inline_foreign_keys
        self.inline_indexes = inline_indexes  # INDEX clauses inside CREATE TABLE (MySQL/MariaDB)
        self.lock_rows = lock_rows
        # Recursive SELECTs a recursive query may hold: PostgreSQL takes one (a join with OR);
        # MariaDB takes several and uses an index for each, never for the OR (docs/recall.md#cost).
        self.recursive_terms = recursive_terms

    def column_type(self, column):
        template = self.types[column.kind]
        return template % {"size": column.size or 255}

    def concat(self, left, right):
        """SQL that joins two string expressions."""
        if self.name in ("mysql", "mssql"):
            return "CONCAT(%s, %s)" % (left, right)
        return "(%s || %s)" % (left, right)

    def literal(self, column, value):
        if column.kind == "bool":
            return self.true_literal if value else self.false_literal
        if isinstance(value, (int, float)):
            return repr(value)
        return "'%s'" % str(value).replace("'", "''")

    def __repr__(self):
        return "Dialect(%s)" % self.name


_COMMON = {"id": "VARCHAR(28)", "text": "VARCHAR(%(size)d)", "int": "INTEGER", "bigint": "BIGINT",
           "enum": "VARCHAR(32)"}

POSTGRES = Dialect("postgres", dict(_COMMON, longtext="TEXT", bool="BOOLEAN", quantity="NUMERIC(24,8)",
                                    double="DOUBLE PRECISION", timestamp="TIMESTAMP(3)", blob="BYTEA"),
                   "TRUE", "FALSE")
MYSQL = Dialect("mysql", dict(_COMMON, longtext="TEXT", bool="BOOLEAN", quantity="DECIMAL(24,8)",
                              double="DOUBLE", timestamp="DATETIME(3)", blob="LONGBLOB"),
                "1", "0",
                # Binary collation: names and paths compare exactly as on PostgreSQL and SQLite.
                table_suffix=" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin", inline_indexes=True,
                recursive_terms=2)
SQLITE = Dialect("sqlite", dict(_COMMON, id="TEXT", text="TEXT", enum="TEXT", longtext="TEXT", bool="BOOLEAN",
                                quantity="NUMERIC", double="REAL", timestamp="TIMESTAMP", blob="BLOB"),
                 "1", "0", inline_foreign_keys=True, lock_rows="")
MSSQL = Dialect("mssql", dict(_COMMON, longtext="NVARCHAR(MAX)", text="NVARCHAR(%(size)d)", bool="BIT",
                              quantity="DECIMAL(24,8)", double="FLOAT", timestamp="DATETIME2(3)",
                              blob="VARBINARY(MAX)"), "1", "0")

_BY_DB_TYPE = {"POSTGRES": POSTGRES, "POSTGRESQL": POSTGRES, "MYSQL": MYSQL, "MARIADB": MYSQL,
               "SQLITE": SQLITE, "MSSQL": MSSQL}
BY_NAME = {"postgres": POSTGRES, "mysql": MYSQL, "mariadb": MYSQL, "sqlite": SQLITE, "mssql": MSSQL}


def for_db_type(db_type, database):
    dialect = _BY_DB_TYPE.get((db_type or "").upper())
    if dialect is None:
        raise errors.MesError(
            "database connection '%s' is of type '%s', which this library does not support; use "
            "PostgreSQL, MariaDB/MySQL or SQLite, or call mes.setup.configure(dialect='postgres'|'mysql'|'sqlite')"
            % (database, db_type))
    return dialect


def by_name(name):
    dialect = BY_NAME.get((name or "").lower())
    if dialect is None:
        raise errors.ValidationError.for_field(
            "dialect", "unknown dialect '%s'; use one of %s" % (name, ", ".join(sorted(BY_NAME))))
    return dialect
