"""What differs between the supported databases, and nothing else.

A dialect is picked from Ignition's connection info (`DBType` of system.db.getConnectionInfo),
or set explicitly with mes.setup.configure(dialect=...). SQL Server is kept in mind (its types are
listed) but not yet tested.
"""
from __future__ import absolute_import
from mes.core import errors


class Dialect(object):
    """What differs between databases, as methods; the base class speaks the SQL standard (and
    what PostgreSQL and SQLite share), each subclass overrides only where its database differs.
    Nothing outside this module looks at a dialect's name."""

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
        """The column's SQL type."""
        template = self.types[column.kind]
        return template % {"size": column.size or 255}

    def concat(self, left, right):
        """SQL that joins two string expressions."""
        return "(%s || %s)" % (left, right)

    def length(self, expression):
        """SQL for the number of characters of a string expression."""
        return "CHAR_LENGTH(%s)" % expression

    def for_update(self, sql):
        """A SELECT that locks the rows it reads until the transaction ends, where the database can."""
        return "%s %s" % (sql, self.lock_rows) if self.lock_rows else sql

    def upsert(self, table_name, columns, key, add=(), keep=()):
        """An INSERT of `columns` that, where a row with the same `key` columns exists, adds the new
        values of `add` to it and overwrites `keep` unless the new value is NULL."""
        sets = ["%s = %s.%s + excluded.%s" % (c, table_name, c, c) for c in add]
        sets += ["%s = COALESCE(excluded.%s, %s.%s)" % (c, c, table_name, c) for c in keep]
        return "%s ON CONFLICT (%s) DO UPDATE SET %s" % (_insert(table_name, columns), ", ".join(key), ", ".join(sets))

    def savepoint(self, name):
        """SQL that sets a savepoint."""
        return "SAVEPOINT %s" % name

    def rollback_to(self, name):
        """SQL that undoes everything since a savepoint."""
        return "ROLLBACK TO SAVEPOINT %s" % name

    def release(self, name):
        """SQL that forgets a savepoint, keeping its work."""
        return "RELEASE SAVEPOINT %s" % name

    def page(self, sql, args, limit, offset):
        """(sql, args) of an ordered SELECT narrowed to `limit` rows after the first `offset`."""
        return sql + " LIMIT ? OFFSET ?", list(args) + [limit, offset]

    def returning(self, sql, columns):
        """An INSERT/UPDATE that hands back `columns`, or None where the database cannot."""
        return "%s RETURNING %s" % (sql, ", ".join(columns))

    def literal(self, column, value):
        """A value written into DDL (column defaults)."""
        if column.kind == "bool":
            return self.true_literal if value else self.false_literal
        if isinstance(value, (int, float)):
            return repr(value)
        return "'%s'" % str(value).replace("'", "''")

    # What an error means (docs/faults.md#error-classification): vendor codes win over the
    # SQLState, which wins over its two-character class. Set per database below.
    vendor_error_codes = {}
    sqlstates = {}
    sqlstate_classes = {"08": "unavailable"}

    def error_kind(self, sqlstate, vendor_code):
        """What a database error means, from its codes only (never its message text).

        Args:
            sqlstate: the SQLException's SQLState (may be None).
            vendor_code: its vendor error code (for SQLite the extended result code).

        Returns:
            one of the kinds in mes.persistence.db.ERROR_KINDS, or None when the codes are unknown.
        """
        kind = self.vendor_error_codes.get(vendor_code)
        if kind is None and sqlstate:
            kind = self.sqlstates.get(sqlstate) or self.sqlstate_classes.get(sqlstate[:2])
        return kind

    def __repr__(self):
        return "Dialect(%s)" % self.name


class PostgresDialect(Dialect):
    """PostgreSQL: the base class as it is."""


class SqliteDialect(Dialect):
    """SQLite: no row locks (a writer holds the whole database), LENGTH for characters."""

    def length(self, expression):
        return "LENGTH(%s)" % expression


