"""Gateway set-up calls: which database the library uses, and its schema.

Gateway spelling: mes.setup.configure(database='MES'); mes.setup.ensureSchema()
(the startup event script in gateway_resources/ does both).
"""
from __future__ import absolute_import
from mes.services import schema_setup


def configure(database=None, dialect=None):
    """Choose the Ignition database connection (default: the project's default, "") and,
    only if auto-detection cannot tell, the SQL dialect ('postgres', 'mysql', 'sqlite')."""
    schema_setup.configure(database=database, dialect=dialect)


def ensureSchema(database=None):
    """Create or upgrade the MES tables; returns the migration versions applied now."""
    return schema_setup.ensure_schema(database)


def getSchemaVersion(database=None):
    return schema_setup.schema_version(database)
