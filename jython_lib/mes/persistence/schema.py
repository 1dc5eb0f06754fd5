"""Schema creation and versioned migrations, through system.db.

`ensure_schema()` creates the version table if needed and applies every migration newer than
the recorded version, each in its own transaction together with its version row; running it again
is a no-op. On MariaDB/MySQL each DDL statement commits by itself, so a migration that fails half
way is reported with the statement that failed and must be finished by hand; PostgreSQL and SQLite
roll it back whole.
"""
from mes.core import dates, platform
from mes.persistence import db, tables


class Migration(object):
    def __init__(self, version, description, statements):
        self.version = version
        self.description = description
        self.statements = statements  # function(dialect) -> list of SQL strings

    def __repr__(self):
        return "Migration(%d, %s)" % (self.version, self.description)


def _column_ddl(dialect, table, column):
    parts = [column.name, dialect.column_type(column)]
    if column.name == "id":
        parts.append("PRIMARY KEY")
    elif column.required:
        parts.append("NOT NULL")
    if column.default is not None:
        parts.append("DEFAULT " + dialect.literal(column, column.default))
    if column.ref and dialect.inline_foreign_keys:
        parts.append("REFERENCES %s(id)" % column.ref)
    return " ".join(parts)


def _constraint_name(prefix, table, columns):
    # Constraint names are global in PostgreSQL schemas and limited to 63/64 characters.
    name = "%s_%s_%s" % (prefix, table.name, "_".join(columns))
    return name[:60]


def create_table_statements(dialect, table):
    lines = [_column_ddl(dialect, table, c) for c in table.columns]
    for cols in table.unique:
        lines.append("CONSTRAINT %s UNIQUE (%s)" % (_constraint_name("uq", table, cols), ", ".join(cols)))
    statements = ["CREATE TABLE %s (\n  %s\n)%s" % (table.name, ",\n  ".join(lines), dialect.table_suffix)]
    for cols in table.lookup_indexes():
        statements.append("CREATE INDEX %s ON %s (%s)" % (_constraint_name("ix", table, cols), table.name,
                                                         ", ".join(cols)))
    return statements


def foreign_key_statements(dialect, table):
    if dialect.inline_foreign_keys:
        return []
    return ["ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s(id)"
            % (table.name, _constraint_name("fk", table, (c.name,)), c.name, c.ref) for c in table.references]


def baseline_statements(dialect):
    """Every table of the data model, then (where the dialect needs it) their foreign keys, so
    tables that reference each other (operations <-> operation records, inventory operations <->
    lot records) can be created in any order."""
    statements = []
    for table in tables.ALL:
        statements.extend(create_table_statements(dialect, table))
    for table in tables.ALL:
        statements.extend(foreign_key_statements(dialect, table))
    return statements


MIGRATIONS = [
    Migration(1, "baseline: every table of the inventory data model", baseline_statements),
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