class MySqlDialect(Dialect):
    """MariaDB / MySQL: CONCAT, ON DUPLICATE KEY upserts, no RETURNING."""

    def concat(self, left, right):
        return "CONCAT(%s, %s)" % (left, right)

    def upsert(self, table_name, columns, key, add=(), keep=()):
        sets = ["%s = %s + VALUES(%s)" % (c, c, c) for c in add]
        sets += ["%s = COALESCE(VALUES(%s), %s)" % (c, c, c) for c in keep]
        return "%s ON DUPLICATE KEY UPDATE %s" % (_insert(table_name, columns), ", ".join(sets))

    def returning(self, sql, columns):
        return None


class MsSqlDialect(Dialect):
    """SQL Server (kept in mind, not supported yet): CONCAT, LEN, SAVE TRANSACTION, OFFSET FETCH."""

    def concat(self, left, right):
        return "CONCAT(%s, %s)" % (left, right)

    def length(self, expression):
        return "LEN(%s)" % expression

    def savepoint(self, name):
        return "SAVE TRANSACTION %s" % name

    def rollback_to(self, name):
        return "ROLLBACK TRANSACTION %s" % name

    def release(self, name):
        return None  # SQL Server keeps savepoints until the transaction ends

    def page(self, sql, args, limit, offset):
        return sql + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", list(args) + [offset, limit]

    def returning(self, sql, columns):
        return None


def _insert(table_name, columns):
    return "INSERT INTO %s (%s) VALUES (%s)" % (table_name, ", ".join(columns), ", ".join("?" * len(columns)))


_COMMON = {"id": "VARCHAR(28)", "text": "VARCHAR(%(size)d)", "int": "INTEGER", "bigint": "BIGINT",
           "enum": "VARCHAR(32)"}

POSTGRES = PostgresDialect("postgres", dict(_COMMON, longtext="TEXT", bool="BOOLEAN", quantity="NUMERIC(24,8)",
                                    double="DOUBLE PRECISION", timestamp="TIMESTAMP(3)", blob="BYTEA"),
                   "TRUE", "FALSE")
MYSQL = MySqlDialect("mysql", dict(_COMMON, longtext="TEXT", bool="BOOLEAN", quantity="DECIMAL(24,8)",
                              double="DOUBLE", timestamp="DATETIME(3)", blob="LONGBLOB"),
                "1", "0",
                # Binary collation: names and paths compare exactly as on PostgreSQL and SQLite.
                table_suffix=" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin", inline_indexes=True,
                recursive_terms=2)
SQLITE = SqliteDialect("sqlite", dict(_COMMON, id="TEXT", text="TEXT", enum="TEXT", longtext="TEXT", bool="BOOLEAN",
                                quantity="NUMERIC", double="REAL", timestamp="TIMESTAMP", blob="BLOB"),
                 "1", "0", inline_foreign_keys=True, lock_rows="")
MSSQL = MsSqlDialect("mssql", dict(_COMMON, longtext="NVARCHAR(MAX)", text="NVARCHAR(%(size)d)", bool="BIT",
                              quantity="DECIMAL(24,8)", double="FLOAT", timestamp="DATETIME2(3)",
                              blob="VARBINARY(MAX)"), "1", "0")

# Error codes per database (docs/faults.md#error-classification).
POSTGRES.sqlstates = {"40P01": "deadlock", "40001": "serialization", "55P03": "lock_timeout",
                      "57P01": "unavailable", "57P02": "unavailable", "57P03": "unavailable",
                      "53300": "unavailable", "23505": "duplicate", "23503": "foreign_key", "22001": "too_long",
                      "22003": "out_of_range", "22021": "bad_text", "22P05": "bad_text"}
MYSQL.vendor_error_codes = {1213: "deadlock", 1205: "lock_timeout", 1062: "duplicate", 1451: "foreign_key",
                            1452: "foreign_key", 1406: "too_long", 1264: "out_of_range", 1366: "bad_text",
                            1040: "unavailable", 1053: "unavailable", 1927: "unavailable", 2002: "unavailable",
                            2003: "unavailable", 2006: "unavailable", 2013: "unavailable"}
MYSQL.sqlstates = {"40001": "deadlock"}
# SQLite (extended result codes): BUSY, LOCKED and their variants; the PRIMARY KEY and UNIQUE
# constraints; FOREIGN KEY.
SQLITE.vendor_error_codes = {5: "busy", 6: "busy", 261: "busy", 517: "busy", 262: "busy", 1555: "duplicate",
                             2067: "duplicate", 787: "foreign_key"}

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
