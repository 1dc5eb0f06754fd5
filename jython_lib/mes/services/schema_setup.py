"""Gateway set-up: which database connection and dialect the library uses, and its schema."""
from __future__ import absolute_import
from mes.persistence import db, schema


def configure(database=None, dialect=None):
    """Choose the database connection and, where detection cannot tell, the dialect.

    Args:
        database: the Ignition database connection name ("" is the project default).
        dialect: 'postgres', 'mysql' or 'sqlite'; None keeps detection.
    """
    db.configure(database=database, dialect=dialect)


def ensure_schema(database=None):
    """Create or upgrade the MES tables; returns the migration versions applied now."""
    return schema.ensure_schema(database)


def schema_version(database=None):
    """The schema version stored in the database."""
    return schema.current_version(database)
