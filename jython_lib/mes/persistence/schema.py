"""Schema creation and versioned migrations, through system.db.

`ensure_schema()` creates the version table if needed and applies every migration newer than
the recorded version, each in its own transaction together with its version row; running it again
is a no-op. On MariaDB/MySQL each DDL statement commits by itself, so a migration that fails half
way is reported with the statement that failed and must be finished by hand; PostgreSQL and SQLite
roll it back whole.
"""
from __future__ import absolute_import
from mes.core import dates, platform
from mes.persistence import db, tables


class Migration(object):
    def __init__(self, version, description, statements):
        self.version = version
        self.description = description
        self.statements = statements  # function(dialect) -> list of SQL strings

    def __repr__(self):
        return "Migration(%d, %s)" % (self.version, self.description)


def _column_ddl(dialect, column):
    parts = [column.name, dialect.column_type(column)]
    if column.name == "id":
        parts.append("PRIMARY KEY")
    elif column.required:
        parts.append("NOT NULL")
    if column.default is not None:
        parts.append("DEFAULT " + dialect.literal(column, column.default))
    return " ".join(parts)


def _constraint_name(prefix, table, columns):
    # Constraint names are global in PostgreSQL schemas and limited to 63/64 characters.
    name = "%s_%s_%s" % (prefix, table.name, "_".join(columns))
    return name[:60]


def _foreign_key(table, column):
    return "CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s(id)" % (
        _constraint_name("fk", table, (column.name,)), column.name, column.ref)


def create_table_statements(dialect, table, existing=None):
    """CREATE TABLE with its unique constraints, the foreign keys whose target table exists
    already (`existing`; None = all of them), and its lookup indexes (inside the statement where
    the dialect allows it: every separate index costs MariaDB a table rebuild)."""
    lines = [_column_ddl(dialect, c) for c in table.baseline_columns]
    for cols in table.unique:
        lines.append("CONSTRAINT %s UNIQUE (%s)" % (_constraint_name("uq", table, cols), ", ".join(cols)))
    for column in table.references:
        if existing is None or column.ref in existing or column.ref == table.name:
            lines.append(_foreign_key(table, column))
    indexes = [(_constraint_name("ix", table, cols), ", ".join(cols)) for cols in table.lookup_indexes()]
    if dialect.inline_indexes:
        lines.extend("INDEX %s (%s)" % index for index in indexes)
    statements = ["CREATE TABLE %s (\n  %s\n)%s" % (table.name, ",\n  ".join(lines), dialect.table_suffix)]
    if not dialect.inline_indexes:
        statements.extend("CREATE INDEX %s ON %s (%s)" % (name, table.name, cols) for name, cols in indexes)
    return statements


def baseline_statements(dialect):
    """Every table of the data model in dependency order. References to a table created later
    (the two cycles: operations <-> operation records, inventory operations <-> lot records) are
    added by ALTER TABLE at the end; SQLite, which cannot alter constraints but checks references
    only when rows change, declares them all inline."""
    statements, created, deferred = [], set(), []
    for table in tables.ALL:
        existing = None if dialect.inline_foreign_keys else created
        statements.extend(create_table_statements(dialect, table, existing))
        if existing is not None:
            deferred.extend((table, c) for c in table.references if c.ref not in created and c.ref != table.name)
        created.add(table.name)
    for table, column in deferred:
        statements.append("ALTER TABLE %s ADD %s" % (table.name, _foreign_key(table, column)))
    return statements


def added_columns_statements(version):
    """The statements of a migration that adds the columns declared `since=version`."""
    def statements(dialect):
        return ["ALTER TABLE %s ADD %s" % (table.name, _column_ddl(dialect, column))
                for table in tables.ALL for column in table.columns if column.since == version]
    return statements


MIGRATIONS = [
    Migration(1, "baseline: every table of the inventory data model", baseline_statements),
    # getInventoryAsOf finds the records that took effect by a moment by their end date (docs/recall.md).
    Migration(2, "index of lot records by end date", lambda dialect: [
        "CREATE INDEX ix_inventory_lot_records_end_date ON inventory_lot_records (end_date)"]),
    Migration(3, "the trigger engine's memory (docs/faults.md)",
              lambda dialect: create_table_statements(dialect, tables.TRIGGER_MEMORY)),
    Migration(4, "inventory_operations.config_version, checked by the runtime's cached configuration",
              added_columns_statements(4)),
    # findLots filtered by creation date counts its matches through this index instead of reading
    # every lot (docs/queries.md#results-and-cost).
    Migration(5, "index of lots by created date", lambda dialect: [
        "CREATE INDEX ix_inventory_lots_created_date ON inventory_lots (created_date)"]),
]


def _version_table_sql(dialect):
    return ("CREATE TABLE IF NOT EXISTS %s (version INTEGER PRIMARY KEY, description VARCHAR(255) NOT NULL, "
            "applied_date %s NOT NULL, applied_by VARCHAR(255))%s"
            % (tables.SCHEMA_VERSION, dialect.types["timestamp"], dialect.table_suffix))


def applied_versions(session):
    rows = session.query("SELECT version FROM %s ORDER BY version" % tables.SCHEMA_VERSION)
    return [int(row["version"]) for row in rows]


def current_version(database=None):
    session = db.reader(database)
    session.update(_version_table_sql(session.dialect))
    versions = applied_versions(session)
    return versions[-1] if versions else 0


def ensure_schema(database=None, migrations=None):
    """Apply pending migrations in order; returns the list of versions applied now."""
    migrations = sorted(migrations or MIGRATIONS, key=lambda m: m.version)
    session = db.reader(database)
    session.update(_version_table_sql(session.dialect))
    done = set(applied_versions(session))
    applied = []
    for migration in migrations:
        if migration.version in done:
            continue
        _apply(database, migration)
        applied.append(migration.version)
    if applied:
        platform.logger("schema").info("applied schema migrations %s" % applied)
    return applied


def _apply(database, migration):
    with db.transaction(database) as session:
        for sql in migration.statements(session.dialect):
            session.update(sql)
        session.update("INSERT INTO %s (version, description, applied_date, applied_by) VALUES (?, ?, ?, ?)"
                       % tables.SCHEMA_VERSION,
                       [migration.version, migration.description, dates.to_database(dates.now_millis()),
                        platform.current_username()])
